"""The distributed crawl's command: `ingest` (the one writer). The workers run
`zwgk crawl --redis URL` (monitor/cli/cycle.py)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from monitor.child import follow_parent
from monitor.cli.common import (
    as_of_for,
    as_of_option,
    config_option,
    load,
    no_wait_option,
    store_lock,
)
from monitor.ingest import run_distributed_crawl

redis_option = click.option(
    "--redis",
    "redis_url",
    default=None,
    envvar="ZWGK_REDIS",
    help="The Redis server of a distributed crawl (redis://host:6379/0); default: the "
    "config's crawl.redis.",
)


@click.command()
@config_option
@as_of_option
@redis_option
@no_wait_option
def ingest(config_path: Path, as_of: str | None, redis_url: str | None, no_wait: bool) -> None:
    """Publish a crawl for Redis workers and store what they send, until every site is in.

    Resumes the crawl already published for this store, if any. Prints the crawl's summary.
    """
    config = load(config_path)
    url = redis_url or config.crawl.redis
    if not url:
        raise click.UsageError("no Redis server: give --redis URL or set crawl.redis")
    follow_parent()
    with store_lock(config, "ingest", no_wait):
        summary = run_distributed_crawl(config, as_of_for(config, as_of), url)
    click.echo(json.dumps(summary, ensure_ascii=False))
