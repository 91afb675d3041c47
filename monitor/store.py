"""The SQLite store (sqlite-utils, WAL): the one module that knows the tables.

Schema changes are numbered migrations applied in order; `PRAGMA user_version` records
how far a database has come.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from common.errors import ZwgkError


class StoreError(ZwgkError):
    """The database cannot be opened or used (a directory, no permission, not SQLite)."""


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _m1_initial(db: sqlite_utils.Database) -> None:
    db["agencies"].create(
        {"id": str, "name": str, "kind": str, "catalog": str, "homepage": str}, pk="id"
    )
    db["columns"].create(
        {"agency_id": str, "id": str, "name": str, "url": str, "items": str},
        pk=("agency_id", "id"),
    )
    db["crawls"].create(
        {
            "id": int,
            "as_of": str,
            "started_at": str,
            "finished_at": str,
            "status": str,
            "summary": str,
        },
        pk="id",
    )
    db["fetches"].create(
        {
            "id": int,
            "crawl_id": int,
            "agency_id": str,
            "column_id": str,
            "kind": str,
            "url": str,
            "method": str,
            "status": int,
            "outcome": str,
            "error": str,
            "elapsed_ms": int,
            "fetched_at": str,
            "parser": str,
            "items": int,
        },
        pk="id",
        foreign_keys=[("crawl_id", "crawls", "id")],
    )
    db["fetches"].create_index(["crawl_id", "agency_id", "column_id"])
    db["column_states"].create(
        {
            "crawl_id": int,
            "agency_id": str,
            "column_id": str,
            "outcome": str,
            "pages": int,
            "items": int,
            "error": str,
            "checked_at": str,
        },
        pk=("crawl_id", "agency_id", "column_id"),
    )
    db["publications"].create(
        {
            "url": str,
            "title": str,
            "publish_date": str,
            "first_seen": str,
            "last_seen": str,
            "removed_on": str,
            "first_crawl": int,
            "last_crawl": int,
            "meta": str,
        },
        pk="url",
    )
    db["listings"].create(
        {
            "agency_id": str,
            "column_id": str,
            "url": str,
            "first_seen": str,
            "last_seen": str,
            "last_crawl": int,
        },
        pk=("agency_id", "column_id", "url"),
    )
    db["checks"].create({"id": int, "as_of": str, "ran_at": str, "crawl_id": int}, pk="id")
    db["findings"].create(
        {
            "id": str,
            "agency_id": str,
            "item_id": str,
            "kind": str,
            "status": str,
            "period": str,
            "severity": str,
            "item_name": str,
            "basis": str,
            "message": str,
            "evidence": str,
            "state": str,
            "first_check": int,
            "last_check": int,
            "opened_on": str,
            "resolved_on": str,
            "updated_at": str,
        },
        pk="id",
    )
    db["findings"].create_index(["agency_id", "state"])
    db["finding_events"].create(
        {"id": int, "finding_id": str, "check_id": int, "state": str, "as_of": str}, pk="id"
    )
    db["reports"].create(
        {"id": int, "kind": str, "as_of": str, "path": str, "created_at": str}, pk="id"
    )


def _m2_waivers(db: sqlite_utils.Database) -> None:
    db["findings"].add_column("waiver", str)  # "waived" or "false_positive"
    db["findings"].add_column("waiver_reason", str)
    db["findings"].add_column("waived_until", str)
    db["findings"].add_column("waived_on", str)


def _m3_notices(db: sqlite_utils.Database) -> None:
    db["notices"].create(
        {
            "id": int,
            "number": str,
            "year": int,
            "seq": int,
            "agency_id": str,
            "issued_on": str,
            "deadline": str,
            "state": str,  # issued | rectified | overdue | withdrawn
            "rectified_on": str,
            "overdue_on": str,
            "withdrawn_on": str,
            "withdraw_reason": str,
            "files": str,
            "created_at": str,
        },
        pk="id",
    )
    db["notices"].create_index(["year", "seq"], unique=True)
    db["notices"].create_index(["number"], unique=True)
    db["notice_findings"].create(
        {"notice_id": int, "finding_id": str}, pk=("notice_id", "finding_id")
    )


def _m4_outbox(db: sqlite_utils.Database) -> None:
    db["outbox"].create(
        {
            "id": int,
            "dedupe_key": str,
            "agency_id": str,
            "audience": str,  # agency | supervisors
            "channel": str,  # the apprise URL as configured: ${VAR} placeholders, no secrets
            "subject": str,
            "body": str,
            "events": str,  # JSON list of the event keys this message carries
            "state": str,  # pending | sent | failed (retrying) | dead
            "attempts": int,
            "next_attempt_at": str,
            "last_error": str,
            "created_at": str,
            "sent_at": str,
        },
        pk="id",
    )
    db["outbox"].create_index(["dedupe_key", "channel"], unique=True)
    db["alert_events"].create(
        {"key": str, "agency_id": str, "kind": str, "created_at": str}, pk="key"
    )


def _m5_crawl_state(db: sqlite_utils.Database) -> None:
    """Incremental crawls: removed listings, complete columns, validators, link sources."""
    db["fetches"].add_column("source_url", str)  # the page a checked link was found on
    db["listings"].add_column("removed_on", str)
    db["column_states"].add_column("complete", int)  # every page walked, none failed
    db["column_states"].add_column("stop_reason", str)  # not_modified | known | max_pages
    db["validators"].create(
        {"url": str, "etag": str, "last_modified": str, "crawl_id": int, "saved_at": str},
        pk="url",
    )


MIGRATIONS = [_m1_initial, _m2_waivers, _m3_notices, _m4_outbox, _m5_crawl_state]


class Store:
    """Typed access to the monitor's database. Every write happens in a transaction."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite_utils.Database(self.path)
            self.db.conn.execute("PRAGMA busy_timeout = 30000")
            self.db.enable_wal()
            self._migrate()
        except (OSError, sqlite3.Error) as exc:
            what = "it is a folder" if self.path.is_dir() else exc
            raise StoreError(f"cannot open the database {self.path}: {what}") from exc

    def close(self) -> None:
        self.db.close()

    def _migrate(self) -> None:
        """Apply the migrations this database lacks, each under the write lock (two processes
        opening a new database at once must not both create its tables)."""
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        while version < len(MIGRATIONS):
            with self._immediate() as conn:
                (version,) = conn.execute("PRAGMA user_version").fetchone()
                if version < len(MIGRATIONS):
                    MIGRATIONS[version](self.db)
                    version += 1
                    conn.execute(f"PRAGMA user_version = {version}")

    # -- configuration mirror -------------------------------------------------

    def sync_agencies(self, agencies: Iterable[dict], columns: Iterable[dict]) -> None:
        with self.db.conn:
            self.db["agencies"].upsert_all(agencies, pk="id")
            self.db["columns"].upsert_all(columns, pk=("agency_id", "id"))

    def agencies(self) -> list[dict]:
        return list(self.db["agencies"].rows_where(order_by="rowid"))

    # -- crawls and fetches ---------------------------------------------------

    def start_crawl(self, as_of: str) -> int:
        with self.db.conn:
            table = self.db["crawls"].insert(
                {"as_of": as_of, "started_at": utc_now(), "status": "running"}
            )
        return table.last_pk

    def finish_crawl(self, crawl_id: int, status: str, summary: dict) -> None:
        with self.db.conn:
            self.db["crawls"].update(
                crawl_id,
                {
                    "finished_at": utc_now(),
                    "status": status,
                    "summary": json.dumps(summary, ensure_ascii=False),
                },
            )

    def crawl(self, crawl_id: int) -> dict:
        return self.db["crawls"].get(crawl_id)

    def latest_finished_crawl(self) -> dict | None:
        rows = self.db["crawls"].rows_where("status = 'finished'", order_by="id desc", limit=1)
        return next(iter(rows), None)

    def latest_crawl(self) -> dict | None:
        rows = list(self.db["crawls"].rows_where(order_by="id desc", limit=1))
        return rows[0] if rows else None

    def record_fetch(self, fetch: dict) -> None:
        with self.db.conn:
            self.db["fetches"].insert(fetch)

    def fetches(self, crawl_id: int, **where: Any) -> list[dict]:
        clause = " and ".join(["crawl_id = :crawl_id", *(f"{k} = :{k}" for k in where)])
        return list(self.db["fetches"].rows_where(clause, {"crawl_id": crawl_id, **where}))

    def crawl_counts(self, crawl_id: int) -> dict[str, int]:
        """Requests made, publications listed and publications first seen in one crawl."""
        sql = """
            select (select count(*) from fetches where crawl_id = :id) as requests,
                   (select count(*) from publications where last_crawl = :id) as publications,
                   (select count(*) from publications where first_crawl = :id)
                       as new_publications
        """
        return dict(next(self.db.query(sql, {"id": crawl_id})))

    def record_column_state(self, state: dict) -> None:
        with self.db.conn:
            self.db["column_states"].upsert(
                {**state, "checked_at": utc_now()}, pk=("crawl_id", "agency_id", "column_id")
            )

    def latest_column_states(self) -> dict[tuple[str, str], dict]:
        """The most recent recorded state of each column, over all crawls."""
        sql = """
            select s.* from column_states s
            join (select agency_id, column_id, max(crawl_id) as crawl_id
                  from column_states group by agency_id, column_id) latest
            using (agency_id, column_id, crawl_id)
        """
        return {(r["agency_id"], r["column_id"]): r for r in self.db.query(sql)}

    # -- publications ---------------------------------------------------------

    def upsert_publication(
        self, pub: dict, agency_id: str, column_id: str, crawl_id: int, seen_on: str
    ) -> bool:
        """Store one listed publication; returns True when its URL was not known before."""
        url = pub["url"]
        with self.db.conn:
            existing = self.db.execute(
                "select first_seen, first_crawl from publications where url = ?", [url]
            ).fetchone()
            first_seen, first_crawl = existing or (seen_on, crawl_id)
            self.db["publications"].upsert(
                {
                    "url": url,
                    "title": pub["title"],
                    "publish_date": pub.get("publish_date"),
                    "first_seen": first_seen,
                    "last_seen": seen_on,
                    "removed_on": None,
                    "first_crawl": first_crawl,
                    "last_crawl": crawl_id,
                },
                pk="url",
            )
            self._upsert_listing(agency_id, column_id, url, crawl_id, seen_on)
        return existing is None

    def _upsert_listing(self, agency_id, column_id, url, crawl_id, seen_on) -> None:
        key = (agency_id, column_id, url)
        first_seen = self.db.execute(
            "select first_seen from listings where agency_id=? and column_id=? and url=?", key
        ).fetchone()
        self.db["listings"].upsert(
            {
                "agency_id": agency_id,
                "column_id": column_id,
                "url": url,
                "first_seen": first_seen[0] if first_seen else seen_on,
                "last_seen": seen_on,
                "last_crawl": crawl_id,
            },
            pk=("agency_id", "column_id", "url"),
        )

    def set_publication_meta(self, url: str, meta: dict) -> None:
        with self.db.conn:
            self.db["publications"].update(url, {"meta": json.dumps(meta, ensure_ascii=False)})

    def known_urls(self, agency_id: str, column_id: str) -> set[str]:
        rows = self.db.execute(
            "select url from listings where agency_id = ? and column_id = ?",
            [agency_id, column_id],
        )
        return {row[0] for row in rows}

    def column_publications(self, agency_id: str, column_id: str) -> list[dict]:
        sql = """
            select p.url, p.title, p.publish_date, p.first_seen, p.last_seen,
                   coalesce(l.removed_on, p.removed_on) as removed_on,
                   p.meta, l.first_seen as listed_since
            from listings l join publications p using (url)
            where l.agency_id = ? and l.column_id = ?
            order by p.publish_date desc, p.url
        """
        return list(self.db.query(sql, [agency_id, column_id]))

    def publication_count(self) -> int:
        return self.db["publications"].count

    def column_crawl_dates(self) -> dict[tuple[str, str], list[str]]:
        """The as_of dates of the crawls that read each column successfully."""
        dates: dict[tuple[str, str], list[str]] = {}
        for row in self.db.query(COLUMN_CRAWL_DATES_SQL):
            dates.setdefault((row["agency_id"], row["column_id"]), []).append(row["as_of"])
        return dates

    def site_fetches(self, kind: str) -> dict[str, list[dict]]:
        """Fetch records of one kind ("home", "link") per agency, with their crawl's as_of."""
        fetches: dict[str, list[dict]] = {}
        for row in self.db.query(SITE_FETCHES_SQL, {"kind": kind}):
            fetches.setdefault(row["agency_id"], []).append(row)
        return fetches

    # -- checks and findings --------------------------------------------------

    def start_check(self, as_of: str, crawl_id: int | None) -> int:
        with self.db.conn:
            table = self.db["checks"].insert(
                {"as_of": as_of, "ran_at": utc_now(), "crawl_id": crawl_id}
            )
        return table.last_pk

    def previous_check(self, check_id: int) -> dict | None:
        rows = list(self.db["checks"].rows_where("id < ?", [check_id], order_by="id desc", limit=1))
        return rows[0] if rows else None

    def all_findings(self) -> dict[str, dict]:
        return {row["id"]: _decode_finding(row) for row in self.db["findings"].rows}

    def save_findings(self, rows: list[dict], events: list[dict]) -> None:
        with self.db.conn:
            encoded = [
                {**row, "evidence": json.dumps(row["evidence"], ensure_ascii=False)} for row in rows
            ]
            self.db["findings"].upsert_all(encoded, pk="id")
            if events:
                self.db["finding_events"].insert_all(events)

    def findings(
        self, states: Iterable[str] | None = None, agency_id: str | None = None
    ) -> list[dict]:
        where, params = _state_filter(states, agency_id)
        rows = self.db["findings"].rows_where(
            where, params, order_by="agency_id, item_id, period, id"
        )
        return [_decode_finding(row) for row in rows]

    def finding(self, finding_id: str) -> dict | None:
        rows = list(self.db["findings"].rows_where("id = ?", [finding_id]))
        return _decode_finding(rows[0]) if rows else None

    def waive_finding(
        self, finding_id: str, waiver: str, reason: str, until: str | None, on: str
    ) -> None:
        with self.db.conn:
            self.db["findings"].update(
                finding_id,
                {"state": "waived", "waiver": waiver, "waiver_reason": reason,
                 "waived_until": until, "waived_on": on, "updated_at": utc_now()},
            )  # fmt: skip

    def finding_events(self, check_id: int) -> Iterator[dict]:
        return self.db["finding_events"].rows_where("check_id = ?", [check_id])

    def record_report(self, kind: str, as_of: str, path: str) -> None:
        with self.db.conn:
            self.db["reports"].insert(
                {"kind": kind, "as_of": as_of, "path": path, "created_at": utc_now()}
            )

    # -- notices --------------------------------------------------------------

    @contextmanager
    def _immediate(self):
        """A write transaction that holds the write lock from its first statement."""
        conn = self.db.conn
        if conn.in_transaction:
            conn.commit()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.rollback()
            raise
        conn.commit()

    def issue_notice(
        self,
        agency_id: str,
        year: int,
        issued_on: str,
        deadline: str,
        finding_ids: list[str],
        number_for,
    ) -> dict | None:
        """Number and store a notice for the findings not already on an open notice.

        The number is the next of the year, taken under the write lock, so two processes
        issuing at once never share one; numbers of withdrawn notices are never reused.
        """
        with self._immediate() as conn:
            taken = {row[0] for row in conn.execute(OPEN_NOTICE_FINDINGS_SQL)}
            fresh = [fid for fid in finding_ids if fid not in taken]
            if not fresh:
                return None
            (last,) = conn.execute(
                "select coalesce(max(seq), 0) from notices where year = ?", [year]
            ).fetchone()
            row = {"number": number_for(year, last + 1), "year": year, "seq": last + 1,
                   "agency_id": agency_id, "issued_on": issued_on, "deadline": deadline,
                   "state": "issued", "files": "{}", "created_at": utc_now()}  # fmt: skip
            cursor = conn.execute(
                f"insert into notices ({', '.join(row)}) values ({', '.join('?' * len(row))})",
                list(row.values()),
            )
            conn.executemany(
                "insert into notice_findings (notice_id, finding_id) values (?, ?)",
                [(cursor.lastrowid, fid) for fid in fresh],
            )
        return self.notice(cursor.lastrowid)

    def notice(self, notice_id: int | str) -> dict | None:
        """A notice by id, or by its number."""
        key = "number" if isinstance(notice_id, str) and not notice_id.isdigit() else "id"
        rows = list(self.db["notices"].rows_where(f"{key} = ?", [notice_id]))
        return _decode_notice(rows[0]) if rows else None

    def notices(
        self, states: Iterable[str] | None = None, agency_id: str | None = None
    ) -> list[dict]:
        where, params = _state_filter(states, agency_id)
        rows = self.db["notices"].rows_where(where, params, order_by="year, seq")
        return [_decode_notice(row) for row in rows]

    def notice_findings(self, notice_id: int) -> list[dict]:
        sql = """select f.* from notice_findings n join findings f on f.id = n.finding_id
                 where n.notice_id = ? order by f.item_id, f.period"""
        return [_decode_finding(row) for row in self.db.query(sql, [notice_id])]

    def update_notice(self, notice_id: int, changes: dict) -> None:
        if "files" in changes:
            changes = {**changes, "files": json.dumps(changes["files"], ensure_ascii=False)}
        with self.db.conn:
            self.db["notices"].update(notice_id, changes)

    # -- outbox ---------------------------------------------------------------

    def alert_event_keys(self) -> set[str]:
        """Keys of every alert event already queued for sending."""
        return {row[0] for row in self.db.execute("select key from alert_events")}

    def enqueue_outbox(self, rows: list[dict], events: list[dict]) -> int:
        """Queue messages and record their events; returns how many rows were added.

        A (dedupe_key, channel) already queued is skipped, so queuing twice adds nothing.
        """
        with self.db.conn:
            before = self.db["outbox"].count
            if rows:
                self.db["outbox"].insert_all(rows, ignore=True)
            if events:
                self.db["alert_events"].insert_all(events, pk="key", ignore=True)
            return self.db["outbox"].count - before

    _OUTBOX_DUE = (
        "(state = 'pending' or (state in ('failed', 'sending') and next_attempt_at <= :now))"
    )

    def due_outbox(self, now: str) -> list[dict]:
        """Messages to send now: pending, failed and due again, or claimed by a dead sender."""
        rows = self.db["outbox"].rows_where(self._OUTBOX_DUE, {"now": now}, order_by="id")
        return list(rows)

    def claim_outbox(self, row_id: int, now: str, lease_until: str) -> bool:
        """Mark a due message as being sent until lease_until; False if another sender has it."""
        sql = (
            "update outbox set state = 'sending', next_attempt_at = :lease"
            f" where id = :id and {self._OUTBOX_DUE}"
        )
        with self.db.conn:
            cursor = self.db.execute(sql, {"id": row_id, "now": now, "lease": lease_until})
        return cursor.rowcount == 1

    def release_outbox_claims(self) -> int:
        """Rows left `sending` by a sender that died become due again; returns how many."""
        with self.db.conn:
            cursor = self.db.execute(
                "update outbox set state = 'pending', next_attempt_at = null"
                " where state = 'sending'"
            )
        return cursor.rowcount

    def outbox(self, state: str | None = None) -> list[dict]:
        where, params = ("state = ?", [state]) if state else (None, [])
        return list(self.db["outbox"].rows_where(where, params, order_by="id"))

    def update_outbox(self, row_id: int, changes: dict) -> None:
        with self.db.conn:
            self.db["outbox"].update(row_id, changes)

    # -- crawl state ----------------------------------------------------------

    def mark_interrupted_crawls(self) -> list[int]:
        """Crawls a killed process left `running` become `interrupted`; returns their ids."""
        with self.db.conn:
            ids = [row[0] for row in self.db.execute(RUNNING_CRAWLS_SQL)]
            self.db.execute("update crawls set status = 'interrupted' where status = 'running'")
        return ids

    def record_listing(
        self, pub: dict, agency_id: str, column_id: str, crawl_id: int, seen_on: str
    ) -> bool:
        """Store a listed publication and its listing in one transaction; a removed one that is
        listed again is restored. Returns True when the URL was not known before."""
        params = {**pub, "agency_id": agency_id, "column_id": column_id,
                  "crawl_id": crawl_id, "seen_on": seen_on}  # fmt: skip
        params.setdefault("publish_date", None)
        with self.db.conn:
            known = self.db.execute(
                "select 1 from publications where url = ?", [pub["url"]]
            ).fetchone()
            self.db.execute(LISTED_PUBLICATION_SQL, params)
            self.db.execute(LISTING_SQL, params)
        return known is None

    def touch_column(self, agency_id: str, column_id: str, crawl_id: int, seen_on: str) -> int:
        """The column's first page is unchanged (HTTP 304): its current listings are seen."""
        params = {"agency_id": agency_id, "column_id": column_id,
                  "crawl_id": crawl_id, "seen_on": seen_on}  # fmt: skip
        with self.db.conn:
            self.db.execute(TOUCH_PUBLICATIONS_SQL, params)
            touched = self.db.execute(TOUCH_LISTINGS_SQL, params).rowcount
        return touched

    def mark_removed(self, agency_id: str, column_id: str, crawl_id: int, on: str) -> int:
        """After a complete crawl of a column: its listings that crawl did not see are removed,
        and so is a publication no column lists any more. Returns the listings removed."""
        params = {"agency_id": agency_id, "column_id": column_id,
                  "crawl_id": crawl_id, "on": on}  # fmt: skip
        with self.db.conn:
            removed = self.db.execute(REMOVE_LISTINGS_SQL, params).rowcount
            self.db.execute(REMOVE_PUBLICATIONS_SQL, params)
        return removed

    def detailed_urls(self) -> set[str]:
        """Publications whose detail page has been read (their `meta` is set)."""
        rows = self.db.execute("select url from publications where meta is not null")
        return {row[0] for row in rows}

    def awaiting_field(self, agency_id: str, column_id: str, field: str) -> list[dict]:
        """Listed publications of a column whose detail metadata lacks `field` (yet)."""
        return list(self.db.query(AWAITING_FIELD_SQL, [f"$.{field}", agency_id, column_id]))

    def pending_details(self) -> list[dict]:
        """Listed publications whose detail page is still to be read, one listing each."""
        return list(self.db.query(PENDING_DETAILS_SQL))

    def save_validators(
        self, url: str, etag: str | None, last_modified: str | None, crawl_id: int
    ) -> None:
        row = {"url": url, "etag": etag, "last_modified": last_modified,
               "crawl_id": crawl_id, "saved_at": utc_now()}  # fmt: skip
        with self.db.conn:
            self.db["validators"].upsert(row, pk="url")

    def validators(self) -> dict[str, dict]:
        """The ETag / Last-Modified stored for each URL, for conditional requests."""
        return {row["url"]: row for row in self.db["validators"].rows}

    def column_completions(self) -> dict[tuple[str, str], str]:
        """The `as_of` of each column's latest walk as far as allowed (to the end, or to its
        `max_pages`), with no page failing."""
        return {(r["agency_id"], r["column_id"]): r["as_of"] for r in self.db.query(COMPLETE_SQL)}

    def fetch_tally(self, crawl_id: int) -> list[dict]:
        """Fetches of one crawl counted by kind and outcome, with the slow ones (over 15 s)."""
        return list(self.db.query(FETCH_TALLY_SQL, {"id": crawl_id}))

    def fetches_for(self, url: str) -> list[dict]:
        return list(self.db["fetches"].rows_where("url = ?", [url], order_by="id"))


