"""Homepage availability and link checks.

Each agency's homepage is fetched (kind `home`, its time recorded: the checking indicators
count a visit that does not open within 15 s as failed). The links found on the homepage
and on the column pages are checked once per crawl (kind `link`, with the page they were
found on): HEAD first, GET when HEAD is refused (403, 405, 501). Links off the configured
sites share one slow download slot; a page's own list entries are left to the detail fetch.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError

from crawler import faults
from crawler.cms.base import Page
from crawler.links import is_external, page_links
from crawler.page_checks import link_hits
from crawler.settings import EXTERNAL_SLOT
from crawler.spiders.common import (
    FAULT_TEXT,
    answer_fault,
    failure_record,
    fetch_record,
    page_from_response,
)
from crawler.urls import canonical_url

HOME_PRIORITY = 5
LINK_PRIORITY = -10
HEAD_REFUSED = (403, 405, 501)
AVAILABILITY_MS = 15_000  # 《政府网站与政务新媒体检查指标》: a visit must open within 15 s


class ProbesMixin:
    """Homepage and link requests for a `ColumnsSpider` (uses its `crawl_settings`, `plan`, `hosts`, `seen`)."""

    def home_requests(self) -> Iterator[Request]:
        for site in self.plan.sites:
            if site.homepage:
                self.seen.add(canonical_url(site.homepage))
                meta = {"agency_id": site.agency_id, "column_id": None, "kind": "home"}
                yield Request(site.homepage, callback=self.parse_home, errback=self.home_failed,
                              meta=meta, priority=HOME_PRIORITY, dont_filter=True)  # fmt: skip

    def parse_home(self, response: Response) -> Iterator:
        page = page_from_response(response)
        fault = answer_fault(response, page)
        record = fetch_record(response, fault or faults.OK, FAULT_TEXT.get(fault))
        if page and not fault and self.content_checker:
            record.content_hits = link_hits(self.content_checker, page) or None
        yield record
        if page and not fault:
            yield from self.link_checks(page, response.meta["agency_id"], None)

    def home_failed(self, failure) -> Iterator:
        yield failure_record(failure)[0]

    def link_checks(
        self, page: Page, agency_id: str, column_id: str | None, skip: Iterable[str] = ()
    ) -> Iterator[Request]:
        """Check requests for the page's links not yet fetched or checked in this crawl."""
        settings = self.crawl_settings
        if not settings.check_links:
            return
        found = page_links(page, settings.max_links_per_page, set(skip) | self.seen)
        for url in self.claim_links(agency_id, found):
            if url in self.seen:  # another page's output, interleaved with this one, had it
                continue
            self.seen.add(url)
            yield self.link_request(url, "HEAD", agency_id, column_id, page.url)

    def claim_links(self, agency_id: str, urls: list[str]) -> list[str]:
        """The links this crawl checks for the agency's page: in one process, all of them
        (`seen` keeps each to one check); a distributed worker asks the other workers'."""
        return urls

    def link_request(self, url, method, agency_id, column_id, source_url) -> Request:
        meta = {"agency_id": agency_id, "column_id": column_id, "kind": "link",
                "source_url": source_url, **self.slot_meta(url)}  # fmt: skip
        return Request(url, method=method, callback=self.link_checked, errback=self.link_failed,
                       meta=meta, priority=LINK_PRIORITY, dont_filter=True)  # fmt: skip

    def slot_meta(self, url: str) -> dict:
        """Links off the configured sites go through one slow slot, its delay kept as set."""
        if not is_external(url, self.hosts):
            return {}
        return {"download_slot": EXTERNAL_SLOT, "autothrottle_dont_adjust_delay": True}

    def link_checked(self, response: Response) -> Iterator:
        page = page_from_response(response) if response.request.method == "GET" else None
        fault = answer_fault(response, page)
        yield fetch_record(response, fault or faults.OK, FAULT_TEXT.get(fault))

    def link_failed(self, failure) -> Iterator:
        request = failure.request
        refused = isinstance(failure.value, HttpError) and (
            failure.value.response.status in HEAD_REFUSED
        )
        if request.method == "HEAD" and refused:
            meta = request.meta
            yield self.link_request(request.url, "GET", meta["agency_id"], meta["column_id"],
                                    meta["source_url"])  # fmt: skip
            return
        yield failure_record(failure)[0]
