"""Build 青溪县 for one day: `build_county(as_of, seed, fixes)`.

Everything is a function of (seed, as_of, fixes): the same arguments give the same county,
and the regular schedule does not depend on `as_of` beyond which items are already out.
`shown_on` (before `as_of`) gives the same county as it stood that day, as an earlier crawl
saw it: what appeared since is not online yet, the violations are those of `as_of`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from common.errors import BadInputError
from demo import budget, urls
from demo.catalog import MESSAGE_COLUMNS, TABLE_COLUMNS, catalog_columns, items_on
from demo.expected import expected_findings
from demo.fault_plan import fault_plan
from demo.faults import FAULT_IDS, active_faults
from demo.model import Agency, Column, County, Publication, Violation
from demo.names import column_name
from demo.roster import ALL_AGENCIES, PLAIN, TRS, AgencySpec
from demo.schedule import Slot, column_slots, history_start, ranked
from demo.stable import stable_int, stable_range, stable_rng
from demo.titles import compose_title, interpretation_title
from demo.violations import Injection, Scene, check_fixes, injections_for
from demo.workdays import add_workdays

ARTID_EPOCH = date(2015, 1, 1).toordinal()
COLUMNS_PER_AGENCY = 24  # numbering room: column numbers never shift when a catalog grows
CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
DERIVED = ("homepage", "interpretation")  # built from other columns' publications
TIMELY_LAG = {"documents": (1, 5), "penalties": (0, 3), "licensing": (0, 3)}  # workdays
DEAD_LINKS_FROM = date(2023, 3, 6)  # the deleted articles' dates: before the history


@dataclass
class _Build:
    as_of: date
    seed: int
    fixes: frozenset[str]
    day: date  # the day the sites are shown as of
    revamp: frozenset[str] = frozenset()  # agencies whose sites were rebuilt
    violations: list[Violation] = field(default_factory=list)


def build_county(
    as_of: date,
    seed: int = 7,
    fixes: Iterable[str] = (),
    shown_on: date | None = None,
    fault_rate: float = 0.0,
    fault_seed: int = 1,
    revamp: Iterable[str] = (),
) -> County:
    """The county on `as_of`: only publications online by then (by `shown_on`, if given);
    `fixes` names violation (or fault) ids to leave out; `fault_rate` of the columns and
    agencies get a fault drawn from `fault_seed` (demo/fault_plan.py); the agencies of
    `revamp` have rebuilt sites, their columns at new addresses (demo/revamp.py)."""
    fixed = frozenset(fixes)
    planned = fault_plan(fault_rate, fault_seed)
    check_fixes(fixed - FAULT_IDS - {fault.id for fault in planned})
    build = _Build(as_of, seed, fixed, shown_on or as_of, frozenset(revamp))
    check_revamp(build.revamp)
    agencies = tuple(_agency(build, spec, number) for number, spec in enumerate(ALL_AGENCIES))
    faults = active_faults(fixed) + tuple(f for f in planned if f.id not in fixed)
    return County(as_of, seed, fixed, agencies, tuple(build.violations), faults, shown_on)


def _agency(build: _Build, spec: AgencySpec, number: int) -> Agency:
    credit = credit_code(build.seed, spec.id)
    injections = injections_for(spec.id, build.fixes)
    details: dict[str, str] = {}
    columns = _columns(build, spec, number, credit, injections, details)
    for injection, fixed in injections:
        if not injection.columns and not fixed:  # it changes the pages, not a schedule
            details[injection.id] = _changed(build, spec, injection, fixed, [])[1]
    dead = sum(injection.dead_links for injection, fixed in injections if not fixed)
    missing = {c for injection, fixed in injections if not fixed for c in injection.missing}
    columns = tuple(column for column in columns if column.id not in missing)
    revamped = spec.id in build.revamp
    links = dead_links(spec, columns, dead, revamped)
    agency = Agency(spec, 3100 + number, credit, columns, links, revamped)
    for injection, fixed in injections:
        if not fixed:
            build.violations.append(_violation(build, agency, injection, details))
    return agency


def _columns(build, spec: AgencySpec, number: int, credit: str, injections, details):
    """The catalog's columns in order; the homepage and the interpretations come last, as
    they are built from the others."""
    order, built = catalog_columns(spec.kind), {}
    for position, column_id in sorted(enumerate(order), key=lambda p: p[1] in DERIVED):
        numbered = number * COLUMNS_PER_AGENCY + position
        if column_id in DERIVED:
            built[column_id] = _derived(build, spec, column_id, numbered, built, credit)
            continue
        slots = _schedule(build, spec, column_id)
        for injection, fixed in injections:
            if column_id in injection.columns:
                slots, details[injection.id] = _changed(build, spec, injection, fixed, slots)
        built[column_id] = _column(build, spec, column_id, numbered, credit, ranked(slots))
    return tuple(built[column_id] for column_id in order)


def _schedule(build: _Build, spec: AgencySpec, column_id: str) -> list[Slot]:
    if (spec.kind, column_id) in budget.COLUMNS:
        first = history_start(build.as_of).year
        return budget.budget_slots(build.seed, spec.kind, spec.id, column_id, first, build.as_of)
    return column_slots(build.seed, spec.kind, spec.id, column_id, build.as_of)


def _changed(build, spec, injection: Injection, fixed: bool, slots: list[Slot]):
    scene = Scene(build.as_of, build.seed, injection.id, spec.kind)
    if fixed:
        return (injection.fixed(scene, slots)[0] if injection.fixed else slots), ""
    return injection.change(scene, slots)


def _violation(build: _Build, agency: Agency, injection: Injection, details) -> Violation:
    scene = Scene(build.as_of, build.seed, injection.id, agency.kind)
    names = "、".join(f"「{agency.column(c).name}」" for c in injection.columns) or "栏目页"
    description = f"{agency.name}{names}：{details.get(injection.id, '')}"
    findings = tuple(expected_findings(injection, agency, scene))
    return Violation(injection.id, agency.id, injection.columns, description, findings)


def _column(build, spec: AgencySpec, column_id: str, number: int, credit: str, slots) -> Column:
    publications = [
        _publication(build.seed, spec, column_id, number, slot, credit) for slot in slots
    ]
    return _make_column(build, spec, column_id, number, _online(build, column_id, publications))


def _online(build: _Build, column_id: str, publications) -> tuple[Publication, ...]:
    """What the column lists on the day shown: within its history and already online."""
    start = history_start(build.as_of)
    if column_id in MESSAGE_COLUMNS:  # letters are listed for about a year
        start = date(start.year + 1, start.month, 1)
    shown = [p for p in publications if start <= p.date <= build.day and p.appears <= build.day]
    return tuple(sorted(shown, key=lambda p: (p.date, p.index), reverse=True))


def _make_column(build, spec, column_id: str, number: int, publications) -> Column:
    table = spec.family in (PLAIN, TRS) and column_id in TABLE_COLUMNS
    return Column(
        id=column_id,
        name=column_name(spec, column_id),
        item_id=items_on(spec.kind, column_id)[0].item_id,
        colid=1532000 + number * 7,
        unitid=38000 + number * 3,
        layout="table" if table else "list",
        publications=publications,
    )


def _derived(build, spec: AgencySpec, column_id: str, number: int, built, credit: str):
    """The homepage lists its blocks' latest items; each interpretation follows a document."""
    if column_id == "homepage":
        size = urls.HOME_ITEMS[spec.family]
        shown = tuple(p for c in urls.home_columns(spec.kind) for p in built[c].publications[:size])
        return _make_column(build, spec, column_id, number, shown)
    documents = next(item.column_id for item in items_on(spec.kind, column_id))
    notes = interpretations(build.seed, spec, built[documents], number, credit)
    return _make_column(build, spec, column_id, number, _online(build, column_id, notes))


