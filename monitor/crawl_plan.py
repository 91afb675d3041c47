"""The plan of a crawl, from the config and what the store holds (see `crawler.plan`).

- `pending`: listed publications still without their detail page (a crawl was interrupted,
  or the page failed), those of columns with `reread_until` whose page does not show
  that field yet (a message not answered when last read), and those whose page had content
  hits (read until mended);
- `full`: columns not walked as far as allowed (to the end, or to `max_pages`) for
  `full_crawl_days`.
"""

from __future__ import annotations

from datetime import date, timedelta

from crawler.config import CrawlSettings
from crawler.plan import ColumnKey, ContentOptions, CrawlPlan, PendingDetail, Site
from monitor.config import Config
from monitor.store import Store


def sites_of(config: Config) -> list[Site]:
    return [Site(a.id, a.homepage, tuple(a.columns)) for a in config.agencies]


def columns_of(config: Config) -> list[ColumnKey]:
    return [(agency.id, column.id) for agency in config.agencies for column in agency.columns]


def plan_crawl(store: Store, config: Config, as_of: date) -> CrawlPlan:
    """The plan of a crawl of `config` on `as_of`, from what `store` holds."""
    settings = config.crawl
    keys = columns_of(config)
    completed = store.column_completions()
    full = {key for key in keys if needs_full_walk(completed.get(key), as_of, settings)}
    max_age = settings.detail_max_age_days
    mending = store.content_hit_details() if config.content.enabled else []
    rereads = awaiting_rereads(store, config) + mending
    return CrawlPlan(
        as_of=as_of,
        sites=sites_of(config),
        known={key: store.known_urls(*key) for key in keys},
        detailed=store.detailed_urls() - {pending.url for pending in rereads},
        pending=store.pending_details() + rereads,
        validators=stored_validators(store),
        full=full,
        detail_since=as_of - timedelta(days=max_age) if max_age is not None else None,
        content=content_options(config),
        mending={pending.url for pending in mending},
    )


def content_options(config: Config) -> ContentOptions | None:
    content = config.content
    if not content.enabled:
        return None
    return ContentOptions(
        word_lists=tuple(str(path) for path in content.word_lists),
        leaders=tuple((leader.name, leader.title, leader.former) for leader in content.leaders),
        personal_data_columns=tuple(content.personal_data_columns),
    )


def awaiting_rereads(store: Store, config: Config) -> list[PendingDetail]:
    return [
        row
        for agency in config.agencies
        for column in agency.columns
        if column.reread_until
        for row in store.awaiting_field(agency.id, column.id, column.reread_until)
    ]


def stored_validators(store: Store) -> dict[str, dict]:
    """Each URL's stored `etag` and `last_modified`, for its conditional request."""
    rows = store.validators().items()
    return {url: {"etag": r.etag, "last_modified": r.last_modified} for url, r in rows}


def needs_full_walk(last_complete: str | None, as_of: date, settings: CrawlSettings) -> bool:
    """Never walked as far as allowed, or not for `full_crawl_days` (0: every crawl does)."""
    if last_complete is None or settings.full_crawl_days == 0:
        return True
    return (as_of - date.fromisoformat(last_complete)).days >= settings.full_crawl_days
