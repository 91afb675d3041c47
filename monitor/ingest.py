"""A distributed crawl's one writer: publishes the crawl on Redis, stores what the workers
send, gives a dead worker's sites back, and finishes the crawl when every site is stored.

`zwgk ingest --redis URL` (and the cycle's crawl step when `crawl.redis` is set). The crawl is
planned as `zwgk crawl` plans it (`monitor.crawl_plan`), cut into one task per site
(`crawler.plan_codec`), and published (`crawler.redis_queue`). Each finished batch is stored in
one transaction together with its name in `ingested_batches`: a writer killed at any point
and started again resumes the published crawl and stores no batch twice.
"""

from __future__ import annotations

import logging
import time
from datetime import date

from common.crashpoints import crashpoint
from common.errors import ZwgkError
from crawler.item_codec import item_from_json
from crawler.items import ColumnDone, FetchRecord
from crawler.plan_codec import plan_to_json, site_shares
from crawler.progress import OK_OUTCOMES, Progress, Tally, TerminalReporter
from crawler.redis_queue import BatchEntry, Job, TaskQueue
from monitor.config import Config
from monitor.crawl import begin_crawl, crawl_summary, evidence_settings, fetch_counts
from monitor.crawl_progress import StoreProgressReporter
from monitor.crawl_store import EVIDENCE_DEDUP_DAYS, EVIDENCE_DIR, StorePipeline
from monitor.store import Store

REQUEUE_EVERY = 2.0  # seconds between looks for dead workers
STALL_LIMIT = 3600.0  # seconds without a live worker or a stored batch before giving up
log = logging.getLogger(__name__)


class NoWorkers(ZwgkError):
    """No crawl worker has been alive, nor any batch stored, for the stall limit."""


def run_distributed_crawl(config: Config, as_of: date, redis_url: str,
                          stall_limit: float = STALL_LIMIT) -> dict:  # fmt: skip
    """Publish a crawl of `config` (or resume the one published for this store) and store
    every site's batch as it comes; returns the summary stored with the crawl. Raises
    `NoWorkers` (the crawl `failed`) when `stall_limit` seconds pass with no worker alive and
    no batch stored."""
    started = time.monotonic()
    queue = TaskQueue(redis_url)
    store = Store(config.database)
    try:
        job = resumable_job(queue, store) or publish(queue, store, config, as_of)
        pipeline = StorePipeline(str(store.path), job.crawl_id, job.as_of, evidence(config))
        pipeline.open_spider()
        try:
            drain(queue, pipeline, job, stall_limit)
        except NoWorkers as exc:
            store.finish_crawl(
                job.crawl_id, "failed", {"crawl_id": job.crawl_id, "error": str(exc)}
            )
            queue.clear()
            raise
        finally:
            pipeline.close_spider()
        summary = summarize(store, job, time.monotonic() - started)
        store.finish_crawl(job.crawl_id, "finished", summary)
        queue.clear()
        return summary
    finally:
        store.close()


def resumable_job(queue: TaskQueue, store: Store) -> Job | None:
    """The published crawl, when this store's crawl of that id is still running."""
    job = queue.job()
    if job is None or not store.crawl_is_running(job.crawl_id):
        return None
    log.info("resuming the published crawl %d", job.crawl_id)
    return job


def publish(queue: TaskQueue, store: Store, config: Config, as_of: date) -> Job:
    _, plan, crawl_id = begin_crawl(store, config, as_of)
    job = Job(crawl_id=crawl_id, as_of=as_of.isoformat(),
              settings=config.crawl.model_dump(mode="json"), site_urls=plan.urls(),
              tasks=len(plan.sites), columns=len(plan.known), archive=True)  # fmt: skip
    queue.publish(job, [plan_to_json(share) for share in site_shares(plan)])
    log.info("published crawl %d: %d sites", crawl_id, job.tasks)
    return job


def evidence(config: Config) -> tuple[str, int]:
    settings = evidence_settings(config)
    return settings[EVIDENCE_DIR], settings[EVIDENCE_DEDUP_DAYS]


