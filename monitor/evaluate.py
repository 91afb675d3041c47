"""Apply each agency's catalog to what the store holds: the rules see views, never SQL."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from monitor.config import AgencyConfig, ColumnConfig, Config
from monitor.store import Store
from monitor.views import StoreViews
from rules.base import Context, Reminder
from rules.calendar import WorkCalendar
from rules.findings import Finding
from rules.loader import Catalog, load_catalog


@dataclass
class Evaluation:
    """The findings of one evaluation and the (agency, item) scopes it judged."""

    findings: list[Finding]
    judged: set[tuple[str, str]]  # every column reachable: absent findings mean "fixed"
    unjudged: set[tuple[str, str]]  # a column could not be fetched: keep what was known
    unmapped: list[tuple[str, str]]  # catalog items no configured column carries
    reminders: list[Reminder] = field(default_factory=list)


@cache
def _catalog(ref: str, base: Path | None) -> Catalog:
    return load_catalog(ref, base)


def agency_catalog(config: Config, agency: AgencyConfig) -> Catalog:
    base = config.path.parent if config.path else None
    return _catalog(agency.catalog, base)


def load_all_catalogs(config: Config) -> dict[str, Catalog]:
    """Load every catalog the config names, so a bad rule file fails before any work.

    Read anew each time: a long-running service sees a rule file edited since its last cycle.
    """
    _catalog.cache_clear()
    return {agency.id: agency_catalog(config, agency) for agency in config.agencies}


def carried_items(column: ColumnConfig, catalog: Catalog) -> set[str]:
    if column.items:
        return set(column.items)
    return {rule.id for rule in catalog.items if rule.column == column.id}


def evaluate(
    config: Config,
    store: Store,
    as_of: date,
    calendar: WorkCalendar | None = None,
    remind_before_workdays: int = 0,
) -> Evaluation:
    """Judge every agency's catalog; reminders for items due within the given working days."""
    calendar = calendar or WorkCalendar.from_file(config.holidays)
    horizon = calendar.add_workdays(as_of, remind_before_workdays)
    views = StoreViews(store)
    result = Evaluation([], set(), set(), [])
    for agency in config.agencies:
        catalog = agency_catalog(config, agency)
        columns_by_id = {c.id: views.column(agency.id, c) for c in agency.columns}
        site = {"probes": views.probes(agency), "links": views.links(agency)}
        for rule in catalog.items:
            columns = tuple(
                columns_by_id[c.id]
                for c in agency.columns
                if rule.scope == "site" or rule.id in carried_items(c, catalog)
            )
            scope = (agency.id, rule.id)
            if not columns:
                result.unmapped.append(scope)
                continue
            ctx = Context(as_of, agency.id, agency.name, columns, calendar, **site)
            result.findings.extend(rule.check(ctx))
            result.reminders.extend(rule.reminders(ctx, horizon))
            reachable = all(column.reachable for column in rule.needed_columns(ctx))
            (result.judged if reachable else result.unjudged).add(scope)
    return result
