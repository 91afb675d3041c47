"""A crawl plan cut into one share per site, and each share as JSON for the Redis task queue.

A distributed crawl (`crawler.redis_worker`) hands out sites, not requests: a column's walk
keeps its state in the worker that walks it (the pages requested, the queued next pages, the
result), so every request of one site stays in one worker.
"""

from __future__ import annotations

import json
from datetime import date

from crawler.config import Column
from crawler.plan import ContentOptions, CrawlPlan, PendingDetail, Site

COLUMN_FIELDS = set(Column.model_fields)


def site_shares(plan: CrawlPlan) -> list[CrawlPlan]:
    """One plan per site of `plan`, holding only what that site's walk reads."""
    return [site_share(plan, site) for site in plan.sites]


def site_share(plan: CrawlPlan, site: Site) -> CrawlPlan:
    keys = {(site.agency_id, column.id) for column in site.columns}
    known = {key: plan.known.get(key, set()) for key in keys}
    listed = set().union(*known.values())
    pending = [p for p in plan.pending if p.agency_id == site.agency_id]
    first_pages = {column.url for column in site.columns}
    return CrawlPlan(
        as_of=plan.as_of,
        sites=[site],
        known=known,
        detailed=plan.detailed & listed,
        pending=pending,
        validators={url: v for url, v in plan.validators.items() if url in first_pages},
        full=plan.full & keys,
        detail_since=plan.detail_since,
        content=plan.content,
        mending=plan.mending & {p.url for p in pending},
    )


def merge_plans(shares: list[CrawlPlan]) -> CrawlPlan:
    """One plan walking every share (a worker's batch of sites)."""
    first = shares[0]
    merged = CrawlPlan(as_of=first.as_of, detail_since=first.detail_since, content=first.content)
    for share in shares:
        merged.sites.extend(share.sites)
        merged.known.update(share.known)
        merged.detailed |= share.detailed
        merged.pending.extend(share.pending)
        merged.validators.update(share.validators)
        merged.full |= share.full
        merged.mending |= share.mending
    return merged


def plan_to_json(plan: CrawlPlan) -> str:
    return json.dumps(
        {
            "as_of": plan.as_of.isoformat(),
            "sites": [site_dict(site) for site in plan.sites],
            "known": [[*key, sorted(urls)] for key, urls in plan.known.items()],
            "detailed": sorted(plan.detailed),
            "pending": [pending_dict(p) for p in plan.pending],
            "validators": plan.validators,
            "full": sorted(plan.full),
            "detail_since": iso(plan.detail_since),
            "content": content_dict(plan.content),
            "mending": sorted(plan.mending),
        },
        ensure_ascii=False,
    )


def plan_from_json(text: str | bytes) -> CrawlPlan:
    data = json.loads(text)
    content = data["content"]
    return CrawlPlan(
        as_of=date.fromisoformat(data["as_of"]),
        sites=[site_from_dict(site) for site in data["sites"]],
        known={(agency, column): set(urls) for agency, column, urls in data["known"]},
        detailed=set(data["detailed"]),
        pending=[
            PendingDetail(p["url"], p["agency_id"], p["column_id"], to_date(p["publish_date"]))
            for p in data["pending"]
        ],
        validators=data["validators"],
        full={tuple(key) for key in data["full"]},
        detail_since=to_date(data["detail_since"]),
        content=ContentOptions(
            word_lists=tuple(content["word_lists"]),
            leaders=tuple(tuple(leader) for leader in content["leaders"]),
            personal_data_columns=tuple(content["personal_data_columns"]),
        )
        if content is not None
        else None,
        mending=set(data["mending"]),
    )


def site_dict(site: Site) -> dict:
    return {
        "agency_id": site.agency_id,
        "homepage": site.homepage,
        # the config's columns carry the monitor's fields too: only the crawler's travel
        "columns": [
            column.model_dump(mode="json", include=COLUMN_FIELDS) for column in site.columns
        ],
    }


def site_from_dict(data: dict) -> Site:
    columns = tuple(Column.model_validate(column) for column in data["columns"])
    return Site(data["agency_id"], data["homepage"], columns)


def pending_dict(pending: PendingDetail) -> dict:
    return {"url": pending.url, "agency_id": pending.agency_id,
            "column_id": pending.column_id, "publish_date": iso(pending.publish_date)}  # fmt: skip


def content_dict(content: ContentOptions | None) -> dict | None:
    if content is None:
        return None
    return {"word_lists": list(content.word_lists), "leaders": [list(x) for x in content.leaders],
            "personal_data_columns": list(content.personal_data_columns)}  # fmt: skip


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def to_date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None
