"""Downloader middlewares: attempt timing and retries with backoff (addresses: `crawler.guard`,
redirects: `crawler.redirects`)."""

from __future__ import annotations

import random
import time
from urllib.parse import urlsplit

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Request
from scrapy.utils.asyncio import sleep

STARTED = "zwgk_started"
RETRY_BACKOFF = "ZWGK_RETRY_BACKOFF"
MAX_BACKOFF = 60.0


class TimingMiddleware:
    """Stamps each request (each retry anew) with the moment it goes to the downloader."""

    def process_request(self, request, spider=None):
        request.meta[STARTED] = time.monotonic()
        return None


def elapsed_ms(meta: dict) -> int | None:
    """Download latency of a response, else the time since the last attempt started."""
    if "download_latency" in meta:
        return round(meta["download_latency"] * 1000)
    started = meta.get(STARTED)
    return round((time.monotonic() - started) * 1000) if started else None


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries (5xx, 429, timeouts, resets), each after a growing pause.

    The n-th retry waits `ZWGK_RETRY_BACKOFF × 2^(n-1)` seconds (±25 %, at most a minute),
    or what a `Retry-After` header asks for when that is shorter than a minute. Only this
    request waits: the site's download slot stays free for others.
    """

    def __init__(self, settings):
        super().__init__(settings)
        self.backoff = settings.getfloat(RETRY_BACKOFF, 1.0)

    async def process_response(self, request, response, spider=None):
        result = super().process_response(request, response)
        if isinstance(result, Request):
            await sleep(self.pause(result, response.headers.get("Retry-After")))
        return result

    async def process_exception(self, request, exception, spider=None):
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            await sleep(self.pause(result))
        return result

    def pause(self, retry: Request, retry_after: bytes | None = None) -> float:
        asked = _seconds(retry_after)
        if asked is not None and asked <= MAX_BACKOFF:
            return asked
        attempt = retry.meta.get("retry_times", 1)
        pause = self.backoff * 2 ** (attempt - 1) * random.uniform(0.75, 1.25)  # noqa: S311
        return min(pause, MAX_BACKOFF)


def _seconds(value: bytes | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None  # an HTTP date: use the backoff


def site_hosts(urls) -> list[str]:
    """The host names of the configured sites (lower case, without ports)."""
    return sorted({(urlsplit(url).hostname or "").lower() for url in urls if url})
