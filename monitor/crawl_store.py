"""The crawl's item pipeline: items → the store, written in batches, one transaction each.

Items are buffered and written together (`write_items`) every `BATCH_ITEMS` items, or with
the first item that comes after the oldest has waited `BATCH_SECONDS`, or once the buffered
pages hold `BATCH_BYTES`; always when a column's walk ends (its `ColumnDone`: the column's
state lands with its publications) and when the spider closes. Archived pages are synced to
disk once a batch, before the batch's index rows are committed. A crawl killed at any moment
loses at most the batch not yet written; everything committed stays, and the next run resumes
from it (monitor/crawl.py).

Publications are upserted by canonical URL, detail metadata set once, every fetch recorded,
each kind of item by one bulk statement per run of items; a finished column stores its state,
marks what it no longer lists as removed (only after a complete walk) and keeps its first
page's validators for conditional requests. A column whose first page parses unlike its last
good parse is stored `unparsed_suspect` (monitor/parse_check.py). With an evidence folder set,
every page read is archived (monitor/evidence_archive.py).
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from itertools import groupby
from pathlib import Path

from scrapy.exceptions import NotConfigured

from common.crashpoints import crashpoint
from crawler.items import ColumnDone, DetailItem, FetchRecord, PageBody, PublicationItem
from monitor.evidence_archive import Archiver
from monitor.parse_check import SUSPECT, PageParse, suspicion
from monitor.store import Store

PIPELINE = "monitor.crawl_store.StorePipeline"  # as named in Scrapy's ITEM_PIPELINES
DATABASE = "ZWGK_DATABASE"
CRAWL_ID = "ZWGK_CRAWL_ID"
AS_OF = "ZWGK_AS_OF"
EVIDENCE_DIR = "ZWGK_EVIDENCE_DIR"  # unset: pages are not archived
EVIDENCE_DEDUP_DAYS = "ZWGK_EVIDENCE_DEDUP_DAYS"
BATCH_ITEMS = 200
BATCH_SECONDS = 1.0
BATCH_BYTES = 16 * 1024 * 1024  # of page bodies held for the archive
logger = logging.getLogger(__name__)


class StorePipeline:
    """Writes what the spider yields into the store, under the running crawl's id and date."""

    batch_items, batch_seconds, batch_bytes = BATCH_ITEMS, BATCH_SECONDS, BATCH_BYTES

    def __init__(self, database: str, crawl_id: int, as_of: str, evidence: tuple | None = None):
        self.database, self.crawl_id, self.as_of = database, crawl_id, as_of
        self.evidence = evidence  # (folder, dedup days)
        self.store: Store | None = None
        self.archiver: Archiver | None = None
        self.first_pages: dict[tuple[str, str], FetchRecord] = {}  # each column's first page
        # rows per column, list page and whether they carry a date
        self.page_rows: dict[tuple[str, str], Counter[tuple[str, bool]]] = {}
        self.pending: list = []  # items not written yet, in the order they came
        self.pending_since = 0.0
        self.pending_bytes = 0

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        if not settings.get(DATABASE) or settings.get(CRAWL_ID) is None:
            raise NotConfigured(f"{DATABASE} and {CRAWL_ID} are not set")
        folder = settings.get(EVIDENCE_DIR)
        evidence = (folder, settings.getint(EVIDENCE_DEDUP_DAYS, 182)) if folder else None
        return cls(settings.get(DATABASE), settings.getint(CRAWL_ID), settings.get(AS_OF), evidence)

    def open_spider(self, spider=None) -> None:
        self.store = Store(self.database)
        if self.evidence:
            folder, days = self.evidence
            self.archiver = Archiver(self.store, Path(folder), self.crawl_id, self.as_of, days,
                                     sync_each=False)  # fmt: skip

    def close_spider(self, spider=None) -> None:
        try:
            self.flush()
        finally:
            if self.archiver is not None:
                self.archiver.close()
            if self.store is not None:
                self.store.close()

    def process_item(self, item, spider=None):
        crashpoint("crawl.item")
        if not self.pending:
            self.pending_since = time.monotonic()
        self.pending.append(item)
        if isinstance(item, PageBody):
            self.pending_bytes += len(item.body)
        if self.batch_due(item):
            self.flush()
        return item

    def batch_due(self, item) -> bool:
        return (
            isinstance(item, ColumnDone)
            or len(self.pending) >= self.batch_items
            or self.pending_bytes >= self.batch_bytes
            or time.monotonic() - self.pending_since >= self.batch_seconds
        )

    def flush(self) -> None:
        """Write the buffered items (a batch that fails to write is logged by Scrapy, lost)."""
        items, self.pending, self.pending_bytes = self.pending, [], 0
        if items:
            self.write_items(items)

    def write_items(self, items: list) -> None:
        """Write crawl items in one transaction, in order, with the effects `process_item`
        has on each: a run of items of one kind goes in one bulk statement."""
        with self.store.transaction():
            for kind, run in groupby(items, type):
                WRITERS.get(kind, StorePipeline.skip)(self, list(run))
            if self.archiver is not None:
                self.archiver.sync()  # one fsync a batch: the pages before their index rows

    def write_publications(self, items: list[PublicationItem]) -> None:
        listed = [{"url": item.url, "title": item.title, "publish_date": item.publish_date,
                   "agency_id": item.agency_id, "column_id": item.column_id}
                  for item in items]  # fmt: skip
        self.store.record_listings(listed, self.crawl_id, self.as_of)
        for item in items:
            rows = self.page_rows.setdefault((item.agency_id, item.column_id), Counter())
            rows[item.list_url, bool(item.publish_date)] += 1

    def write_fetches(self, items: list[FetchRecord]) -> None:
        self.store.record_fetches([item.row(self.crawl_id) for item in items])
        for item in items:
            if item.kind == "list" and item.column_id is not None:
                self.first_pages.setdefault((item.agency_id, item.column_id), item)

    def write_details(self, items: list[DetailItem]) -> None:
        self.store.set_publications_meta([(item.url, item.meta) for item in items])

    def write_columns_done(self, items: list[ColumnDone]) -> None:
        for item in items:
            self.column_done(item)

    def write_pages(self, items: list[PageBody]) -> None:
        if self.archiver is not None:
            for item in items:
                self.archiver.archive(item)

    def skip(self, items: list) -> None:
        """Anything else a spider may yield is not the store's."""

    def column_done(self, item: ColumnDone) -> None:
        result, store = item.result, self.store
        key = (result.agency_id, result.column_id)
        parse, suspect = self.self_check(key)
        state = result.state(self.crawl_id)
        if suspect:
            state.update(outcome=SUSPECT, error=suspect, complete=0)
        if result.stop_reason == "not_modified":
            store.touch_column(*key, self.crawl_id, self.as_of)
        if state["complete"]:
            store.mark_removed(*key, self.crawl_id, self.as_of)
        if result.validators and state["outcome"] == "ok" and not result.page_failed:
            store.save_validators(item.first_url, **result.validators, crawl_id=self.crawl_id)
        if parse is not None:
            state.update(first_items=parse.items, first_dated=parse.dated, parser=parse.parser)
        store.record_column_state(state)

    def self_check(self, key: tuple[str, str]) -> tuple[PageParse | None, str | None]:
        """What the column's first page gave (None when it was not parsed) and why that looks
        wrong against the column's last good parse (monitor/parse_check.py), or None."""
        first, rows = self.first_pages.pop(key, None), self.page_rows.pop(key, Counter())
        if first is None or first.outcome != "ok":
            return None, None
        dated, undated = rows[first.url, True], rows[first.url, False]
        parse = PageParse(dated + undated, dated, first.parser)
        suspect = suspicion(self.store.parse_baseline(*key, self.crawl_id), parse)
        if suspect:
            self.store.mark_fetch_suspect(self.crawl_id, first.url, suspect)
            logger.warning("column %s/%s %s: %s (%s)", *key, SUSPECT, suspect, first.url)
        return parse, suspect


WRITERS = {
    PublicationItem: StorePipeline.write_publications,
    FetchRecord: StorePipeline.write_fetches,
    DetailItem: StorePipeline.write_details,
    ColumnDone: StorePipeline.write_columns_done,
    PageBody: StorePipeline.write_pages,
}
