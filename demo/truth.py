"""The findings a correct monitor reports on `as_of`, judged from the publications the demo
serves. Independent of `rules`: the semantics are re-implemented here from the catalogs
(demo/catalog.py) and checked by tests against the injected violations.
"""

from __future__ import annotations

import calendar
import json
import re
from datetime import date, timedelta
from pathlib import Path

from demo.catalog import ANNUAL_MATCH, PERIODS_CHECKED, CatalogItem, catalog_items
from demo.model import Agency, County, Publication

Row = dict[str, str | None]


def truth(county: County) -> list[Row]:
    """Rows {agency_id, item_id, kind, status, period}, sorted.

    A column the demo blocks with a fault (soft 404, WAF, unreachable site) cannot be judged:
    each catalog item it carries is `unreachable` (no period), and nothing else."""
    rows = []
    blocked = blocked_columns(county)
    for agency in county.agencies:
        for item in catalog_items(agency.catalog):
            if (agency.id, item.column_id) in blocked:
                rows.append(_row(agency, item, "unreachable"))
                continue
            publications = agency.column(item.column_id).publications
            rows += judge(item, publications, county.as_of, agency)
    return sorted(rows, key=_sort_key)


def blocked_columns(county: County) -> set[tuple[str, str]]:
    """(agency id, column id) of every column a blocking fault covers."""
    blocked = set()
    for fault in county.faults:
        if fault.blocking:
            columns = county.agency(fault.agency_id).columns
            blocked |= {(fault.agency_id, c.id) for c in columns if fault.column_id in (None, c.id)}
    return blocked


def write_truth(county: County, path: str | Path) -> Path:
    path = Path(path)
    path.write_text(json.dumps(truth(county), ensure_ascii=False, indent=2) + "\n", "utf-8")
    return path


def judge(item: CatalogItem, publications, as_of: date, agency: Agency) -> list[Row]:
    served = [p for p in publications if p.date <= as_of]
    if item.rule == "freshness":
        fresh = any(p.date >= cutoff(as_of, item.max_age) for p in served)
        return [] if fresh else [_row(agency, item, "stale")]
    if item.rule == "not_blank":
        return [] if served else [_row(agency, item, "blank")]
    return [
        _row(agency, item, status, str(year))
        for year in years_due(as_of, item.due)
        if (status := report_status(served, year, item.due))
    ]


def cutoff(as_of: date, max_age: tuple[int, str]) -> date:
    """The oldest date still fresh: N weeks earlier, or the same day N months earlier
    (clamped to the end of a shorter month)."""
    amount, unit = max_age
    if unit == "weeks":
        return as_of - timedelta(weeks=amount)
    months = as_of.year * 12 + as_of.month - 1 - amount
    year, month = divmod(months, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(as_of.day, last_day))


def years_due(as_of: date, due: tuple[int, int]) -> list[int]:
    """The latest PERIODS_CHECKED years whose due date (in the next year) is before as_of."""
    year = as_of.year
    while date(year + 1, *due) >= as_of:
        year -= 1
    return [year - back for back in range(PERIODS_CHECKED)]


def report_status(served: list[Publication], year: int, due: tuple[int, int]) -> str | None:
    pattern = re.compile(ANNUAL_MATCH.replace("{year}", str(year)))
    dates = [p.date for p in served if pattern.search(re.sub(r"\s+", "", p.title))]
    if not dates:
        return "missing"
    return "late" if min(dates) > date(year + 1, *due) else None


def _row(agency: Agency, item: CatalogItem, status: str, period: str | None = None) -> Row:
    return {
        "agency_id": agency.id,
        "item_id": item.item_id,
        "kind": item.rule,
        "status": status,
        "period": period,
    }


def _sort_key(row: Row) -> tuple:
    return (row["agency_id"], row["item_id"], row["period"] or "")
