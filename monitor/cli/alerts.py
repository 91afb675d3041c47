"""`zwgk alerts`: the alert outbox — list queued messages, send what is due."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import click

from monitor.channels import mask_url
from monitor.cli.common import config_option, load, locked_store, no_wait_option, opened_store
from monitor.cli.output import emit_rows, output_options
from monitor.outbox import send_pending
from monitor.store import OutboxEntry

STATES = ("pending", "sending", "failed", "sent", "dead")
TABLE_COLUMNS = ("id", "state", "attempts", "agency", "audience", "channel", "subject",
                 "next_attempt_at", "last_error")  # fmt: skip


@click.group()
def alerts() -> None:
    """Alert outbox: list queued messages, send what is due."""


@alerts.command("list")
@config_option
@output_options
@click.option("--state", type=click.Choice(STATES), help="Only messages in this state.")
def alerts_list(config_path: Path, fmt: str | None, state: str | None) -> None:
    """List queued alert messages; channel URLs are shown masked."""
    config = load(config_path)
    with opened_store(config) as store:
        entries = store.outbox(state)
    emit_rows([outbox_json(entry) for entry in entries], fmt, "message", TABLE_COLUMNS)


def outbox_json(entry: OutboxEntry) -> dict:
    """An outbox entry as `zwgk alerts list` prints it: the channel URL masked."""
    keys = ("id", "audience", "state", "attempts", "subject", "next_attempt_at", "last_error")
    return {**{key: getattr(entry, key) for key in keys}, "agency": entry.agency_id,
            "channel": mask_url(entry.channel), "sent_at": entry.sent_at}  # fmt: skip


@alerts.command("send")
@config_option
@click.option("--dry-run", is_flag=True, help="Write the due messages to files; send nothing.")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Dry-run output folder (default: <reports_dir>/outbox).",
)
@no_wait_option
def alerts_send(config_path: Path, dry_run: bool, out_dir: Path | None, no_wait: bool) -> None:
    """Send the alert messages due now; failures are retried later with backoff."""
    if out_dir and not dry_run:
        raise click.UsageError("--out is only used with --dry-run")
    config = load(config_path)
    folder = (out_dir or config.reports_dir / "outbox") if dry_run else None
    with locked_store(config, "alerts send", no_wait) as store:
        summary = send_pending(store, config, datetime.now(ZoneInfo(config.timezone)), folder)
    if dry_run:
        for path in summary.written:
            click.echo(str(path))
        click.echo(f"{len(summary.written)} message(s) written to {folder}; nothing sent")
        return
    click.echo(f"sent {summary.sent}, failed {summary.failed} (will retry), dead {summary.dead}")
