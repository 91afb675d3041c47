"""Rectification notices (整改通知书): issued → rectified | overdue | withdrawn.

An agency's open findings at or above the configured severity become one numbered notice
with a deadline in working days. Later checks verify it: when every finding on it is
resolved the notice is rectified (dated by the check that saw it); past its deadline and
still open it is overdue, which escalates it to the supervisors.
"""

from __future__ import annotations

from datetime import date

from common.errors import BadInputError
from monitor.config import Config
from monitor.findings import ACTIVE
from monitor.store import Store
from rules.calendar import WorkCalendar

SEVERITY_RANK = {"warning": 0, "points": 1, "veto": 2}
OPEN_STATES = ("issued", "overdue")
CLOSED_FINDING_STATES = ("resolved", "waived")


class NoticeError(BadInputError):
    """A notice command cannot be carried out (unknown notice, wrong state)."""


def severity_rank(severity: str) -> int:
    return SEVERITY_RANK[severity.split()[0]]


def noticeable(row: dict, min_severity: str) -> bool:
    return (
        row["state"] in ACTIVE
        and row["status"] != "unreachable"
        and severity_rank(row["severity"]) >= SEVERITY_RANK[min_severity]
    )


def issue_notices(
    config: Config,
    store: Store,
    as_of: date,
    calendar: WorkCalendar,
    agency_ids: list[str] | None = None,
) -> list[dict]:
    """Issue one notice per agency with noticeable findings not yet on an open notice."""
    settings = config.notices
    deadline = calendar.add_workdays(as_of, settings.deadline_workdays)
    issued = []
    for agency in config.agencies:
        if agency_ids and agency.id not in agency_ids:
            continue
        ids = [row["id"] for row in store.findings(agency_id=agency.id)
               if noticeable(row, settings.min_severity)]  # fmt: skip
        if not ids:
            continue
        notice = store.issue_notice(
            agency.id, as_of.year, as_of.isoformat(), deadline.isoformat(), ids,
            lambda year, seq: settings.number_pattern.format(year=year, seq=seq),
        )  # fmt: skip
        if notice:
            issued.append(render_notice(config, store, notice))
    return issued


def render_notice(config: Config, store: Store, notice: dict) -> dict:
    from reports.notice_build import notice_document, write_notice_files

    agency = config.agency(notice["agency_id"])
    document = notice_document(
        notice, store.notice_findings(notice["id"]), region=config.region,
        recipient=agency.name, issuer=config.notices.issuer,
        deadline_workdays=config.notices.deadline_workdays, contact=config.notices.contact,
    )  # fmt: skip
    files = write_notice_files(document, config.reports_dir / "notices")
    store.update_notice(notice["id"], {"files": files})
    return store.notice(notice["id"])


def update_notices(store: Store, as_of: date) -> dict[str, list[dict]]:
    """Verify open notices against the findings: rectified, or overdue past the deadline."""
    moved: dict[str, list[dict]] = {"rectified": [], "overdue": []}
    for notice in store.notices(states=OPEN_STATES):
        findings = store.notice_findings(notice["id"])
        if all(row["state"] in CLOSED_FINDING_STATES for row in findings):
            store.update_notice(notice["id"], {"state": "rectified",
                                               "rectified_on": as_of.isoformat()})  # fmt: skip
            moved["rectified"].append(store.notice(notice["id"]))
        elif notice["state"] == "issued" and as_of.isoformat() > notice["deadline"]:
            store.update_notice(notice["id"], {"state": "overdue",
                                               "overdue_on": as_of.isoformat()})  # fmt: skip
            moved["overdue"].append(store.notice(notice["id"]))
    return moved


def withdraw_notice(store: Store, notice_id: str, reason: str, as_of: date) -> dict:
    notice = store.notice(notice_id)
    if notice is None:
        raise NoticeError(f"no notice {notice_id!r}")
    if notice["state"] not in OPEN_STATES:
        raise NoticeError(f"notice {notice['number']} is {notice['state']}, not open")
    if not reason.strip():
        raise NoticeError("withdrawing a notice needs a reason")
    store.update_notice(notice["id"], {"state": "withdrawn", "withdrawn_on": as_of.isoformat(),
                                       "withdraw_reason": reason.strip()})  # fmt: skip
    return store.notice(notice["id"])
