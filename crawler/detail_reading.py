"""Reading a detail page's answer: is it the page, its metadata, its content hits, its report.

`read_detail` is a pure function of a `DetailAnswer` (what a detail page's response holds,
plain data), so a detail page may be read in the crawl process or in the page reader's helper
process (`crawler.page_reader`), which reads pages on another core while the crawl goes on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from scrapy.http import Response, TextResponse

from crawler import faults
from crawler.content import clean_content
from crawler.dates import parse_date
from crawler.detail import extract_detail
from crawler.encoding import decode_answer
from crawler.page_checks import page_hits
from rules.annual_report import linked_report_url
from rules.content_check import ContentChecker
from rules.report_links import DOCUMENT, REPORT_NAME

DOCUMENT_NAMED = re.compile(r"(\.|%2e)(pdf|docx)", re.IGNORECASE)  # how any document link reads


@dataclass(frozen=True)
class DetailAnswer:
    """A detail page's response as plain data."""

    url: str
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes | None  # None: not a text response (a PDF served as the page)
    column_id: str
    keep_content: bool
    listed: date | None = None  # the date its list gave


@dataclass
class DetailReading:
    """What a detail page says: a fault (`soft404`, `waf`), or its meta and, for a kept page
    that only links its report, the document to fetch."""

    fault: str | None = None
    meta: dict = field(default_factory=dict)
    document: str | None = None


def detail_answer(response: Response, keep_content: bool) -> DetailAnswer:
    body = response.body if isinstance(response, TextResponse) else None
    return DetailAnswer(url=response.url, status=response.status,
                        headers=faults.response_headers(response), body=body,
                        column_id=response.meta["column_id"], keep_content=keep_content,
                        listed=response.meta.get("listed"))  # fmt: skip


def read_detail(answer: DetailAnswer, checker: ContentChecker | None) -> DetailReading:
    content_type = answer.headers.get("content-type", "")
    if answer.body is None:
        return DetailReading(meta={"content_type": content_type, "detail_outcome": faults.OK})
    text = decode_answer(answer.body, content_type)
    fault = faults.page_fault(answer.status, answer.headers, text)
    if fault:
        return DetailReading(fault)
    meta = extract_detail(text)
    meta["detail_outcome"] = faults.OK
    if checker:
        day = parse_date(meta.get("published")) or answer.listed
        hits = page_hits(checker, text, answer.url, day, answer.column_id)
        meta.update({"content_hits": hits} if hits else {})
    if not answer.keep_content:
        return DetailReading(meta=meta)
    meta["content"] = clean_content(text)
    return DetailReading(meta=meta, document=report_document_url(meta["content"], answer.url))


def report_document_url(content: str, page_url: str) -> str | None:
    """The PDF or .docx a report page leads to, when the page names a report but holds none
    (a web page it links is not followed: it is as likely the column's own page)."""
    if not REPORT_NAME.search(content) or not DOCUMENT_NAMED.search(content):
        return None  # no .pdf/.docx written anywhere: spare reading the report's blocks
    linked = linked_report_url(content, page_url)
    return linked if linked and DOCUMENT.search(linked) else None
