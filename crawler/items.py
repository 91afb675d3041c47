"""What the spider yields (publications, fetch records) and what it keeps per column."""

from __future__ import annotations

from dataclasses import asdict, dataclass


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
class FetchRecord:
    """One request and how it ended: the evidence behind every column state."""

    agency_id: str
    column_id: str
    url: str
    method: str
    status: int | None
    outcome: str  # ok, unparsed, http_error, timeout, unreachable, error
    error: str | None
    elapsed_ms: int | None
    fetched_at: str
    parser: str | None = None
    items: int = 0
    kind: str = "list"

    def row(self, crawl_id: int) -> dict:
        return {"crawl_id": crawl_id, **asdict(self)}


@dataclass
class ColumnResult:
    """How one column's crawl went: `ok` once its first page was recognised, else the fault."""

    agency_id: str
    column_id: str
    outcome: str = "not_crawled"
    pages: int = 0
    items: int = 0
    error: str | None = None
    parser: str | None = None

    def state(self, crawl_id: int) -> dict:
        return {
            "crawl_id": crawl_id,
            "agency_id": self.agency_id,
            "column_id": self.column_id,
            "outcome": self.outcome,
            "pages": self.pages,
            "items": self.items,
            "error": self.error,
        }
