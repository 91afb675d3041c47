"""The rules' views of the store: columns with their listings, homepage visits, link checks.

Loaded once per evaluation (a few queries for the whole county), then handed out per agency.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from datetime import date

from crawler.urls import canonical_url
from monitor.config import AgencyConfig, ColumnConfig
from monitor.store import ListedPublication, Store
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
READ_AS_COLUMN = ("ok", "unparsed", "unparsed_suspect", "js_only")  # a page was taken for it
SHARED_TARGET = "the column's address redirected to one page with other columns: {url}"


class StoreViews:
    def __init__(self, store: Store):
        self.store = store
        self.states = store.latest_column_states()
        self.crawl_dates = store.column_crawl_dates()
        self.homepage_fetches = store.site_fetches("home")
        self.link_fetches = store.site_fetches("link")

    def agency_columns(self, agency: AgencyConfig) -> dict[str, ColumnView]:
        """The agency's columns by id, those sent to one same page with others `redirected`."""
        views = [self.column(agency.id, column) for column in agency.columns]
        return {view.id: view for view in shared_redirects(views)}

    def column(self, agency_id: str, column: ColumnConfig) -> ColumnView:
        state = self.states.get((agency_id, column.id))
        rows = self.store.column_publications(agency_id, column.id)
        return ColumnView(
            id=column.id,
            name=column.name,
            url=column.url,
            outcome=state.outcome if state else "not_crawled",
            listings=tuple(listing(pub) for pub in rows if not pub.removed_on),
            error=state.error if state else None,
            crawled_on=tuple(
                to_date(day) for day in self.crawl_dates.get((agency_id, column.id), ())
            ),
            redirected_to=state.redirected_to if state else None,
        )

    def probes(self, agency: AgencyConfig) -> tuple[Probe, ...]:
        return tuple(
            Probe(fetch.url, to_date(fetch.as_of), fetch.outcome in OPENED, fetch.elapsed_ms)
            for fetch in self.homepage_fetches.get(agency.id, ())
            if fetch.outcome not in NOT_VISITED
        )

    def home_hits(self, agency: AgencyConfig) -> tuple[tuple[str, dict], ...]:
        """The content hits (hidden and blocked links) of the homepage's latest fetch."""
        fetches = [f for f in self.homepage_fetches.get(agency.id, ()) if f.outcome in OPENED]
        if not fetches:
            return ()
        latest = max(fetches, key=lambda fetch: fetch.as_of)
        return tuple((latest.url, hit) for hit in json.loads(latest.content_hits or "[]"))

    def links(self, agency: AgencyConfig) -> tuple[LinkCheck, ...]:
        home = canonical_url(agency.homepage) if agency.homepage else None
        return tuple(
            LinkCheck(
                url=fetch.url,
                source_url=fetch.source_url or "",
                page_kind="home"
                if fetch.source_url and canonical_url(fetch.source_url) == home
                else "other",
                ok=fetch.outcome in OPENED,
                status=fetch.status,
                outcome=fetch.outcome,
                checked_on=to_date(fetch.as_of),
            )
            for fetch in self.link_fetches.get(agency.id, ())
            if fetch.outcome in OPENED + BROKEN
        )


def shared_redirects(columns: list[ColumnView]) -> list[ColumnView]:
    """Two or more columns whose addresses redirect to one same page (as a rebuilt site sends
    its old addresses to one page) were not read: they are `redirected`, not judged on it."""
    targets = Counter(canonical_url(c.redirected_to) for c in columns if c.redirected_to)
    return [
        replace(column, outcome="redirected", listings=(),
                error=SHARED_TARGET.format(url=column.redirected_to))
        if column.redirected_to and targets[canonical_url(column.redirected_to)] > 1
        and column.outcome in READ_AS_COLUMN else column
        for column in columns
    ]  # fmt: skip


def listing(pub: ListedPublication) -> Listing:
    meta = {key: value for key, value in pub.meta.items() if key != "content"}
    return Listing(
        url=pub.url,
        title=pub.title,
        date=to_date(pub.publish_date),
        first_seen=to_date(pub.first_seen),
        content=pub.meta.get("content"),
        meta={
            key: value
            for key, value in meta.items()
            if isinstance(value, str) or key == "content_hits"
        },  # fmt: skip
    )


def to_date(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None