COLUMN_CRAWL_DATES_SQL = """
    select distinct s.agency_id, s.column_id, c.as_of
    from column_states s join crawls c on c.id = s.crawl_id
    where s.outcome in ('ok', 'not_modified') order by c.as_of
"""
SITE_FETCHES_SQL = """
    select f.*, c.as_of from fetches f join crawls c on c.id = f.crawl_id
    where f.kind = :kind
"""
RUNNING_CRAWLS_SQL = "select id from crawls where status = 'running'"
LISTED_PUBLICATION_SQL = """
    insert into publications (url, title, publish_date, first_seen, last_seen, first_crawl,
                              last_crawl)
    values (:url, :title, :publish_date, :seen_on, :seen_on, :crawl_id, :crawl_id)
    on conflict (url) do update set title = excluded.title,
        publish_date = excluded.publish_date, last_seen = excluded.last_seen,
        last_crawl = excluded.last_crawl, removed_on = null
"""
LISTING_SQL = """
    insert into listings (agency_id, column_id, url, first_seen, last_seen, last_crawl)
    values (:agency_id, :column_id, :url, :seen_on, :seen_on, :crawl_id)
    on conflict (agency_id, column_id, url) do update set last_seen = excluded.last_seen,
        last_crawl = excluded.last_crawl, removed_on = null
"""
CURRENT_LISTINGS = """
    select url from listings
    where agency_id = :agency_id and column_id = :column_id and removed_on is null
"""
TOUCH_PUBLICATIONS_SQL = f"""
    update publications set last_seen = :seen_on, last_crawl = :crawl_id
    where url in ({CURRENT_LISTINGS})
"""
TOUCH_LISTINGS_SQL = """
    update listings set last_seen = :seen_on, last_crawl = :crawl_id
    where agency_id = :agency_id and column_id = :column_id and removed_on is null
"""
REMOVE_LISTINGS_SQL = """
    update listings set removed_on = :on
    where agency_id = :agency_id and column_id = :column_id and removed_on is null
      and coalesce(last_crawl, -1) != :crawl_id
"""
REMOVE_PUBLICATIONS_SQL = """
    update publications set removed_on = :on
    where removed_on is null
      and url in (select url from listings where agency_id = :agency_id
                  and column_id = :column_id and removed_on is not null)
      and not exists (select 1 from listings l
                      where l.url = publications.url and l.removed_on is null)
"""
AWAITING_FIELD_SQL = """
    select l.url, l.agency_id, l.column_id, p.publish_date from listings l
    join publications p using (url)
    where p.meta is not null and json_extract(p.meta, ?) is null
      and l.agency_id = ? and l.column_id = ? and l.removed_on is null
"""
PENDING_DETAILS_SQL = """
    select l.url, l.agency_id, l.column_id, p.publish_date from listings l
    join publications p using (url)
    where l.rowid in (
        select min(l2.rowid) from listings l2 join publications p2 using (url)
        where p2.meta is null and p2.removed_on is null and l2.removed_on is null
        group by l2.url)
    order by l.rowid
"""
COMPLETE_SQL = """
    select s.agency_id, s.column_id, max(c.as_of) as as_of
    from column_states s join crawls c on c.id = s.crawl_id
    where s.complete = 1 or (s.outcome = 'ok' and s.stop_reason = 'max_pages')
    group by s.agency_id, s.column_id
"""
FETCH_TALLY_SQL = """
    select kind, outcome, count(*) as count,
           sum(case when elapsed_ms > 15000 then 1 else 0 end) as slow
    from fetches where crawl_id = :id group by kind, outcome
"""

OPEN_NOTICE_FINDINGS_SQL = """
    select n.finding_id from notice_findings n join notices s on s.id = n.notice_id
    where s.state in ('issued', 'overdue')
"""


def _state_filter(states: Iterable[str] | None, agency_id: str | None):
    """A where clause (or None) and its parameters: rows in these states, of this agency."""
    clauses, params = [], []
    if states is not None:
        states = list(states)
        clauses.append(f"state in ({', '.join('?' for _ in states)})")
        params += states
    if agency_id:
        clauses.append("agency_id = ?")
        params.append(agency_id)
    return " and ".join(clauses) or None, params


def _decode_notice(row: dict) -> dict:
    return {**row, "files": json.loads(row["files"] or "{}")}


def _decode_finding(row: dict) -> dict:
    return {**row, "evidence": json.loads(row["evidence"] or "[]")}
