"""What the pages show, assembled from the store: the read model behind the templates.

Counting happens in SQL (`monitor/store/dashboard.py`); here the counts become scores,
rows, weeks of a trend and the columns a finding cites. Every function takes the agencies
the user may see (`None`: all of them), so no page can show another agency's rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from monitor.config import AgencyConfig, Config
from monitor.evaluate import agency_catalog, carried_items
from monitor.store import Fetch, Store, User
from monitor.store.dashboard import AgencyTally, ColumnSummary, DayScore
from rules.loader import RuleError
from rules.scoring import FAIL, PASS, ScoringRules

TREND_WEEKS = 12
EMPTY_TALLY = AgencyTally("", 0, 0, 0.0)
SCORING = ScoringRules()


@dataclass(frozen=True)
class AgencyRow:
    id: str
    name: str
    kind: str
    points: float
    verdict: str
    vetoes: int
    open: int

    @property
    def failing(self) -> bool:
        return self.verdict == FAIL


@dataclass(frozen=True)
class WeekPoint:
    """One week of the trend, by its last day with scores (None: no check that week). Weeks
    end on today, today - 7 … as the weekly report's (`monitor.scores.weekly_trend`) do."""

    end: date
    day: DayScore | None

    @property
    def mean_points(self) -> float | None:
        return self.day.mean_points if self.day else None

    @property
    def pass_rate(self) -> float | None:
        if not self.day or not self.day.agencies:
            return None
        return round(100 * (self.day.agencies - self.day.failing) / self.day.agencies, 1)


@dataclass(frozen=True)
class ColumnRow:
    id: str
    name: str
    url: str
    summary: ColumnSummary | None


@dataclass
class Evidence:
    """What a finding cites: its columns (by the catalog) and their recent fetches."""

    columns: list[ColumnRow] = field(default_factory=list)
    fetches: list[tuple[Fetch, str]] = field(default_factory=list)


def scope(user: User) -> list[str] | None:
    """The agencies a user's lists are limited to: None for supervisors and viewers."""
    return [user.agency_id or ""] if user.role == "department" else None


def visible_agencies(config: Config, user: User) -> list[AgencyConfig]:
    return [agency for agency in config.agencies if user.sees(agency.id)]


def verdict(tally: AgencyTally, rules: ScoringRules = SCORING) -> tuple[float, str]:
    """Points and 合格/不合格 from an agency's tally, as `rules.scoring.score` decides them."""
    points = max(0.0, rules.total - (tally.deducted or 0.0))
    return points, FAIL if tally.vetoes or points < rules.pass_mark else PASS


def agency_row(agency: AgencyConfig, tally: AgencyTally | None) -> AgencyRow:
    tally = tally or EMPTY_TALLY
    points, result = verdict(tally)
    return AgencyRow(agency.id, agency.name, agency.kind, points, result, tally.vetoes or 0,
                     tally.open)  # fmt: skip


def agency_rows(config: Config, tallies: dict[str, AgencyTally], user: User) -> list[AgencyRow]:
    """Every agency the user may see, 不合格 first (most vetoes, fewest points), then the rest."""
    rows = [agency_row(agency, tallies.get(agency.id)) for agency in visible_agencies(config, user)]
    return sorted(rows, key=lambda r: (not r.failing, -r.vetoes, r.points, -r.open, r.id))


def weekly_trend(store: Store, user: User, today: date,
                 weeks: int = TREND_WEEKS) -> list[WeekPoint]:  # fmt: skip
    """The last `weeks` weeks, oldest first; counted in SQL per day, so thousands of agencies
    cost a few dozen rows here."""
    ends = [today - timedelta(days=7 * back) for back in range(weeks - 1, -1, -1)]
    last: dict[date, DayScore] = {}
    for day in store.score_trend(ends[0] - timedelta(days=6), today, scope(user)):
        last[today - timedelta(days=7 * ((today - day.as_of).days // 7))] = day
    return [WeekPoint(end, last.get(end)) for end in ends]


def column_rows(store: Store, agency: AgencyConfig) -> list[ColumnRow]:
    summaries = store.column_summaries(agency.id)
    return [ColumnRow(column.id, column.name, column.url, summaries.get(column.id))
            for column in agency.columns]  # fmt: skip


def column_names(config: Config) -> dict[tuple[str, str], str]:
    """Every configured column's name (栏目名称) by its agency's id and its own."""
    return {(agency.id, column.id): column.name for agency in config.agencies
            for column in agency.columns}  # fmt: skip


def cited_columns(config: Config, agency_id: str, item_id: str) -> list[ColumnRow]:
    """The configured columns that carry a catalog item (none for site-wide findings)."""
    try:
        agency = config.agency(agency_id)
        catalog = agency_catalog(config, agency)
    except (KeyError, RuleError):  # an agency or catalog gone from the config since
        return []
    return [ColumnRow(column.id, column.name, column.url, None) for column in agency.columns
            if item_id in carried_items(column, catalog)]  # fmt: skip


def evidence_urls(evidence) -> list[str]:
    urls = []
    for entry in evidence:
        urls += [entry[key] for key in ("url", "page") if isinstance(entry.get(key), str)]
    return list(dict.fromkeys(urls))


def finding_evidence(config: Config, store: Store, finding) -> Evidence:
    columns = cited_columns(config, finding.agency_id, finding.item_id)
    summaries = store.column_summaries(finding.agency_id)
    columns = [ColumnRow(c.id, c.name, c.url, summaries.get(c.id)) for c in columns]
    fetches = store.cited_fetches(finding.agency_id, [c.id for c in columns],
                                  evidence_urls(finding.evidence))  # fmt: skip
    return Evidence(columns, fetches)
