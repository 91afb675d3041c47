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

from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, date, timedelta
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
    """Working days, worked out a whole year at a time on first use: a day is a lookup, and
    counting or adding working days is arithmetic on the year's running count, never a walk
    day by day (an evaluation counts hundreds of thousands of deadlines)."""

    def __init__(self, extra_holidays=frozenset(), extra_workdays=frozenset(),
                 user_years: frozenset[int] = frozenset()):  # fmt: skip
        self.extra_holidays = frozenset(extra_holidays)
        self.extra_workdays = frozenset(extra_workdays)
        self.user_years = frozenset(user_years)
        self.fallback_years: set[int] = set()
        self._years: dict[int, _Year] = {}

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
        year = self._year(day.year)
        return bool(year.running[day.toordinal() - year.first + 1]
                    - year.running[day.toordinal() - year.first])  # fmt: skip

    def _year(self, number: int) -> _Year:
        """The year's table, built on first use; a year the calendars do not know is noted
        in `fallback_years` (its working days are Monday–Friday)."""
        year = self._years.get(number)
        if year is None:
            year = self._years[number] = _Year.build(number, self._official)
        if year.fallback and number not in self.user_years:
            self.fallback_years.add(number)
        return year

    def _official(self, day: date) -> tuple[bool, bool]:
        """(working day, known) for one day: the user file first, then the package."""
        if day in self.extra_workdays:
            return True, True
        if day in self.extra_holidays:
            return False, True
        try:
            return chinese_calendar.is_workday(day), True
        except NotImplementedError:
            return day.weekday() < 5, day.year in self.user_years

    def add_workdays(self, start: date, count: int) -> date:
        """The date `count` working days after `start` (before it when count < 0)."""
        if count == 0:
            return start
        number = start.year
        year = self._year(number)
        offset = start.toordinal() - year.first + 1  # the day's place in its year, from 1
        if count > 0:
            wanted = year.running[offset] + count  # the wanted day's place in the year's count
            while wanted > year.total:
                wanted -= year.total
                number += 1
                year = self._checked_year(number)
            return date.fromordinal(year.workdays[wanted - 1])
        wanted = year.running[offset - 1] + count + 1  # the same, counting back
        while wanted < 1:
            number -= 1
            year = self._checked_year(number)
            wanted += year.total
        return date.fromordinal(year.workdays[wanted - 1])

    def _checked_year(self, number: int) -> _Year:
        if not MINYEAR <= number <= MAXYEAR:
            raise OverflowError("date value out of range")
        return self._year(number)

    def workdays_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (negative if end < start)."""
        if end < start:
            return -self.workdays_between(end, start)
        if end == start:
            return 0
        first = start + timedelta(days=1)  # the first day counted
        year = self._year(first.year)
        before = year.running[first.toordinal() - year.first]  # not counted in first's year
        if first.year == end.year:
            return year.running[end.toordinal() - year.first + 1] - before
        count = year.total - before
        count += sum(self._year(number).total for number in range(first.year + 1, end.year))
        year = self._year(end.year)
        return count + year.running[end.toordinal() - year.first + 1]


@dataclass(frozen=True)
class _Year:
    """One year's working days: their ordinals, and how many fall on or before each day."""

    first: int  # ordinal of 1 January
    workdays: tuple[int, ...]  # ordinals, in order
    running: tuple[int, ...]  # running[k]: working days among the year's first k days
    fallback: bool  # some day of it is known to no calendar: Monday–Friday

    @property
    def total(self) -> int:
        return len(self.workdays)

    @classmethod
    def build(cls, number: int, official) -> _Year:
        first = date(number, 1, 1).toordinal()
        workdays, running, fallback = [], [0], False
        for ordinal in range(first, date(number, 12, 31).toordinal() + 1):
            working, known = official(date.fromordinal(ordinal))
            fallback = fallback or not known
            if working:
                workdays.append(ordinal)
            running.append(len(workdays))
        return cls(first, tuple(workdays), tuple(running), fallback)
