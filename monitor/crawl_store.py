"""The crawl's item pipeline: items → the store, one transaction (one commit) per item, so a
crawl killed at any moment loses nothing it had already stored.

Publications are upserted by canonical URL, detail metadata set once, every fetch recorded;
a finished column stores its state at once, marks what it no longer lists as removed (only
after a complete walk) and keeps its first page's validators for conditional requests.
"""

from __future__ import annotations

from scrapy.exceptions import NotConfigured

from common.crashpoints import crashpoint
from crawler.items import ColumnDone, DetailItem, FetchRecord, PublicationItem
from monitor.store import Store

PIPELINE = "monitor.crawl_store.StorePipeline"  # as named in Scrapy's ITEM_PIPELINES
DATABASE = "ZWGK_DATABASE"
CRAWL_ID = "ZWGK_CRAWL_ID"
AS_OF = "ZWGK_AS_OF"


class StorePipeline:
    """Writes what the spider yields into the store, under the running crawl's id and date."""

    def __init__(self, database: str, crawl_id: int, as_of: str):
        self.database, self.crawl_id, self.as_of = database, crawl_id, as_of
        self.store: Store | None = None

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        if not settings.get(DATABASE) or settings.get(CRAWL_ID) is None:
            raise NotConfigured(f"{DATABASE} and {CRAWL_ID} are not set")
        return cls(settings.get(DATABASE), settings.getint(CRAWL_ID), settings.get(AS_OF))

    def open_spider(self, spider=None) -> None:
        self.store = Store(self.database)

    def close_spider(self, spider=None) -> None:
        if self.store is not None:
            self.store.close()

    def process_item(self, item, spider=None):
        crashpoint("crawl.item")
        if isinstance(item, PublicationItem):
            publication = {"url": item.url, "title": item.title, "publish_date": item.publish_date}
            self.store.record_listing(
                publication, item.agency_id, item.column_id, self.crawl_id, self.as_of
            )
        elif isinstance(item, FetchRecord):
            self.store.record_fetch(item.row(self.crawl_id))
        elif isinstance(item, DetailItem):
            self.store.set_publication_meta(item.url, item.meta)
        elif isinstance(item, ColumnDone):
            self.column_done(item)
        return item

    def column_done(self, item: ColumnDone) -> None:
        result, store = item.result, self.store
        key = (result.agency_id, result.column_id)
        if result.stop_reason == "not_modified":
            store.touch_column(*key, self.crawl_id, self.as_of)
        if result.complete:
            store.mark_removed(*key, self.crawl_id, self.as_of)
        if result.validators and result.outcome == "ok" and not result.page_failed:
            store.save_validators(item.first_url, **result.validators, crawl_id=self.crawl_id)
        store.record_column_state(result.state(self.crawl_id))