def drain(queue: TaskQueue, pipeline: StorePipeline, job: Job, stall_limit: float) -> None:
    """Store batches until every site of the crawl is stored, telling the progress on the
    terminal (or the log) and on the crawl's row for the dashboard."""
    tally = IngestTally.resumed(pipeline.store, job)
    reporters = [
        TerminalReporter.on_stderr(),
        StoreProgressReporter(pipeline.database, job.crawl_id),
    ]
    told = dict.fromkeys(reporters, 0.0)
    last_requeue, last_sign = 0.0, time.monotonic()
    while queue.sites_done() < job.tasks:
        if queue.workers():
            last_sign = time.monotonic()
        elif time.monotonic() - last_sign > stall_limit:
            raise NoWorkers(f"no crawl worker (zwgk crawl --redis {queue.url}) for "
                            f"{stall_limit:g} s; {job.tasks - queue.sites_done()} sites not crawled")  # fmt: skip
        if time.monotonic() - last_requeue >= REQUEUE_EVERY:
            if given := queue.requeue_dead():
                log.warning("gave %d sites of dead workers back", given)
            last_requeue = time.monotonic()
        entry = queue.take_batch(timeout=1.0)
        if entry is not None:
            tally.add(store_batch(queue, pipeline, job, entry))
            last_sign = time.monotonic()
        tell_progress(tally.progress(), told)
    for reporter in reporters:
        reporter.close(tally.progress())


def tell_progress(progress: Progress, told: dict) -> None:
    """Each reporter (with when it last told) told again once its interval has passed."""
    now = time.monotonic()
    for reporter, last in told.items():
        if now - last >= reporter.interval:
            reporter.report(progress)
            told[reporter] = now


def store_batch(queue: TaskQueue, pipeline: StorePipeline, job: Job, entry: BatchEntry) -> list:
    """One batch in one transaction, on the pipeline's own connection; its items (none when
    a writer before this one had stored it)."""
    store, name = pipeline.store, entry.name
    items = []
    if not store.batch_ingested(job.crawl_id, name):
        items = [item_from_json(text) for text in queue.batch_items(entry)]
        with store.transaction():
            pipeline.write_items(items)
            store.mark_batch_ingested(job.crawl_id, name)
    crashpoint("ingest.stored")  # stored, not yet taken off the queue
    queue.stored(entry)
    return items


class IngestTally:
    """The distributed crawl's progress as the stored batches tell it."""

    def __init__(self, columns_total: int, columns_done: int, requests: int, errors: int,
                 clock=time.monotonic):  # fmt: skip
        self.columns_total, self.columns_done = columns_total, columns_done
        self.done_at_start = columns_done
        self.tally = Tally(clock, requests, errors)

    @classmethod
    def resumed(cls, store, job: Job) -> IngestTally:
        """Counting on from what the crawl has stored already (a writer started again)."""
        tally = store.fetch_tally(job.crawl_id)
        errors = sum(row.count for row in tally if row.outcome not in OK_OUTCOMES)
        done = sum(store.crawl_column_outcomes(job.crawl_id).values())
        return cls(job.columns, done, sum(row.count for row in tally), errors)

    def add(self, items: list) -> None:
        fetches = [item for item in items if isinstance(item, FetchRecord)]
        self.tally.request(len(fetches))
        self.tally.error(sum(1 for fetch in fetches if fetch.outcome not in OK_OUTCOMES))
        self.columns_done += sum(1 for item in items if isinstance(item, ColumnDone))

    def progress(self) -> Progress:
        return self.tally.progress_of(self.columns_total, self.columns_done, self.done_at_start)


def summarize(store: Store, job: Job, elapsed: float) -> dict:
    outcomes = store.crawl_column_outcomes(job.crawl_id)
    columns = sum(outcomes.values()), outcomes.get("ok", 0)
    fetches = fetch_counts(store.fetch_tally(job.crawl_id))
    return {**crawl_summary(store, job.crawl_id, job.as_of, columns, fetches, elapsed),
            "distributed": True}  # fmt: skip
