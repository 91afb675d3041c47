"""The rules' views of the store: columns with their listings, homepage visits, link checks.

Loaded once per evaluation (a few queries for the whole county), then handed out per agency.
A column's listings are a `StoredListings`: counted for the whole county at once, the few a
rule asks about picked by the store's indexes (the newest, those read in detail, those with
content hits, those that may be backdated), and read in full only when a rule goes through
them all.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from datetime import date, timedelta

from crawler.urls import canonical_url
from monitor.config import AgencyConfig, ColumnConfig
from monitor.store import ColumnState, Store
from monitor.store.publications import ListingRow
from rules.base import ColumnView, LinkCheck, Listing, Probe
from rules.listing_sets import ListingSet

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
SHORT_WINDOW = 45  # days: few enough publications county-wide to look at them all at once
COUNTY_SETS = {  # read for every column at once: `hits`, `restated` (rows), `late` (URLs)
    "hits": lambda store: store.flagged_listings("hits"),
    "restated": lambda store: store.flagged_listings("restated"),
    "late": lambda store: store.late_sightings(),
}


class StoreViews:
    """The views of some agencies (`agency_ids`; None: all), and the sets read for the whole
    county (`county`, shared by the views of several runs of agencies; read on first use)."""

    def __init__(self, store: Store, agency_ids: list[str] | None = None,
                 county: dict[str, dict] | None = None):  # fmt: skip
        self.store = store
        self.outcomes = store.column_outcomes(agency_ids)
        self.crawl_dates = store.column_read_days(agency_ids)
        self.homepage_fetches = store.site_visits("home", agency_ids)
        self.link_fetches = store.site_visits("link", agency_ids)
        self.counts = store.live_counts(agency_ids)
        self._sets = {} if county is None else county
        self._windows: dict[tuple[date, date], set[tuple[str, str]]]
        self._windows = self._sets.setdefault("windows", {})  # county-wide too
        self._days: dict[str, date] = {}
        self._canonical: dict[str, str] = {}

    @property
    def states(self) -> dict[tuple[str, str], ColumnState]:
        """Each column's latest crawl state, every field of it."""
        return self.store.latest_column_states()

    @staticmethod
    def county_sets(store: Store) -> dict[str, dict]:
        """The sets read for the whole county, read now (before forking: workers share them)."""
        return {name: read(store) for name, read in COUNTY_SETS.items()}

    def count(self, key: tuple[str, str]) -> int:
        return self.counts.get(key, 0)

    def dated_between(self, since: date, until: date) -> set[tuple[str, str]] | None:
        """The columns with a listing dated in a short window, for the whole county at once;
        None for a long window (a column's own newest date is quicker found then)."""
        if (until - since).days > SHORT_WINDOW:
            return None
        if (since, until) not in self._windows:
            found = self.store.dated_between(since.isoformat(), until.isoformat())
            self._windows[since, until] = found
        return self._windows[since, until]

    def canonical(self, url: str) -> str:
        found = self._canonical.get(url)
        if found is None:
            found = self._canonical[url] = canonical_url(url)
        return found

    def county_set(self, name: str, key: tuple[str, str]) -> list:
        """A column's part of one of the `COUNTY_SETS` (read on first use)."""
        if name not in self._sets:
            self._sets[name] = COUNTY_SETS[name](self.store)
        return self._sets[name].get(key, ())

    def agency_columns(self, agency: AgencyConfig) -> dict[str, ColumnView]:
        """The agency's columns by id, those sent to one same page with others `redirected`."""
        views = [self.column(agency.id, column) for column in agency.columns]
        return {view.id: view for view in shared_redirects(views)}

    def column(self, agency_id: str, column: ColumnConfig) -> ColumnView:
        key = (agency_id, column.id)
        outcome, error, redirected_to = self.outcomes.get(key, ("not_crawled", None, None))
        return ColumnView(
            id=column.id,
            name=column.name,
            url=column.url,
            outcome=outcome,
            listings=StoredListings(self, key),
            error=error,
            crawled_on=tuple(self.day(day) for day in self.crawl_dates.get(key, ())),
            redirected_to=redirected_to,
        )

    def day(self, text: str | None) -> date | None:
        """A stored date (ISO, a time part ignored); one parse per distinct text."""
        if not text:
            return None
        day = self._days.get(text)
        if day is None:
            day = self._days[text] = date.fromisoformat(text[:10])
        return day

    def listing(self, row: ListingRow) -> Listing:
        url, title, publish_date, first_seen, meta = row
        return make_listing(url, title, self.day(publish_date), self.day(first_seen),
                            json.loads(meta) if meta else {})  # fmt: skip

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
                if fetch.source_url and self.canonical(fetch.source_url) == home
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


