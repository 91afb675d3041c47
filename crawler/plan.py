"""What a crawl knows before it starts, read from the store: the plan the spider follows.

- `known`: the URLs each column listed before — a list page holding only these ends the walk;
- `detailed`: publications whose detail page was read — never fetched again;
- `pending`: listed publications still without their detail page (a crawl was interrupted,
  or the page failed), and those of columns with `reread_until` whose page does not show
  that field yet (a message not answered when last read): fetched this time even when
  their list page is unchanged;
- `validators`: each column first page's ETag / Last-Modified, for conditional requests;
- `full`: columns not walked as far as allowed (to the end, or to `max_pages`) for
  `full_crawl_days` — walked so this time, without conditional requests, so that removed
  publications are noticed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from monitor.config import Config
from monitor.store import Store

ColumnKey = tuple[str, str]


@dataclass
class CrawlPlan:
    as_of: date
    known: dict[ColumnKey, set[str]] = field(default_factory=dict)
    detailed: set[str] = field(default_factory=set)
    pending: list[dict] = field(default_factory=list)
    validators: dict[str, dict] = field(default_factory=dict)
    full: set[ColumnKey] = field(default_factory=set)
    detail_since: date | None = None  # publications dated before this: no detail page

    def is_full(self, key: ColumnKey) -> bool:
        return key in self.full

    def wants_detail(self, day: date | None, keep_content: bool) -> bool:
        """Whether a publication listed with date `day` gets its detail page read."""
        return keep_content or self.detail_since is None or day is None or day >= self.detail_since


def columns_of(config: Config) -> list[ColumnKey]:
    return [(agency.id, column.id) for agency in config.agencies for column in agency.columns]


def plan_crawl(store: Store, config: Config, as_of: date) -> CrawlPlan:
    """The plan of a crawl of `config` on `as_of`, from what `store` holds."""
    settings = config.crawl
    keys = columns_of(config)
    completed = store.column_completions()
    full = {key for key in keys if needs_full_walk(completed.get(key), as_of, settings)}
    max_age = settings.detail_max_age_days
    rereads = awaiting_rereads(store, config)
    return CrawlPlan(
        as_of=as_of,
        known={key: store.known_urls(*key) for key in keys},
        detailed=store.detailed_urls() - {row["url"] for row in rereads},
        pending=store.pending_details() + rereads,
        validators=store.validators(),
        full=full,
        detail_since=as_of - timedelta(days=max_age) if max_age is not None else None,
    )


def awaiting_rereads(store: Store, config: Config) -> list[dict]:
    return [
        row
        for agency in config.agencies
        for column in agency.columns
        if column.reread_until
        for row in store.awaiting_field(agency.id, column.id, column.reread_until)
    ]


def needs_full_walk(last_complete: str | None, as_of: date, settings) -> bool:
    """Never walked as far as allowed, or not for `full_crawl_days` (0: every crawl does)."""
    if last_complete is None or settings.full_crawl_days == 0:
        return True
    return (as_of - date.fromisoformat(last_complete)).days >= settings.full_crawl_days
