"""Publications (keyed by canonical URL), their listings per column, and HTTP validators."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from crawler.plan import PendingDetail
from monitor.store.connection import Connection, record, to_date, utc_now


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

    def set_publication_meta(self, url: str, meta: dict) -> None:
        with self.transaction():
            self.db["publications"].update(url, {"meta": json.dumps(meta, ensure_ascii=False)})

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
