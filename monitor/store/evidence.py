"""The evidence archive's index: where each archived page's WARC record lies, and the checks'
crawls that say which snapshot a finding was judged on."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from monitor.store.connection import Connection, insert_sql, record

SNAPSHOT_ORDER = "crawl_id desc, id desc"


@dataclass(frozen=True)
class Snapshot:
    """One archived fetch of a page: a `response` record, or a `revisit` of an earlier one."""

    id: int
    url: str
    requested_url: str
    crawl_id: int
    day: str  # the crawl's as_of
    agency_id: str
    column_id: str | None
    kind: str
    fetched_at: str
    digest: str
    record_type: str  # response | revisit
    refers_to: int | None
    file: str
    offset: int
    length: int
    status: int
    content_type: str | None


class EvidenceStore(Connection):
    def add_snapshot(self, row: dict) -> int:
        with self.transaction() as conn:
            return conn.execute(insert_sql("evidence", row), row).lastrowid

    def snapshot(self, snapshot_id: int) -> Snapshot | None:
        rows = list(self.db["evidence"].rows_where("id = ?", [snapshot_id]))
        return record(Snapshot, rows[0]) if rows else None

    def snapshots_of(self, urls: Iterable[str]) -> list[Snapshot]:
        """Every archived fetch of these addresses (asked for or answered), newest first."""
        urls = sorted(set(urls))
        marks = ", ".join("?" for _ in urls)
        where = f"url in ({marks}) or requested_url in ({marks})"
        rows = self.db["evidence"].rows_where(where, [*urls, *urls], order_by=SNAPSHOT_ORDER)
        return [record(Snapshot, row) for row in rows]

    def snapshot_at(
        self, urls: Iterable[str], crawl_id: int | None = None, day: str | None = None
    ) -> Snapshot | None:
        """The newest archived fetch of these addresses by that crawl, or on or before that day."""
        for snapshot in self.snapshots_of(urls):
            if crawl_id is not None and snapshot.crawl_id > crawl_id:
                continue
            if day is not None and snapshot.day > day:
                continue
            return snapshot
        return None

    def archived_original(self, url: str, digest: str, since_day: str) -> Snapshot | None:
        """The newest `response` record of this address and payload archived since that day."""
        rows = self.db["evidence"].rows_where(
            "url = ? and digest = ? and record_type = 'response' and day >= ?",
            [url, digest, since_day], order_by="id desc", limit=1,
        )  # fmt: skip
        found = list(rows)
        return record(Snapshot, found[0]) if found else None

    def archive_end(self, file: str) -> int:
        """Where the last indexed record of a WARC file ends (0: none indexed)."""
        sql = 'select max("offset" + length) from evidence where file = ?'
        return self.db.execute(sql, [file]).fetchone()[0] or 0

    def forget_files(self, files: Iterable[str]) -> None:
        """Drop the index rows of WARC files that are removed."""
        files = list(files)
        if not files:
            return
        with self.transaction():
            marks = ", ".join("?" for _ in files)
            self.db.execute(f"delete from evidence where file in ({marks})", files)

    def check_crawl(self, check_id: int | None) -> int | None:
        """The crawl a check judged (None: no such check, or it had none)."""
        if check_id is None:
            return None
        row = self.db.execute("select crawl_id from checks where id = ?", [check_id]).fetchone()
        return row[0] if row else None

    def referred_files(self, files: Iterable[str]) -> set[str]:
        """The files holding the responses that revisits in these files refer to."""
        files = list(files)
        if not files:
            return set()
        marks = ", ".join("?" for _ in files)
        sql = ("select distinct o.file from evidence r join evidence o on o.id = r.refers_to "
               f"where r.file in ({marks})")  # fmt: skip
        return {row[0] for row in self.db.execute(sql, files)}
