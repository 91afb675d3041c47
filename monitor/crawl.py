"""Run one crawl of every configured column, in this process, and record it in the store.

Twisted's reactor runs once per process: call `run_crawl` once per process (the `zwgk crawl`
command, or a child process of the scheduler), never twice in one.

A crawl killed midway (even by SIGKILL) loses nothing it stored: the store pipeline writes
its items in batches, each one transaction (monitor/crawl_store.py), so a kill loses at most
the batch not yet written. The next run marks it `interrupted` and continues: detail pages
already read are not fetched again, a column whose walk had finished answers 304 to its
conditional request, and the others are walked again.
"""

from __future__ import annotations

import json
import time
from datetime import date

from crawler.archive import ARCHIVE_PAGES
from crawler.plan import CrawlPlan
from crawler.run import crawl_columns
from monitor.config import Config
from monitor.crawl_plan import plan_crawl
from monitor.crawl_progress import progress_settings
from monitor.crawl_store import (
    AS_OF,
    CRAWL_ID,
    DATABASE,
    EVIDENCE_DEDUP_DAYS,
    EVIDENCE_DIR,
    PIPELINE,
)
from monitor.store import FetchTally, Store

KIND_COUNTS = {"list": "list_requests", "detail": "detail_requests", "link": "link_checks",
               "home": "home_requests"}  # fmt: skip
OUTCOME_COUNTS = ("not_modified", "soft404", "waf", "unreachable", "blocked_address",
                  "redirect_loop", "too_large", "unparsed_suspect")  # fmt: skip


def run_crawl(config: Config, as_of: date, log_level: str | None = None) -> dict:
    """Crawl every column once; returns the summary stored with the crawl.

    Publications are first/last seen on `as_of`, so a crawl can be replayed on a fixed date.
    A column that fails is recorded with its fault and never stops the crawl.
    """
    started = time.monotonic()
    store = Store(config.database)
    try:
        interrupted, plan, crawl_id = begin_crawl(store, config, as_of)
        store_settings = {DATABASE: str(store.path), CRAWL_ID: crawl_id, AS_OF: as_of.isoformat(),
                          **evidence_settings(config), **progress_settings()}  # fmt: skip
        try:
            results = crawl_columns(config.crawl, plan, PIPELINE, log_level, **store_settings)
        except BaseException as exc:
            store.finish_crawl(crawl_id, "failed", {"crawl_id": crawl_id, "error": repr(exc)})
            raise
        for result in results:
            if not result.done:  # the spider closed before this column's walk ended
                store.record_column_state(result.state(crawl_id))
        summary = summarize(store, crawl_id, as_of, results, time.monotonic() - started)
        summary["interrupted_crawls"] = interrupted
        store.finish_crawl(crawl_id, "finished", summary)
        return summary
    finally:
        store.close()


def begin_crawl(store: Store, config: Config, as_of: date) -> tuple[int, CrawlPlan, int]:
    """A new crawl in the store: crawls left running marked interrupted (how many), the
    config's agencies and columns synced, the plan made; (interrupted, plan, crawl id)."""
    interrupted = store.mark_interrupted_crawls()
    store.sync_agencies(agency_rows(config), column_rows(config))
    plan = plan_crawl(store, config, as_of)
    return interrupted, plan, store.start_crawl(as_of.isoformat())


def evidence_settings(config: Config) -> dict:
    """Archive every page read into `evidence_dir`, deduplicated within half the retention."""
    return {ARCHIVE_PAGES: True, EVIDENCE_DIR: str(config.evidence_folder),
            EVIDENCE_DEDUP_DAYS: max(config.evidence_retention_days // 2, 1)}  # fmt: skip


def summarize(store: Store, crawl_id: int, as_of: date, results, elapsed: float) -> dict:
    fetches = fetch_counts(store.fetch_tally(crawl_id))
    # the store's self-check may have found a parsed column suspect (monitor/parse_check.py)
    ok = sum(1 for result in results if result.outcome == "ok") - fetches["unparsed_suspect"]
    return crawl_summary(store, crawl_id, as_of.isoformat(), (len(results), ok), fetches, elapsed)


def crawl_summary(
    store: Store, crawl_id: int, as_of: str, columns: tuple[int, int], fetches: dict, elapsed: float
) -> dict:
    """What `zwgk crawl` and `zwgk ingest` print: `columns` is (walked, ok)."""
    walked, ok = columns
    return {
        "crawl_id": crawl_id,
        "as_of": as_of,
        "columns": walked,
        "columns_ok": ok,
        "columns_failed": walked - ok,
        "columns_complete": store.crawl_columns_complete(crawl_id),  # less the suspect ones
        **store.crawl_counts(crawl_id),
        **fetches,
        "elapsed_s": round(elapsed, 2),
    }


def fetch_counts(tally: list[FetchTally]) -> dict[str, int]:
    """Requests by kind, answers by outcome, and homepages that did not open within 15 s."""
    counts = dict.fromkeys([*KIND_COUNTS.values(), *OUTCOME_COUNTS, "home_not_in_15s"], 0)
    for row in tally:
        if row.kind in KIND_COUNTS:
            counts[KIND_COUNTS[row.kind]] += row.count
        if row.outcome in OUTCOME_COUNTS:
            counts[row.outcome] += row.count
        if row.kind == "home" and (row.outcome != "ok" or row.slow):
            counts["home_not_in_15s"] += row.count if row.outcome != "ok" else row.slow
    return counts


def agency_rows(config: Config) -> list[dict]:
    return [
        {"id": a.id, "name": a.name, "kind": a.kind, "catalog": a.catalog, "homepage": a.homepage}
        for a in config.agencies
    ]


def column_rows(config: Config) -> list[dict]:
    return [
        {
            "agency_id": agency.id,
            "id": column.id,
            "name": column.name,
            "url": column.url,
            "items": json.dumps(column.items, ensure_ascii=False),
        }
        for agency in config.agencies
        for column in agency.columns
    ]
