"""Publications (keyed by canonical URL), their listings per column, and HTTP validators."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from crawler.plan import PendingDetail
from monitor.store.connection import Connection, record, to_date, utc_now
from monitor.store.crawls import SiteFetch
from monitor.store.evaluation_sql import (
    DATED_BETWEEN_SQL,
    FLAGGED_SQL,
    LIVE_COUNTS_SQL,
    LIVE_LISTINGS_SQL,
    NEWEST_SQL,
    OUTCOMES_SQL,
    READ_DAYS_SQL,
    SAVE_VERDICT_SQL,
    SEEN_AFTER_SQL,
    SEEN_ON_SQL,
    SUBSET_ROW,
    VISITS_SQL,
    of_agencies,
)


@dataclass(frozen=True)
class ListedPublication:
    """A publication as one column lists it; dates as the crawler stored them (ISO text)."""

    url: str
    title: str
    publish_date: str | None
    first_seen: str
    last_seen: str
    removed_on: str | None  # from this column, or from the site
    listed_since: str  # first seen in this column
    meta: dict[str, Any] = field(default_factory=dict, compare=False)  # detail-page metadata


# A listing as an evaluation reads it: (url, title, publish_date, first_seen, meta JSON).
ListingRow = tuple[str, str, str | None, str | None, str | None]
SEP = "\x1f"


@dataclass(frozen=True)
class StoredValidators:
    """What a URL answered last time, for its next conditional request."""

    url: str
    etag: str | None
    last_modified: str | None


class PublicationStore(Connection):
    def record_listing(
        self, pub: dict, agency_id: str, column_id: str, crawl_id: int, seen_on: str
    ) -> bool:
        """Store a listed publication and its listing in one transaction; a removed one that is
        listed again is restored. Returns True when the URL was not known before."""
        params = {**pub, "agency_id": agency_id, "column_id": column_id,
                  "crawl_id": crawl_id, "seen_on": seen_on}  # fmt: skip
        params.setdefault("publish_date", None)
        with self.transaction():
            known = self.db.execute(
                "select 1 from publications where url = ?", [pub["url"]]
            ).fetchone()
            self.db.execute(LISTED_PUBLICATION_SQL, params)
            self.db.execute(LISTING_SQL, params)
        return known is None

    def record_listings(self, listed: list[dict], crawl_id: int, seen_on: str) -> None:
        """Store listed publications (each with its `agency_id` and `column_id`) and their
        listings in one transaction, as `record_listing` does each, in order."""
        params = [{"publish_date": None, **pub, "crawl_id": crawl_id, "seen_on": seen_on}
                  for pub in listed]  # fmt: skip
        with self.transaction() as conn:
            conn.executemany(LISTED_PUBLICATION_SQL, params)
            conn.executemany(LISTING_SQL, params)

    def set_publication_meta(self, url: str, meta: dict) -> None:
        self.set_publications_meta([(url, meta)])

    def set_publications_meta(self, metas: list[tuple[str, dict]]) -> None:
        """Set the detail metadata of these publications (url, meta), in one transaction."""
        params = [(json.dumps(meta, ensure_ascii=False), url) for url, meta in metas]
        with self.transaction() as conn:
            conn.executemany("update publications set meta = ? where url = ?", params)

    def touch_column(self, agency_id: str, column_id: str, crawl_id: int, seen_on: str) -> int:
        """The column's first page is unchanged (HTTP 304): its current listings are seen."""
        params = {"agency_id": agency_id, "column_id": column_id,
                  "crawl_id": crawl_id, "seen_on": seen_on}  # fmt: skip
        with self.transaction():
            self.db.execute(TOUCH_PUBLICATIONS_SQL, params)
            touched = self.db.execute(TOUCH_LISTINGS_SQL, params).rowcount
        return touched

    def mark_removed(self, agency_id: str, column_id: str, crawl_id: int, on: str) -> int:
        """After a complete crawl of a column: its listings that crawl did not see are removed,
        and so is a publication no column lists any more. Returns the listings removed."""
        params = {"agency_id": agency_id, "column_id": column_id,
                  "crawl_id": crawl_id, "on": on}  # fmt: skip
        with self.transaction():
            removed = self.db.execute(REMOVE_LISTINGS_SQL, params).rowcount
            self.db.execute(REMOVE_PUBLICATIONS_SQL, params)
        return removed

    def known_urls(self, agency_id: str, column_id: str) -> set[str]:
        rows = self.db.execute(
            "select url from listings where agency_id = ? and column_id = ?",
            [agency_id, column_id],
        )
        return {row[0] for row in rows}

    def detailed_urls(self) -> set[str]:
        """Publications whose detail page has been read (their `meta` is set)."""
        rows = self.db.execute("select url from publications where meta is not null")
        return {row[0] for row in rows}

    def awaiting_field(self, agency_id: str, column_id: str, field: str) -> list[PendingDetail]:
        """Listed publications of a column whose detail metadata lacks `field` (yet)."""
        rows = self.db.query(AWAITING_FIELD_SQL, [f"$.{field}", agency_id, column_id])
        return [pending_detail(row) for row in rows]

    def content_hit_details(self) -> list[PendingDetail]:
        """Listed publications whose page had content hits when last read: read again each
        crawl until the page is mended (then their findings resolve)."""
        return [pending_detail(row) for row in self.db.query(CONTENT_HITS_SQL)]

    def pending_details(self) -> list[PendingDetail]:
        """Listed publications whose detail page is still to be read, one listing each."""
        return [pending_detail(row) for row in self.db.query(PENDING_DETAILS_SQL)]

    def save_validators(
        self, url: str, etag: str | None, last_modified: str | None, crawl_id: int
    ) -> None:
        row = {"url": url, "etag": etag, "last_modified": last_modified,
               "crawl_id": crawl_id, "saved_at": utc_now()}  # fmt: skip
        with self.transaction():
            self.db["validators"].upsert(row, pk="url")

    def validators(self) -> dict[str, StoredValidators]:
        """The ETag / Last-Modified stored for each URL, for conditional requests."""
        return {row["url"]: record(StoredValidators, row) for row in self.db["validators"].rows}

    def column_publications(self, agency_id: str, column_id: str) -> list[ListedPublication]:
        rows = self.db.query(COLUMN_PUBLICATIONS_SQL, [agency_id, column_id])
        return [
            record(ListedPublication, row, meta=json.loads(row["meta"] or "{}")) for row in rows
        ]

    def publication_count(self) -> int:
        return self.db["publications"].count

    # -- what an evaluation reads (monitor/views.py): sets, not one publication at a time --

    def live_counts(self, agency_ids: list[str] | None = None) -> dict[tuple[str, str], int]:
        """How many live listings each column has (a listing is live while its publication
        is: `mark_removed` removes a publication only with its last listing); of these
        agencies, or all."""
        rows = self.db.execute(*of_agencies(LIVE_COUNTS_SQL, agency_ids))
        return {(agency_id, column_id): count for agency_id, column_id, count in rows}

    def column_outcomes(self, agency_ids: list[str] | None = None) -> dict[tuple[str, str], tuple]:
        """Each column's latest crawl state: (outcome, error, redirected_to)."""
        rows = self.db.execute(*of_agencies(OUTCOMES_SQL, agency_ids))
        return {(agency_id, column_id): tuple(state) for agency_id, column_id, *state in rows}

    def column_read_days(
        self, agency_ids: list[str] | None = None
    ) -> dict[tuple[str, str], list[str]]:
        """The as_of dates of the crawls that read each column successfully, in order."""
        days: dict[tuple[str, str], list[str]] = {}
        for agency_id, column_id, as_of in self.db.execute(*of_agencies(READ_DAYS_SQL, agency_ids)):
            days.setdefault((agency_id, column_id), []).append(as_of)
        return days

    def site_visits(
        self, kind: str, agency_ids: list[str] | None = None
    ) -> dict[str, list[SiteFetch]]:
        """`CrawlStore.site_fetches` of these agencies (or all)."""
        sql, params = of_agencies(VISITS_SQL, agency_ids)
        visits: dict[str, list[SiteFetch]] = {}
        for row in self.db.execute(sql, [kind, *params]):
            visits.setdefault(row[0], []).append(SiteFetch(*row))
        return visits

    def newest_listed(self, agency_id: str, column_id: str, until: str) -> str | None:
        """The latest list date (ISO) of a column's live listings on or before `until`."""
        params = {"agency_id": agency_id, "column_id": column_id, "day": until}
        return self.db.execute(NEWEST_SQL, params).fetchone()[0]

    def live_listings(self, agency_id: str, column_id: str, which: str = "all",
                      day: str | None = None, days: int = 0) -> list[tuple]:  # fmt: skip
        """A column's live listings as `ListingRow`s, newest list date first (then by URL):
        `all`; `dated` — those listed on `day`, the first of them in that order only;
        `detailed` — those whose detail page was read, listed on or after `day` if given;
        `awaiting` — those read in detail and listed on or after `day`, but for those whose
        `reply_date` is `days` days after their list date or sooner;
        `from` — those that may be published on or after `day`: listed then or later, not
        dated in the list, or read in detail (their page may state another 发布日期)."""
        params = {"agency_id": agency_id, "column_id": column_id, "day": day, "days": days}
        return self.db.execute(LIVE_LISTINGS_SQL[which], params).fetchall()

    def dated_between(self, since: str, until: str) -> set[tuple[str, str]]:
        """The columns with a live listing dated from `since` to `until` (ISO dates): one
        pass over the publications of those days."""
        rows = self.db.execute(DATED_BETWEEN_SQL, {"since": since, "until": until})
        return set(rows.fetchall())

    def listing_rows(self, urls: list[str]) -> list[tuple]:
        """The `ListingRow`s of these publications."""
        rows: list[tuple] = []
        for start in range(0, len(urls), 500):
            part = urls[start : start + 500]
            sql = f"{SUBSET_ROW} from publications p where p.url in ({', '.join('?' * len(part))})"
            rows += self.db.execute(sql, part).fetchall()
        return rows

    def flagged_listings(self, flag: str) -> dict[tuple[str, str], list[tuple]]:
        """The live listings of publications with a flag, by column, as `ListingRow`s in the
        column's order: `hits` (content-check hits), `restated` (their detail page states a
        发布日期 other than the list's)."""
        found: dict[tuple[str, str], list[tuple]] = {}
        for agency_id, column_id, *row in self.db.execute(FLAGGED_SQL[flag]):
            found.setdefault((agency_id, column_id), []).append(tuple(row))
        return found

    def late_sightings(self) -> dict[tuple[str, str], list[str]]:
        """By column, the URLs of live listings whose list date is before a crawl earlier than
        the one that first saw them: not listed then, though dated before it. A crawl's
        sightings are its `as_of` (`record_listing`'s `seen_on`); any other first sighting is
        looked at against the crawl before it."""
        days = [day for (day,) in self.db.execute("select distinct as_of from crawls order by 1")]
        found: dict[tuple[str, str], list[str]] = {}
        for before, day in zip(days, [*days[1:], None], strict=False):  # the last: None
            queries = (SEEN_AFTER_SQL,) if day is None else (SEEN_ON_SQL, SEEN_AFTER_SQL)
            for sql in queries:
                for agency_id, column_id, url in self.db.execute(
                    sql, {"before": before, "day": day}
                ):
                    found.setdefault((agency_id, column_id), []).append(url)
        return found

    def report_verdicts(self, version: str) -> dict[tuple[str, int], dict]:
        """Kept annual-report verdicts of this inspector version (rules.report_kept)."""
        rows = self.db.execute(
            "select digest, year, verdict from report_inspections where version = ?", [version]
        )
        return {(digest, year): json.loads(verdict) for digest, year, verdict in rows}

    def save_report_verdicts(self, verdicts: dict[tuple[str, int], dict], version: str) -> None:
        """Keep new verdicts; those of other inspector versions go."""
        rows = [(digest, year, version, json.dumps(verdict, ensure_ascii=False), utc_now())
                for (digest, year), verdict in verdicts.items()]  # fmt: skip
        with self.transaction() as conn:
            conn.execute("delete from report_inspections where version != ?", [version])
            conn.executemany(SAVE_VERDICT_SQL, rows)


