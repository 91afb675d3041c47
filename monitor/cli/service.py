"""Running as a service: `serve` (the schedule) and `health` (for monitoring)."""

from __future__ import annotations

import logging
import sys
from datetime import datetime
from pathlib import Path

import click

from monitor.cli.common import config_option, load, opened_store
from monitor.scheduler import serve as serve_forever


@click.command()
@config_option
@click.option("--now", "run_now", is_flag=True, help="Also run one cycle right away.")
def serve(config_path: Path, run_now: bool) -> None:
    """Run the cycle on the config's cron schedule until stopped (SIGTERM)."""
    load(config_path)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    serve_forever(config_path, run_now=run_now)


@click.command()
@config_option
@click.option("--max-age-days", default=8, show_default=True, help="Oldest acceptable crawl.")
def health(config_path: Path, max_age_days: int) -> None:
    """Exit 0 when the last crawl finished recently, 1 otherwise (for monitoring)."""
    config = load(config_path)
    with opened_store(config) as store:
        crawl = store.latest_crawl()
    if crawl is None:
        click.echo("unhealthy: no crawl yet")
        sys.exit(1)
    started = datetime.fromisoformat(crawl.started_at)
    age = (datetime.now(started.tzinfo) - started).days
    click.echo(f"last crawl {crawl.id}: {crawl.status}, started {crawl.started_at}")
    if crawl.status not in ("finished", "running") or age > max_age_days:
        click.echo(f"unhealthy: last crawl {crawl.status}, {age} day(s) old")
        sys.exit(1)
    click.echo("healthy")
