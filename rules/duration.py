"""Durations in rule files: calendar days, weeks, months and working days are distinct units."""

from __future__ import annotations

import calendar as month_calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Annotated

from pydantic import PlainSerializer, PlainValidator, WithJsonSchema

from rules.calendar import WorkCalendar

UNITS = {
    "day": "days", "days": "days", "天": "days", "日": "days",
    "week": "weeks", "weeks": "weeks", "周": "weeks",
    "month": "months", "months": "months", "个月": "months", "月": "months",
    "year": "years", "years": "years", "年": "years",
    "workday": "workdays", "workdays": "workdays", "working day": "workdays",
    "working days": "workdays", "个工作日": "workdays", "工作日": "workdays",
}  # fmt: skip
MAX_DAYS = 100 * 366  # a century: anything longer is a typo, and dates would overflow
PATTERN = re.compile(r"^\s*(\d+)\s*(" + "|".join(sorted(UNITS, key=len, reverse=True)) + r")\s*$")
LABELS = {"days": "天", "weeks": "周", "months": "个月", "years": "年", "workdays": "个工作日"}
MONTHS_PER = {"months": 1, "years": 12}
# the fewest and the most calendar days one unit spans (a working day counted one day)
UNIT_DAYS = {"days": (1, 1), "workdays": (1, 1), "weeks": (7, 7), "months": (28, 31),
             "years": (365, 366)}  # fmt: skip


@dataclass(frozen=True)
class Duration:
    amount: int
    unit: str  # days | weeks | months | years | workdays

    @classmethod
    def parse(cls, text: str | int) -> Duration:
        if isinstance(text, int):
            return cls.parse(f"{text} days")
        match = PATTERN.match(str(text))
        if not match:
            raise ValueError(
                f"bad duration {text!r}: expected a number and one of days, weeks, months, "
                "years, workdays (e.g. '2 weeks', '20 workdays')"
            )
        duration = cls(int(match.group(1)), UNITS[match.group(2)])
        if duration.days_at_most() > MAX_DAYS:
            raise ValueError(f"duration {text!r} is longer than 100 years")
        return duration

    def days_at_most(self) -> int:
        """About how many calendar days this is (working days counted one day each)."""
        return self.amount * UNIT_DAYS[self.unit][1]

    def days_at_least(self) -> int:
        """The fewest calendar days this is after a day (a working day is one at least)."""
        return self.amount * UNIT_DAYS[self.unit][0]

    def after(self, start: date, cal: WorkCalendar) -> date:
        if self.unit == "workdays":
            return cal.add_workdays(start, self.amount)
        if self.unit in MONTHS_PER:
            return add_months(start, self.amount * MONTHS_PER[self.unit])
        return start + timedelta(days=self.amount * (7 if self.unit == "weeks" else 1))

    def before(self, end: date, cal: WorkCalendar) -> date:
        if self.unit == "workdays":
            return cal.add_workdays(end, -self.amount)
        if self.unit in MONTHS_PER:
            return add_months(end, -self.amount * MONTHS_PER[self.unit])
        return end - timedelta(days=self.amount * (7 if self.unit == "weeks" else 1))

    @property
    def text(self) -> str:
        """As a rule file writes it, e.g. `5 workdays`, `1 year` (parses back to itself)."""
        return f"{self.amount} {self.unit[:-1] if self.amount == 1 else self.unit}"

    def __str__(self) -> str:
        return f"{self.amount}{LABELS[self.unit]}"


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = month_calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def _to_duration(value: object) -> Duration:
    """A rule-file value as a Duration: text such as `2 weeks`, or a bare number of days."""
    if isinstance(value, Duration):
        return value
    return Duration.parse(str(value) if isinstance(value, bool) else value)


# A rule-file field holding a duration: parsed once, when the rule file is read (a bad value is
# a rule-file error naming its line); written back out as rule-file text such as `5 workdays`.
DurationText = Annotated[
    Duration,
    PlainValidator(_to_duration),
    PlainSerializer(lambda duration: duration.text, return_type=str),
    WithJsonSchema({"type": "string", "examples": ["2 weeks", "20 workdays"]}),
]
