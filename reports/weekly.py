"""The weekly audit report (周报) as plain data: what the renderers print, no markup."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from rules.findings import Finding
from rules.scoring import Score


@dataclass
class AgencySection:
    id: str
    name: str
    kind_label: str
    score: Score
    findings: list[Finding] = field(default_factory=list)  # active: new, open, reopened
    resolved_this_week: list[Finding] = field(default_factory=list)
    waived: list[Finding] = field(default_factory=list)
    rank: int = 0

    @property
    def veto_count(self) -> int:
        return sum(finding.severity == "veto" for finding in self.findings)

    @property
    def new_count(self) -> int:
        return sum(finding.state in ("new", "reopened") for finding in self.findings)

    @property
    def unreachable_count(self) -> int:
        return sum(finding.status == "unreachable" for finding in self.findings)


@dataclass
class NoticeRow:
    number: str
    agency_name: str
    issued_on: date
    deadline: date
    state: str
    state_label: str
    closed_on: date | None
    findings: int
    files: dict[str, str]


@dataclass(frozen=True)
class CrawlLine:
    """The latest crawl, as the report's subtitle names it."""

    started_local: str  # local time, minutes
    status_label: str


@dataclass
class WeeklyReport:
    region: str
    as_of: date
    week_start: date
    agencies: list[AgencySection]
    crawl: CrawlLine | None
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
