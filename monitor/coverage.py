"""栏目覆盖: which configured column carries each catalog item of each agency, if any.

What onboarding a county checks first: an item that no column carries is a `no_column`
finding at the next check. Only items judged on their columns count (`scope: item`);
site-wide items (homepage checks and the like) need no column.
"""

from __future__ import annotations

from dataclasses import dataclass

from monitor.config import AgencyConfig, Config
from monitor.evaluate import agency_catalog, carried_items
from rules.loader import Catalog


@dataclass(frozen=True)
class ColumnRef:
    id: str
    name: str
    url: str


@dataclass(frozen=True)
class ItemCoverage:
    """One catalog item and the columns that carry it (none: 栏目缺失)."""

    item_id: str
    item_name: str
    columns: tuple[ColumnRef, ...]

    @property
    def covered(self) -> bool:
        return bool(self.columns)


@dataclass(frozen=True)
class AgencyCoverage:
    agency_id: str
    agency_name: str
    items: tuple[ItemCoverage, ...]

    @property
    def covered(self) -> list[ItemCoverage]:
        return [item for item in self.items if item.covered]

    @property
    def missing(self) -> list[ItemCoverage]:
        return [item for item in self.items if not item.covered]


def coverage(config: Config, agency_ids: set[str] | None = None) -> list[AgencyCoverage]:
    """Every agency's coverage (or those named), in the config's order."""
    return [
        agency_coverage(agency, agency_catalog(config, agency))
        for agency in config.agencies
        if agency_ids is None or agency.id in agency_ids
    ]


def agency_coverage(agency: AgencyConfig, catalog: Catalog) -> AgencyCoverage:
    carried = {column.id: carried_items(column, catalog) for column in agency.columns}
    items = tuple(
        ItemCoverage(rule.id, rule.name, tuple(
            ColumnRef(column.id, column.name, column.url)
            for column in agency.columns if rule.id in carried[column.id]))
        for rule in catalog.items if rule.scope == "item" and rule.enabled
    )  # fmt: skip
    return AgencyCoverage(agency.id, agency.name, items)


def coverage_json(agency: AgencyCoverage, item: ItemCoverage) -> dict:
    """One line of `zwgk coverage --json`."""
    return {
        "agency_id": agency.agency_id,
        "agency_name": agency.agency_name,
        "item_id": item.item_id,
        "item_name": item.item_name,
        "covered": item.covered,
        "columns": [{"id": c.id, "name": c.name, "url": c.url} for c in item.columns],
    }
