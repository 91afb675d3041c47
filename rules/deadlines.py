"""The 公开时限 phrases of county catalogs, read as rule kinds and their fields.

    信息形成或变更之日起20个工作日内  → timeliness, within: 20 workdays
    批复后20日内                      → timeliness, within: 20 days (calendar days; from 批复)
    每年1月31日前                     → periodic, every: year, due: {month: 1, day: 31}
    每季度 / 每半年 / 每月             → periodic, every: quarter / half / month
    实时 / 常态 / 动态更新 / 及时      → freshness, max_age (6 months unless the phrase says)

Anything else is not guessed: `interpret_deadline` returns None and the row is flagged.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

WORKDAYS = re.compile(r"(\d+)个?工作日")
CALENDAR_DAYS = re.compile(r"(\d+)(?:日|天|个自然日)(?:内|以内|之内)")
YEARLY_DATE = re.compile(r"每年(?:度)?的?(\d{1,2})月(\d{1,2})日")
EVERY = (
    ("quarter", re.compile("每季度|按季度|每个季度|逐季|季度更新")),
    ("half", re.compile("每半年|按半年|半年度")),
    ("month", re.compile("每月|按月|每个月|月度更新")),
)
FRESH = re.compile("实时|常态|动态|及时|随时")
AGE = re.compile(r"(\d+)(周|个月|月|天|日)")
AGE_UNITS = {"周": "weeks", "个月": "months", "月": "months", "天": "days", "日": "days"}
TRIGGER = re.compile(r"^(?:自|在|于)?(.+?)(?:之日起|后|起)\d")
DEFAULT_DUE_AFTER = {"quarter": "1 months", "half": "1 months", "month": "15 days"}
DEFAULT_MAX_AGE = "6 months"
PLACEHOLDER_OF = {"quarter": "第?{quarter}季度", "half": "{half}", "month": "{month}月"}


@dataclass
class Deadline:
    kind: str
    fields: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # for YAML comments: what was assumed


def interpret_deadline(text: str, name: str) -> Deadline | None:
    """The rule kind and fields a 公开时限 phrase means, or None when it is not recognised."""
    phrase = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))
    if not phrase:
        return None
    for reader in (_yearly, _every, _workdays, _freshness, _calendar_days):
        deadline = reader(phrase, name)
        if deadline:
            return deadline
    return None


def title_pattern(name: str, every: str = "year") -> str:
    """A title regex for a periodic item, built from its name: `{year}年.*<name>`."""
    words = re.escape(re.sub(r"[（(][^）)]*[）)]|\s+", "", name))
    if every == "year":
        return "{year}年.*" + words
    return "{year}年" + PLACEHOLDER_OF[every] + ".*" + words


def _yearly(phrase: str, name: str) -> Deadline | None:
    match = YEARLY_DATE.search(phrase)
    if not match:
        return None
    month, day = int(match.group(1)), int(match.group(2))
    try:
        date(2024, month, day)
    except ValueError:
        return None
    fields = {"every": "year", "match": title_pattern(name), "due": {"month": month, "day": day}}
    return Deadline("periodic", fields, ["match 由事项名称生成，请按实际标题核对"])


def _every(phrase: str, name: str) -> Deadline | None:
    every = next((every for every, pattern in EVERY if pattern.search(phrase)), None)
    if every is None:
        return None
    fields = {"every": every, "match": title_pattern(name, every)}
    notes = ["match 由事项名称生成，请按实际标题核对"]
    due_after = _duration(phrase)
    if due_after is None:
        due_after = DEFAULT_DUE_AFTER[every]
        notes.append("due_after 为默认值（原时限未写明期限），请核定")
    fields["due_after"] = due_after
    return Deadline("periodic", fields, notes)


def _workdays(phrase: str, name: str) -> Deadline | None:
    match = WORKDAYS.search(phrase)
    if not match:
        return None
    return Deadline("timeliness", {"within": f"{match.group(1)} workdays"}, _trigger(phrase))


def _freshness(phrase: str, name: str) -> Deadline | None:
    if not FRESH.search(phrase):
        return None
    match = AGE.search(phrase)
    if match:
        return Deadline("freshness", {"max_age": f"{match.group(1)} {AGE_UNITS[match.group(2)]}"})
    note = f"max_age 为默认值{DEFAULT_MAX_AGE}（原时限「{phrase}」未规定期限），请核定"
    return Deadline("freshness", {"max_age": DEFAULT_MAX_AGE}, [note])


def _calendar_days(phrase: str, name: str) -> Deadline | None:
    match = CALENDAR_DAYS.search(phrase)
    if not match:
        return None
    notes = ["自然日（非工作日）", *_trigger(phrase)]
    return Deadline("timeliness", {"within": f"{match.group(1)} days"}, notes)


def _duration(phrase: str) -> str | None:
    workdays = WORKDAYS.search(phrase)
    if workdays:
        return f"{workdays.group(1)} workdays"
    days = CALENDAR_DAYS.search(phrase) or re.search(r"(\d+)(?:日|天)", phrase)
    return f"{days.group(1)} days" if days else None


def _trigger(phrase: str) -> list[str]:
    """What the time limit counts from, when the phrase names something unusual (批复, 决定)."""
    match = TRIGGER.search(phrase)
    if not match or "形成或变更" in match.group(1):
        return []
    return [f"起算：{match.group(1)}（原文：{phrase}）"]
