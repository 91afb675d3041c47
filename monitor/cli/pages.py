"""Single pages and documents: `extract`, `inspect annual-report`."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import click

from common.errors import BadInputError, ZwgkError
from crawler.addresses import AddressPolicy
from crawler.cms.select import UnknownParserError
from crawler.encoding import header_charset
from crawler.extract import extract as extract_page
from crawler.extract import extract_to_json, load_page
from crawler.fetch_document import fetch_document
from monitor.cli.output import json_option
from rules.annual_report import (
    AnnualReportInspection,
    inspect_annual_report,
    inspection_to_json,
    linked_report_url,
)
from rules.report_files import report_html
from rules.report_year_checks import compare_with_previous


@click.command("extract")
@click.argument("source")
@click.option("--url", "base_url", default=None, help="Address the page was served at.")
@click.option("--cms", default=None, help="Use this list parser (if it recognises the page).")
@json_option
def extract(source: str, base_url: str | None, cms: str | None, as_json: bool) -> None:
    """Extract the publications listed on a saved page or a URL (SOURCE)."""
    is_url = source.startswith(("http://", "https://"))
    if not is_url and not Path(source).is_file():
        raise click.BadParameter(f"no such file: {source}", param_hint="SOURCE")
    try:
        result = extract_to_json(extract_page(load_page(source, url=base_url), hint=cms))
    except UnknownParserError as exc:
        raise click.BadParameter(str(exc), param_hint="--cms") from exc
    except OSError as exc:  # the URL could not be fetched
        raise ZwgkError(f"cannot fetch {source}: {exc}") from exc
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
        return
    for item in result["items"]:
        click.echo(f"{item['date'] or '----------'}  {item['title']}\n            {item['href']}")
    click.echo(f"{len(result['items'])} item(s) by the {result['parser']} parser")
    for nxt in result["next"]:
        click.echo(f"next: {nxt['method']} {nxt['url']}")


@click.group()
def inspect() -> None:
    """Inspect single documents."""


@inspect.command("annual-report")
@click.argument("source")
@click.option("--year", type=int, required=True, help="The report year.")
@click.option("--previous", "previous", default=None, metavar="FILE_OR_URL",
              help="Last year's report, for the checks across years.")  # fmt: skip
@json_option
def inspect_annual_report_command(
    source: str, year: int, previous: str | None, as_json: bool
) -> None:
    """Check an annual report (an HTML, PDF or .docx file, or an http(s) URL) against the
    national format; a page that only frames or links the report is followed once."""
    inspection, followed = inspect_source(source, year)
    if previous:
        compare_with_previous(inspection, inspect_source(previous, year - 1)[0])
    result = inspection_to_json(inspection) | ({"followed": followed} if followed else {})
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
        return
    click.echo(f"{source}: {'ok' if result['ok'] else 'defective'} ({year})")
    if followed:
        click.echo(f"  read from: {followed}")
    elif result.get("linked"):
        click.echo(f"  the report is at: {result['linked']} (links in a file are not followed)")
    for problem in result["problems"]:
        click.echo(f"  part {problem['part']}: {problem['code']}: {problem['message']}")
    for warning in result.get("warnings", []):
        click.echo(f"  warning, part {warning['part']}: {warning['code']}: {warning['message']}")


def inspect_source(source: str, year: int) -> tuple[AnnualReportInspection, str | None]:
    """The inspection of a report, and the URL it was read from when the page led there.

    A URL's page that only frames or links the report is followed once, to the document it
    names, under the crawl's address rules: the host the user named is allowed, nothing else
    private. A file's links are not followed (they are relative to a site we do not know).
    """
    try:
        text, url = read_document(source)
        linked = linked_report_url(text, url) if url else None
        if linked:
            text, _ = read_document(linked, allowed=urlsplit(url).hostname)
    except (OSError, ValueError) as exc:
        raise BadInputError(f"cannot read {source}: {exc}") from exc
    return inspect_annual_report(text, year), linked


def read_document(source: str, allowed: str | None = None) -> tuple[str, str | None]:
    """A report file (.html, .pdf, .docx, .txt) or an http(s) URL, as HTML, and its URL."""
    if source.startswith(("http://", "https://")):
        host = allowed or urlsplit(source).hostname or ""
        document = fetch_document(source, AddressPolicy([host]))
        return report_html(document.data, header_charset(document.content_type)), document.url
    return report_html(Path(source).read_bytes()), None