def interpretations(seed: int, spec: AgencySpec, documents: Column, number: int, credit: str):
    """A 政策解读 for every document but an unpaired one, 0–2 working days after it."""
    notes, taken = [], {}
    for doc in sorted(documents.publications, key=lambda p: (p.date, p.index)):
        if doc.mark == "unpaired":
            continue
        day = add_workdays(doc.date, stable_range(0, 2, seed, doc.artid, "interpretation"))
        index = taken[day] = taken.get(day, -1) + 1
        title = interpretation_title(doc.title, stable_rng(seed, doc.artid, "note"))
        slot = Slot(day, index)
        note = _numbered(spec, "interpretation", number, slot, title, "", day, credit)
        notes.append(replace(note, about=doc.artid))
    return notes


def _publication(seed: int, spec: AgencySpec, column_id: str, number: int, slot: Slot, credit):
    title, doc_no = compose_title(seed, spec, column_id, slot)
    created = _created(seed, spec, column_id, slot)
    pub = _numbered(spec, column_id, number, slot, title, doc_no, created, credit)
    if column_id in MESSAGE_COLUMNS and slot.mark != "unanswered":
        reply = _reply(seed, spec, slot)
        pub = replace(pub, reply=reply, online=reply)
    return replace(pub, defect="bare_headings" if slot.mark == "defective" else None)


