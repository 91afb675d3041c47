"""Run the column spider on a crawl plan, in this process; its items go to an item pipeline.

Twisted's reactor runs once per process: call `crawl_columns` once per process (the
`zwgk crawl` command, or a child process of the scheduler), never twice in one.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import CrawlerProcess

from crawler.config import CrawlSettings
from crawler.items import ColumnResult
from crawler.plan import CrawlPlan
from crawler.settings import scrapy_settings
from crawler.spiders.columns import ColumnsSpider


def crawl_columns(
    crawl: CrawlSettings,
    plan: CrawlPlan,
    pipeline: str,
    log_level: str | None = None,
    **extra_settings: Any,
) -> list[ColumnResult]:
    """Walk every column of `plan` on a fresh reactor, each item passed to `pipeline` (a
    dotted path, configured by `extra_settings`); the per-column results, in plan order."""
    settings = scrapy_settings(crawl, log_level, plan.urls(), pipeline, **extra_settings)
    process = CrawlerProcess(settings)
    quiet_logs(settings["LOG_LEVEL"])
    crawler = process.create_crawler(ColumnsSpider)
    process.crawl(crawler, crawl_settings=crawl, plan=plan)
    process.start()
    return list(crawler.spider.results.values())


def quiet_logs(level: str) -> None:
    """Scrapy's loggers made as quiet as the crawl's log level, so that its per-request and
    per-item messages (DEBUG) are not even built; and a site that is down fails its robots.txt
    too: log that (with a traceback) only at DEBUG.

    The page request that follows fails the same way and is recorded as the column's fault.
    """
    logging.getLogger("scrapy").setLevel(level)
    if logging.getLevelName(level) != logging.DEBUG:
        logging.getLogger("scrapy.downloadermiddlewares.robotstxt").setLevel(logging.CRITICAL)
