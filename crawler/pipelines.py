"""Items → the monitor's store: publications upserted by canonical URL, every fetch recorded."""

from __future__ import annotations

from scrapy.exceptions import NotConfigured

from crawler.items import FetchRecord, PublicationItem
from monitor.store import Store

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
        if isinstance(item, PublicationItem):
            publication = {"url": item.url, "title": item.title, "publish_date": item.publish_date}
            self.store.upsert_publication(
                publication, item.agency_id, item.column_id, self.crawl_id, self.as_of
            )
        elif isinstance(item, FetchRecord):
            self.store.record_fetch(item.row(self.crawl_id))
        return item
