"""Downloader middleware that times each attempt, for fetches that fail without a latency."""

from __future__ import annotations

import time

STARTED = "zwgk_started"


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
