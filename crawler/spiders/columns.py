"""The config-driven column spider: every configured column's list pages, one spider.

For each column it fetches the column URL, picks a list parser (the column's `cms` hint, else
`detect`), yields the listed publications and one fetch record per request, and follows the
parser's next requests up to `max_pages` requests. A failure is recorded, never raised: the
outcome of each column is kept in `results` for the caller to store.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

import scrapy
from scrapy.http import FormRequest, Request, Response, TextResponse
from twisted.python.failure import Failure

from crawler import faults
from crawler.cms.base import PARSERS, ListPage, ListParser, NextRequest, Page, detect
from crawler.encoding import decode_html
from crawler.items import ColumnResult, FetchRecord, PublicationItem
from crawler.middlewares import elapsed_ms
from crawler.urls import canonical_url
from monitor.config import ColumnConfig, Config

ColumnKey = tuple[str, str]
HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)


def page_from_response(response: Response) -> Page | None:
    """The decoded page (declared charsets checked against the bytes), None if binary."""
    if not isinstance(response, TextResponse):
        return None
    content_type = response.headers.get("Content-Type", b"").decode("latin-1")
    declared = HEADER_CHARSET.search(content_type)
    text, _ = decode_html(response.body, declared.group(1) if declared else None)
    return Page(url=response.url, text=text)


def choose_parser(page: Page, hint: str | None) -> tuple[ListParser | None, str | None]:
    """The hinted parser if it recognises the page, else the detected one; or why not."""
    if not hint:
        parser = detect(page)
        return parser, None if parser else "no list parser recognised the page"
    cls = PARSERS.get(hint)
    if cls is None:
        return None, f"unknown cms {hint!r} (known: {', '.join(sorted(PARSERS))})"
    if not cls.detect(page):
        return None, f"the page is not a {hint!r} list page"
    return cls(), None


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class ColumnsSpider(scrapy.Spider):
    """Crawls the list pages of every column in a `Config`."""

    name = "columns"

    def __init__(self, config: Config, **kwargs):
        super().__init__(**kwargs)
        self.config = config
        self.columns: dict[ColumnKey, ColumnConfig] = {}
        self.results: dict[ColumnKey, ColumnResult] = {}
        self.requested: dict[ColumnKey, set[tuple]] = {}
        for agency in config.agencies:
            for column in agency.columns:
                key = (agency.id, column.id)
                self.columns[key] = column
                self.results[key] = ColumnResult(agency.id, column.id)
                self.requested[key] = set()

    async def start(self):
        for key, column in self.columns.items():
            yield self.request(key, NextRequest(column.url, page_number=1), first=True)

    def request(
        self, key: ColumnKey, nxt: NextRequest, first: bool = False, parser: str | None = None
    ) -> Request:
        self.requested[key].add((nxt.method, nxt.url, nxt.formdata))
        meta = {"column": key, "first": first, "parser": parser}
        options = {"meta": meta, "callback": self.parse_list, "errback": self.failed}
        if nxt.method.upper() == "POST":
            return FormRequest(nxt.url, formdata=list(nxt.formdata), dont_filter=True, **options)
        return Request(nxt.url, method=nxt.method, dont_filter=True, **options)

    def parse_list(self, response: Response) -> Iterator:
        key, first = response.meta["column"], response.meta["first"]
        page = page_from_response(response)
        hint = response.meta["parser"] or self.columns[key].cms
        parser, why = choose_parser(page, hint) if page else (None, "not a text response")
        if parser is None:
            yield self.fetch(response, faults.UNPARSED, why)
            self.fail(key, first, faults.UNPARSED, why, response.url)
            return
        try:
            listing = parser.parse(page)
        except Exception as exc:  # a parser fault is this column's error, never the crawl's
            why = f"{parser.kind} parser failed: {exc!r}"
            yield self.fetch(response, faults.ERROR, why, parser.kind)
            self.fail(key, first, faults.ERROR, why, response.url)
            return
        self.succeed(key, first, parser.kind, len(listing.items))
        yield from self.publications(key, listing, response.url)
        yield self.fetch(response, faults.OK, None, parser.kind, len(listing.items))
        yield from self.follow(key, listing, parser.kind)

    def publications(self, key: ColumnKey, listing: ListPage, list_url: str) -> Iterator:
        for entry in listing.items:
            yield PublicationItem(
                agency_id=key[0],
                column_id=key[1],
                url=canonical_url(entry.href),
                title=entry.title,
                publish_date=entry.date.isoformat() if entry.date else None,
                date_text=entry.date_text,
                list_url=list_url,
            )

    def follow(self, key: ColumnKey, listing: ListPage, parser: str) -> Iterator[Request]:
        limit = self.columns[key].max_pages
        for nxt in listing.next:
            if len(self.requested[key]) >= limit:
                return
            if (nxt.method, nxt.url, nxt.formdata) not in self.requested[key]:
                yield self.request(key, nxt, parser=parser)

    def failed(self, failure: Failure) -> Iterator[FetchRecord]:
        request = failure.request
        key, first = request.meta["column"], request.meta["first"]
        outcome, status, error = faults.classify(failure)
        self.fail(key, first, outcome, error, request.url)
        yield self.fetch(request, outcome, error, status=status)

    def succeed(self, key: ColumnKey, first: bool, parser: str, items: int) -> None:
        result = self.results[key]
        result.pages += 1
        result.items += items
        if first:
            result.outcome, result.parser = faults.OK, parser

    def fail(self, key: ColumnKey, first: bool, outcome: str, error: str, url: str) -> None:
        result = self.results[key]
        if first:
            result.outcome, result.error = outcome, error
            self.logger.warning("column %s/%s %s: %s (%s)", *key, outcome, error, url)
        elif result.error is None:  # a later page failed: the column stays ok, noted
            result.error = f"{url}: {outcome}: {error}"

    def fetch(
        self,
        source: Response | Request,
        outcome: str,
        error: str | None,
        parser: str | None = None,
        items: int = 0,
        status: int | None = None,
    ) -> FetchRecord:
        response = source if isinstance(source, Response) else None
        request = response.request if response is not None else source
        key = request.meta["column"]
        return FetchRecord(
            agency_id=key[0],
            column_id=key[1],
            url=request.url,
            method=request.method,
            status=response.status if response is not None else status,
            outcome=outcome,
            error=error,
            elapsed_ms=elapsed_ms(request.meta),
            fetched_at=utc_now(),
            parser=parser,
            items=items,
        )
