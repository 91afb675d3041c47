"""`zwgk evidence`: the archived pages (网页快照) a finding cites, and the snapshots of a URL."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import click

from monitor.cli.common import config_option, load, opened_store, parse_as_of
from monitor.cli.output import emit_rows, output_options
from monitor.evidence import (
    finding_or_error,
    finding_pages,
    page_html,
    page_text,
    printable,
    read_page,
    url_forms,
)
from monitor.store import Snapshot

LIST_COLUMNS = ("id", "day", "fetched_at", "status", "record_type", "digest", "url")


@click.group()
def evidence() -> None:
    """The archived pages (网页快照): what a cited page said when a finding was judged."""


@evidence.command("show")
@config_option
@click.argument("finding_id")
@click.option("--as-of", "as_of", default=None,
              help="The snapshot of this day or before (YYYY-MM-DD); default: the finding's "
              "last check.")  # fmt: skip
@click.option("--html", "as_html", is_flag=True, help="Print the page's source, not its text.")
def evidence_show(config_path: Path, finding_id: str, as_of: str | None, as_html: bool) -> None:
    """For each URL the finding cites: its snapshot (URL, fetched at, HTTP status, digest)
    and the page's visible text (or, with --html, its source)."""
    config = load(config_path)
    with opened_store(config) as store:
        finding = finding_or_error(store, finding_id)
        click.echo(printable(f"{finding.id} {finding.agency_id} {finding.item_name}："
                             f"{finding.message}"))  # fmt: skip
        for cited in finding_pages(store, finding, config, parse_as_of(as_of)):
            click.echo("")
            if cited.snapshot is None:
                click.echo(printable(f"== {cited.url}\n（无网页快照）"))
                continue
            page = read_page(store, config.evidence_folder, cited.snapshot)
            click.echo(printable(header(cited.url, cited.snapshot)))
            click.echo(printable(page_html(page) if as_html else page_text(page)))


def header(url: str, snapshot: Snapshot) -> str:
    moved = f"\n网页地址：{snapshot.url}" if snapshot.url != url else ""
    revisit = "（内容与此前快照相同）" if snapshot.record_type == "revisit" else ""
    return (f"== {url}{moved}\n抓取日：{snapshot.day}  抓取时间：{snapshot.fetched_at}  "
            f"HTTP {snapshot.status}  摘要：{snapshot.digest}{revisit}  快照 #{snapshot.id}\n"
            "--")  # fmt: skip


@evidence.command("list")
@config_option
@output_options
@click.argument("url")
def evidence_list(config_path: Path, fmt: str | None, url: str) -> None:
    """The archived snapshots of one URL, newest first."""
    config = load(config_path)
    with opened_store(config) as store:
        found = store.snapshots_of(url_forms(url))
    rows = [{k: printable(v) if isinstance(v, str) else v for k, v in asdict(s).items()}
            for s in found]  # fmt: skip
    emit_rows(rows, fmt, "snapshot", LIST_COLUMNS)
