"""What a crawl knows before it starts: the plan the spider follows, as plain data.

- `sites`: each agency's homepage (availability and link checks) and the columns to walk;
- `known`: the URLs each column listed before — a list page holding only these ends the walk;
- `detailed`: publications whose detail page was read — never fetched again;
- `pending`: publications whose detail page is fetched this time even when their list page is
  unchanged;
- `validators`: each column first page's `etag` / `last_modified`, for conditional requests;
- `full`: columns walked as far as allowed this time, without conditional requests, so that
  removed publications are noticed;
- `content`: the county's word lists, leaders and personal-data columns, for the content
  checks of the detail pages read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from crawler.config import Column

ColumnKey = tuple[str, str]  # (agency id, column id)


@dataclass(frozen=True)
class Site:
    """An agency's site: its homepage and the columns to walk on it."""

    agency_id: str
    homepage: str | None = None
    columns: tuple[Column, ...] = ()


@dataclass(frozen=True)
class PendingDetail:
    """A publication listed before whose detail page is to be read."""

    url: str
    agency_id: str
    column_id: str
    publish_date: date | None = None


@dataclass(frozen=True)
class ContentOptions:
    """What the content checks of detail pages need (`crawler.page_checks`)."""

    word_lists: tuple[str, ...] = ()  # a county's own lists, beside the shipped ones
    leaders: tuple[tuple[str, str, bool], ...] = ()  # (name, title, former)
    personal_data_columns: tuple[str, ...] = ()


@dataclass
class CrawlPlan:
    as_of: date
    sites: list[Site] = field(default_factory=list)
    known: dict[ColumnKey, set[str]] = field(default_factory=dict)
    detailed: set[str] = field(default_factory=set)
    pending: list[PendingDetail] = field(default_factory=list)
    validators: dict[str, dict] = field(default_factory=dict)
    full: set[ColumnKey] = field(default_factory=set)
    detail_since: date | None = None  # publications dated before this: no detail page
    content: ContentOptions | None = None  # None: detail pages are not checked
    mending: set[str] = field(
        default_factory=set
    )  # pages with content hits: read whatever their age

    def urls(self) -> list[str]:
        """Every homepage and column URL (the origins redirects may stay on)."""
        homepages = [site.homepage for site in self.sites]
        return homepages + [column.url for site in self.sites for column in site.columns]

    def is_full(self, key: ColumnKey) -> bool:
        return key in self.full

    def wants_detail(self, day: date | None, keep_content: bool, url: str = "") -> bool:
        """Whether a publication listed with date `day` gets its detail page read."""
        if keep_content or url in self.mending:
            return True
        return self.detail_since is None or day is None or day >= self.detail_since
