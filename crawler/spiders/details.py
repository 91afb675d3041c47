"""Detail pages: each new publication's page is read once for its metadata (`crawler.detail`).

A page that answered is never fetched again (its `meta` is set, even when the page is gone:
HTTP 404/410 or a soft 404, or larger than `max_page_bytes`). A transient failure (timeout, 5xx, a firewall) leaves `meta`
unset, so the next crawl tries again. Columns with `keep_content` also keep the page's
cleaned HTML in `meta["content"]` (the annual report, whose format is inspected).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from scrapy.http import Request, Response

from crawler import faults
from crawler.cms.base import ListPage
from crawler.content import clean_content
from crawler.detail import extract_detail
from crawler.items import DetailItem
from crawler.spiders.common import (
    FAULT_TEXT,
    answer_fault,
    failure_record,
    fetch_record,
    page_from_response,
)
from crawler.urls import canonical_url

DETAIL_PRIORITY = 0
GONE = (404, 410)


class DetailsMixin:
    """Detail requests for a `ColumnsSpider` (uses its `crawl_settings`, `plan`, `columns`, `seen`)."""

    def details_for(self, key, listing: ListPage) -> Iterator[Request]:
        for entry in listing.items:
            url = canonical_url(entry.href)
            if self.needs_detail(url, key, entry.date):
                yield self.detail_request(url, key)

    def pending_detail_requests(self) -> Iterator[Request]:
        """Publications listed before whose detail page is still unread."""
        for pending in self.plan.pending:
            key = (pending.agency_id, pending.column_id)
            if key in self.columns and self.needs_detail(pending.url, key, pending.publish_date):
                yield self.detail_request(pending.url, key)

    def needs_detail(self, url: str, key, day: date | None) -> bool:
        if not self.crawl_settings.detail_pages or not url.startswith(("http://", "https://")):
            return False
        if url in self.plan.detailed or url in self.details_requested:
            return False
        return self.plan.wants_detail(day, self.columns[key].keep_content)

    def detail_request(self, url: str, key) -> Request:
        self.details_requested.add(url)
        self.seen.add(url)
        meta = {"agency_id": key[0], "column_id": key[1], "kind": "detail", "publication": url}
        return Request(url, callback=self.parse_detail, errback=self.detail_failed,
                       meta={**meta, **self.slot_meta(url)}, priority=DETAIL_PRIORITY,
                       dont_filter=True)  # fmt: skip

    def parse_detail(self, response: Response) -> Iterator:
        url = response.meta["publication"]
        page = page_from_response(response)
        fault = answer_fault(response, page)
        if fault:
            yield fetch_record(response, fault, FAULT_TEXT[fault])
            if fault == faults.SOFT404:
                yield DetailItem(url, {"detail_outcome": fault})
            return
        meta = extract_detail(page.text) if page else {"content_type": _content_type(response)}
        meta["detail_outcome"] = faults.OK
        column = self.columns[(response.meta["agency_id"], response.meta["column_id"])]
        if page and column.keep_content:
            meta["content"] = clean_content(page.text)
        yield DetailItem(url, meta)
        yield fetch_record(response, faults.OK, items=len(meta) - 1)

    def detail_failed(self, failure) -> Iterator:
        record, outcome, status = failure_record(failure)
        yield record
        if (outcome == faults.HTTP_ERROR and status in GONE) or outcome == faults.TOO_LARGE:
            url = failure.request.meta["publication"]
            yield DetailItem(url, {"detail_outcome": outcome, "detail_status": status})


def _content_type(response: Response) -> str:
    return response.headers.get("Content-Type", b"").decode("latin-1")
