"""The county's budget year, fixed in absolute time by the seed.

Each January the county people's congress (县人代会) approves the county budget and its
resolution (决议) is published the next day; the finance bureau then approves (批复) the
departments' budgets, and each township's people's congress its own in late February. Each
August the congress's standing committee (常委会) approves last year's final accounts, and the
finance bureau the departments'. Every agency publishes 3–15 days after its approval, well
within the 20 days of 《预算法》第十四条.

The departments' and townships' approval days are the `trigger_dates` the county enters in its
catalog overrides (`demo/config.py`); the county's own items count from the resolutions
published in the same column.
"""

from __future__ import annotations

from datetime import date, timedelta

from demo.schedule import Slot
from demo.stable import stable_int, stable_range

# (agency kind, column) → the item whose approval the column's publications follow
COLUMNS = {
    ("county", "budget"), ("county", "final_accounts"), ("county", "finance"),
    ("department", "budget"), ("department", "final_accounts"), ("department", "finance"),
    ("township", "budget"), ("township", "finance"),
}  # fmt: skip
TRIGGERED = {("department", "budget"), ("department", "final-accounts"), ("township", "budget")}


def congress_day(seed: int, year: int) -> date:
    """县人代会 approves the year's budget."""
    return date(year, 1, 12) + timedelta(days=stable_int(seed, "congress", year) % 10)


def committee_day(seed: int, year: int) -> date:
    """县人大常委会 approves the previous year's final accounts."""
    return date(year, 8, 18) + timedelta(days=stable_int(seed, "committee", year) % 10)


def trigger_date(seed: int, kind: str, item_id: str, period: int) -> date:
    """The approval a period's budget or final accounts counts from (`trigger_dates`)."""
    if (kind, item_id) == ("department", "budget"):
        return congress_day(seed, period) + timedelta(days=stable_range(15, 22, seed, period))
    if (kind, item_id) == ("department", "final-accounts"):
        return committee_day(seed, period + 1) + timedelta(days=stable_range(8, 15, seed, period))
    if (kind, item_id) == ("township", "budget"):
        return date(period, 2, 24) + timedelta(days=stable_int(seed, "township", period) % 10)
    raise KeyError((kind, item_id))


def trigger_dates(seed: int, kind: str, item_id: str, first: int, as_of: date) -> dict:
    """{period: approval day} of the periods from `first` approved by `as_of`."""
    days = {year: trigger_date(seed, kind, item_id, year) for year in range(first, as_of.year + 1)}
    return {year: day for year, day in days.items() if day <= as_of}


def budget_slots(seed: int, kind: str, agency_id: str, column_id: str, first: int, end: date):
    """The column's slots of the budget years `first`..`end.year`, dated <= end."""
    slots = []
    for year in range(first, end.year + 1):
        slots += _year_slots(seed, kind, agency_id, column_id, year)
    return [slot for slot in slots if slot.date <= end]


def published(seed: int, agency_id: str, what: str, approved: date) -> date:
    return approved + timedelta(days=stable_range(3, 15, seed, agency_id, what, approved))


def _year_slots(seed: int, kind: str, agency_id: str, column_id: str, year: int) -> list[Slot]:
    """Event 0/1 of each column in a year; final accounts published in `year` are of year-1."""
    if kind == "county":
        resolution = congress_day(seed, year) + timedelta(days=1)
        accounts = committee_day(seed, year) + timedelta(days=1)
        days = {
            "budget": (resolution, published(seed, agency_id, "budget", resolution)),
            "final_accounts": (accounts, published(seed, agency_id, "final", accounts)),
            "finance": (congress_day(seed, year), date(year, 7, 25) + timedelta(days=year % 5)),
        }[column_id]
        return [Slot(day, 0, event) for event, day in enumerate(days)]
    if kind == "township":
        approved = trigger_date(seed, kind, "budget", year)
        day = {"budget": published(seed, agency_id, "budget", approved),
               "finance": date(year, 9, 5) + timedelta(days=stable_int(seed, agency_id, year) % 20)}  # fmt: skip
        return [Slot(day[column_id], 0, 0)]
    budget = published(seed, agency_id, "budget", trigger_date(seed, kind, "budget", year))
    final = published(seed, agency_id, "final",
                      trigger_date(seed, kind, "final-accounts", year - 1))  # fmt: skip
    if column_id == "finance":  # the “三公” statements, published with the budget and accounts
        return [Slot(budget, 0, 0), Slot(final, 0, 1)]
    return [Slot(budget if column_id == "budget" else final, 0, 0)]