def pending_detail(row: dict[str, Any]) -> PendingDetail:
    day = to_date(row["publish_date"])
    return PendingDetail(row["url"], row["agency_id"], row["column_id"], day)


LISTED_PUBLICATION_SQL = """
    insert into publications (url, title, publish_date, first_seen, last_seen, first_crawl,
                              last_crawl)
    values (:url, :title, :publish_date, :seen_on, :seen_on, :crawl_id, :crawl_id)
    on conflict (url) do update set title = excluded.title,
        publish_date = coalesce(excluded.publish_date, publications.publish_date), last_seen = excluded.last_seen,
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
CONTENT_HITS_SQL = """
    select l.url, l.agency_id, l.column_id, p.publish_date from listings l
    join publications p using (url)
    where l.rowid in (
        select min(l2.rowid) from listings l2 join publications p2 using (url)
        where json_array_length(p2.meta, '$.content_hits') > 0
          and p2.removed_on is null and l2.removed_on is null
        group by l2.url)
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
COLUMN_PUBLICATIONS_SQL = """
    select p.url, p.title, p.publish_date, p.first_seen, p.last_seen,
           coalesce(l.removed_on, p.removed_on) as removed_on,
           p.meta, l.first_seen as listed_since
    from listings l join publications p using (url)
    where l.agency_id = ? and l.column_id = ?
    order by p.publish_date desc, p.url
"""
