"""`zwgk health`: the service's health for monitoring (no web framework loaded)."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import click

from monitor.cli.common import config_option, load, opened_store
from monitor.health import service_health


@click.command()
@config_option
@click.option(
    "--max-age-days", type=float, default=None,
    help="Oldest acceptable cycle, in days (default: the config's stale_after_days).",
)  # fmt: skip
def health(config_path: Path, max_age_days: float | None) -> None:
    """Exit 0 when the last cycle is recent and finished (or running), 1 otherwise."""
    config = load(config_path)
    if max_age_days is not None:
        config = config.model_copy(update={"stale_after_days": max_age_days})
    with opened_store(config) as store:
        report = service_health(config, store, datetime.now(UTC))
    cycle = report.last_cycle
    if cycle is not None:
        click.echo(f"last cycle: crawl {cycle.id} {cycle.status}, started {cycle.started_at}")
    click.echo(f"{'healthy' if report.ok else 'unhealthy'}: {report.reason}")
    if not report.ok:
        sys.exit(1)
