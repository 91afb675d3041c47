"""Detail pages: each new publication's page is read once for its metadata (`crawler.detail`),
by the spider's page reader (`crawler.page_reader`: on another core in a large crawl).

A page that answered is never fetched again (its `meta` is set, even when the page is gone:
HTTP 404/410 or a soft 404, or larger than `max_page_bytes`). A transient failure (timeout, 5xx, a firewall) leaves `meta`
unset, so the next crawl tries again. Columns with `keep_content` also keep the page's
cleaned HTML in `meta["content"]` (the annual report, whose format is inspected).

A report page that only frames or links its report (a PDF in a viewer, a .docx 附件) leads to
one more request, for the PDF or .docx `crawler.detail_reading.report_document_url` names; the document,
read as HTML (`rules.report_files.report_html`), becomes the publication's content, and its
address `meta["report_document"]`. If it is gone or cannot be read, the page's own content is
kept (the rule then says the report could not be checked); if it failed for a while, nothing
is stored, so the next crawl reads the page again.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import date

from scrapy.http import Request, Response

from crawler import faults
from crawler.cms.base import ListPage
from crawler.content import clean_content
from crawler.detail_reading import detail_answer
from crawler.encoding import header_charset
from crawler.items import DetailItem
from crawler.spiders.common import (
    FAULT_TEXT,
    answer_fault,
    failure_record,
    fetch_record,
    page_from_response,
)
from crawler.urls import canonical_url
from rules.report_files import report_html

DETAIL_PRIORITY = 0
GONE = (404, 410)


class DetailsMixin:
    """Detail requests for a `ColumnsSpider` (uses its `crawl_settings`, `plan`, `columns`, `seen`,
    `page_reader`)."""

    def details_for(self, key, listing: ListPage) -> Iterator[Request]:
        for entry in listing.items:
            url = canonical_url(entry.href)
            if self.needs_detail(url, key, entry.date):
                yield self.detail_request(url, key, entry.date)

    def pending_detail_requests(self) -> Iterator[Request]:
        """Publications listed before whose detail page is still unread."""
        for pending in self.plan.pending:
            key = (pending.agency_id, pending.column_id)
            if key in self.columns and self.needs_detail(pending.url, key, pending.publish_date):
                yield self.detail_request(pending.url, key, pending.publish_date)

    def needs_detail(self, url: str, key, day: date | None) -> bool:
        if not self.crawl_settings.detail_pages or not url.startswith(("http://", "https://")):
            return False
        if url in self.plan.detailed or url in self.details_requested:
            return False
        return self.plan.wants_detail(day, self.columns[key].keep_content, url)

    def detail_request(self, url: str, key, listed: date | None = None) -> Request:
        self.details_requested.add(url)
        self.seen.add(url)
        meta = {"agency_id": key[0], "column_id": key[1], "kind": "detail", "publication": url,
                "listed": listed}  # fmt: skip
        return Request(url, callback=self.parse_detail, errback=self.detail_failed,
                       meta={**meta, **self.slot_meta(url)}, priority=DETAIL_PRIORITY,
                       dont_filter=True)  # fmt: skip

    async def parse_detail(self, response: Response) -> AsyncIterator:
        url = response.meta["publication"]
        column = self.columns[(response.meta["agency_id"], response.meta["column_id"])]
        reading = await self.page_reader.read(detail_answer(response, column.keep_content))
        if reading.fault:
            yield fetch_record(response, reading.fault, FAULT_TEXT[reading.fault])
            if reading.fault == faults.SOFT404:
                yield DetailItem(url, {"detail_outcome": reading.fault})
            return
        if reading.document:
            yield fetch_record(response, faults.OK, items=len(reading.meta) - 1)
            yield self.report_document_request(reading.document, response.meta, reading.meta)
            return
        yield DetailItem(url, reading.meta)
        yield fetch_record(response, faults.OK, items=len(reading.meta) - 1)

    def report_document_request(self, url: str, page_request: dict, page_meta: dict) -> Request:
        self.seen.add(url)
        keys = ("agency_id", "column_id", "kind", "publication")
        meta = {**{key: page_request[key] for key in keys}, "page_meta": page_meta}
        return Request(url, callback=self.parse_report_document,
                       errback=self.report_document_failed,
                       meta={**meta, **self.slot_meta(url)}, priority=DETAIL_PRIORITY,
                       dont_filter=True)  # fmt: skip

    def parse_report_document(self, response: Response) -> Iterator:
        meta = dict(response.meta["page_meta"])
        fault = answer_fault(response, page_from_response(response))
        if fault:
            yield fetch_record(response, fault, FAULT_TEXT[fault])
            meta["report_document_outcome"] = fault
        else:
            try:
                html = report_html(response.body, header_charset(_content_type(response)))
            except ValueError as exc:
                yield fetch_record(response, faults.UNPARSED, str(exc))
                meta["report_document_outcome"] = faults.UNPARSED
            else:
                yield fetch_record(response, faults.OK, items=1)
                meta.update(content=clean_content(html), report_document=response.url)
        yield DetailItem(response.meta["publication"], meta)

    def report_document_failed(self, failure) -> Iterator:
        record, outcome, status = failure_record(failure)
        yield record
        if (outcome == faults.HTTP_ERROR and status in GONE) or outcome == faults.TOO_LARGE:
            meta = {**failure.request.meta["page_meta"], "report_document_outcome": outcome}
            yield DetailItem(failure.request.meta["publication"], meta)

    def detail_failed(self, failure) -> Iterator:
        record, outcome, status = failure_record(failure)
        yield record
        if (outcome == faults.HTTP_ERROR and status in GONE) or outcome == faults.TOO_LARGE:
            url = failure.request.meta["publication"]
            yield DetailItem(url, {"detail_outcome": outcome, "detail_status": status})


def _content_type(response: Response) -> str:
    return response.headers.get("Content-Type", b"").decode("latin-1")
