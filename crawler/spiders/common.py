"""What the spider's parts share: decoding a response, and the fetch record of a request.

Every request carries its evidence in `meta`: `agency_id`, `column_id` (None for a homepage
and its links), `kind` (list, detail, home, link) and, for a link, `source_url`.
"""

from __future__ import annotations

from datetime import UTC, datetime

from scrapy.http import Request, Response, TextResponse

from crawler import faults
from crawler.cms.base import Page
from crawler.encoding import decode_answer
from crawler.items import FetchRecord
from crawler.middlewares import elapsed_ms

FAULT_TEXT = {
    faults.SOFT404: "the page says it does not exist (soft 404)",
    faults.WAF: "a firewall or anti-bot page answered instead of the page",
    faults.REDIRECTED: "the column's address redirected to the site's homepage",
}


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def page_from_response(response: Response) -> Page | None:
    """The decoded page (declared charsets checked against the bytes), None if binary."""
    if not isinstance(response, TextResponse):
        return None
    content_type = response.headers.get("Content-Type", b"").decode("latin-1")
    text = decode_answer(response.body, content_type)
    request = getattr(response, "request", None)
    form = tuple(request.meta.get("formdata", ())) if request is not None else ()
    return Page(url=response.url, text=text, form=form)


def answer_fault(response: Response, page: Page | None) -> str | None:
    """`soft404` or `waf` when the answer is not the page it claims to be."""
    if page is None:
        return None
    return faults.page_fault(response.status, faults.response_headers(response), page.text)


def fetch_record(
    source: Response | Request,
    outcome: str,
    error: str | None = None,
    parser: str | None = None,
    items: int = 0,
    status: int | None = None,
) -> FetchRecord:
    """The fetch record of a response, or of a request that got none."""
    response = source if isinstance(source, Response) else None
    request = response.request if response is not None else source
    meta = request.meta
    return FetchRecord(
        agency_id=meta["agency_id"],
        column_id=meta.get("column_id"),
        url=request.url,
        method=request.method,
        status=response.status if response is not None else status,
        outcome=outcome,
        error=error,
        elapsed_ms=elapsed_ms(meta),
        fetched_at=utc_now(),
        parser=parser,
        items=items,
        kind=meta["kind"],
        source_url=meta.get("source_url"),
    )


def failure_record(failure) -> tuple[FetchRecord, str, int | None]:
    """The fetch record of a failed request, with its outcome and HTTP status."""
    outcome, status, error = faults.classify(failure)
    return fetch_record(failure.request, outcome, error, status=status), outcome, status


def validators_of(response: Response) -> dict:
    """The response's ETag and Last-Modified (for the next crawl's conditional request)."""
    found = {
        "etag": response.headers.get("ETag"),
        "last_modified": response.headers.get("Last-Modified"),
    }
    if not any(found.values()):
        return {}
    return {name: value.decode("latin-1") if value else None for name, value in found.items()}


def conditional_headers(validators: dict | None) -> dict[str, str]:
    if not validators:
        return {}
    headers = {"If-None-Match": validators.get("etag"),
               "If-Modified-Since": validators.get("last_modified")}  # fmt: skip
    return {name: value for name, value in headers.items() if value}
