"""Pages for discovery (`zwgk discover`), fetched as politely and as safely as a crawl.

A plain HTTP client (no Twisted reactor: the command may run in a process that crawls), under
the crawl's address rules (`crawler.fetch_document`: http(s) only, no private address but the
allowed ones, at most `max_bytes`), obeying each site's robots.txt, one request at a time with
`delay` seconds between two requests to one host. A page that answered is kept in `cache_dir`,
so a discovery that was interrupted resumes where it stopped without asking again; failures
are not kept, and are tried again then.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import urllib.robotparser
from pathlib import Path
from urllib.parse import urlsplit

from crawler import faults
from crawler.addresses import AddressPolicy
from crawler.cms.base import Page
from crawler.config import USER_AGENT
from crawler.encoding import decode_answer
from crawler.fetch_document import MAX_BYTES, RefusedFetchError, fetch_document


class PageFault(OSError):
    """The page answered, but is not the page: a soft 404 or a firewall's challenge."""


class PoliteFetcher:
    def __init__(
        self,
        policy: AddressPolicy,
        delay: float = 0.5,
        cache_dir: Path | None = None,
        timeout: float = 15.0,
        max_bytes: int = MAX_BYTES,
    ):
        self.policy, self.delay, self.cache_dir = policy, delay, cache_dir
        self.timeout, self.max_bytes = timeout, max_bytes
        self.robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        self.last_request: dict[str, float] = {}
        self.requests = 0  # made in this run (cached pages are not requested)

    def __call__(self, url: str) -> Page:
        """The page at `url` (redirects followed); OSError when it cannot be had."""
        cached = self._cached(url)
        if cached is not None:
            return cached
        if not self._robots(url).can_fetch(USER_AGENT, url):
            raise PermissionError(f"robots.txt disallows {url}")
        document = self._get(url)
        text = decode_answer(document.data, document.content_type)
        fault = faults.page_fault(200, {}, text)
        if fault:
            raise PageFault(f"{url}: {fault}")
        page = Page(url=document.url, text=text)
        self._keep(url, page)
        return page

    def _get(self, url: str):
        host = urlsplit(url).netloc
        pause = self.last_request.get(host, 0.0) + self.delay - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        try:
            return fetch_document(url, self.policy, self.max_bytes, self.timeout)
        finally:
            self.last_request[host] = time.monotonic()
            self.requests += 1

    def _robots(self, url: str) -> urllib.robotparser.RobotFileParser:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self.robots:
            robots = urllib.robotparser.RobotFileParser()
            try:
                text = self._get(f"{origin}/robots.txt").data.decode("utf-8", "replace")
            except (RefusedFetchError, OSError):
                text = ""  # no robots.txt (or none readable): everything is allowed
            robots.parse(text.splitlines())
            self.robots[origin] = robots
        return self.robots[origin]

    def _cache_path(self, url: str) -> Path | None:
        if self.cache_dir is None:
            return None
        return self.cache_dir / (hashlib.sha1(url.encode("utf-8")).hexdigest() + ".json")

    def _cached(self, url: str) -> Page | None:
        path = self._cache_path(url)
        if path is None or not path.is_file():
            return None
        try:
            kept = json.loads(path.read_text(encoding="utf-8"))
            return Page(url=kept["url"], text=kept["text"])
        except (OSError, ValueError, KeyError):
            return None  # a torn file from a kill: fetch again

    def _keep(self, url: str, page: Page) -> None:
        path = self._cache_path(url)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps({"url": page.url, "text": page.text}), encoding="utf-8")
        os.replace(temporary, path)
