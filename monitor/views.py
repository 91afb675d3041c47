"""The rules' views of the store: columns with their listings, homepage visits, link checks.

Loaded once per evaluation (a few queries for the whole county), then handed out per agency.
"""

from __future__ import annotations

import json
from datetime import date

from crawler.urls import canonical_url
from monitor.config import AgencyConfig, ColumnConfig
from monitor.store import Store
from rules.base import ColumnView, LinkCheck, Listing, Probe

OPENED = ("ok", "not_modified")
BROKEN = (
    "http_error",
    "soft404",
    "unreachable",
    "timeout",
    "redirect_loop",
)  # a WAF page proves nothing
NOT_VISITED = ("blocked_address",)  # never requested: says nothing of the site


class StoreViews:
    def __init__(self, store: Store):
        self.store = store
        self.states = store.latest_column_states()
        self.crawl_dates = store.column_crawl_dates()
        self.homepage_fetches = store.site_fetches("home")
        self.link_fetches = store.site_fetches("link")

    def column(self, agency_id: str, column: ColumnConfig) -> ColumnView:
        state = self.states.get((agency_id, column.id))
        rows = self.store.column_publications(agency_id, column.id)
        return ColumnView(
            id=column.id,
            name=column.name,
            url=column.url,
            outcome=state["outcome"] if state else "not_crawled",
            listings=tuple(listing(row) for row in rows if not row["removed_on"]),
            error=state["error"] if state else None,
            crawled_on=tuple(
                to_date(day) for day in self.crawl_dates.get((agency_id, column.id), ())
            ),
        )

    def probes(self, agency: AgencyConfig) -> tuple[Probe, ...]:
        return tuple(
            Probe(row["url"], to_date(row["as_of"]), row["outcome"] in OPENED, row["elapsed_ms"])
            for row in self.homepage_fetches.get(agency.id, ())
            if row["outcome"] not in NOT_VISITED
        )

    def links(self, agency: AgencyConfig) -> tuple[LinkCheck, ...]:
        home = canonical_url(agency.homepage) if agency.homepage else None
        return tuple(
            LinkCheck(
                url=row["url"],
                source_url=row["source_url"] or "",
                page_kind="home"
                if row["source_url"] and canonical_url(row["source_url"]) == home
                else "other",
                ok=row["outcome"] in OPENED,
                status=row["status"],
                outcome=row["outcome"],
                checked_on=to_date(row["as_of"]),
            )
            for row in self.link_fetches.get(agency.id, ())
            if row["outcome"] in OPENED + BROKEN
        )


def listing(row: dict) -> Listing:
    meta = json.loads(row["meta"]) if row["meta"] else {}
    content = meta.pop("content", None)
    return Listing(
        url=row["url"],
        title=row["title"],
        date=to_date(row["publish_date"]),
        first_seen=to_date(row["first_seen"]),
        content=content,
        meta={key: value for key, value in meta.items() if isinstance(value, str)},
    )


def to_date(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None
