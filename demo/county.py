"""Build 青溪县 for one day: `build_county(as_of, seed, fixes)`.

Everything is a function of (seed, as_of, fixes): the same arguments give the same county,
and the regular schedule does not depend on `as_of` beyond which items are already out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from demo.catalog import TABLE_COLUMNS, CatalogItem, catalog_items, column_name
from demo.faults import FAULT_IDS, active_faults
from demo.model import Agency, Column, County, Publication, Violation
from demo.roster import ALL_AGENCIES, PLAIN, TRS, AgencySpec
from demo.schedule import Slot, column_slots, history_start
from demo.stable import stable_int, stable_range
from demo.titles import compose_title
from demo.violations import Injection, Scene, active_injections

ARTID_EPOCH = date(2015, 1, 1).toordinal()
COLUMNS_PER_AGENCY = 16  # numbering room: column numbers never shift when a catalog grows
CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


@dataclass
class _Build:
    as_of: date
    seed: int
    injections: dict[tuple[str, str], Injection]
    violations: list[Violation] = field(default_factory=list)


def build_county(as_of: date, seed: int = 7, fixes: Iterable[str] = ()) -> County:
    """The county on `as_of`: only publications dated <= as_of; `fixes` names violation
    (or fault) ids to leave out (the column then publishes like any other)."""
    fixed = frozenset(fixes)
    build = _Build(as_of, seed, active_injections(fixed - FAULT_IDS))
    agencies = tuple(_agency(build, spec, number) for number, spec in enumerate(ALL_AGENCIES))
    faults = active_faults(fixed)
    return County(as_of, seed, fixed, agencies, tuple(build.violations), faults)


def _agency(build: _Build, spec: AgencySpec, number: int) -> Agency:
    credit = credit_code(build.seed, spec.id)
    columns = tuple(
        _column(build, spec, item, number * COLUMNS_PER_AGENCY + position, credit)
        for position, item in enumerate(catalog_items(spec.kind))
    )
    return Agency(spec, webid=3100 + number, credit_code=credit, columns=columns)


def _column(build: _Build, spec: AgencySpec, item: CatalogItem, number: int, credit: str):
    slots = column_slots(build.seed, spec.kind, spec.id, item.column_id, build.as_of)
    slots = _inject(build, spec, item, slots)
    start = history_start(build.as_of)
    publications = [
        _publication(build.seed, spec, item.column_id, number, slot, credit)
        for slot in slots
        if start <= slot.date <= build.as_of
    ]
    publications.sort(key=lambda p: (p.date, p.index), reverse=True)
    table = spec.family in (PLAIN, TRS) and item.column_id in TABLE_COLUMNS
    layout = "table" if table else "list"
    return Column(
        id=item.column_id,
        name=column_name(spec.kind, item.column_id),
        item_id=item.item_id,
        colid=1532000 + number * 7,
        unitid=38000 + number * 3,
        layout=layout,
        publications=tuple(publications),
    )


def _inject(build: _Build, spec: AgencySpec, item: CatalogItem, slots: list[Slot]) -> list[Slot]:
    injection = build.injections.get((spec.id, item.column_id))
    if injection is None:
        return slots
    due = _report_due(spec.kind)
    slots, detail = injection.change(Scene(build.as_of, build.seed, injection.id, due), slots)
    name = column_name(spec.kind, item.column_id)
    description = f"{spec.name}「{name}」：{detail}"
    build.violations.append(
        Violation(
            injection.id, spec.id, item.item_id, item.column_id, injection.status, description
        )
    )
    return slots


def _report_due(kind: str) -> tuple[int, int]:
    return next(item.due for item in catalog_items(kind) if item.rule == "periodic")


def _publication(seed: int, spec: AgencySpec, column_id: str, number: int, slot: Slot, credit: str):
    title, doc_no = compose_title(seed, spec, column_id, slot)
    day = slot.date
    sequence = day.timetuple().tm_yday * 32 + (number % COLUMNS_PER_AGENCY) * 2 + slot.index
    created = day
    if column_id in TABLE_COLUMNS:
        created = day - timedelta(days=stable_range(0, 3, seed, spec.id, column_id, day))
    return Publication(
        agency_id=spec.id,
        column_id=column_id,
        date=day,
        index=slot.index,
        title=title,
        artid=(day.toordinal() - ARTID_EPOCH) * 10000 + number * 10 + slot.index,
        index_no=f"{credit}/{day.year}-{sequence:05d}",
        doc_no=doc_no,
        created=created,
    )


def credit_code(seed: int, agency_id: str) -> str:
    """A fictional 18-character 统一社会信用代码 (11 = 机关, 331127 = a made-up county code)."""
    body = f"11331127{stable_int(seed, agency_id, 'credit') % 10**9:09d}"
    return body + CREDIT_CHARS[stable_int(body) % len(CREDIT_CHARS)]
