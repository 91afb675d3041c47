"""Apply each agency's catalog to what the store holds: the rules see views, never SQL."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from monitor.config import AgencyConfig, ColumnConfig, Config
from monitor.no_column import COVERAGE_KIND, no_column_finding, site_down
from monitor.site_change import SITE_ITEM, site_change, site_changed_finding
from monitor.store import Store
from monitor.views import StoreViews
from rules.base import Context, Reminder, Rule
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
    covered: set[tuple[str, str]] = field(default_factory=set)  # a configured column carries it

    def settles(self, finding: Finding) -> bool:
        """Whether this evaluation can tell that a known finding, not raised again, is gone:
        its scope was judged (a `no_column` one: a column carrying its item is configured)."""
        scope = (finding.agency_id, finding.item_id)
        return scope in self.judged or (finding.kind == COVERAGE_KIND and scope in self.covered)


@dataclass(frozen=True)
class Day:
    """The day judged, its calendar, and how far ahead reminders look."""

    as_of: date
    calendar: WorkCalendar
    horizon: date


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
    day = Day(as_of, calendar, calendar.add_workdays(as_of, remind_before_workdays))
    views = StoreViews(store)
    result = Evaluation([], set(), set(), [])
    for agency in config.agencies:
        judge_agency(result, agency, agency_catalog(config, agency), views, day)
    return result


def judge_agency(
    result: Evaluation, agency: AgencyConfig, catalog: Catalog, views: StoreViews, day: Day
) -> None:
    """One agency: its site as a whole (rebuilt? down?), then each catalog item."""
    columns = views.agency_columns(agency)
    site = {"probes": views.probes(agency), "links": views.links(agency),
            "home_hits": views.home_hits(agency)}  # fmt: skip
    change = site_change(tuple(columns.values()))
    down = site_down(tuple(columns.values()), site["probes"])
    if change:
        result.findings.append(site_changed_finding(agency, change))
    elif not down:
        result.judged.add((agency.id, SITE_ITEM))
    lost = change.lost_ids if change else frozenset()
    for rule in catalog.items:
        scope = (agency.id, rule.id)
        carried = tuple(columns[c.id] for c in agency.columns
                        if rule.scope == "site" or rule.id in carried_items(c, catalog))  # fmt: skip
        if not carried and rule.scope == "item":
            result.unmapped.append(scope)
            if (
                rule.enabled
                and not has_alternative(agency, rule)
                and (rule.reports_unreachable or not down)
            ):
                result.findings.append(no_column_finding(agency, rule, down))
            (result.unjudged if down else result.judged).add(scope)
            continue
        result.covered.add(scope)
        ctx = Context(day.as_of, agency.id, agency.name, carried, day.calendar, **site)
        judge_item(result, rule, ctx, lost, day.horizon)


def has_alternative(agency: AgencyConfig, rule: Rule) -> bool:
    """Whether a column the catalog names as carrying the item's content instead is there."""
    return any(column.id in rule.alternative_columns for column in agency.columns)


def judge_item(
    result: Evaluation, rule: Rule, ctx: Context, lost: frozenset[str], horizon: date
) -> None:
    """One item on its columns; one on a column lost to a rebuilt site is left as it was."""
    scope = (ctx.agency_id, rule.id)
    needed = rule.needed_columns(ctx)
    if any(column.id in lost for column in needed):
        result.unjudged.add(scope)
        return
    result.findings.extend(rule.check(ctx))
    result.reminders.extend(rule.reminders(ctx, horizon))
    reachable = all(column.reachable for column in needed)
    (result.judged if reachable else result.unjudged).add(scope)
