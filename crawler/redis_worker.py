"""A distributed crawl's worker: takes sites from Redis, walks them, sends their items back.

`zwgk crawl --redis URL` on any number of machines. The worker reads the published job
(`crawler.redis_queue`), then, whenever it has nothing left to fetch (Scrapy's idle signal, as
scrapy-redis's `RedisMixin` does), sends the finished batch and takes the next `batch` sites:
their shares of the crawl plan are merged and walked by the ordinary column spider. The items
go to the worker's `out` list on Redis as they come (`RedisItemPipeline`), and reach the writer
only when the whole batch has ended. The heartbeat keeps the worker's tasks its own; a worker
killed at any moment has its sites given back and walked again by another.

Politeness holds across workers: before each request the worker reserves the host's next
start time on Redis (`RedisGateMiddleware`), `download_delay` apart (`external_delay` for
links off the configured sites), whichever worker asks.
"""

from __future__ import annotations

import logging
import threading
import time
from urllib.parse import urlsplit

from scrapy.crawler import CrawlerProcess
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.utils.asyncio import sleep
from scrapy_redis.spiders import RedisMixin

from crawler.archive import ARCHIVE_PAGES
from crawler.config import CrawlSettings
from crawler.item_codec import item_to_json
from crawler.items import ColumnDone
from crawler.plan import CrawlPlan
from crawler.plan_codec import merge_plans, plan_from_json
from crawler.redis_queue import HEARTBEAT_EVERY, HEARTBEAT_TTL, Job, TaskQueue, worker_name
from crawler.run import quiet_logs
from crawler.settings import EXTERNAL_SLOT, scrapy_settings
from crawler.spiders.columns import ColumnsSpider
from crawler.urls import canonical_url

REDIS_URL = "REDIS_URL"  # scrapy-redis's own setting: its spider, the pipeline and the gate read it
WORKER = "ZWGK_WORKER"
SITE_DELAY = "ZWGK_SITE_DELAY"  # the delay the gate keeps per host across workers
EXTERNAL_DELAY = "ZWGK_EXTERNAL_DELAY"
# after robots.txt's wait (a request held there would go in a burst), before the timing stamp
GATE_MIDDLEWARE = "crawler.redis_worker.RedisGateMiddleware"
FLUSH_EVERY = 200  # items held before they are pushed to the worker's `out` list
log = logging.getLogger(__name__)


class SharedSeen(set):
    """The URLs a worker has fetched or checked in this crawl: the configured sites' pages (any
    worker's), and those it asked for itself, kept in `asked` until the other workers are told
    (`TaskQueue.claim_links`)."""

    def __init__(self, site_urls=()):
        super().__init__(canonical_url(url) for url in site_urls)
        self.asked: list[str] = []

    def add(self, url: str) -> None:
        if url not in self:
            self.asked.append(url)
            super().add(url)


class RedisColumnsSpider(RedisMixin, ColumnsSpider):
    """The column spider, fed batch by batch with sites from the task queue."""

    def __init__(self, crawl_settings: CrawlSettings, queue: TaskQueue, job: Job, worker: str,
                 batch: int, **kwargs):  # fmt: skip
        super().__init__(crawl_settings, CrawlPlan(as_of=None), **kwargs)
        self.queue, self.job, self.worker, self.batch = queue, job, worker, batch
        self.seen = SharedSeen(job.site_urls if job else ())
        self.batch_number = 0
        self.batch_sites: list[str] = []
        self.pending_items: list[str] = []
        self.spider_idle_start_time = int(time.time())  # RedisMixin's is set at import
        self.outdated = False  # a crawl set up otherwise was published: exit, to restart

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.setup_redis(crawler)
        return spider

    async def start(self):
        for request in self.next_requests():
            yield request

    def next_requests(self):
        """At idle: the finished batch goes to the writer, the next sites are taken."""
        self.send_batch()
        job = self.queue.job()
        if job is None:  # between crawls
            return
        if job != self.job:  # the next crawl: walked here too when set up alike
            self.outdated = not self.job.same_setup(job)
            if self.outdated:
                return
            self.job, self.seen = job, SharedSeen(job.site_urls)  # links: once per crawl
        tasks = self.queue.take_tasks(self.worker, self.batch)
        if not tasks:
            return
        shares = [plan_from_json(task) for task in tasks]
        self.batch_sites = [site.agency_id for share in shares for site in share.sites]
        self.batch_number += 1
        self.spider_idle_start_time = int(time.time())
        self.load_plan(merge_plans(shares))
        log.info("worker %s: batch %d, sites %s", self.worker, self.batch_number,
                 ", ".join(self.batch_sites))  # fmt: skip
        yield from self.plan_requests()

    def claim_links(self, agency_id: str, urls: list[str]) -> list[str]:
        pages, self.seen.asked = self.seen.asked, []
        return self.queue.claim_links(agency_id, urls, pages)

    def spider_idle(self):
        try:
            super().spider_idle()
        except DontCloseSpider:
            if not self.outdated:
                raise

    def send_batch(self) -> None:
        if not self.batch_sites:
            return
        self.claim_links(self.batch_sites[0], [])  # the pages it asked for, told the others
        for key, result in self.results.items():
            if not result.done:  # its walk ended without a last page (a dropped request)
                self.add_item(ColumnDone(result, self.columns[key].url))
        self.flush()
        if not self.queue.commit_batch(self.worker, self.batch_number, self.batch_sites):
            log.warning("worker %s: batch %d was given to another worker (no heartbeat)",
                        self.worker, self.batch_number)  # fmt: skip
        self.batch_sites = []

    def add_item(self, item) -> None:
        self.pending_items.append(item_to_json(item))
        if len(self.pending_items) >= FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        self.queue.push_items(self.worker, self.pending_items)
        self.pending_items = []

    def closed(self, reason: str) -> None:
        if self.batch_sites:  # stopped mid-batch: its sites go back at once
            log.warning("worker %s stopped (%s) with batch %d unfinished", self.worker, reason,
                        self.batch_number)  # fmt: skip


