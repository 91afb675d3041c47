"""Assemble the weekly audit report (周报) from the store: data only, no markup."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from monitor.config import Config
from monitor.findings import ACTIVE
from monitor.store import Store
from reports.labels import (
    AGENCY_KIND_LABELS,
    CRAWL_STATUS_LABELS,
    NOTICE_STATE_LABELS,
    STATE_LABELS,
    STATUS_LABELS,
    WAIVER_LABELS,
    label,
)
from rules.base import severity_label
from rules.calendar import WorkCalendar
from rules.scoring import FAIL, Score, score


@dataclass
class FindingRow:
    id: str
    item_name: str
    period: str | None
    status: str
    status_label: str
    severity: str
    severity_label: str
    message: str
    basis: str
    evidence: list[dict]
    state: str
    state_label: str
    opened_on: str
    resolved_on: str | None = None
    waiver_label: str | None = None
    waiver_reason: str | None = None
    waived_until: str | None = None


@dataclass
class AgencySection:
    id: str
    name: str
    kind_label: str
    score: Score
    findings: list[FindingRow] = field(default_factory=list)
    resolved_this_week: list[FindingRow] = field(default_factory=list)
    waived: list[FindingRow] = field(default_factory=list)
    rank: int = 0

    @property
    def veto_count(self) -> int:
        return sum(row.severity == "veto" for row in self.findings)

    @property
    def new_count(self) -> int:
        return sum(row.state in ("new", "reopened") for row in self.findings)

    @property
    def unreachable_count(self) -> int:
        return sum(row.status == "unreachable" for row in self.findings)


@dataclass
class NoticeRow:
    number: str
    agency_name: str
    issued_on: str
    deadline: str
    state: str
    state_label: str
    closed_on: str | None
    findings: int
    files: dict[str, str]


@dataclass
class WeeklyReport:
    region: str
    as_of: date
    week_start: date
    agencies: list[AgencySection]
    crawl: dict | None
    notices: list[NoticeRow] = field(default_factory=list)
    approximate_years: list[int] = field(default_factory=list)  # no official calendar known

    @property
    def overdue_notices(self) -> list[NoticeRow]:
        return [notice for notice in self.notices if notice.state == "overdue"]

    @property
    def open_total(self) -> int:
        return sum(len(a.findings) for a in self.agencies)

    @property
    def veto_total(self) -> int:
        return sum(a.veto_count for a in self.agencies)

    @property
    def new_total(self) -> int:
        return sum(a.new_count for a in self.agencies)

    @property
    def resolved_total(self) -> int:
        return sum(len(a.resolved_this_week) for a in self.agencies)


def build_weekly(config: Config, store: Store, as_of: date) -> WeeklyReport:
    week_start = as_of - timedelta(days=6)
    rows = store.findings()
    sections = []
    for agency in config.agencies:
        mine = [row for row in rows if row["agency_id"] == agency.id]
        kind = AGENCY_KIND_LABELS[agency.kind]
        section = AgencySection(agency.id, agency.name, kind, score(mine))
        section.findings = [_row(r) for r in mine if r["state"] in ACTIVE]
        section.waived = [_row(r) for r in mine if r["state"] == "waived"]
        section.resolved_this_week = [
            _row(r) for r in mine
            if r["state"] == "resolved" and week_start.isoformat() <= r["resolved_on"]
        ]  # fmt: skip
        sections.append(section)
    rank_sections(sections)
    crawl = store.latest_crawl()
    if crawl:
        crawl = {**crawl, "started_local": local_time(crawl["started_at"], config.timezone),
                 "status_label": label(CRAWL_STATUS_LABELS, crawl["status"])}  # fmt: skip
    notices = notice_rows(config, store, week_start)
    years = approximate_years(config, as_of)
    return WeeklyReport(config.region, as_of, week_start, sections, crawl, notices, years)


def approximate_years(config: Config, as_of: date) -> list[int]:
    """Years around as_of whose holidays neither the calendar package nor holidays.yaml
    knows: working-day deadlines there were counted Monday to Friday."""
    calendar = WorkCalendar.from_file(config.holidays)
    for year in (as_of.year - 1, as_of.year, as_of.year + 1):
        calendar.is_workday(date(year, 1, 1))
    return sorted(calendar.fallback_years)


def notice_rows(config: Config, store: Store, week_start: date) -> list[NoticeRow]:
    """Open notices, and those closed this week."""
    rows = []
    for notice in store.notices():
        closed_on = notice["rectified_on"] or notice["withdrawn_on"]
        if closed_on and closed_on < week_start.isoformat():
            continue
        rows.append(NoticeRow(
            number=notice["number"], agency_name=config.agency(notice["agency_id"]).name,
            issued_on=notice["issued_on"], deadline=notice["deadline"], state=notice["state"],
            state_label=label(NOTICE_STATE_LABELS, notice["state"]), closed_on=closed_on,
            findings=len(store.notice_findings(notice["id"])), files=notice["files"],
        ))  # fmt: skip
    return rows


def local_time(utc_iso: str | None, timezone: str) -> str:
    if not utc_iso:
        return ""
    moment = datetime.fromisoformat(utc_iso).astimezone(ZoneInfo(timezone))
    return moment.strftime("%Y-%m-%d %H:%M")


def rank_sections(sections: list[AgencySection]) -> None:
    """Rank by verdict, then points; equal results share a rank."""

    def key(section):
        return (section.score.verdict == FAIL, -section.score.points)

    ordered = sorted(sections, key=key)
    for index, section in enumerate(ordered):
        same = index and key(ordered[index - 1]) == key(section)
        section.rank = ordered[index - 1].rank if same else index + 1


def _row(row: dict) -> FindingRow:
    return FindingRow(
        id=row["id"],
        item_name=row["item_name"],
        period=row["period"],
        status=row["status"],
        status_label=label(STATUS_LABELS, row["status"]),
        severity=row["severity"],
        severity_label=severity_label(row["severity"]),
        message=row["message"],
        basis=row["basis"],
        evidence=row["evidence"],
        state=row["state"],
        state_label=label(STATE_LABELS, row["state"]),
        opened_on=row["opened_on"],
        resolved_on=row["resolved_on"],
        waiver_label=label(WAIVER_LABELS, row.get("waiver")) or None,
        waiver_reason=row.get("waiver_reason"),
        waived_until=row.get("waived_until"),
    )
