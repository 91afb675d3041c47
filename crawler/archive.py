"""Hands the pages the crawl reads to the evidence archive, without touching the spiders.

A spider middleware: for every answer a list, detail or homepage callback receives (a GET
with a body: never a 304, nor a link check), it yields a `PageBody` item with the raw bytes and
headers before what the callback yields. It is on only when the crawl's settings ask for it
(`ARCHIVE_PAGES`); the item pipeline writes the archive.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator

from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from crawler.items import PageBody
from crawler.spiders.common import utc_now

ARCHIVE_PAGES = "ZWGK_ARCHIVE_PAGES"
MIDDLEWARE = "crawler.archive.PageBodyMiddleware"
ARCHIVED_KINDS = ("list", "detail", "home")


class PageBodyMiddleware:
    """Yields the `PageBody` of each archived answer ahead of its callback's output."""

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool(ARCHIVE_PAGES):
            raise NotConfigured(f"{ARCHIVE_PAGES} is off")
        return cls()

    def process_spider_output(self, response: Response, result: Iterable, spider=None) -> Iterator:
        body = page_body(response)
        if body is not None:
            yield body
        yield from result

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator, spider=None
    ) -> AsyncIterator:
        body = page_body(response)
        if body is not None:
            yield body
        async for item in result:
            yield item


def page_body(response: Response) -> PageBody | None:
    """The page as it came, or None for what is not archived."""
    request = getattr(response, "request", None)
    if request is None or request.method != "GET" or response.status == 304:
        return None
    meta = request.meta
    if meta.get("kind") not in ARCHIVED_KINDS or "agency_id" not in meta:
        return None
    headers = [(name.decode("latin-1"), value.decode("latin-1"))
               for name, values in response.headers.items() for value in values]  # fmt: skip
    protocol = response.protocol or "HTTP/1.1"
    return PageBody(
        url=response.url,
        requested_url=(meta.get("redirect_urls") or [request.url])[0],
        agency_id=meta["agency_id"],
        column_id=meta.get("column_id"),
        kind=meta["kind"],
        status=response.status,
        headers=headers,
        body=bytes(response.body),
        fetched_at=utc_now(),
        protocol=protocol.upper() if protocol.upper().startswith("HTTP/") else "HTTP/1.1",
    )
