"""Working days on the official Chinese calendar (State Council holiday notices, 调休).

chinesecalendar knows the holidays and adjusted working days of the years it was released
for. A year it does not know falls back to Monday–Friday; `fallback_years` records which
years did, so a report can say its dates there are approximate.
"""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar


class WorkCalendar:
    def __init__(
        self, extra_holidays: set[date] = frozenset(), extra_workdays: set[date] = frozenset()
    ):
        self.extra_holidays = set(extra_holidays)
        self.extra_workdays = set(extra_workdays)
        self.fallback_years: set[int] = set()

    def is_workday(self, day: date) -> bool:
        if day in self.extra_workdays:
            return True
        if day in self.extra_holidays:
            return False
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            self.fallback_years.add(day.year)
            return day.weekday() < 5

    def add_workdays(self, start: date, count: int) -> date:
        """The date `count` working days after `start` (before it when count < 0)."""
        step = 1 if count >= 0 else -1
        day, remaining = start, abs(count)
        while remaining:
            day += timedelta(days=step)
            if self.is_workday(day):
                remaining -= 1
        return day

    def workdays_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (negative if end < start)."""
        if end < start:
            return -self.workdays_between(end, start)
        return sum(
            self.is_workday(start + timedelta(days=offset))
            for offset in range(1, (end - start).days + 1)
        )
