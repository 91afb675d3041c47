"""What the spider yields (publications, details, fetch records, finished columns) and what it
keeps per column."""

from __future__ import annotations

import json
from dataclasses import dataclass, field


@dataclass
class PublicationItem:
    """One publication as a column lists it; `url` is already canonical."""

    agency_id: str
    column_id: str
    url: str
    title: str
    publish_date: str | None  # ISO date as displayed on the list, None when none is shown
    date_text: str = ""
    list_url: str = ""  # the list page it was found on


@dataclass
class DetailItem:
    """What a publication's detail page says (`crawler.detail`), stored as its `meta`."""

    url: str
    meta: dict


@dataclass
class FetchRecord:
    """One request and how it ended: the evidence behind every column state."""

    agency_id: str
    column_id: str | None  # None for an agency's homepage and the links found on it
    url: str
    method: str
    status: int | None
    outcome: str  # ok, not_modified, unparsed, js_only, http_error, timeout, unreachable, soft404…
    error: str | None
    elapsed_ms: int | None
    fetched_at: str
    parser: str | None = None
    items: int = 0
    kind: str = "list"  # list | detail | home | link
    source_url: str | None = None  # for a link check: the page the link was found on
    content_hits: list[dict] | None = None  # a homepage's content checks (hidden links …)

    def row(self, crawl_id: int) -> dict:
        row = {"crawl_id": crawl_id, **vars(self)}  # flat: no deep copy as asdict makes
        row["content_hits"] = (
            json.dumps(self.content_hits, ensure_ascii=False) if self.content_hits else None
        )
        return row


@dataclass
class ColumnResult:
    """How one column's crawl went: `ok` once its first page was recognised, else the fault.

    `complete` when every list page was walked and none failed — only then are publications
    the column no longer lists marked removed. `stop_reason` says why a walk ended early.
    """

    agency_id: str
    column_id: str
    outcome: str = "not_crawled"
    pages: int = 0
    items: int = 0
    error: str | None = None
    parser: str | None = None
    stop_reason: str | None = None  # not_modified | known | max_pages
    page_failed: bool = False
    done: bool = False
    validators: dict = field(default_factory=dict)  # ETag / Last-Modified of the first page
    redirected_to: str | None = None  # where the first page's address redirected to

    @property
    def complete(self) -> bool:
        return self.outcome == "ok" and not self.stop_reason and not self.page_failed

    def state(self, crawl_id: int) -> dict:
        return {
            "crawl_id": crawl_id,
            "agency_id": self.agency_id,
            "column_id": self.column_id,
            "outcome": self.outcome,
            "pages": self.pages,
            "items": self.items,
            "error": self.error,
            "complete": int(self.complete),
            "stop_reason": self.stop_reason,
            "redirected_to": self.redirected_to,
        }


@dataclass
class ColumnDone:
    """A column's walk has ended: its state is stored (and removals marked) at once."""

    result: ColumnResult
    first_url: str


@dataclass
class PageBody:
    """A page the crawl read (list, detail or home), as it came: the evidence archive's input.

    Raw bytes and headers only (the body already bounded by `max_page_bytes`); nothing in it is
    interpreted on the way to the archive."""

    url: str  # the answer's address (after any redirect)
    requested_url: str  # the address first asked for
    agency_id: str
    column_id: str | None
    kind: str  # list | detail | home
    status: int
    headers: list[tuple[str, str]] = field(repr=False)
    body: bytes = field(repr=False)  # never in a log line
    fetched_at: str = ""
    protocol: str = "HTTP/1.1"
