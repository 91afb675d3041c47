"""The weekly audit report (周报) as plain data: what the renderers print, no markup."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from rules.findings import Finding
from rules.scoring import PASS, Score


@dataclass(frozen=True)
class PastScore:
    """An agency's score by an earlier check (the score history)."""

    as_of: date
    points: float
    verdict: str


@dataclass(frozen=True)
class TrendPoint:
    """One week of the trend, ending on `end`: the agencies' last checks of that week."""

    end: date
    agencies: int  # agencies checked that week (0: no point)
    passing: int  # of which 合格
    mean_points: float | None

    @property
    def pass_rate(self) -> float | None:
        """Share of the agencies checked that week that were 合格, in percent."""
        return round(100 * self.passing / self.agencies, 1) if self.agencies else None


@dataclass(frozen=True)
class ReplyRow:
    """A 整改回复 or 申诉 a department sent this week, and what became of it so far."""

    kind_label: str  # 整改回复 | 申诉
    agency_name: str
    problem: str  # the finding: item, period and status, in words
    submitted: str  # local time, minutes
    username: str
    body: str
    url: str | None
    state_label: str
    decision: str | None  # the check's or the supervisor's reason
    agency_id: str = ""


@dataclass(frozen=True)
class CoverageRow:
    """栏目覆盖: how many of an agency's catalog items a column carries, and those none does."""

    agency_id: str
    agency_name: str
    covered: int
    missing: tuple[str, ...]  # names of the items no configured column carries
    site_changed: str | None = None  # the open 网站改版 finding's message, if any

    @property
    def total(self) -> int:
        return self.covered + len(self.missing)


@dataclass
class AgencySection:
    id: str
    name: str
    kind_label: str
    score: Score
    findings: list[Finding] = field(default_factory=list)  # active: new, open, reopened
    events: list[Finding] = field(default_factory=list)  # active operator events (网站改版)
    resolved_this_week: list[Finding] = field(default_factory=list)
    waived: list[Finding] = field(default_factory=list)
    rank: int = 0
    previous: PastScore | None = None  # by the last check on or before as_of - 7

    @property
    def points_change(self) -> float | None:
        """Points gained (or lost, negative) since last week; None without a score then."""
        return None if self.previous is None else self.score.points - self.previous.points

    @property
    def verdict_changed(self) -> bool:
        return self.previous is not None and self.previous.verdict != self.score.verdict

    @property
    def vetoes(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity == "veto"]

    @property
    def veto_count(self) -> int:
        return len(self.vetoes)

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
    agency_id: str = ""


@dataclass(frozen=True)
class KindTotal:
    """The agencies of one kind (县政府, 县级部门, 乡镇): how many pass, their problems."""

    kind_label: str
    agencies: int
    passing: int
    open: int
    vetoes: int
    mean_points: float


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
    trend: list[TrendPoint] = field(default_factory=list)  # oldest week first
    replies: list[ReplyRow] = field(default_factory=list)
    coverage: list[CoverageRow] = field(default_factory=list)  # 栏目覆盖, in the config's order
    split: bool = False  # a summary, and each agency's findings in a file of its own

    @property
    def ranked(self) -> list[AgencySection]:
        return sorted(self.agencies, key=lambda agency: agency.rank)

    @property
    def kind_totals(self) -> list[KindTotal]:
        """Per kind of agency, in the order the kinds first appear in the config."""
        kinds: dict[str, list[AgencySection]] = {}
        for agency in self.agencies:
            kinds.setdefault(agency.kind_label, []).append(agency)
        return [kind_total(label, agencies) for label, agencies in kinds.items()]

    @property
    def vetoed(self) -> list[AgencySection]:
        """The agencies with a 单项否决 problem, by rank."""
        return [agency for agency in self.ranked if agency.veto_count]

    @property
    def pass_rate_series(self) -> list[tuple[date, float | None]]:
        return [(point.end, point.pass_rate) for point in self.trend]

    @property
    def mean_points_series(self) -> list[tuple[date, float | None]]:
        return [(point.end, point.mean_points) for point in self.trend]

    @property
    def has_trend(self) -> bool:
        return any(point.agencies for point in self.trend)

    @property
    def last_week(self) -> date:
        """The day the score change compares with: the last check on or before it."""
        return self.as_of - timedelta(days=7)

    @property
    def compared(self) -> bool:
        """Whether any agency has a score a week earlier to compare with."""
        return any(agency.previous is not None for agency in self.agencies)

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


def kind_total(kind_label: str, agencies: list[AgencySection]) -> KindTotal:
    points = sum(agency.score.points for agency in agencies)
    return KindTotal(kind_label, len(agencies),
                     sum(agency.score.verdict == PASS for agency in agencies),
                     sum(len(agency.findings) for agency in agencies),
                     sum(agency.veto_count for agency in agencies),
                     round(points / len(agencies), 1))  # fmt: skip