def _numbered(spec, column_id, number, slot: Slot, title, doc_no, created, credit) -> Publication:
    day = slot.date
    position = number % COLUMNS_PER_AGENCY
    sequence = day.timetuple().tm_yday * 64 + position * 2 + slot.index
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
        online=slot.online,
        mark=slot.mark,
    )


def _created(seed: int, spec: AgencySpec, column_id: str, slot: Slot) -> date:
    """生成日期: a few days or working days before publication; 30 working days when late."""
    day = slot.date
    if slot.mark == "late":
        return add_workdays(day, -30)
    if column_id in TIMELY_LAG:
        low, high = TIMELY_LAG[column_id]
        return add_workdays(day, -stable_range(low, high, seed, spec.id, column_id, day))
    if column_id in TABLE_COLUMNS:
        return day - timedelta(days=stable_range(0, 3, seed, spec.id, column_id, day))
    return day


def _reply(seed: int, spec: AgencySpec, slot: Slot) -> date:
    """Answered 1–3 working days after it was asked, and within the week."""
    lag = stable_range(1, 3, seed, spec.id, slot.date, slot.index, "reply")
    return min(add_workdays(slot.date, lag), slot.date + timedelta(days=7))


def check_revamp(revamp: frozenset[str]) -> None:
    unknown = revamp - {spec.id for spec in ALL_AGENCIES}
    if unknown:
        raise BadInputError(f"no such agency to revamp: {', '.join(sorted(unknown))}")


def dead_links(spec: AgencySpec, columns: tuple[Column, ...], count: int, revamped: bool = False):
    """Paths of articles deleted long ago (they answer 404) that the column pages link to."""
    news = next(column for column in columns if column.id == "news")
    agency = Agency(spec, 0, "", columns, revamped=revamped)
    paths = []
    for number in range(count):
        day = DEAD_LINKS_FROM + timedelta(days=23 * number)
        gone = Publication(spec.id, "news", day, 0, "", 9000 + number, "", "", day)
        paths.append(urls.article(agency, news, gone))
    return tuple(paths)


def credit_code(seed: int, agency_id: str) -> str:
    """A fictional 18-character 统一社会信用代码 (11 = 机关, 331127 = a made-up county code)."""
    body = f"11331127{stable_int(seed, agency_id, 'credit') % 10**9:09d}"
    return body + CREDIT_CHARS[stable_int(body) % len(CREDIT_CHARS)]