class StoredListings(ListingSet):
    """A column's live listings in the store, in the column's order (newest list date first,
    then by URL): counted and picked by the store's indexes, read in full (once) only when a
    rule goes through them all."""

    def __init__(self, views: StoreViews, key: tuple[str, str]):
        self.views, self.key = views, key
        self._items: tuple[Listing, ...] | None = None
        self._picked: dict[str, list[Listing]] = {}  # hits, suspects: asked by several rules
        self._newest: dict[date, date | None] = {}  # by as_of

    def all(self) -> tuple[Listing, ...]:
        if self._items is None:
            self._items = self.read("all") if len(self) else ()
        return self._items

    def read(self, which: str, day: date | None = None, days: int = 0) -> tuple[Listing, ...]:
        rows = self.views.store.live_listings(*self.key, which, day and day.isoformat(), days)
        return tuple(map(self.views.listing, rows))

    def __len__(self) -> int:
        return self.views.count(self.key)

    def __getitem__(self, index):
        return self.all()[index]

    def __iter__(self):
        return iter(self.all())

    def __repr__(self) -> str:
        return f"StoredListings({self.key!r}, {len(self)} listed)"

    def newest_date(self, as_of: date) -> date | None:
        if self._items is not None or not len(self):
            return super().newest_date(as_of)
        if as_of not in self._newest:  # asked by has_dated, then newest, of a stale column
            newest = self.views.store.newest_listed(*self.key, as_of.isoformat())
            self._newest[as_of] = self.views.day(newest)
        return self._newest[as_of]

    def has_dated(self, since: date, until: date) -> bool:
        if self._items is not None or not len(self):
            return super().has_dated(since, until)
        window = self.views.dated_between(since, until)
        if window is not None:
            return self.key in window
        newest = self.newest_date(until)
        return newest is not None and newest >= since

    def newest(self, as_of: date) -> Listing | None:
        if self._items is not None or not len(self):
            return super().newest(as_of)
        day = self.newest_date(as_of)
        return next(iter(self.read("dated", day)), None) if day else None

    def detailed(self, since: date | None = None) -> list[Listing]:
        if self._items is not None or not len(self):
            return super().detailed(since)
        return [item for item in self.read("detailed", since) if item.meta]

    def awaiting_reply(self, since: date, days: int) -> list[Listing]:
        if self._items is not None or not len(self):
            return super().awaiting_reply(since, days)
        return [item for item in self.read("awaiting", since, days)
                if item.meta and not ((replied := item.meta_date("reply_date"))
                                      and replied <= item.date + timedelta(days=days))]  # fmt: skip

    def published_from(self, day: date) -> list[Listing]:
        if self._items is not None or not len(self):
            return super().published_from(day)
        return [item for item in self.read("from", day)
                if not item.published_on or item.published_on >= day]  # fmt: skip

    def with_content_hits(self) -> list[Listing]:
        if "hits" not in self._picked:
            rows = self.views.county_set("hits", self.key)
            listings = map(self.views.listing, rows)
            self._picked["hits"] = [item for item in listings if item.meta.get("content_hits")]
        return self._picked["hits"]

    def backdating_suspects(self) -> list[Listing]:
        if "suspects" not in self._picked:
            self._picked["suspects"] = self._suspects()
        return self._picked["suspects"]

    def _suspects(self) -> list[Listing]:
        """Those listed after a crawl their list date is before (the store's late sightings),
        and those whose detail page states another 发布日期 (`restated`)."""
        rows = {row[0]: row for row in self.views.county_set("restated", self.key)}
        late = [url for url in self.views.county_set("late", self.key) if url not in rows]
        rows.update((row[0], row) for row in self.views.store.listing_rows(late))
        listings = map(self.views.listing, in_column_order(rows.values()))
        return [item for item in listings if item.published_on and item.first_seen
                and item.published_on < item.first_seen]  # fmt: skip


def in_column_order(rows) -> list[ListingRow]:
    """As the store orders a column: publish date descending (none last), then URL."""
    by_url = sorted(rows, key=lambda row: row[0])
    return sorted(by_url, key=lambda row: (row[2] is not None, row[2] or ""), reverse=True)


def make_listing(url: str, title: str, day: date | None, first_seen: date | None,
                 meta: dict) -> Listing:  # fmt: skip
    """A listing with its detail page's text metadata (and content hits); the page's HTML,
    when kept, apart as `content`."""
    return Listing(
        url=url,
        title=title,
        date=day,
        first_seen=first_seen,
        content=meta.get("content"),
        meta={
            key: value
            for key, value in meta.items()
            if key != "content" and (isinstance(value, str) or key == "content_hits")
        },  # fmt: skip
    )


def to_date(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None
