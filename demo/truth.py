"""The findings a correct monitor reports on `as_of`, judged from the publications the demo
serves. Independent of `rules`: the semantics are re-implemented in demo/judges.py from the
catalogs (demo/catalog.py) and checked by tests against the injected violations.

Each row is {agency_id, item_id, kind, status, period}: `period` is the year of a yearly
item, the page's path (and query) of a per-publication finding (timeliness, backdated,
paired, response), that path, `#` and the word (a link's href) of a content finding (its
status the check), `home` or `other` for broken links, and None otherwise.
"""

from __future__ import annotations

import json
from pathlib import Path

from demo.catalog import catalog_items
from demo.faults import column_faults
from demo.judges import AgencyJudge, Row
from demo.model import County


def truth(county: County) -> list[Row]:
    """The rows, sorted. A column the demo blocks with a fault (demo/faults.py: soft 404, WAF,
    HTTP errors, timeouts, redirect loops, huge pages …, on the column, its homepage or its
    whole site) cannot be judged: each catalog item it carries is `unreachable` (no
    period); the site-wide kinds leave it out (demo/judges.py). An item whose column the
    agency's site lacks is `no_column` (kind `coverage`). A revamped site (`zwgk demo
    --revamp`) is one `site_changed` row (item `site`, kind `site_change`), and its columns'
    items none: its homepage is judged as usual, its columns not at all."""
    rows = []
    blocked = blocked_columns(county)
    for agency in county.agencies:
        judge = AgencyJudge(county, agency, blocked)
        for item in catalog_items(agency.catalog):
            rows += judge.judge(item)
        rows += judge.site_changed()
    return sorted(rows, key=_sort_key)


def blocked_columns(county: County) -> set[tuple[str, str]]:
    """(agency id, column id) of every column whose list pages a blocking fault answers."""
    return {key for key, fault in column_faults(county).items() if fault.blocking}


def write_truth(county: County, path: str | Path) -> Path:
    path = Path(path)
    path.write_text(json.dumps(truth(county), ensure_ascii=False, indent=2) + "\n", "utf-8")
    return path


def _sort_key(row: Row) -> tuple:
    return (row["agency_id"], row["item_id"], row["period"] or "", row["status"])
