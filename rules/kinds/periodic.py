"""`periodic`: a yearly/half-yearly/quarterly/monthly item published by its due date.

Basis: 《政府信息公开条例》(2019) 第四十九、五十条 — departments publish their annual report
(政府信息公开工作年度报告) by 31 January, the county government by 31 March of the next year;
other periodic items by the deadline their catalog row states.

Statuses: `missing` (due date passed, nothing matches), `late` (first published after the
due date), `upcoming` and `ok` (not findings).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from rules.base import Context, Finding, Listing, Reminder, Rule, listing_evidence
from rules.duration import Duration
from rules.periods import Period, period_containing

PLACEHOLDER = re.compile(r"\{(year|half|quarter|month)\}")


class DueDate(BaseModel):
    """A fixed date in the year after a yearly period, e.g. {month: 1, day: 31}."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    month: int
    day: int

    @model_validator(mode="after")
    def _valid(self):
        date(2024, self.month, self.day)  # leap year: accepts 2-29, rejects 2-30
        return self


class PeriodicRule(Rule):
    kind = "periodic"
    every: Literal["year", "half", "quarter", "month"] = Field(
        description="the period: `year`, `half`, `quarter` or `month`"
    )
    match: str = Field(
        description="regex on titles; `{year}`, `{half}` (上半年/下半年), `{quarter}` (一..四), "
        "`{month}` (1..12) are filled in for each period"
    )
    due: DueDate | None = Field(
        default=None, description="yearly items: `{month: M, day: D}` of the following year"
    )
    due_after: str | None = Field(
        default=None, description="a duration after the period ends, e.g. `20 workdays`"
    )
    periods: int = Field(default=2, ge=1, description="how many past due periods are checked")

    @field_validator("match")
    @classmethod
    def _match(cls, value: str) -> str:
        try:
            re.compile(PLACEHOLDER.sub("0", value))
        except re.error as exc:
            raise ValueError(f"bad regular expression {value!r}: {exc}") from exc
        return value

    @field_validator("due_after")
    @classmethod
    def _due_after(cls, value):
        if value is not None:
            Duration.parse(value)
        return value

    @model_validator(mode="after")
    def _one_due(self):
        if (self.due is None) == (self.due_after is None):
            raise ValueError("give exactly one of 'due' (a date) or 'due_after' (a duration)")
        if self.due and self.every != "year":
            raise ValueError("'due' as a date is for yearly items; use 'due_after'")
        return self

    def due_date(self, period: Period, ctx: Context) -> date:
        if self.due is not None:
            return date(period.year + 1, self.due.month, self.due.day)
        return Duration.parse(self.due_after).after(period.end, ctx.calendar)

    def periods_due(self, ctx: Context) -> list[Period]:
        """The latest `periods` periods whose due date has passed, newest first."""
        period = period_containing(self.every, ctx.as_of)
        found: list[Period] = []
        while len(found) < self.periods:
            if self.due_date(period, ctx) < ctx.as_of:
                found.append(period)
            period = period.previous()
        return found

    def in_force(self, ctx: Context) -> list[str]:
        lines = [f"{p.name}：应于{self.due_date(p, ctx).isoformat()}前公开（已到期，检查中）"
                 for p in self.periods_due(ctx)]  # fmt: skip
        upcoming = self.periods_due(ctx)[0].next() if self.periods else None
        if upcoming:
            due = self.due_date(upcoming, ctx).isoformat()
            lines.append(f"{upcoming.name}：应于{due}前公开（尚未到期）")
        return lines

    def reminders(self, ctx: Context, horizon: date) -> list[Reminder]:
        period = self.periods_due(ctx)[0].next()
        due = self.due_date(period, ctx)
        if not ctx.as_of <= due <= horizon or self.first_publication(period, ctx):
            return []
        return [Reminder(ctx.agency_id, self.id, self.name, period.label, period.name, due)]

    def evaluate(self, ctx: Context) -> list[Finding]:
        findings = []
        for period in self.periods_due(ctx):
            finding = self.judge(period, ctx)
            if finding:
                findings.append(finding)
        return findings

    def judge(self, period: Period, ctx: Context) -> Finding | None:
        due = self.due_date(period, ctx)
        first = self.first_publication(period, ctx)
        if first is None:
            message = f"{period.name}{self.name}应于{due.isoformat()}前公开，至今未公开"
            evidence = [{"label": "检查栏目", "url": column.url} for column in ctx.columns]
            return self.finding(ctx, "missing", message, period.label, evidence)
        published = first.date or first.first_seen
        if published <= due:
            return None
        days = (published - due).days
        message = (
            f"{period.name}{self.name}应于{due.isoformat()}前公开，"
            f"实际于{published.isoformat()}公开，逾期{days}天"
        )
        evidence = [listing_evidence(first, "逾期公开的信息")]
        return self.finding(ctx, "late", message, period.label, evidence)

    def first_publication(self, period: Period, ctx: Context) -> Listing | None:
        pattern = self.pattern(period)
        matches = [
            item for item in ctx.listings()
            if pattern.search(normalize_title(item.title)) and (item.date or item.first_seen)
        ]  # fmt: skip
        return min(matches, key=lambda item: item.date or item.first_seen, default=None)

    def pattern(self, period: Period) -> re.Pattern:
        values = period.placeholders()
        return re.compile(PLACEHOLDER.sub(lambda m: re.escape(values[m.group(1)]), self.match))


def normalize_title(title: str) -> str:
    return re.sub(r"\s+", "", title.replace("\u3000", " "))
