"""Working days on the official Chinese calendar (State Council holiday notices, 调休).

chinesecalendar knows the holidays and adjusted working days of the years it was released
for. A user file (`holidays.yaml`) adds years it does not know yet and overrides single
days. A year known to neither falls back to Monday–Friday; `fallback_years` records which
years did, so a report can say its dates there are approximate.

    years:
      2027:
        holidays:
          - 2027-01-01
          - {from: 2027-02-06, to: 2027-02-13, name: 春节}
        workdays: [2027-02-14]      # adjusted working days (调休上班)
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Annotated

import chinese_calendar
from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationError,
    model_validator,
)

from rules.yamlsource import SourceError, load_yaml


class CalendarError(SourceError):
    """The holidays file is wrong."""


class DayRange(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    start: date = Field(alias="from")
    end: date = Field(alias="to")
    name: str | None = None

    @model_validator(mode="after")
    def _ordered(self):
        if self.end < self.start:
            raise ValueError("'to' is before 'from'")
        return self

    def days(self) -> list[date]:
        return [self.start + timedelta(n) for n in range((self.end - self.start).days + 1)]


def _entry_kind(value) -> str:
    """A mapping is a range, anything else a day: a fault is reported for that shape only."""
    return "range" if isinstance(value, dict | DayRange) else "date"


Entry = Annotated[
    Annotated[date, Tag("date")] | Annotated[DayRange, Tag("range")], Discriminator(_entry_kind)
]


class YearEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    holidays: list[Entry] = []
    workdays: list[Entry] = []


class HolidaysFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    years: dict[int, YearEntry]


def _expand(entries: list[Entry]) -> set[date]:
    days: set[date] = set()
    for entry in entries:
        days.update(entry.days() if isinstance(entry, DayRange) else [entry])
    return days


class WorkCalendar:
    def __init__(self, extra_holidays=frozenset(), extra_workdays=frozenset(),
                 user_years: frozenset[int] = frozenset()):  # fmt: skip
        self.extra_holidays = set(extra_holidays)
        self.extra_workdays = set(extra_workdays)
        self.user_years = set(user_years)
        self.fallback_years: set[int] = set()

    @classmethod
    def from_file(cls, path: str | Path | None) -> WorkCalendar:
        if path is None:
            return cls()
        doc = load_yaml(path, CalendarError)
        if not isinstance(doc.data, dict):
            raise doc.error((), "a holidays file must be a mapping with 'years'", CalendarError)
        try:
            parsed = HolidaysFile.model_validate(doc.data)
        except ValidationError as exc:
            raise doc.validation_error(exc, CalendarError) from exc
        holidays, workdays = set(), set()
        for entry in parsed.years.values():
            holidays |= _expand(entry.holidays)
            workdays |= _expand(entry.workdays)
        return cls(holidays, workdays, frozenset(parsed.years))

    def is_workday(self, day: date) -> bool:
        if day in self.extra_workdays:
            return True
        if day in self.extra_holidays:
            return False
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            if day.year not in self.user_years:
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
