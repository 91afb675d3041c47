"""Crawls, their fetch records and the state each crawl left each column in."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from monitor.parse_check import Baseline, PageParse
from monitor.store.connection import Connection, insert_sql, record, utc_now


@dataclass(frozen=True)
class Crawl:
    id: int
    as_of: str
    started_at: str
    finished_at: str | None
    status: str  # running | finished | failed | interrupted
    summary: dict[str, Any] | None


@dataclass(frozen=True)
class ColumnState:
    """How one crawl fared on one column."""

    crawl_id: int
    agency_id: str
    column_id: str
    outcome: str
    pages: int | None
    items: int | None
    error: str | None
    checked_at: str
    complete: int | None
    stop_reason: str | None  # not_modified | known | max_pages
    first_items: int | None = None  # rows on the first list page, and those with a date
    first_dated: int | None = None
    parser: str | None = None
    redirected_to: str | None = None  # where the column's address redirected to


@dataclass(frozen=True)
class Fetch:
    """One request of a crawl and what came of it."""

    id: int
    crawl_id: int
    agency_id: str | None
    column_id: str | None
    kind: str  # home | list | detail | link …
    url: str
    method: str | None
    status: int | None
    outcome: str
    error: str | None
    elapsed_ms: int | None
    fetched_at: str | None
    parser: str | None
    items: int | None


@dataclass(frozen=True)
class FetchTally:
    """Fetches of one crawl of one kind with one outcome; `slow` took over 15 s."""

    kind: str
    outcome: str
    count: int
    slow: int


@dataclass(frozen=True)
class SiteFetch:
    """One fetch of a homepage or a link, with the as_of of its crawl."""

    agency_id: str
    url: str
    source_url: str | None
    status: int | None
    outcome: str
    elapsed_ms: int | None
    as_of: str
    content_hits: str | None = None  # JSON, a homepage's content-check hits


class CrawlStore(Connection):
    def sync_agencies(self, agencies: Iterable[dict], columns: Iterable[dict]) -> None:
        with self.transaction():
            self.db["agencies"].upsert_all(agencies, pk="id")
            self.db["columns"].upsert_all(columns, pk=("agency_id", "id"))

    def start_crawl(self, as_of: str) -> int:
        with self.transaction():
            table = self.db["crawls"].insert(
                {"as_of": as_of, "started_at": utc_now(), "status": "running"}
            )
        return table.last_pk

    def finish_crawl(self, crawl_id: int, status: str, summary: dict) -> None:
        with self.transaction():
            self.db["crawls"].update(
                crawl_id,
                {
                    "finished_at": utc_now(),
                    "status": status,
                    "summary": json.dumps(summary, ensure_ascii=False),
                },
            )

    def save_progress(self, crawl_id: int, progress: dict) -> None:
        """Keep how far a running crawl has come on its row, for the dashboard's 运行 page.

        The keys: `columns_total` (the plan's columns so far), `columns_done` (those whose
        walk ended), `requests` (made so far), `errors` (failed requests), `rate` (requests
        per second over the last minute), `eta_s` (seconds left, None when not known yet) and
        `updated_at` (UTC, ISO 8601; now when absent).
        """
        stored = json.dumps({"updated_at": utc_now(), **progress}, ensure_ascii=False)
        with self.transaction():
            self.db.execute("update crawls set progress = ? where id = ?", [stored, crawl_id])

    def crawl_progress(self, crawl_ids: Iterable[int]) -> dict[int, dict]:
        """The stored progress of these crawls by id (save_progress's keys); none: left out."""
        ids = list(crawl_ids)
        marks = ", ".join("?" for _ in ids)
        sql = f"select id, progress from crawls where id in ({marks}) and progress is not null"
        return {row[0]: json.loads(row[1]) for row in self.db.execute(sql, ids)} if ids else {}

    def mark_interrupted_crawls(self) -> list[int]:
        """Crawls a killed process left `running` become `interrupted`; returns their ids."""
        with self.transaction():
            ids = [row[0] for row in self.db.execute(RUNNING_CRAWLS_SQL)]
            self.db.execute("update crawls set status = 'interrupted' where status = 'running'")
        return ids

    def latest_crawl(self) -> Crawl | None:
        return self._last_crawl(None)

    def latest_finished_crawl(self) -> Crawl | None:
        return self._last_crawl("status = 'finished'")

    def _last_crawl(self, where: str | None) -> Crawl | None:
        rows = list(self.db["crawls"].rows_where(where, order_by="id desc", limit=1))
        if not rows:
            return None
        summary = rows[0]["summary"]
        return record(Crawl, rows[0], summary=json.loads(summary) if summary else None)

    def record_fetch(self, fetch: dict) -> None:
        self.record_fetches([fetch])

    def record_fetches(self, fetches: list[dict]) -> None:
        """Insert fetch records in one transaction, those with the same keys by one statement."""
        with self.transaction() as conn:
            for names, rows in groupby(fetches, key=lambda fetch: tuple(fetch)):
                conn.executemany(insert_sql("fetches", names), rows)

    def fetches(self, crawl_id: int, **where: Any) -> list[Fetch]:
        clause = " and ".join(["crawl_id = :crawl_id", *(f"{k} = :{k}" for k in where)])
        rows = self.db["fetches"].rows_where(clause, {"crawl_id": crawl_id, **where})
        return [record(Fetch, row) for row in rows]

    def crawl_counts(self, crawl_id: int) -> dict[str, int]:
        """Requests made, publications listed and publications first seen in one crawl."""
        return dict(next(self.db.query(CRAWL_COUNTS_SQL, {"id": crawl_id})))

    def fetch_tally(self, crawl_id: int) -> list[FetchTally]:
        """Fetches of one crawl counted by kind and outcome, with the slow ones (over 15 s)."""
        return [record(FetchTally, row) for row in self.db.query(FETCH_TALLY_SQL, {"id": crawl_id})]

    def record_column_state(self, state: dict) -> None:
        with self.transaction():
            self.db["column_states"].upsert(
                {**state, "checked_at": utc_now()}, pk=("crawl_id", "agency_id", "column_id")
            )

    def parse_baseline(self, agency_id: str, column_id: str, crawl_id: int) -> Baseline | None:
        """The column's last good parse before this crawl, and the suspect crawls since."""
        key = {"agency_id": agency_id, "column_id": column_id, "crawl_id": crawl_id}
        row = next(self.db.query(BASELINE_SQL, key), None)
        if row is None:
            return None
        (since,) = self.db.execute(
            SUSPECT_SINCE_SQL, {**key, "baseline": row["crawl_id"]}
        ).fetchone()
        parse = PageParse(row["first_items"], row["first_dated"], row["parser"])
        return Baseline(parse, since)

    def mark_fetch_suspect(self, crawl_id: int, url: str, reason: str) -> None:
        """Record on a list page's fetch that its parse looks wrong."""
        with self.transaction():
            self.db.execute(
                "update fetches set outcome = 'unparsed_suspect', error = ? "
                "where crawl_id = ? and url = ? and kind = 'list'",
                [reason, crawl_id, url],
            )

    def latest_column_states(self) -> dict[tuple[str, str], ColumnState]:
        """The most recent recorded state of each column, over all crawls."""
        states = (record(ColumnState, row) for row in self.db.query(LATEST_STATES_SQL))
        return {(state.agency_id, state.column_id): state for state in states}

    def column_completions(self) -> dict[tuple[str, str], str]:
        """The `as_of` of each column's latest walk as far as allowed (to the end, or to its
        `max_pages`), with no page failing."""
        return {(r["agency_id"], r["column_id"]): r["as_of"] for r in self.db.query(COMPLETE_SQL)}

    def column_crawl_dates(self) -> dict[tuple[str, str], list[str]]:
        """The as_of dates of the crawls that read each column successfully."""
        dates: dict[tuple[str, str], list[str]] = {}
        for agency_id, column_id, as_of in self.db.execute(COLUMN_CRAWL_DATES_SQL):
            dates.setdefault((agency_id, column_id), []).append(as_of)
        return dates

    def site_fetches(self, kind: str) -> dict[str, list[SiteFetch]]:
        """Fetch records of one kind ("home", "link") per agency, with their crawl's as_of."""
        fetches: dict[str, list[SiteFetch]] = {}
        for row in self.db.query(SITE_FETCHES_SQL, {"kind": kind}):
            fetches.setdefault(row["agency_id"], []).append(record(SiteFetch, row))
        return fetches


RUNNING_CRAWLS_SQL = "select id from crawls where status = 'running'"
CRAWL_COUNTS_SQL = """
    select (select count(*) from fetches where crawl_id = :id) as requests,
           (select count(*) from publications where last_crawl = :id) as publications,
           (select count(*) from publications where first_crawl = :id) as new_publications
"""
FETCH_TALLY_SQL = """
    select kind, outcome, count(*) as count,
           sum(case when elapsed_ms > 15000 then 1 else 0 end) as slow
    from fetches where crawl_id = :id group by kind, outcome
"""
BASELINE_SQL = """
    select crawl_id, first_items, first_dated, parser from column_states
    where agency_id = :agency_id and column_id = :column_id and crawl_id < :crawl_id
      and outcome = 'ok' and first_items is not null
    order by crawl_id desc limit 1
"""
SUSPECT_SINCE_SQL = """
    select count(*) from column_states
    where agency_id = :agency_id and column_id = :column_id and outcome = 'unparsed_suspect'
      and crawl_id > :baseline and crawl_id < :crawl_id
"""
LATEST_STATES_SQL = """
    select s.* from column_states s
    join (select agency_id, column_id, max(crawl_id) as crawl_id
          from column_states group by agency_id, column_id) latest
    using (agency_id, column_id, crawl_id)
"""
COMPLETE_SQL = """
    select s.agency_id, s.column_id, max(c.as_of) as as_of
    from column_states s join crawls c on c.id = s.crawl_id
    where s.complete = 1 or (s.outcome = 'ok' and s.stop_reason = 'max_pages')
    group by s.agency_id, s.column_id
"""
COLUMN_CRAWL_DATES_SQL = """
    select distinct s.agency_id, s.column_id, c.as_of
    from column_states s join crawls c on c.id = s.crawl_id
    where s.outcome in ('ok', 'not_modified') order by c.as_of
"""
SITE_FETCHES_SQL = """
    select f.agency_id, f.url, f.source_url, f.status, f.outcome, f.elapsed_ms, c.as_of,
           f.content_hits
    from fetches f join crawls c on c.id = f.crawl_id
    where f.kind = :kind
"""
