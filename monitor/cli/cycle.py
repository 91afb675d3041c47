"""The audit cycle's commands: `crawl`, `check`, `run` and `report weekly`."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import click

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


@click.command()
@config_option
@as_of_option
@no_wait_option
def crawl(config_path: Path, as_of: str | None, no_wait: bool) -> None:
    """Crawl every configured column once and store what was found."""
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
@no_wait_option
def report_weekly(
    config_path: Path, as_of: str | None, out_dir: Path | None, no_wait: bool
) -> None:
    """Write the weekly audit report (HTML, XLSX and PDF)."""
    config = load(config_path)
    with locked_store(config, "report weekly", no_wait) as store:
        path, skipped = write_weekly_report(config, store, as_of_for(config, as_of), out_dir)
    echo_skipped(skipped)
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
