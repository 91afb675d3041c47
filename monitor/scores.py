"""Score history: each check's score per agency, and the weekly figures read back from it.

`check_scores` are saved by every check (`monitor.cycle.run_check`); the weekly
report and the dashboard read the history: a point per week for the trend chart, and each
agency's score a week earlier for the change since last week.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from monitor.config import Config
from monitor.store import AgencyScore, Store
from reports.weekly import TrendPoint
from rules.findings import Finding
from rules.scoring import PASS, score

TREND_WEEKS = 12


def check_scores(config: Config, check_id: int, as_of: date,
                 active: list[Finding]) -> list[AgencyScore]:  # fmt: skip
    """Every configured agency's score from its active findings."""
    by_agency: dict[str, list[Finding]] = defaultdict(list)
    for finding in active:
        by_agency[finding.agency_id].append(finding)
    scores = []
    for agency in config.agencies:
        findings = by_agency.get(agency.id, [])
        result = score(findings)
        scores.append(AgencyScore(check_id, agency.id, as_of, result.points, result.verdict,
                                  len(result.vetoes), len(findings)))  # fmt: skip
    return scores


def week_ends(as_of: date, weeks: int = TREND_WEEKS) -> list[date]:
    """The last days of the `weeks` weeks up to as_of, oldest first (as_of ends the last)."""
    return [as_of - timedelta(days=7 * back) for back in range(weeks - 1, -1, -1)]


def weekly_trend(store: Store, agency_ids: list[str], as_of: date,
                 weeks: int = TREND_WEEKS) -> list[TrendPoint]:  # fmt: skip
    """A point per week (ending on as_of, as_of-7, …): per agency its last check that week."""
    ends = week_ends(as_of, weeks)
    start, wanted = ends[0] - timedelta(days=6), set(agency_ids)
    weekly: dict[date, list[AgencyScore]] = {end: [] for end in ends}
    for entry in store.score_history(since=start, until=as_of):
        if entry.agency_id in wanted:
            weekly[ends[(entry.as_of - start).days // 7]].append(entry)
    return [week_point(end, last_per_agency(week)) for end, week in weekly.items()]


def week_point(end: date, scores: dict[str, AgencyScore]) -> TrendPoint:
    if not scores:
        return TrendPoint(end, 0, 0, None)
    values = list(scores.values())
    mean = round(sum(s.points for s in values) / len(values), 1)
    return TrendPoint(end, len(values), sum(s.verdict == PASS for s in values), mean)


def last_per_agency(scores: list[AgencyScore]) -> dict[str, AgencyScore]:
    """Each agency's latest score among `scores` (the history comes oldest first)."""
    latest: dict[str, AgencyScore] = {}
    for entry in sorted(scores, key=lambda s: (s.as_of, s.check_id)):
        latest[entry.agency_id] = entry
    return latest


def scores_on(
    store: Store, day: date, lookback_days: int = 7 * TREND_WEEKS
) -> dict[str, AgencyScore]:
    """Each agency's score by its last check on or before `day` (within the lookback)."""
    since = day - timedelta(days=lookback_days)
    return last_per_agency(store.score_history(since=since, until=day))
