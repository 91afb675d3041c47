"""The dashboard's reads: aggregates that stay fast on thousands of agencies and hundreds of
thousands of findings (counted in SQL, never loaded whole), one page of findings at a time,
each column's newest publication and last outcome, the fetches a finding cites, and runs."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

from monitor.store.connection import Connection, iso, record
from monitor.store.crawls import Crawl, Fetch
from monitor.store.findings import stored_finding
from monitor.store.notices import Notice, stored_notice
from rules.findings import Finding
from rules.scoring import NOT_SCORED

ACTIVE = ("new", "open", "reopened")
SEVERITY_CLAUSES = {
    "veto": "severity = 'veto'",
    "points": "severity like 'points %'",
    "warning": "severity = 'warning'",
}
PAGE_ORDER = "(severity = 'veto') desc, opened_on desc, agency_id, item_id, period, id"


@dataclass(frozen=True)
class AgencyTally:
    """An agency's open findings: how many, the vetoes and points deducted among those that
    count for its score (an `unreachable` finding could not be judged and counts for nothing)."""

    agency_id: str
    open: int
    vetoes: int
    deducted: float


@dataclass(frozen=True)
class OpenCounts:
    """The open findings of some agencies, counted in one pass: per agency, and per status."""

    tallies: dict[str, AgencyTally]
    by_status: dict[str, int]


@dataclass(frozen=True)
class FindingQuery:
    """One page of findings: every filter optional; `agency_ids` limits to those agencies."""

    agency_ids: tuple[str, ...] | None = None
    kind: str | None = None
    status: str | None = None
    severity: str | None = None  # veto | points | warning
    states: tuple[str, ...] | None = None
    limit: int = 50
    offset: int = 0


@dataclass(frozen=True)
class DayScore:
    """The visible agencies on one day, each by its last check of the day."""

    as_of: date
    agencies: int
    mean_points: float
    failing: int
    open_findings: int


@dataclass(frozen=True)
class ColumnSummary:
    column_id: str
    newest: str | None  # the newest publish date listed
    listed: int
    outcome: str | None  # of the latest crawl that recorded the column
    error: str | None
    checked_at: str | None


@dataclass(frozen=True)
class ReportRecord:
    id: int
    kind: str
    as_of: str
    path: str
    created_at: str


@dataclass(frozen=True)
class CheckRecord:
    id: int
    as_of: str
    ran_at: str
    crawl_id: int | None
    events: dict[str, int] = field(default_factory=dict)  # finding state → findings moved


class DashboardStore(Connection):
    def open_counts(self, agency_ids: list[str] | None = None) -> OpenCounts:
        """One scan of the active findings, grouped by agency and status."""
        where, params = _in_clause("agency_id", agency_ids)
        # all agencies: a plain scan beats the (agency_id, state) index and its row lookups
        sql = COUNTS_SQL.format(where=f"and {where}" if where else "",
                                hint="" if where else "not indexed")  # fmt: skip
        tallies: dict[str, list] = {}
        by_status: dict[str, int] = {}
        for agency_id, status, count, vetoes, deducted in self.db.execute(sql, params):
            by_status[status] = by_status.get(status, 0) + count
            tally = tallies.setdefault(agency_id, [0, 0, 0.0])
            tally[0] += count
            if status not in NOT_SCORED:  # not judged, or an operator event: counts nothing
                tally[1] += vetoes
                tally[2] += deducted
        return OpenCounts({agency: AgencyTally(agency, *values) for agency, values in tallies.items()},
                          dict(sorted(by_status.items(), key=lambda item: -item[1])))  # fmt: skip

    def agency_tallies(self, agency_ids: list[str] | None = None) -> dict[str, AgencyTally]:
        return self.open_counts(agency_ids).tallies

    def open_vetoes(self, agency_ids: list[str] | None = None, limit: int = 50) -> list[Finding]:
        """The newest open 单项否决 findings (no count: the overview's tallies have it)."""
        query = FindingQuery(agency_ids=_tuple(agency_ids), severity="veto", states=ACTIVE)
        where, params = _finding_where(query)
        sql = f"select * from findings where {where} order by opened_on desc, id limit ?"
        return [stored_finding(row) for row in self.db.query(sql, [*params, limit])]

    def finding_page(self, query: FindingQuery) -> tuple[list[Finding], int]:
        """One page of the findings the query selects, vetoes first, and how many it selects."""
        where, params = _finding_where(query)
        (total,) = self.db.execute(
            f"select count(*) from findings where {where}", params
        ).fetchone()
        sql = f"select * from findings where {where} order by {PAGE_ORDER} limit ? offset ?"
        rows = self.db.query(sql, [*params, query.limit, query.offset])
        return [stored_finding(row) for row in rows], total

    def score_trend(self, since: date, until: date,
                    agency_ids: list[str] | None = None) -> list[DayScore]:  # fmt: skip
        """Per day, the scores of that day's last check (every check scores every agency)."""
        where, params = _in_clause("s.agency_id", agency_ids)
        sql = TREND_SQL.format(where=f"and {where}" if where else "")
        rows = self.db.query(sql, [iso(since), iso(until), *params])
        return [DayScore(date.fromisoformat(row.pop("as_of")), **row) for row in rows]

    def column_summaries(self, agency_id: str) -> dict[str, ColumnSummary]:
        newest = {row["column_id"]: row for row in self.db.query(NEWEST_SQL, [agency_id])}
        states = {row["column_id"]: row for row in self.db.query(STATE_SQL, {"agency": agency_id})}
        return {cid: _column_summary(cid, newest.get(cid, {}), states.get(cid, {}))
                for cid in {*newest, *states}}  # fmt: skip

    def cited_fetches(self, agency_id: str, column_ids: list[str], urls: list[str],
                      crawls: int = 3, limit: int = 40) -> list[tuple[Fetch, str]]:  # fmt: skip
        """The fetches of the last `crawls` crawls of these columns or URLs, with each
        crawl's as_of, newest first."""
        if not column_ids and not urls:
            return []
        ids = [row[0] for row in self.db.execute(LAST_CRAWLS_SQL, [crawls])]
        crawl_in, crawl_params = _in_clause("f.crawl_id", ids)
        cols, col_params = _in_clause("f.column_id", column_ids or [""])
        links, url_params = _in_clause("f.url", urls or [""])
        sql = f"""select f.*, c.as_of as crawl_as_of from fetches f
                  join crawls c on c.id = f.crawl_id
                  where {crawl_in} and f.agency_id = ? and ({cols} or {links})
                  order by f.crawl_id desc, f.id limit ?"""
        params = [*crawl_params, agency_id, *col_params, *url_params, limit]
        return [(record(Fetch, row), row["crawl_as_of"]) for row in self.db.query(sql, params)]

    def finding_events(self, finding_id: str) -> list[dict]:
        sql = "select as_of, state, check_id from finding_events where finding_id = ? order by id"
        return list(self.db.query(sql, [finding_id]))

    def finding_notices(self, finding_id: str) -> list[Notice]:
        sql = """select n.* from notices n join notice_findings l on l.notice_id = n.id
                 where l.finding_id = ? order by n.id"""
        return [stored_notice(row) for row in self.db.query(sql, [finding_id])]

    def notice_finding_counts(self) -> dict[int, int]:
        sql = "select notice_id, count(*) from notice_findings group by notice_id"
        return dict(self.db.execute(sql).fetchall())

    def reports_of(self, kind: str) -> list[ReportRecord]:
        rows = self.db["reports"].rows_where("kind = ?", [kind], order_by="as_of desc, id desc")
        return [record(ReportRecord, row) for row in rows]

    def report(self, report_id: int) -> ReportRecord | None:
        rows = list(self.db["reports"].rows_where("id = ?", [report_id]))
        return record(ReportRecord, rows[0]) if rows else None

    def recent_crawls(self, limit: int = 30) -> list[Crawl]:
        rows = self.db["crawls"].rows_where(order_by="id desc", limit=limit)
        return [record(Crawl, row, summary=json.loads(row["summary"] or "null")) for row in rows]

    def crawl(self, crawl_id: int) -> Crawl | None:
        rows = list(self.db["crawls"].rows_where("id = ?", [crawl_id]))
        summary = rows[0]["summary"] if rows else None
        return record(Crawl, rows[0], summary=json.loads(summary or "null")) if rows else None

    def failed_fetches(self, crawl_id: int, limit: int = 200) -> list[Fetch]:
        sql = """select * from fetches where crawl_id = ?
                 and outcome not in ('ok', 'not_modified') order by agency_id, id limit ?"""
        return [record(Fetch, row) for row in self.db.query(sql, [crawl_id, limit])]

    def recent_checks(self, limit: int = 30) -> list[CheckRecord]:
        rows = list(self.db["checks"].rows_where(order_by="id desc", limit=limit))
        ids = [row["id"] for row in rows]
        where, params = _in_clause("check_id", ids or [-1])
        events: dict[int, dict[str, int]] = {}
        sql = f"select check_id, state, count(*) from finding_events where {where} group by 1, 2"
        for check_id, state, count in self.db.execute(sql, params):
            events.setdefault(check_id, {})[state] = count
        return [record(CheckRecord, row, events=events.get(row["id"], {})) for row in rows]

    def latest_check(self) -> CheckRecord | None:
        checks = self.recent_checks(limit=1)
        return checks[0] if checks else None


def _in_clause(column: str, values) -> tuple[str | None, list]:
    if values is None:
        return None, []
    values = list(values)
    if not values:
        return "0", []
    return f"{column} in ({', '.join('?' for _ in values)})", values


def _tuple(values) -> tuple | None:
    return None if values is None else tuple(values)


def _finding_where(query: FindingQuery) -> tuple[str, list]:
    clauses, params = ["1"], []
    for column, values in (("agency_id", query.agency_ids), ("state", query.states)):
        clause, more = _in_clause(column, values)
        if clause:
            clauses.append(clause)
            params += more
    for column, value in (("kind", query.kind), ("status", query.status)):
        if value:
            clauses.append(f"{column} = ?")
            params.append(value)
    if query.severity:
        clauses.append(SEVERITY_CLAUSES[query.severity])
    return " and ".join(clauses), params


def _column_summary(column_id: str, newest: dict, state: dict) -> ColumnSummary:
    return ColumnSummary(column_id, newest.get("newest"), newest.get("listed", 0),
                         state.get("outcome"), state.get("error"),
                         state.get("checked_at"))  # fmt: skip


_ACTIVE_SQL = "('new', 'open', 'reopened')"
COUNTS_SQL = f"""
    select agency_id, status, count(*), sum(severity = 'veto'),
           sum(case when severity like 'points %' then cast(substr(severity, 8) as real)
                    else 0 end)
    from findings {{hint}} where state in {_ACTIVE_SQL} {{where}} group by agency_id, status
"""
TREND_SQL = """
    select c.as_of, count(*) as agencies, round(avg(s.points), 1) as mean_points,
           sum(s.verdict = '不合格') as failing, sum(s.open_findings) as open_findings
    from (select as_of, max(id) as check_id from checks where as_of between ? and ?
          group by as_of) c
    join agency_scores s on s.check_id = c.check_id
    where 1 {where} group by c.as_of order by c.as_of
"""
NEWEST_SQL = """
    select l.column_id, max(p.publish_date) as newest, count(*) as listed
    from listings l join publications p using (url)
    where l.agency_id = ? and l.removed_on is null group by l.column_id
"""
STATE_SQL = """
    select s.column_id, s.outcome, s.error, s.checked_at from column_states s
    join (select column_id, max(crawl_id) as crawl_id from column_states
          where agency_id = :agency group by column_id) latest using (column_id, crawl_id)
    where s.agency_id = :agency
"""
LAST_CRAWLS_SQL = "select id from crawls order by id desc limit ?"
