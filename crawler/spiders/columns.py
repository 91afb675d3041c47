"""The plan-driven column spider: the list pages of every column of a crawl plan, one spider.

For each column it fetches the column URL (conditionally, when the last crawl kept its ETag or
Last-Modified: a 304 means the column is unchanged), picks a list parser (`crawler.cms.select`:
the column's selectors, else its `cms` hint, else detection), yields the listed publications
and one fetch record per request, and walks the following pages one at a time. The walk stops
at the first page whose items the column listed before (unless the plan says a full walk is
due, see `crawler.plan`), at `max_pages`, or at the end; a column whose walk reached the end
with no page failing is `complete`. Soft-404 and firewall pages are recorded as such, never
parsed. A list a script renders is read through its data API when its family is known (the
parser names the request and the parser of its answer; the answer then stands for the
column's first page); otherwise the page is recorded `js_only`, never as an empty list.
New publications' detail pages, the homepages and the links found are fetched too
(`details.py`, `probes.py`). A failure is recorded, never raised; when a column's walk ends,
a `ColumnDone` item carries its state to the item pipeline.
"""

from __future__ import annotations

from collections.abc import Iterator

import scrapy
from scrapy import signals
from scrapy.http import FormRequest, Request, Response

from crawler import faults
from crawler.cms.base import ListPage, NextRequest, Page
from crawler.cms.scripted import JS_ONLY, js_only_reason, unread_reason
from crawler.cms.select import ParserChoiceError, select_parser
from crawler.config import Column, CrawlSettings
from crawler.items import ColumnDone, ColumnResult, PublicationItem
from crawler.links import link_url
from crawler.middlewares import site_hosts
from crawler.moved import moved_to_homepage, redirected_from
from crawler.page_checks import build_checker
from crawler.page_reader import PageReader
from crawler.plan import ColumnKey, CrawlPlan
from crawler.spiders.common import (
    FAULT_TEXT,
    answer_fault,
    conditional_headers,
    failure_record,
    fetch_record,
    page_from_response,
    validators_of,
)
from crawler.spiders.details import DetailsMixin
from crawler.spiders.probes import ProbesMixin
from crawler.urls import canonical_url

LIST_PRIORITY = 10
NOT_MODIFIED, KNOWN, MAX_PAGES = "not_modified", "known", "max_pages"


