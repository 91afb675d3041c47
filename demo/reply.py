"""The demo's second week: a department answers a finding with a 整改回复, and has fixed it.

青溪县交通运输局's news column (部门动态) stopped weeks ago (`stale-news-qx-jtj`). `zwgk demo` always fixes
it in the week before `as_of` (its fixed schedule publishes again that week and backfills
nothing): the crawl a week earlier finds the column stale, the department replies on a
working day in between, citing the article it published, and the crawl on `as_of` finds the
column fresh, which verifies the reply. The truth follows: on `as_of` the column is fresh.
"""

from __future__ import annotations

from datetime import date, timedelta

from demo import urls
from demo.catalog import items_on
from demo.model import County
from demo.workdays import add_workdays

FIX = "stale-news-qx-jtj"
AGENCY = "qx-jtj"
COLUMN = "news"
BODY = "已恢复“{name}”栏目更新，明确专人每周发布本局工作信息，并已发布最新一期动态。"


def body(county: County) -> str:
    """The reply's text, naming the column as the department's site names it."""
    agency = next(a for a in county.agencies if a.id == AGENCY)
    return BODY.format(name=agency.column(COLUMN).name)


def item_ids(county: County) -> set[str]:
    """The catalog items the replied column carries (the finding the reply answers)."""
    agency = next(a for a in county.agencies if a.id == AGENCY)
    return {item.item_id for item in items_on(agency.catalog, COLUMN)}


def published_path(county: County) -> str | None:
    """The path of the newest article of the column on as_of (what the reply cites)."""
    agency = next(a for a in county.agencies if a.id == AGENCY)
    column = agency.column(COLUMN)
    return urls.article(agency, column, column.publications[0]) if column.publications else None


def reply_day(before: date, as_of: date) -> date:
    """The second working day after the earlier crawl (holidays and 调休 count), else the
    first; in a week of holidays (国庆) with neither before as_of, the day after the crawl."""
    candidates = (add_workdays(before, 2), add_workdays(before, 1), before + timedelta(days=1))
    return next(day for day in candidates if day < as_of)
