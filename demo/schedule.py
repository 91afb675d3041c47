"""When each column publishes. Dates are fixed in absolute time (a function of the seed, the
agency and the column, never of `as_of`), so the county seen on one day is a prefix of the
county seen ten days later; `as_of` only decides how much of the schedule is already out.
Budgets and final accounts follow the budget year (demo/budget.py); the homepage and the
interpretations are built from other columns (demo/county.py).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from demo.stable import stable_int, stable_range

# Columns that publish every `cadence` days, cadence drawn in [low, high] per agency and column.
CADENCE = {
    "news": (3, 4),
    "mailbox": (9, 16),
    "inquiry": (7, 12),
    "documents": (20, 40),
    "penalties": (20, 40),
    "licensing": (20, 40),
    "notices": (10, 30),
    "policies": (30, 60),
    "normative": (30, 60),
    "enforcement": (15, 35),
    "meetings": (20, 40),
    "livelihood": (20, 40),
    "personnel": (45, 90),
    "proposals": (45, 90),
    "consultation": (45, 90),
    "plans": (90, 150),
    "org": (150, 240),
}
# Cadences that differ by kind of agency
KIND_CADENCE = {("county", "documents"): (10, 20), ("township", "penalties"): (30, 60),
                ("township", "mailbox"): (14, 24), ("county", "mailbox"): (6, 10)}  # fmt: skip
# Columns that publish on yearly events: (month, first day, span of days, items that day).
YEARLY = {
    ("department", "annual_report"): ((1, 8, 12, 1),),  # mid-January, before 31 January
    ("township", "annual_report"): ((1, 8, 12, 1),),
    ("county", "annual_report"): ((3, 8, 12, 1),),  # mid-March, before 31 March
}
EXTRA_NEWS_EVERY = 8  # about one news day in eight carries a second item


@dataclass(frozen=True)
class Slot:
    """One publication of a column: its date, its rank that day, which yearly event."""

    date: date
    index: int = 0
    event: int = 0
    rank: int = 0  # 1-based rank within its calendar year, in this column
    mark: str = ""  # an injected oddity the publication carries (demo/violations.py)
    online: date | None = None  # the day it appears on the site, when not its date


def history_start(as_of: date) -> date:
    """First day of the half-year containing `as_of` - 2 years: about 2.2 years of history,
    and the same start for every `as_of` in a half-year."""
    return date(as_of.year - 2, 1 if as_of.month <= 6 else 7, 1)


def column_slots(seed: int, kind: str, agency_id: str, column_id: str, end: date) -> list[Slot]:
    """Slots from 1 January of the year `history_start(end)` falls in, oldest first, ranked."""
    start = date(history_start(end).year, 1, 1)
    if (kind, column_id) in YEARLY:
        slots = _yearly(seed, agency_id, column_id, YEARLY[kind, column_id], start, end)
    elif column_id == "gazette":
        slots = _monthly(seed, agency_id, start, end)
    else:
        cadence = KIND_CADENCE.get((kind, column_id), CADENCE[column_id])
        slots = _cadenced(seed, agency_id, column_id, cadence, start, end)
    return ranked(slots)


def _cadenced(seed, agency_id: str, column_id: str, cadence_range, start: date, end: date):
    low, high = cadence_range
    cadence = stable_range(low, high, seed, agency_id, column_id, "cadence")
    offset = stable_int(seed, agency_id, column_id, "offset") % cadence
    first = start + timedelta(days=(-(start.toordinal() + offset)) % cadence)
    slots = []
    for ordinal in range(first.toordinal(), end.toordinal() + 1, cadence):
        day = date.fromordinal(ordinal)
        slots.append(Slot(day))
        if (
            column_id == "news"
            and stable_int(seed, agency_id, day, "extra") % EXTRA_NEWS_EVERY == 0
        ):
            slots.append(Slot(day, index=1))
    return slots


def _yearly(seed, agency_id, column_id, events, start: date, end: date) -> list[Slot]:
    slots = []
    for year in range(start.year, end.year + 1):
        for event, (month, first_day, span, count) in enumerate(events):
            day = first_day + stable_int(seed, agency_id, column_id, year, event) % span
            when = date(year, month, day)
            slots += [Slot(when, index, event) for index in range(count) if when <= end]
    return slots


def _monthly(seed: int, agency_id: str, start: date, end: date) -> list[Slot]:
    """One issue a month (政府公报), between the 8th and the 15th."""
    months = range(start.year * 12, end.year * 12 + end.month)
    days = [date(m // 12, m % 12 + 1, 8 + stable_int(seed, agency_id, m) % 8) for m in months]
    return [Slot(day) for day in days if day <= end]


def ranked(slots: list[Slot]) -> list[Slot]:
    """The slots by date, each with its 1-based rank within its calendar year."""
    result, year, rank = [], None, 0
    for slot in sorted(slots, key=lambda s: (s.date, s.index)):
        rank = rank + 1 if slot.date.year == year else 1
        year = slot.date.year
        result.append(replace(slot, rank=rank))
    return result
