"""Reporting periods (year, half, quarter, month) and the title words that name them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

PER_YEAR = {"year": 1, "half": 2, "quarter": 4, "month": 12}
HALF_WORDS = ("上半年", "下半年")
QUARTER_WORDS = ("一", "二", "三", "四")


@dataclass(frozen=True)
class Period:
    every: str
    year: int
    index: int  # 1-based within the year

    @property
    def start(self) -> date:
        months = 12 // PER_YEAR[self.every]
        return date(self.year, (self.index - 1) * months + 1, 1)

    @property
    def end(self) -> date:
        return self.next().start - timedelta(days=1)

    def next(self) -> Period:
        if self.index < PER_YEAR[self.every]:
            return Period(self.every, self.year, self.index + 1)
        return Period(self.every, self.year + 1, 1)

    def previous(self) -> Period:
        if self.index > 1:
            return Period(self.every, self.year, self.index - 1)
        return Period(self.every, self.year - 1, PER_YEAR[self.every])

    @property
    def label(self) -> str:
        """Stable machine label: 2025, 2025-H1, 2025-Q3, 2025-07."""
        return {
            "year": f"{self.year}",
            "half": f"{self.year}-H{self.index}",
            "quarter": f"{self.year}-Q{self.index}",
            "month": f"{self.year}-{self.index:02d}",
        }[self.every]

    @property
    def name(self) -> str:
        """How people write it: 2025年, 2025年上半年, 2025年第三季度, 2025年7月."""
        if self.every == "half":
            return f"{self.year}年{HALF_WORDS[self.index - 1]}"
        if self.every == "quarter":
            return f"{self.year}年第{QUARTER_WORDS[self.index - 1]}季度"
        if self.every == "month":
            return f"{self.year}年{self.index}月"
        return f"{self.year}年"

    def placeholders(self) -> dict[str, str]:
        return {
            "year": str(self.year),
            "half": HALF_WORDS[self.index - 1] if self.every == "half" else "",
            "quarter": QUARTER_WORDS[self.index - 1] if self.every == "quarter" else "",
            "month": str(self.index) if self.every == "month" else "",
        }


def period_containing(every: str, day: date) -> Period:
    months = 12 // PER_YEAR[every]
    return Period(every, day.year, (day.month - 1) // months + 1)
