"""Rectification notices (整改通知书): issued → rectified | overdue | withdrawn.

An agency's open findings at or above the configured severity become one numbered notice
with a deadline in working days. Later checks verify it: when every finding on it is
resolved the notice is rectified (dated by the check that saw it); past its deadline and
still open it is overdue, which escalates it to the supervisors.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from common.crashpoints import crashpoint
from common.errors import BadInputError
from monitor.config import Config
from monitor.evidence import with_snapshots
from monitor.findings import ACTIVE, acting_user
from monitor.store import Notice, Store
from reports.notice_files import NOTICE_FORMATS, write_notice_files
from reports.notice_model import NoticeDocument
from rules.calendar import WorkCalendar
from rules.findings import Finding
from rules.scoring import NOT_SCORED

log = logging.getLogger(__name__)

SEVERITY_RANK = {"warning": 0, "points": 1, "veto": 2}
OPEN_STATES = ("issued", "overdue")
CLOSED_FINDING_STATES = ("resolved", "waived")


class NoticeError(BadInputError):
    """A notice command cannot be carried out (unknown notice, wrong state)."""


def severity_rank(severity: str) -> int:
    return SEVERITY_RANK[severity.split()[0]]


def noticeable(finding: Finding, min_severity: str) -> bool:
    return (
        finding.state in ACTIVE
        and finding.status not in NOT_SCORED
        and severity_rank(finding.severity) >= SEVERITY_RANK[min_severity]
    )


def issue_notices(
    config: Config,
    store: Store,
    as_of: date,
    calendar: WorkCalendar,
    agency_ids: list[str] | None = None,
) -> list[Notice]:
    """Number one notice per agency with noticeable findings not yet on an open notice.

    Only the store is written here; `render_missing_files` writes the documents.
    """
    settings = config.notices
    deadline = calendar.add_workdays(as_of, settings.deadline_workdays)
    issued = []
    for agency in config.agencies:
        if agency_ids and agency.id not in agency_ids:
            continue
        ids = [finding.id for finding in store.findings(agency_id=agency.id)
               if noticeable(finding, settings.min_severity)]  # fmt: skip
        if not ids:
            continue
        notice = store.issue_notice(
            agency.id, as_of, deadline, ids,
            lambda year, seq: settings.number_pattern.format(year=year, seq=seq),
        )  # fmt: skip
        if notice:
            issued.append(notice)
            crashpoint("notices.issued")
    return issued


def render_missing_files(config: Config, store: Store) -> list[str]:
    """Write every notice file not on disk yet (a cycle killed mid-way, a PDF once skipped
    for want of a font); returns what still could not be rendered, and why."""
    skipped: dict[str, str] = {}
    for notice in store.notices():
        missing = missing_formats(notice)
        if missing:
            skipped.update(render_notice(config, store, notice, missing))
    for fmt, why in skipped.items():
        log.warning("notice %s not rendered: %s", fmt, why)
    return [f"notice {fmt}: {why}" for fmt, why in skipped.items()]


def missing_formats(notice: Notice) -> list[str]:
    files = notice.files
    return [fmt for fmt in NOTICE_FORMATS if not (fmt in files and Path(files[fmt]).is_file())]


def render_notice(config: Config, store: Store, notice: Notice, formats: list[str]) -> dict:
    """Render `formats` of one notice and record their paths; returns {format: why skipped}."""
    findings = with_snapshots(store, store.notice_findings(notice.id), config.dashboard.url)
    document = build_notice(config, notice, findings)
    rendered = write_notice_files(document, config.reports_dir / "notices", formats)
    files = {**notice.files, **{fmt: str(path) for fmt, path in rendered.files.items()}}
    store.set_notice_files(notice.id, files)
    crashpoint("notices.rendered")
    return rendered.skipped


def build_notice(config: Config, notice: Notice, findings: list[Finding]) -> NoticeDocument:
    """Everything the notice prints: the stored notice, its findings, the issuer's settings."""
    try:
        recipient = config.agency(notice.agency_id).name
    except KeyError:  # an agency removed from the config since
        recipient = notice.agency_id
    settings = config.notices
    return NoticeDocument(
        number=notice.number, issuer=settings.issuer, recipient=recipient,
        region=config.region, issue_date=notice.issued_on, deadline=notice.deadline,
        deadline_workdays=settings.deadline_workdays, problems=findings,
        contact=settings.contact,
    )  # fmt: skip


def update_notices(store: Store, as_of: date) -> dict[str, list[Notice]]:
    """Verify open notices against the findings: rectified, or overdue past the deadline."""
    moved: dict[str, list[Notice]] = {"rectified": [], "overdue": []}
    for notice in store.notices(states=OPEN_STATES):
        findings = store.notice_findings(notice.id)
        if all(finding.state in CLOSED_FINDING_STATES for finding in findings):
            store.set_notice_state(notice.id, "rectified", as_of)
            moved["rectified"].append(store.notice(notice.id))
        elif notice.state == "issued" and as_of > notice.deadline:
            store.set_notice_state(notice.id, "overdue", as_of)
            moved["overdue"].append(store.notice(notice.id))
    return moved


def withdraw_notice(store: Store, notice_id: str, reason: str, as_of: date,
                    by: str | None = None) -> Notice:  # fmt: skip
    """Withdraw an open notice, with the reason; written to the audit log as `by` (the CLI:
    the OS user)."""
    notice = store.notice(notice_id)
    if notice is None:
        raise NoticeError(f"no notice {notice_id!r}")
    if notice.state not in OPEN_STATES:
        raise NoticeError(f"notice {notice.number} is {notice.state}, not open")
    if not reason.strip():
        raise NoticeError("withdrawing a notice needs a reason")
    with store.transaction():
        store.set_notice_state(notice.id, "withdrawn", as_of, reason.strip())
        store.audit(acting_user(by), "withdraw", "notice", notice.id, notice.agency_id,
                    reason.strip(), number=notice.number)  # fmt: skip
    return store.notice(notice.id)
