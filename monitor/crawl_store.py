"""The crawl's item pipeline: items → the store, one transaction (one commit) per item, so a
crawl killed at any moment loses nothing it had already stored.

Publications are upserted by canonical URL, detail metadata set once, every fetch recorded;
a finished column stores its state at once, marks what it no longer lists as removed (only
after a complete walk) and keeps its first page's validators for conditional requests. A column
whose first page parses unlike its last good parse is stored `unparsed_suspect`
(monitor/parse_check.py). With an evidence folder set, every page read is archived
(monitor/evidence_archive.py).
"""

from __future__ import annotations

import logging
from collections import Counter
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
logger = logging.getLogger(__name__)


class StorePipeline:
    """Writes what the spider yields into the store, under the running crawl's id and date."""

    def __init__(self, database: str, crawl_id: int, as_of: str, evidence: tuple | None = None):
        self.database, self.crawl_id, self.as_of = database, crawl_id, as_of
        self.evidence = evidence  # (folder, dedup days)
        self.store: Store | None = None
        self.archiver: Archiver | None = None
        self.first_pages: dict[tuple[str, str], FetchRecord] = {}  # each column's first page
        # rows per column, list page and whether they carry a date
        self.page_rows: dict[tuple[str, str], Counter[tuple[str, bool]]] = {}

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
            self.archiver = Archiver(self.store, Path(folder), self.crawl_id, self.as_of, days)

    def close_spider(self, spider=None) -> None:
        if self.archiver is not None:
            self.archiver.close()
        if self.store is not None:
            self.store.close()

    def process_item(self, item, spider=None):
        crashpoint("crawl.item")
        if isinstance(item, PublicationItem):
            publication = {"url": item.url, "title": item.title, "publish_date": item.publish_date}
            self.store.record_listing(
                publication, item.agency_id, item.column_id, self.crawl_id, self.as_of
            )
            rows = self.page_rows.setdefault((item.agency_id, item.column_id), Counter())
            rows[item.list_url, bool(item.publish_date)] += 1
        elif isinstance(item, FetchRecord):
            self.store.record_fetch(item.row(self.crawl_id))
            if item.kind == "list" and item.column_id is not None:
                self.first_pages.setdefault((item.agency_id, item.column_id), item)
        elif isinstance(item, DetailItem):
            self.store.set_publication_meta(item.url, item.meta)
        elif isinstance(item, ColumnDone):
            self.column_done(item)
        elif isinstance(item, PageBody) and self.archiver is not None:
            self.archiver.archive(item)
        return item

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
