"""The rectification notice (整改通知书) as plain data, independent of any output format."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rules.findings import Finding

DIGITS = "零一二三四五六七八九"


@dataclass
class NoticeDocument:
    """Everything printed on a notice; the renderers add only layout and fixed wording."""

    number: str
    issuer: str
    recipient: str
    region: str
    issue_date: date
    deadline: date
    deadline_workdays: int
    problems: list[Finding]  # what the recipient must rectify, with the evidence
    contact: str | None = None
    title: str = "政务公开整改通知书"


def chinese_date(d: date) -> str:
    """A date as official documents write it: 2026年11月27日 (Arabic numerals, GB/T 9704)."""
    return f"{d.year}年{d.month}月{d.day}日"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 23 → 二十三: numbering of headings (一、 and （一）)."""
    if not 0 < n < 100:
        raise ValueError(f"heading number out of range: {n}")
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else DIGITS[tens] + "十")
    return head + (DIGITS[ones] if ones else "")
