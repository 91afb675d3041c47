"""Run one crawl of every configured column, in this process, and record it in the store.

Twisted's reactor runs once per process: call `run_crawl` once per process (the `zwgk crawl`
command, or a child process of the scheduler), never twice in one.

A crawl killed midway (even by SIGKILL) loses nothing it stored: every item is its own
transaction. The next run marks it `interrupted` and continues: detail pages already read
are not fetched again, a column whose walk had finished answers 304 to its conditional
request, and the others are walked again.
"""

from __future__ import annotations

import json
import logging
import time
from datetime import date

from scrapy.crawler import CrawlerProcess

from crawler.pipelines import AS_OF, CRAWL_ID, DATABASE
from crawler.plan import CrawlPlan, plan_crawl
from crawler.settings import scrapy_settings
from crawler.spiders.columns import ColumnsSpider
from monitor.config import Config
from monitor.store import Store

KIND_COUNTS = {"list": "list_requests", "detail": "detail_requests", "link": "link_checks",
               "home": "home_requests"}  # fmt: skip
OUTCOME_COUNTS = ("not_modified", "soft404", "waf", "unreachable", "blocked_address",
                  "redirect_loop", "too_large")  # fmt: skip


def run_crawl(config: Config, as_of: date, log_level: str | None = None) -> dict:
    """Crawl every column once; returns the summary stored with the crawl.

    Publications are first/last seen on `as_of`, so a crawl can be replayed on a fixed date.
    A column that fails is recorded with its fault and never stops the crawl.
    """
    started = time.monotonic()
    store = Store(config.database)
    try:
        interrupted = store.mark_interrupted_crawls()
        store.sync_agencies(agency_rows(config), column_rows(config))
        plan = plan_crawl(store, config, as_of)
        crawl_id = store.start_crawl(as_of.isoformat())
        try:
            results = crawl_columns(config, plan, store.path, crawl_id, log_level)
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


def crawl_columns(config: Config, plan: CrawlPlan, database, crawl_id: int, log_level=None):
    """Run the column spider on a fresh reactor; the per-column results, in config order."""
    sites = [a.homepage for a in config.agencies] + [
        c.url for a in config.agencies for c in a.columns
    ]
    settings = scrapy_settings(
        config.crawl,
        log_level,
        sites,
        **{DATABASE: str(database), CRAWL_ID: crawl_id, AS_OF: plan.as_of.isoformat()},
    )
    process = CrawlerProcess(settings)
    quiet_robots_errors(settings["LOG_LEVEL"])
    crawler = process.create_crawler(ColumnsSpider)
    process.crawl(crawler, config=config, plan=plan)
    process.start()
    return list(crawler.spider.results.values())


def quiet_robots_errors(level: str) -> None:
    """A site that is down fails its robots.txt too: log that (with a traceback) only at DEBUG.

    The page request that follows fails the same way and is recorded as the column's fault.
    """
    if logging.getLevelName(level) != logging.DEBUG:
        logging.getLogger("scrapy.downloadermiddlewares.robotstxt").setLevel(logging.CRITICAL)


def summarize(store: Store, crawl_id: int, as_of: date, results, elapsed: float) -> dict:
    ok = sum(1 for result in results if result.outcome == "ok")
    return {
        "crawl_id": crawl_id,
        "as_of": as_of.isoformat(),
        "columns": len(results),
        "columns_ok": ok,
        "columns_failed": len(results) - ok,
        "columns_complete": sum(1 for result in results if result.complete),
        **store.crawl_counts(crawl_id),
        **fetch_counts(store.fetch_tally(crawl_id)),
        "elapsed_s": round(elapsed, 2),
    }


def fetch_counts(tally: list[dict]) -> dict[str, int]:
    """Requests by kind, answers by outcome, and homepages that did not open within 15 s."""
    counts = dict.fromkeys([*KIND_COUNTS.values(), *OUTCOME_COUNTS, "home_not_in_15s"], 0)
    for row in tally:
        if row["kind"] in KIND_COUNTS:
            counts[KIND_COUNTS[row["kind"]]] += row["count"]
        if row["outcome"] in OUTCOME_COUNTS:
            counts[row["outcome"]] += row["count"]
        if row["kind"] == "home" and (row["outcome"] != "ok" or row["slow"]):
            counts["home_not_in_15s"] += row["count"] if row["outcome"] != "ok" else row["slow"]
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
