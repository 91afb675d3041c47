"""Single pages and documents: `extract`, `discover`, `inspect annual-report`."""

from __future__ import annotations

import json
from pathlib import Path

import click

from common.errors import BadInputError, ZwgkError
from crawler.cms.select import UnknownParserError
from crawler.discover import FoundColumn, draft_yaml
from crawler.discover import discover as discover_columns
from crawler.extract import extract as extract_page
from crawler.extract import extract_to_json, load_page
from monitor.cli.output import json_option, pad
from rules.annual_report import inspect_annual_report, inspection_to_json
from rules.report_files import load_report_text


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


@click.command("discover")
@click.argument("url")
@click.option("--agency", "agency_id", default=None, help="Agency id for the draft config.")
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the draft `columns:` YAML here (default: print it).")  # fmt: skip
@click.option("--delay", default=0.5, show_default=True, help="Seconds between requests.")
def discover(url: str, agency_id: str | None, out_path: Path | None, delay: float) -> None:
    """Find the columns of an agency's disclosure entry page (URL) and draft their config."""
    try:
        columns = discover_columns(url, delay=delay)
    except OSError as exc:
        raise ZwgkError(f"cannot fetch {url}: {exc}") from exc
    click.echo(f"{'name':<12}{'CMS':<9}{'items':>6}  {'newest':<11} URL")
    for column in columns:
        click.echo(discovered_row(column))
    click.echo(f"{len(columns)} column(s)")
    snippet = draft_yaml(columns, agency_id)
    if out_path:
        out_path.write_text(snippet, encoding="utf-8")
        click.echo(f"draft config: {out_path}")
    else:
        click.echo(snippet, nl=False)


def discovered_row(column: FoundColumn) -> str:
    """One line of the discovery table; names padded by display width (CJK is wide)."""
    newest = column.newest.isoformat() if column.newest else "-"
    name = pad(column.name, 11) + " "
    return f"{name}{column.cms or '-':<9}{column.items:>6}  {newest:<11} {column.url}"


@click.group()
def inspect() -> None:
    """Inspect single documents."""


@inspect.command("annual-report")
@click.argument("source")
@click.option("--year", type=int, required=True, help="The report year.")
@json_option
def inspect_annual_report_command(source: str, year: int, as_json: bool) -> None:
    """Check an annual report (a file or an http(s) URL) against the national format."""
    try:
        text = read_document(source)
    except (OSError, ValueError) as exc:
        raise BadInputError(f"cannot read {source}: {exc}") from exc
    result = inspection_to_json(inspect_annual_report(text, year))
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
        return
    click.echo(f"{source}: {'ok' if result['ok'] else 'defective'} ({year})")
    for problem in result["problems"]:
        click.echo(f"  part {problem['part']}: {problem['code']}: {problem['message']}")


def read_document(source: str) -> str:
    """A local report file (.html, .docx, .txt) or a page fetched over http(s)."""
    if source.startswith(("http://", "https://")):
        return load_page(source).text
    return load_report_text(Path(source))