class ColumnsSpider(DetailsMixin, ProbesMixin, scrapy.Spider):
    """Crawls the list pages of every column of a `CrawlPlan`, as `CrawlSettings` say."""

    name = "columns"

    def __init__(self, crawl_settings: CrawlSettings, plan: CrawlPlan, **kwargs):
        super().__init__(**kwargs)
        self.crawl_settings = crawl_settings
        self.seen: set[str] = set()  # URLs fetched or checked in this crawl
        self.page_reader = PageReader(helper=crawl_settings.page_reader_process)
        self.load_plan(plan)

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.page_reader.close, signal=signals.spider_closed)
        return spider

    def load_plan(self, plan: CrawlPlan) -> None:
        """Walk `plan` from now on: its columns, homepages and pending detail pages (a
        distributed worker loads each batch of sites it takes this way)."""
        self.plan = plan
        self.columns: dict[ColumnKey, Column] = {}
        self.results: dict[ColumnKey, ColumnResult] = {}
        self.requested: dict[ColumnKey, set[tuple]] = {}
        self.queued: dict[ColumnKey, list[NextRequest]] = {}
        self.details_requested: set[str] = set()
        self.content_checker = build_checker(plan.content)
        self.page_reader.use(plan.content, self.content_checker)
        for site in plan.sites:
            for column in site.columns:
                key = (site.agency_id, column.id)
                self.columns[key] = column
                self.results[key] = ColumnResult(site.agency_id, column.id)
                self.requested[key], self.queued[key] = set(), []
        self.hosts = frozenset(site_hosts(plan.urls()))
        self.homepages = frozenset(canonical_url(s.homepage) for s in plan.sites if s.homepage)

    async def start(self):
        for request in self.plan_requests():
            yield request

    def plan_requests(self) -> Iterator[Request]:
        """The plan's first requests: every column's first page, the homepages, the pending
        detail pages."""
        for key, column in self.columns.items():
            yield self.request(key, NextRequest(column.url, page_number=1), first=True)
        yield from self.home_requests()
        yield from self.pending_detail_requests()

    def request(
        self, key: ColumnKey, nxt: NextRequest, first: bool = False, parser: str | None = None
    ) -> Request:
        self.requested[key].add((nxt.method, nxt.url, nxt.formdata))
        self.seen.add(canonical_url(nxt.url))
        meta = {"agency_id": key[0], "column_id": key[1], "kind": "list", "column": key,
                "first": first, "parser": nxt.parser or parser,
                "formdata": nxt.formdata}  # fmt: skip
        headers = {}
        if first and not self.plan.is_full(key):
            headers = conditional_headers(self.plan.validators.get(nxt.url))
            meta["handle_httpstatus_list"] = [304] if headers else []
        options = {"meta": meta, "callback": self.parse_list, "errback": self.list_failed,
                   "priority": LIST_PRIORITY, "dont_filter": True, "headers": headers}  # fmt: skip
        if nxt.method.upper() == "POST":
            return FormRequest(nxt.url, formdata=list(nxt.formdata), **options)
        return Request(nxt.url, method=nxt.method, **options)

    def parse_list(self, response: Response) -> Iterator:
        key, first = response.meta["column"], response.meta["first"]
        if response.status == 304:
            yield fetch_record(response, faults.NOT_MODIFIED)
            yield from self.unchanged(key)
            return
        page = page_from_response(response)
        fault = self.moved(key, first, response)
        fault = answer_fault(response, page) or fault
        if fault == faults.SOFT404 and page.text.lstrip().startswith(("{", "[")):
            fault = None  # a short JSON answer is no page saying it does not exist
        parser, why = (None, FAULT_TEXT.get(fault)) if fault else self.pick_parser(page, response)
        if parser is None:
            scripted = js_only_reason(page) if page is not None and not fault else None
            outcome = fault or (JS_ONLY if scripted else faults.UNPARSED)
            yield fetch_record(response, outcome, scripted or why)
            yield from self.page_failed(key, first, outcome, scripted or why, response.url)
            return
        try:
            listing = parser.parse(page, self.next_budget(key))
        except Exception as exc:  # a parser fault is this column's error, never the crawl's
            why = f"{parser.kind} parser failed: {exc!r}"
            yield fetch_record(response, faults.ERROR, why, parser.kind)
            yield from self.page_failed(key, first, faults.ERROR, why, response.url)
            return
        unread = unread_reason(parser, page, listing)
        if unread:
            yield fetch_record(response, JS_ONLY, unread, parser.kind)
            yield from self.page_failed(key, first, JS_ONLY, unread, response.url)
            return
        yield from self.read_list(key, first, parser.kind, page, listing, response)

    def read_list(self, key, first, parser, page, listing: ListPage, response) -> Iterator:
        """A list page read: its items, and the walk on. A first page without rows whose rows
        come from a data API hands its place as the column's first page to that answer."""
        by_api = first and listing.by_api and bool(listing.next)
        self.succeed(key, first and not by_api, parser, len(listing.items), response)
        if listing.js_only:  # rows past these are script-only: the walk cannot be complete
            self.results[key].page_failed = True
            self.results[key].error = self.results[key].error or f"{page.url}: {listing.js_only}"
        yield from self.publications(key, listing, response.url)
        yield fetch_record(response, faults.OK, None, parser, len(listing.items))
        yield from self.details_for(key, listing)
        yield from self.link_checks(page, *key, skip=entry_urls(listing, response.url))
        yield from self.follow(key, listing, parser, first=by_api)

    def moved(self, key: ColumnKey, first: bool, response: Response) -> str | None:
        """On a column's first page: keep where a redirect led; a homepage is `redirected`."""
        if not first or redirected_from(response) is None:
            return None
        self.results[key].redirected_to = response.url
        return faults.REDIRECTED if moved_to_homepage(response, self.homepages) else None

    def pick_parser(self, page: Page | None, response: Response):
        if page is None:
            return None, "not a text response"
        column = self.columns[response.meta["column"]]
        hint = response.meta["parser"] or column.cms
        try:
            return select_parser(page, hint, column.selectors), None
        except ParserChoiceError as exc:
            return None, str(exc)

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

    def follow(self, key: ColumnKey, listing: ListPage, parser: str, first=False) -> Iterator:
        """The next list page, one at a time, unless the walk ends here."""
        requested = self.requested[key]
        pending = [n for n in dict.fromkeys([*listing.next, *self.queued[key]])
                   if (n.method, n.url, n.formdata) not in requested]  # fmt: skip
        stop = None
        if pending and not self.plan.is_full(key) and self.all_known(key, listing):
            stop = KNOWN
        elif pending and len(requested) >= self.columns[key].max_pages and not first:
            stop = MAX_PAGES  # a page whose rows come from its data API is no list page yet
        if pending and not stop:
            self.queued[key] = pending[1:]
            yield self.request(key, pending[0], first=first, parser=parser)
            return
        self.results[key].stop_reason = stop
        yield self.done(key)

    def next_budget(self, key: ColumnKey) -> int:
        """How many following pages a parser may name: those `max_pages` still allows, and
        one more, so that a walk cut short by `max_pages` is not taken for a complete one."""
        return max(self.columns[key].max_pages - len(self.requested[key]), 0) + 1

    def all_known(self, key: ColumnKey, listing: ListPage) -> bool:
        known = self.plan.known.get(key, set())
        return bool(listing.items) and all(canonical_url(e.href) in known for e in listing.items)

    def unchanged(self, key: ColumnKey) -> Iterator:
        """HTTP 304: the column's stored listings remain current."""
        result = self.results[key]
        result.outcome, result.stop_reason = faults.OK, NOT_MODIFIED
        result.items = len(self.plan.known.get(key, ()))
        yield self.done(key)

    def list_failed(self, failure) -> Iterator:
        request = failure.request
        record, outcome, _ = failure_record(failure)
        yield record
        yield from self.page_failed(
            request.meta["column"], request.meta["first"], outcome, record.error, request.url
        )

    def succeed(self, key, first: bool, parser: str, items: int, response: Response) -> None:
        result = self.results[key]
        result.pages += 1
        result.items += items
        if first:
            result.outcome, result.parser = faults.OK, parser
            if response.request.method == "GET":  # a data API's answer is no column page
                result.validators = validators_of(response)

    def page_failed(self, key, first: bool, outcome: str, error: str, url: str) -> Iterator:
        """The column's first page failed (the column's fault), or a later one (noted)."""
        result = self.results[key]
        if first:
            result.outcome, result.error = outcome, error
            self.logger.warning("column %s/%s %s: %s (%s)", *key, outcome, error, url)
        else:
            result.page_failed = True
            result.error = result.error or f"{url}: {outcome}: {error}"
        yield self.done(key)

    def done(self, key: ColumnKey) -> ColumnDone:
        result = self.results[key]
        result.done = True
        return ColumnDone(result, self.columns[key].url)


def entry_urls(listing: ListPage, base_url: str) -> set[str]:
    """The canonical URLs of a list page's entries (checked by the detail fetch instead)."""
    return {url for entry in listing.items if (url := link_url(entry.href, base_url))}
