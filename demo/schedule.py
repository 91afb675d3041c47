"""When each column publishes. Dates are fixed in absolute time (a function of the seed, the
agency and the column, never of `as_of`), so the county seen on one day is a prefix of the
county seen ten days later; `as_of` only decides how much of the schedule is already out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from demo.stable import stable_int, stable_range

# Columns that publish every `cadence` days, cadence drawn in [low, high] per agency and column.
CADENCE = {
    "news": (3, 4),
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
# Columns that publish on yearly events: (month, first day, span of days, items that day).
YEARLY = {
    ("department", "finance"): ((2, 5, 18, 2), (8, 5, 20, 2)),
    ("county", "finance"): ((2, 5, 18, 1), (8, 5, 20, 1)),
    ("township", "finance"): ((3, 5, 20, 1), (9, 5, 20, 1)),
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


def history_start(as_of: date) -> date:
    """First day of the half-year containing `as_of` - 2 years: about 2.2 years of history,
    and the same start for every `as_of` in a half-year."""
    return date(as_of.year - 2, 1 if as_of.month <= 6 else 7, 1)


def column_slots(seed: int, kind: str, agency_id: str, column_id: str, end: date) -> list[Slot]:
    """Slots from 1 January of the year `history_start(end)` falls in, oldest first, ranked."""
    start = date(history_start(end).year, 1, 1)
    if (kind, column_id) in YEARLY:
        slots = _yearly(seed, agency_id, column_id, YEARLY[kind, column_id], start, end)
    else:
        slots = _cadenced(seed, agency_id, column_id, start, end)
    return _ranked(slots)


def _cadenced(seed: int, agency_id: str, column_id: str, start: date, end: date) -> list[Slot]:
    low, high = CADENCE[column_id]
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


def _ranked(slots: list[Slot]) -> list[Slot]:
    ranked, year, rank = [], None, 0
    for slot in sorted(slots, key=lambda s: (s.date, s.index)):
        rank = rank + 1 if slot.date.year == year else 1
        year = slot.date.year
        ranked.append(Slot(slot.date, slot.index, slot.event, rank))
    return ranked
