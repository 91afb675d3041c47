"""Working days on the official calendar (chinesecalendar: holidays and 调休), and the
durations the catalogs use, counted independently of `rules` for the demo's truth.

A year chinesecalendar does not know falls back to Monday–Friday, as the monitor does
without a holidays file.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar

DURATION = re.compile(r"^(\d+) (days|weeks|months|years|workdays)$")


@lru_cache(maxsize=4096)
def is_workday(day: date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def add_workdays(day: date, count: int) -> date:
    """The date `count` working days after `day` (before it when count < 0)."""
    step, remaining = (1 if count >= 0 else -1), abs(count)
    while remaining:
        day += timedelta(days=step)
        remaining -= is_workday(day)
    return day


def add_months(day: date, months: int) -> date:
    """The same day `months` later (earlier if negative), clamped to a shorter month's end."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def shift(day: date, duration: str, sign: int = 1) -> date:
    """`day` moved by a catalog duration such as `20 workdays`, `2 weeks` or `3 months`."""
    match = DURATION.match(duration)
    if not match:
        raise ValueError(f"bad duration {duration!r}")
    amount, unit = int(match.group(1)) * sign, match.group(2)
    if unit == "workdays":
        return add_workdays(day, amount)
    if unit in ("months", "years"):
        return add_months(day, amount * (12 if unit == "years" else 1))
    return day + timedelta(days=amount * (7 if unit == "weeks" else 1))


def last_workday_before(day: date) -> date:
    day -= timedelta(days=1)
    while not is_workday(day):
        day -= timedelta(days=1)
    return day
