"""Apply each agency's catalog to what the store holds: the rules see views, never SQL.

A province is thousands of agencies and millions of listings: the views answer most rules
from the store's indexes (`monitor.views`), an annual report page is parsed once and its
verdict kept (`rules.report_kept`), working days are counted by the year, and the agencies
are judged by `WORKERS` processes at once.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
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
from rules.report_kept import INSPECTOR_VERSION, KeptInspections, keeping
from rules.yamlfast import gc_paused


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
    kept = KeptInspections(store.report_verdicts(INSPECTOR_VERSION))
    with gc_paused(), keeping(kept):  # many objects, no cycles: the collector would only scan
        if in_parallel(config):
            result = judge_in_parallel(config, store, day, kept)
        else:
            result = judge_agencies(config, config.agencies, StoreViews(store), day)
    if kept.added:
        store.save_report_verdicts(kept.added, INSPECTOR_VERSION)
    return result


def judge_agencies(
    config: Config, agencies: list[AgencyConfig], views: StoreViews, day: Day
) -> Evaluation:
    result = Evaluation([], set(), set(), [])
    for agency in agencies:
        judge_agency(result, agency, agency_catalog(config, agency), views, day)
    return result


# -- in parallel: processes forked from this one, each judging runs of agencies ----------------

WORKERS = min(2, os.cpu_count() or 1)  # a province's server: two cores
PARALLEL_FROM = 300  # agencies; fewer are judged before a second process would be of help
RUNS = 8  # runs of agencies per process: one slow run does not hold the other process idle
WARM_UP = 20  # agencies judged before forking: what they read for the county, workers share


@dataclass
class Job:
    config: Config
    path: Path  # the store's
    county: dict[str, dict]  # the sets read for the whole county (StoreViews.county_sets)
    day: Day
    kept: KeptInspections
    store: Store | None = None  # the worker's own connection to the store


_JOB: Job | None = None  # what a forked worker inherits


def in_parallel(config: Config) -> bool:
    """Forking is safe only from a process with one thread (no lock held by another)."""
    return (WORKERS > 1 and len(config.agencies) >= PARALLEL_FROM
            and threading.active_count() == 1)  # fmt: skip


def judge_in_parallel(config: Config, store: Store, day: Day,
                      kept: KeptInspections) -> Evaluation:  # fmt: skip
    """Runs of agencies judged by `WORKERS` forked processes, each reading the views of its
    run, merged in the config's order; the sets of the whole county are read before, once."""
    global _JOB
    county = StoreViews.county_sets(store)
    head = config.agencies[:WARM_UP]  # judged here first: the county's windows read once
    result = judge_agencies(config, head, StoreViews(store, [a.id for a in head], county), day)
    count = len(config.agencies)
    size = max(1, -(-(count - WARM_UP) // (WORKERS * RUNS)))
    runs = [(start, min(start + size, count)) for start in range(WARM_UP, count, size)]
    _JOB = Job(config, store.path, county, day, kept)
    try:
        with multiprocessing.get_context("fork").Pool(WORKERS) as pool:
            parts = pool.map(_judge_run, runs, chunksize=1)
    finally:
        _JOB = None
    for part, added, fallback_years in parts:
        merge(result, part)
        kept.added.update(added)
        day.calendar.fallback_years |= fallback_years
    return result


def _judge_run(run: tuple[int, int]) -> tuple[Evaluation, dict, set[int]]:
    job = _JOB
    if job.store is None:  # a forked process never uses its parent's connection
        job.store = Store(job.path)
        job.kept.added.clear()
    added = len(job.kept.added)
    agencies = job.config.agencies[slice(*run)]
    views = StoreViews(job.store, [agency.id for agency in agencies], job.county)
    with keeping(job.kept):
        part = judge_agencies(job.config, agencies, views, job.day)
    new = dict(list(job.kept.added.items())[added:])
    return part, new, set(job.day.calendar.fallback_years)


def merge(result: Evaluation, part: Evaluation) -> None:
    result.findings += part.findings
    result.judged |= part.judged
    result.unjudged |= part.unjudged
    result.unmapped += part.unmapped
    result.reminders += part.reminders
    result.covered |= part.covered


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
    items = [(columns[c.id], carried_items(c, catalog)) for c in agency.columns]
    for rule in catalog.items:
        scope = (agency.id, rule.id)
        carried = tuple(view for view, ids in items if rule.scope == "site" or rule.id in ids)
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
