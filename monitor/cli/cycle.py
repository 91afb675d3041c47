"""The audit cycle's commands: `crawl`, `check`, `run` and `report weekly`."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import click

from crawler.redis_worker import work
from monitor.child import follow_parent
from monitor.cli.common import (
    as_of_for,
    as_of_option,
    config_option,
    echo_skipped,
    load,
    locked_store,
    no_wait_option,
    store_lock,
)
from monitor.crawl import run_crawl
from monitor.cycle import CheckSummary, CycleResult, run_check, run_cycle, write_weekly_report
from reports.weekly_files import WEEKLY_FORMATS


@click.command()
@config_option
@as_of_option
@no_wait_option
@click.option("--redis", "redis_url", default=None, envvar="ZWGK_REDIS",
              help="Work for the distributed crawl published on this Redis server "
              "(redis://host:6379/0) instead of crawling the config's sites here.")  # fmt: skip
@click.option("--batch", default=4, show_default=True, type=click.IntRange(1, 1000),
              help="With --redis: sites taken at a time.")  # fmt: skip
@click.option("--idle-exit", default=60, show_default=True, type=click.IntRange(0),
              help="With --redis: exit after this many seconds without sites to walk "
              "(0: never).")  # fmt: skip
@click.option("--heartbeat-ttl", default=30, show_default=True, type=click.IntRange(3),
              help="With --redis: seconds without a heartbeat after which this worker's "
              "sites are given to another.")  # fmt: skip
def crawl(config_path: Path, as_of: str | None, no_wait: bool, redis_url: str | None,
          batch: int, idle_exit: int, heartbeat_ttl: int) -> None:  # fmt: skip
    """Crawl every configured column once and store what was found.

    With --redis, work as one of the distributed crawl's workers instead: no config or
    store is needed here; `zwgk ingest` publishes the crawl and stores what the workers send.
    """
    if redis_url:
        crawl_id = work(redis_url, batch, idle_exit, heartbeat_ttl=heartbeat_ttl)
        click.echo(json.dumps({"crawl_id": crawl_id}))
        return
    config = load(config_path)
    follow_parent()
    with store_lock(config, "crawl", no_wait):
        summary = run_crawl(config, as_of_for(config, as_of))
    click.echo(json.dumps(summary, ensure_ascii=False))


@click.command()
@config_option
@as_of_option
@no_wait_option
def check(config_path: Path, as_of: str | None, no_wait: bool) -> None:
    """Evaluate the rules on the stored crawl and update the findings."""
    config = load(config_path)
    with locked_store(config, "check", no_wait) as store:
        summary = run_check(config, store, as_of_for(config, as_of))
    echo_check(summary)


@click.command()
@config_option
@as_of_option
@no_wait_option
def run(config_path: Path, as_of: str | None, no_wait: bool) -> None:
    """Run one full cycle: crawl, check, notices, alerts, weekly report."""
    config = load(config_path)
    day = as_of_for(config, as_of)
    with store_lock(config, "run", no_wait) as lock:
        crawl_summary, result = run_cycle(config, day, lock)
    click.echo(f"crawl: {json.dumps(crawl_summary, ensure_ascii=False)}")
    echo_cycle(result)


@click.group()
def report() -> None:
    """Write reports."""


@report.command("weekly")
@config_option
@as_of_option
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder (default: reports_dir from the config).",
)
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(list(WEEKLY_FORMATS)),
    help="Write only this format (repeatable; default: all).",
)
@no_wait_option
def report_weekly(
    config_path: Path,
    as_of: str | None,
    out_dir: Path | None,
    formats: tuple[str, ...],
    no_wait: bool,
) -> None:
    """Write the weekly audit report (HTML, XLSX and PDF).

    With more agencies than `report.split_above_agencies`, the HTML and the PDF are a summary
    and each agency's findings are in its own HTML file, in a folder beside them.
    """
    config = load(config_path)
    with locked_store(config, "report weekly", no_wait) as store:
        path, skipped = write_weekly_report(config, store, as_of_for(config, as_of), out_dir,
                                            list(formats) or None)  # fmt: skip
    echo_skipped(skipped)
    if path is not None:
        click.echo(str(path))


def echo_cycle(result: CycleResult) -> None:
    echo_check(result.check)
    for kind, notices_ in (("issued", result.issued), ("rectified", result.rectified),
                       ("overdue", result.overdue)):  # fmt: skip
        for notice in notices_:
            click.echo(
                f"notice {kind}: {notice.number} ({notice.agency_id}, due {notice.deadline})"
            )
    sent = result.alerts
    if sent is not None:
        click.echo(
            f"alerts: {result.alerts_queued} queued, {sent.sent} sent, "
            f"{sent.failed} to retry, {sent.dead} given up"
        )
    echo_skipped(result.skipped)
    click.echo(f"report: {result.report_path}")


def echo_check(summary: CheckSummary) -> None:
    statuses = ", ".join(f"{k}={v}" for k, v in sorted(summary.by_status.items())) or "none"
    moves = ", ".join(f"{k}={v}" for k, v in sorted(summary.transitions.items())) or "none"
    click.echo(
        f"check as of {summary.as_of}: {summary.open_findings} open finding(s) "
        f"({statuses}); changes: {moves}"
    )
    unmapped = Counter(item_id for _, item_id in summary.unmapped)
    if unmapped:
        items = ", ".join(f"{item} ({n})" for item, n in sorted(unmapped.items()))
        click.echo(f"note: catalog items no configured column carries (agencies): {items}",
                   err=True)  # fmt: skip
