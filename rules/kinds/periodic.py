"""`periodic`: a yearly/half-yearly/quarterly/monthly item published by its due date.

Basis: 《政府信息公开条例》(2019) 第四十九、五十条 — departments publish their annual report
(政府信息公开工作年度报告) by 31 January, the county government by 31 March of the next year;
《中华人民共和国预算法》第十四条 — budgets and final accounts within 20 days (calendar days,
not working days) of their approval (批准/批复); other periodic items by the deadline their
catalog row states.

The due date of a period is one of: `due`, a fixed date in the next year; `due_after`, a
duration after the period ends; or `within`, a duration after a trigger — the day in
`trigger_dates` for the period's year (rule-file values, e.g. when the people's congress
approved the budget), or the first publication whose title matches `trigger.match` (in the
column `trigger.column`, default the item's own). `20 days` are calendar days, `20 workdays`
working days. A period whose trigger has not happened yet is not due; with a trigger the
current period and the `periods` before it are looked at. An item whose trigger is in another
column is judged on the whole site (and only the item's own column needs to be reachable).

Statuses: `missing` (due date passed, nothing matches), `late` (first published after the
due date), `upcoming` and `ok` (not findings).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from rules.base import ColumnView, Context, Listing, Reminder, Rule, listing_evidence
from rules.duration import DurationText
from rules.findings import Finding
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


class Trigger(BaseModel):
    """The publication a due date counts from, e.g. the budget resolution (预算决议)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    match: str = Field(description="regex on titles; `{year}` is the period's year")
    column: str | None = Field(default=None, description="column id (default: the item's own)")

    @field_validator("match")
    @classmethod
    def _match(cls, value: str) -> str:
        return valid_pattern(value)


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
    due_after: DurationText | None = Field(
        default=None, description="a duration after the period ends, e.g. `20 workdays`"
    )
    within: DurationText | None = Field(
        default=None,
        description="with a trigger: due this long after it, `20 days` (calendar days) or "
        "`20 workdays`",
    )
    trigger_dates: dict[int, date] | None = Field(
        default=None,
        description="trigger day per period year, e.g. `{2025: 2025-01-20}` (budget approved)",
    )
    trigger: Trigger | None = Field(
        default=None,
        description="`{match, column}`: the first publication matching `match` is the trigger",
    )
    periods: int = Field(default=2, ge=1, description="how many past due periods are checked")

    @field_validator("match")
    @classmethod
    def _match(cls, value: str) -> str:
        return valid_pattern(value)

    @model_validator(mode="after")
    def _one_due(self):
        given = [self.due is not None, self.due_after is not None, self.within is not None]
        if sum(given) != 1:
            raise ValueError(
                "give exactly one of 'due' (a date), 'due_after' (a duration after the period) "
                "or 'within' (a duration after a trigger)"
            )
        if self.due and self.every != "year":
            raise ValueError("'due' as a date is for yearly items; use 'due_after'")
        triggers = (self.trigger_dates is not None) + (self.trigger is not None)
        if self.within is None and triggers:
            raise ValueError("'trigger_dates' and 'trigger' go with 'within' (the time after it)")
        if self.within is not None and triggers != 1:
            raise ValueError("with 'within' give exactly one of 'trigger_dates' or 'trigger'")
        if self.within is not None and self.every != "year":
            raise ValueError("a trigger is for yearly items (`every: year`)")
        return self

    @property
    def scope(self) -> str:
        """`site` when the trigger is looked for in another column than the item's own."""
        if self.trigger and self.trigger.column not in (None, self.column):
            return "site"
        return "item"

    def own_columns(self, ctx: Context) -> list[ColumnView]:
        if self.scope == "site":
            return [column for column in ctx.columns if column.id == self.column]
        return list(ctx.columns)

    def check(self, ctx: Context) -> list[Finding]:
        return super().check(ctx) if self.own_columns(ctx) else []

    def needed_columns(self, ctx: Context) -> tuple[ColumnView, ...]:
        """Only the item's own columns need to be reachable."""
        return tuple(self.own_columns(ctx))

    def triggered(self, period: Period, ctx: Context) -> tuple[date, Listing | None] | None:
        """The day the period's due date counts from, and the publication that set it."""
        if self.trigger_dates is not None:
            day = self.trigger_dates.get(period.year)
            return (day, None) if day and day <= ctx.as_of else None
        columns = self.own_columns(ctx)
        if self.scope == "site":
            columns = [column for column in ctx.columns if column.id == self.trigger.column]
        pattern = re.compile(self.trigger.match.replace("{year}", str(period.year)))
        found = [
            (item.date or item.first_seen, item)
            for column in columns for item in column.listings
            if (item.date or item.first_seen) and pattern.search(normalize_title(item.title))
        ]  # fmt: skip
        found = [pick for pick in found if pick[0] <= ctx.as_of]
        return min(found, key=lambda pick: pick[0]) if found else None

    def due_date(self, period: Period, ctx: Context) -> date | None:
        """The period's due date; None while its trigger has not happened."""
        if self.due is not None:
            return date(period.year + 1, self.due.month, self.due.day)
        if self.due_after is not None:
            return self.due_after.after(period.end, ctx.calendar)
        trigger = self.triggered(period, ctx)
        return self.within.after(trigger[0], ctx.calendar) if trigger else None

    def candidates(self, ctx: Context) -> list[Period]:
        """With a trigger: the current period and the `periods` before it, newest first."""
        period, found = period_containing(self.every, ctx.as_of), []
        for _ in range(self.periods + 1):
            found.append(period)
            period = period.previous()
        return found

    def periods_due(self, ctx: Context) -> list[Period]:
        """The latest `periods` periods whose due date has passed, newest first."""
        if self.within is not None:
            due = [
                p for p in self.candidates(ctx) if (d := self.due_date(p, ctx)) and d < ctx.as_of
            ]
            return due[: self.periods]
        period = period_containing(self.every, ctx.as_of)
        found: list[Period] = []
        while len(found) < self.periods:
            if self.due_date(period, ctx) < ctx.as_of:
                found.append(period)
            period = period.previous()
        return found

    def in_force(self, ctx: Context) -> list[str]:
        if self.within is not None:
            return [self.trigger_line(period, ctx) for period in self.candidates(ctx)]
        lines = [f"{p.name}：应于{self.due_date(p, ctx).isoformat()}前公开（已到期，检查中）"
                 for p in self.periods_due(ctx)]  # fmt: skip
        upcoming = self.periods_due(ctx)[0].next() if self.periods else None
        if upcoming:
            due = self.due_date(upcoming, ctx).isoformat()
            lines.append(f"{upcoming.name}：应于{due}前公开（尚未到期）")
        return lines

    def trigger_line(self, period: Period, ctx: Context) -> str:
        trigger = self.triggered(period, ctx)
        if trigger is None:
            return f"{period.name}：尚未见起算事件（如批准、批复），暂不计算公开期限"
        due = self.due_date(period, ctx)
        state = "已到期，检查中" if due < ctx.as_of else "尚未到期"
        return (f"{period.name}：自{trigger[0].isoformat()}起{self.within}内，"
                f"即{due.isoformat()}前公开（{state}）")  # fmt: skip

    def reminders(self, ctx: Context, horizon: date) -> list[Reminder]:
        if self.within is not None:
            periods = self.candidates(ctx)
        else:
            periods = [self.periods_due(ctx)[0].next()]
        reminders = []
        for period in periods:
            due = self.due_date(period, ctx)
            if due and ctx.as_of <= due <= horizon and not self.first_publication(period, ctx):
                reminders.append(
                    Reminder(ctx.agency_id, self.id, self.name, period.label, period.name, due)
                )
        return reminders

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
        counted = self.counted_from(period, ctx)
        if first is None:
            message = f"{period.name}{self.name}应于{due.isoformat()}前公开{counted}，至今未公开"
            evidence = [{"label": "检查栏目", "url": c.url} for c in self.own_columns(ctx)]
            evidence += self.trigger_evidence(period, ctx)
            return self.finding(ctx, "missing", message, period.label, evidence)
        published = first.date or first.first_seen
        if published <= due:
            return None
        days = (published - due).days
        message = (
            f"{period.name}{self.name}应于{due.isoformat()}前公开{counted}，"
            f"实际于{published.isoformat()}公开，逾期{days}天"
        )
        evidence = [listing_evidence(first, "逾期公开的信息"), *self.trigger_evidence(period, ctx)]
        return self.finding(ctx, "late", message, period.label, evidence)

    def counted_from(self, period: Period, ctx: Context) -> str:
        trigger = self.triggered(period, ctx) if self.within is not None else None
        if trigger is None:
            return ""
        return f"（自{trigger[0].isoformat()}起{self.within}内）"

    def trigger_evidence(self, period: Period, ctx: Context) -> list[dict]:
        trigger = self.triggered(period, ctx) if self.within is not None else None
        if trigger is None:
            return []
        day, listing = trigger
        label = f"起算日（{self.within}内公开）"
        if listing is None:
            return [{"label": label, "date": day.isoformat(), "note": "规则文件设定"}]
        return [{**listing_evidence(listing, label), "date": day.isoformat()}]

    def first_publication(self, period: Period, ctx: Context) -> Listing | None:
        pattern = self.pattern(period)
        matches = [
            item for column in self.own_columns(ctx) for item in column.listings
            if pattern.search(normalize_title(item.title)) and (item.date or item.first_seen)
        ]  # fmt: skip
        return min(matches, key=lambda item: item.date or item.first_seen, default=None)

    def pattern(self, period: Period) -> re.Pattern:
        values = period.placeholders()
        return re.compile(PLACEHOLDER.sub(lambda m: re.escape(values[m.group(1)]), self.match))


def valid_pattern(value: str) -> str:
    try:
        re.compile(PLACEHOLDER.sub("0", value))
    except re.error as exc:
        raise ValueError(f"bad regular expression {value!r}: {exc}") from exc
    return value


def normalize_title(title: str) -> str:
    return re.sub(r"\s+", "", title.replace("\u3000", " "))
