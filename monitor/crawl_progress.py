"""The crawl's progress on its row in the store, every few seconds and at the end, for the
dashboard's 运行 page: a reporter of `crawler.progress`, named in Scrapy's settings by dotted
path, with the running crawl's database and id (`monitor.crawl_store`)."""

from __future__ import annotations

from scrapy.exceptions import NotConfigured

from crawler.progress import PROGRESS_REPORTERS, TERMINAL_REPORTER, Progress
from monitor.crawl_store import CRAWL_ID, DATABASE
from monitor.store import Store

STORE_REPORTER = "monitor.crawl_progress.StoreProgressReporter"
STORE_INTERVAL = "ZWGK_PROGRESS_STORE_INTERVAL"  # seconds between writes


def progress_settings() -> dict:
    """The Scrapy settings that show a crawl's progress on the terminal and in the store."""
    return {PROGRESS_REPORTERS: [TERMINAL_REPORTER, STORE_REPORTER]}


class StoreProgressReporter:
    """Writes the progress onto the crawl's row (`Store.save_progress`), through a
    connection of its own, opened on the first write and closed after the last."""

    def __init__(self, database: str, crawl_id: int, interval: float = 5.0):
        self.database, self.crawl_id, self.interval = database, crawl_id, interval
        self.store: Store | None = None

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        if not settings.get(DATABASE) or settings.get(CRAWL_ID) is None:
            raise NotConfigured(f"{DATABASE} and {CRAWL_ID} are not set")
        interval = settings.getfloat(STORE_INTERVAL, 5.0)
        return cls(settings.get(DATABASE), settings.getint(CRAWL_ID), interval)

    def report(self, progress: Progress) -> None:
        if self.store is None:
            self.store = Store(self.database)
        self.store.save_progress(self.crawl_id, progress.as_dict())

    def close(self, progress: Progress) -> None:
        try:
            self.report(progress)
        finally:
            if self.store is not None:
                self.store.close()
                self.store = None
