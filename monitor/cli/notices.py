"""`zwgk notices`: rectification notices (整改通知书) — list, show, issue, withdraw."""

from __future__ import annotations

import json
from pathlib import Path

import click

from monitor.cli.common import (
    as_of_for,
    as_of_option,
    config_option,
    echo_skipped,
    load,
    locked_store,
    no_wait_option,
    opened_store,
)
from monitor.cli.output import emit_rows, json_option, output_options
from monitor.notices import NoticeError, issue_notices, render_missing_files, withdraw_notice
from rules.calendar import WorkCalendar

TABLE_COLUMNS = ("id", "number", "agency_id", "state", "issued_on", "deadline")
STATES = ("issued", "rectified", "overdue", "withdrawn")


@click.group()
def notices() -> None:
    """Rectification notices (整改通知书): list, show, issue, withdraw."""


@notices.command("list")
@config_option
@output_options
@click.option("--state", "states", multiple=True, type=click.Choice(STATES))
def notices_list(config_path: Path, fmt: str | None, states: tuple[str, ...]) -> None:
    """List notices (all, or those in the given states)."""
    config = load(config_path)
    with opened_store(config) as store:
        found = store.notices(states=states or None)
    emit_rows([notice.to_json() for notice in found], fmt, "notice", TABLE_COLUMNS)


@notices.command("show")
@config_option
@click.argument("notice_id")
@json_option
def notices_show(config_path: Path, notice_id: str, as_json: bool) -> None:
    """Show one notice (by id or number) with its findings."""
    config = load(config_path)
    with opened_store(config) as store:
        notice = store.notice(notice_id)
        if notice is None:
            raise NoticeError(f"no notice {notice_id!r}")
        findings_ = store.notice_findings(notice.id)
    if as_json:
        data = {**notice.to_json(), "findings": [f.to_json() for f in findings_]}
        click.echo(json.dumps(data, ensure_ascii=False))
        return
    click.echo(
        f"{notice.number}  {notice.agency_id}  {notice.state}  "
        f"issued {notice.issued_on}  due {notice.deadline}"
    )
    for finding in findings_:
        click.echo(f"  {finding.id}  {finding.state:<8} {finding.message}")
    for kind, path in notice.files.items():
        click.echo(f"  {kind}: {path}")


@notices.command("issue")
@config_option
@as_of_option
@click.option("--agency", "agency_ids", multiple=True, help="Only these agencies.")
@no_wait_option
def notices_issue(
    config_path: Path, as_of: str | None, agency_ids: tuple[str, ...], no_wait: bool
) -> None:
    """Issue notices for open findings not yet on an open notice."""
    config = load(config_path)
    day = as_of_for(config, as_of)
    with locked_store(config, "notices issue", no_wait) as store:
        issued = issue_notices(config, store, day, WorkCalendar.from_file(config.holidays),
                               list(agency_ids) or None)  # fmt: skip
        skipped = render_missing_files(config, store)
        issued = [store.notice(notice.id) for notice in issued]
    echo_skipped(skipped)
    for notice in issued:
        click.echo(
            f"issued {notice.number} to {notice.agency_id}, due {notice.deadline}: "
            f"{notice.files.get('pdf', '')}"
        )
    click.echo(f"{len(issued)} notice(s) issued")


@notices.command("withdraw")
@config_option
@click.argument("notice_id")
@click.option("--reason", required=True, help="Why the notice is withdrawn.")
@as_of_option
@no_wait_option
def notices_withdraw(
    config_path: Path, notice_id: str, reason: str, as_of: str | None, no_wait: bool
) -> None:
    """Withdraw an open notice, with a reason."""
    config = load(config_path)
    with locked_store(config, "notices withdraw", no_wait) as store:
        notice = withdraw_notice(store, notice_id, reason, as_of_for(config, as_of))
    click.echo(f"{notice.number} withdrawn on {notice.withdrawn_on}")
