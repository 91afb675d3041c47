"""Scrapy settings for a zwgk crawl: politeness, retries and robots from the config.

Government sites are small servers: by default two requests at a time per site, a delay
between them that AutoThrottle stretches when a site slows down, robots.txt obeyed, and an
honest User-Agent. Retries (5xx, 429, timeouts, resets) wait longer each time; links to other
sites go through one slow download slot of their own; redirects off the configured sites are
not followed, and neither are meta refreshes (a soft-404 page often refreshes to the home page).
"""

from __future__ import annotations

import os
from typing import Any

from crawler.middlewares import RETRY_BACKOFF, SITE_HOSTS
from monitor.config import CrawlSettings

LOG_LEVEL_ENV = "ZWGK_LOG_LEVEL"
DEFAULT_LOG_LEVEL = "WARNING"
EXTERNAL_SLOT = "zwgk-external"  # the download slot of every link off the configured sites
RETRY = "scrapy.downloadermiddlewares.retry.RetryMiddleware"


def scrapy_settings(
    crawl: CrawlSettings, log_level: str | None = None, hosts: list[str] = (), **extra: Any
) -> dict:
    """The Scrapy settings dict for `crawl` and the sites' `hosts`; `extra` adds or overrides."""
    return {
        "BOT_NAME": "zwgk",
        "USER_AGENT": crawl.user_agent,
        "ROBOTSTXT_OBEY": crawl.obey_robots,
        "CONCURRENT_REQUESTS": 16,
        "CONCURRENT_REQUESTS_PER_DOMAIN": crawl.concurrency_per_domain,
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
        SITE_HOSTS: list(hosts),
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
            RETRY: None,
            "crawler.middlewares.BackoffRetryMiddleware": 550,
            "crawler.middlewares.OffsiteRedirectMiddleware": 650,
            "crawler.middlewares.TimingMiddleware": 950,
        },
        "ITEM_PIPELINES": {"crawler.pipelines.StorePipeline": 300},
        **extra,
    }
