"""`zwgk findings`: list the findings, waive one."""

from __future__ import annotations

from pathlib import Path

import click

from monitor.cli.common import (
    config_option,
    load,
    locked_store,
    no_wait_option,
    opened_store,
    parse_as_of,
    today_in,
)
from monitor.cli.output import emit_rows, output_options
from monitor.findings import ACTIVE, waive

TABLE_COLUMNS = ("id", "state", "agency_id", "item_id", "period", "status", "message")


@click.group(invoke_without_command=True)
@config_option
@output_options
@click.option("--all", "show_all", is_flag=True, help="Include resolved and waived findings.")
@click.pass_context
def findings(ctx: click.Context, config_path: Path, fmt: str | None, show_all: bool) -> None:
    """List open findings (new, open, reopened); `waive` marks one as waived."""
    if ctx.invoked_subcommand is not None:
        return
    config = load(config_path)
    with opened_store(config) as store:
        found = store.findings(states=None if show_all else ACTIVE)
    emit_rows([finding.to_json() for finding in found], fmt, "finding", TABLE_COLUMNS)


@findings.command("waive")
@config_option
@click.argument("finding_id")
@click.option("--reason", required=True, help="Why the finding is waived (shown in reports).")
@click.option(
    "--until", "until", default=None, help="Waiver end date (YYYY-MM-DD); none: open-ended."
)
@click.option("--false-positive", is_flag=True, help="Mark as a false positive instead.")
@no_wait_option
def findings_waive(
    config_path: Path,
    finding_id: str,
    reason: str,
    until: str | None,
    false_positive: bool,
    no_wait: bool,
) -> None:
    """Waive a finding (or mark it a false positive); it stays visible as waived."""
    config = load(config_path)
    with locked_store(config, "findings waive", no_wait) as store:
        finding = waive(
            store, finding_id, reason, parse_as_of(until), false_positive, today_in(config.timezone)
        )
    waiver = finding.waiver
    click.echo(f"{finding.id} {waiver.kind} until {waiver.until or 'further notice'}")
