"""Scrapy settings for a zwgk crawl: politeness, retries and robots from the config.

Government sites are small servers: by default two requests at a time per site, a delay
between them that AutoThrottle stretches when a site slows down, robots.txt obeyed, and an
honest User-Agent. Retries (5xx, 429, timeouts, resets) wait longer each time; links to other
sites go through one slow download slot of their own; redirects off the configured sites'
origins and redirect loops are not followed, and neither are meta refreshes (a soft-404 page
often refreshes to the home page). Sites are hostile input: no request goes to a private
address the config does not allow (`crawler.guard`, `crawler.resolver`), nor to any scheme
but http(s), and no answer is read past `max_page_bytes`.
"""

from __future__ import annotations

import os
from typing import Any

from crawler.config import CrawlSettings
from crawler.middlewares import RETRY_BACKOFF
from crawler.progress import PROGRESS_REPORTERS, TERMINAL_REPORTER
from crawler.redirects import SITE_ORIGINS
from crawler.resolver import ALLOW_PRIVATE
from crawler.urls import origin, origin_url

LOG_LEVEL_ENV = "ZWGK_LOG_LEVEL"
DEFAULT_LOG_LEVEL = "WARNING"
EXTERNAL_SLOT = "zwgk-external"  # the download slot of every link off the configured sites
RETRY = "scrapy.downloadermiddlewares.retry.RetryMiddleware"
MAX_REDIRECTS = 10  # a longer chain is a loop (browsers give up at 20)
NOT_WEB = {"data": None, "file": None, "s3": None, "ftp": None}  # download handlers: http(s) only


def scrapy_settings(
    crawl: CrawlSettings,
    log_level: str | None = None,
    sites: list[str] = (),
    pipeline: str | None = None,
    **extra: Any,
) -> dict:
    """The Scrapy settings dict for `crawl` and the sites' URLs; the crawled items go to the
    item pipeline named by dotted path in `pipeline`; `extra` adds or overrides."""
    return {
        "BOT_NAME": "zwgk",
        "USER_AGENT": crawl.user_agent,
        "ROBOTSTXT_OBEY": crawl.obey_robots,
        "CONCURRENT_REQUESTS": 16,
        "CONCURRENT_REQUESTS_PER_DOMAIN": crawl.concurrency_per_domain,
        # a callback's output is handled by this many asyncio tasks per response: the item
        # pipelines are synchronous, so more tasks would only cost (100 by default)
        "CONCURRENT_ITEMS": 1,
        "DOWNLOAD_DELAY": crawl.download_delay,
        "DOWNLOAD_TIMEOUT": crawl.timeout,
        "DNS_TIMEOUT": crawl.timeout,
        "DOWNLOAD_SLOTS": {
            EXTERNAL_SLOT: {"concurrency": 1, "delay": crawl.external_delay, "jitter": 0.5}
        },
        "RETRY_ENABLED": crawl.retries > 0,
        "RETRY_TIMES": crawl.retries,
        "RETRY_GIVE_UP_LOG_LEVEL": "INFO",  # the spider logs one warning per failed column
        RETRY_BACKOFF: crawl.retry_backoff,
        SITE_ORIGINS: site_origins(sites),
        ALLOW_PRIVATE: list(crawl.allow_private),
        "TWISTED_DNS_RESOLVER": "crawler.resolver.GuardedResolver",
        "DOWNLOAD_HANDLERS": NOT_WEB,
        "DOWNLOAD_MAXSIZE": crawl.max_page_bytes,
        "DOWNLOAD_WARNSIZE": crawl.max_page_bytes // 2,
        "REDIRECT_MAX_TIMES": MAX_REDIRECTS,
        "METAREFRESH_ENABLED": False,
        "AUTOTHROTTLE_ENABLED": crawl.autothrottle,
        "AUTOTHROTTLE_START_DELAY": max(crawl.download_delay, 1.0),
        "AUTOTHROTTLE_MAX_DELAY": 30.0,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": float(crawl.concurrency_per_domain),
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "REMOTE_CONTROL_ENABLED": False,  # Scrapy's code-execution HTTP endpoint: never here
        "LOG_LEVEL": log_level or os.environ.get(LOG_LEVEL_ENV, DEFAULT_LOG_LEVEL),
        "DOWNLOADER_MIDDLEWARES": {
            "crawler.guard.AddressGuardMiddleware": 50,  # before robots.txt is asked for
            RETRY: None,
            "crawler.middlewares.BackoffRetryMiddleware": 550,
            "crawler.redirects.RedirectGuardMiddleware": 650,  # sees redirects before Scrapy
            "crawler.middlewares.TimingMiddleware": 950,
        },
        # off unless ZWGK_ARCHIVE_PAGES: the pages read, for the evidence archive
        "SPIDER_MIDDLEWARES": {"crawler.archive.PageBodyMiddleware": 900},
        "ITEM_PIPELINES": {pipeline: 300} if pipeline else {},
        "EXTENSIONS": {"crawler.progress.ProgressExtension": 500},  # columns done, rate, ETA
        PROGRESS_REPORTERS: [TERMINAL_REPORTER],
        **extra,
    }


def site_origins(urls) -> list[str]:
    """The configured sites' origins, `scheme://host:port`."""
    return sorted({origin_url(found) for url in urls if url and (found := origin(url))})