class Heartbeat(threading.Thread):
    """Beats every few seconds while the worker runs; its key is gone the moment it stops,
    so the writer gives back any unfinished batch at its next look."""

    def __init__(self, queue: TaskQueue, worker: str, ttl: int):
        super().__init__(daemon=True, name=f"heartbeat-{worker}")
        self.queue, self.worker, self.ttl = queue, worker, ttl
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            self.queue.beat(self.worker, self.ttl)
            self.stopped.wait(min(HEARTBEAT_EVERY, self.ttl / 3))

    def stop(self) -> None:
        self.stopped.set()
        self.join()
        self.queue.forget(self.worker)


class RedisItemPipeline:
    """Every item of the running batch goes to the worker's `out` list on Redis."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.get(REDIS_URL):
            raise NotConfigured(f"{REDIS_URL} is not set")
        return cls(crawler)

    def process_item(self, item, spider=None):
        self.crawler.spider.add_item(item)
        return item


class RedisGateMiddleware:
    """Waits, before each request, for the host's turn across every worker."""

    def __init__(self, queue: TaskQueue, site_delay: float, external_delay: float):
        self.queue, self.site_delay, self.external_delay = queue, site_delay, external_delay

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        if not settings.get(REDIS_URL):
            raise NotConfigured(f"{REDIS_URL} is not set")
        delays = settings.getfloat(SITE_DELAY), settings.getfloat(EXTERNAL_DELAY)
        if not any(delays):
            raise NotConfigured("no delay between requests")
        return cls(TaskQueue(settings.get(REDIS_URL)), *delays)

    async def process_request(self, request, spider=None):
        external = request.meta.get("download_slot") == EXTERNAL_SLOT
        delay = self.external_delay if external else self.site_delay
        host = (urlsplit(request.url).hostname or "").lower()
        if delay > 0 and host:
            wait = self.queue.gate_wait(host, delay)
            if wait > 0:
                await sleep(wait)
        return None


def wait_for_job(queue: TaskQueue, seconds: float) -> Job | None:
    """The published job, waiting for one up to `seconds` (0: for ever)."""
    deadline = time.monotonic() + seconds
    while (job := queue.job()) is None and (not seconds or time.monotonic() < deadline):
        time.sleep(1)
    return job


def work(redis_url: str, batch: int = 4, idle_exit: int = 60, log_level: str | None = None,
         heartbeat_ttl: int = HEARTBEAT_TTL) -> int | None:  # fmt: skip
    """Walk sites of the published crawl until none is left for `idle_exit` seconds; the
    crawl's id, or None when no crawl was published within `idle_exit` seconds."""
    queue = TaskQueue(redis_url)
    job = wait_for_job(queue, idle_exit)
    if job is None:
        return None
    crawl = CrawlSettings.model_validate(job.settings)
    worker = worker_name()
    settings = scrapy_settings(
        crawl, log_level, job.site_urls, "crawler.redis_worker.RedisItemPipeline"
    )
    settings.update(worker_settings(settings, crawl, redis_url, idle_exit, job.archive))
    process = CrawlerProcess(settings)
    quiet_logs(settings["LOG_LEVEL"])
    crawler = process.create_crawler(RedisColumnsSpider)
    process.crawl(crawler, crawl_settings=crawl, queue=queue, job=job, worker=worker, batch=batch)
    heartbeat = Heartbeat(queue, worker, heartbeat_ttl)
    heartbeat.start()
    try:
        process.start()
    finally:
        heartbeat.stop()
    return job.crawl_id


def worker_settings(base: dict, crawl: CrawlSettings, redis_url: str, idle_exit: int,
                    archive: bool) -> dict:  # fmt: skip
    """The worker's additions: Redis, the gate in place of the local delay, the idle exit."""
    middlewares = {**base["DOWNLOADER_MIDDLEWARES"], GATE_MIDDLEWARE: 940}
    return {
        REDIS_URL: redis_url,
        SITE_DELAY: crawl.download_delay,
        EXTERNAL_DELAY: crawl.external_delay,
        "DOWNLOAD_DELAY": 0,
        "DOWNLOAD_SLOTS": {EXTERNAL_SLOT: {"concurrency": 1, "delay": 0}},
        "DOWNLOADER_MIDDLEWARES": middlewares,
        "MAX_IDLE_TIME_BEFORE_CLOSE": idle_exit,
        "REDIS_START_URLS_KEY": TaskQueue.key("tasks"),
        ARCHIVE_PAGES: archive,
    }
