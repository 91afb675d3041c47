"""Scrapy settings for a zwgk crawl: politeness, retries and robots from the config.

Government sites are small servers: by default two requests at a time per site, a delay
between them that AutoThrottle stretches when a site slows down, robots.txt obeyed, and an
honest User-Agent.
"""

from __future__ import annotations

import os
from typing import Any

from monitor.config import CrawlSettings

LOG_LEVEL_ENV = "ZWGK_LOG_LEVEL"
DEFAULT_LOG_LEVEL = "WARNING"


def scrapy_settings(crawl: CrawlSettings, log_level: str | None = None, **extra: Any) -> dict:
    """The Scrapy settings dict for `crawl`; `extra` adds or overrides keys."""
    return {
        "BOT_NAME": "zwgk",
        "USER_AGENT": crawl.user_agent,
        "ROBOTSTXT_OBEY": crawl.obey_robots,
        "CONCURRENT_REQUESTS": 16,
        "CONCURRENT_REQUESTS_PER_DOMAIN": crawl.concurrency_per_domain,
        "DOWNLOAD_DELAY": crawl.download_delay,
        "DOWNLOAD_TIMEOUT": crawl.timeout,
        "DNS_TIMEOUT": crawl.timeout,
        "RETRY_ENABLED": crawl.retries > 0,
        "RETRY_TIMES": crawl.retries,
        "RETRY_GIVE_UP_LOG_LEVEL": "INFO",  # the spider logs one warning per failed column
        "AUTOTHROTTLE_ENABLED": crawl.autothrottle,
        "AUTOTHROTTLE_START_DELAY": max(crawl.download_delay, 1.0),
        "AUTOTHROTTLE_MAX_DELAY": 30.0,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": float(crawl.concurrency_per_domain),
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "REMOTE_CONTROL_ENABLED": False,  # Scrapy's code-execution HTTP endpoint: never here
        "LOG_LEVEL": log_level or os.environ.get(LOG_LEVEL_ENV, DEFAULT_LOG_LEVEL),
        "DOWNLOADER_MIDDLEWARES": {"crawler.middlewares.TimingMiddleware": 950},
        "ITEM_PIPELINES": {"crawler.pipelines.StorePipeline": 300},
        **extra,
    }
