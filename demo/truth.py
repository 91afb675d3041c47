"""The findings a correct monitor reports on `as_of`, judged from the publications the demo
serves. Independent of `rules`: the semantics are re-implemented in demo/judges.py from the
catalogs (demo/catalog.py) and checked by tests against the injected violations.

Each row is {agency_id, item_id, kind, status, period}: `period` is the year of a yearly
item, the page's path (and query) of a per-publication finding (timeliness, backdated,
paired, response), `home` or `other` for broken links, and None otherwise.
"""

from __future__ import annotations

import json
from pathlib import Path

from demo.catalog import catalog_items
from demo.judges import AgencyJudge, Row
from demo.model import County


def truth(county: County) -> list[Row]:
    """The rows, sorted. A column the demo blocks with a fault (soft 404, WAF, unreachable
    site) cannot be judged: each catalog item it carries is `unreachable` (no period)."""
    rows = []
    blocked = blocked_columns(county)
    for agency in county.agencies:
        judge = AgencyJudge(county, agency, blocked)
        for item in catalog_items(agency.catalog):
            rows += judge.judge(item)
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


def _sort_key(row: Row) -> tuple:
    return (row["agency_id"], row["item_id"], row["period"] or "", row["status"])
