"""Publish dates as Chinese government sites display them.

Full dates come as `2019-12-31`, `2019/12/31`, `2019.12.31`, `2019年12月31日` (with or
without a time such as `09时32分` or `09:32`), in ASCII or full-width digits, bare or in
brackets (`[…]`, `【…】`, `(…)`). Lists often show only the month and day (`12-31`,
`[12.31]`, `12/31`, `12月31日`): `infer_dates` gives those a year from their neighbours,
the way a reader does, and never a year that puts them after the day the page is read
(`as_of`, a saved page's capture day; else today). Calendar badges split a date in two
(`31` above `2019-12`): `join_split_date` puts it together. Dates are only ever read from
visible text — never from URLs or `PubDate` meta, which are often regeneration times.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, timedelta

FULL_WIDTH = str.maketrans("０１２３４５６７８９／．－：［］（）　", "0123456789/.-:[]() ")
FULL_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)\s*日?"
)
SHORT_DATE = re.compile(
    r"(?<![\d\-/.:年])(\d{1,2})\s*(?:[-/]|月)\s*(\d{1,2})(?![\d\-/.:])\s*日?"
    r"|(?<![A-Za-z\d\-/.:年])(\d{2})\.(\d{2})(?![\d\-/.:%])"  # 03.10, never 1.5 or 10.25%
)
YEAR_MONTH = re.compile(r"^((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*月?$")
DAY = re.compile(r"^(\d{1,2})\s*日?$")
MAX_YEARS_APART = 4  # a short date is never inferred further than this from its anchor
STALE = timedelta(days=366)  # a page whose newest date is older than this is not kept up
_AS_OF: ContextVar[date | None] = ContextVar("as_of", default=None)


@contextmanager
def as_of(day: date | None) -> Iterator[None]:
    """Read pages as on `day` (a saved page's fetch date): month-day dates are not after it."""
    token = _AS_OF.set(day)
    try:
        yield
    finally:
        _AS_OF.reset(token)


def today() -> date:
    """The day pages are read as of: the `as_of` in force, else the real today."""
    return _AS_OF.get() or date.today()


def parse_date(text: str | None) -> date | None:
    """The first full date (year, month, day) in `text`, or None."""
    if not text:
        return None
    for match in FULL_DATE.finditer(text.translate(FULL_WIDTH)):
        found = _make_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if found:
            return found
    return None


def parse_month_day(text: str | None) -> tuple[int, int] | None:
    """A date shown without a year (`12-31`, `[12-31]`, `12月31日`), when no full date is shown."""
    if not text or parse_date(text):
        return None
    for match in SHORT_DATE.finditer(text.translate(FULL_WIDTH)):
        month, day = (int(g) for g in match.groups() if g is not None)
        if 1 <= month <= 12 and 1 <= day <= 31:
            return month, day
    return None


def find_date_text(text: str | None) -> str | None:
    """The date as displayed in `text` (a full date first, else a month-day), or None."""
    if not text:
        return None
    plain = text.translate(FULL_WIDTH)
    match = FULL_DATE.search(plain)
    if match and parse_date(match.group(0)):
        return match.group(0).strip()
    match = SHORT_DATE.search(plain)
    if match and parse_month_day(match.group(0)):
        return match.group(0).strip()
    return None


def join_split_date(texts: Sequence[str]) -> str | None:
    """A date split over two adjacent texts, day and year-month (`15`, `2024-03`), as
    `2024-03-15`; None when no two neighbours make a date."""
    plain = [text.translate(FULL_WIDTH).strip() for text in texts]
    for first, second in zip(plain, plain[1:], strict=False):
        for day_text, month_text in ((first, second), (second, first)):
            day, month = DAY.match(day_text), YEAR_MONTH.match(month_text)
            if day and month:
                found = _make_date(int(month.group(1)), int(month.group(2)), int(day.group(1)))
                if found:
                    return found.isoformat()
    return None


def infer_dates(
    raw: Sequence[str | None],
    reference: date | None = None,
    pinned: Sequence[bool] | None = None,
    anchor: date | None = None,
) -> list[date | None]:
    """Dates for a list's raw date texts, in page order (newest first), years inferred.

    A month-day takes its year from the nearest dated item below it (the earliest year that
    keeps the list in order), else from the nearest dated item above it (the latest such
    year), else the latest year not after `reference` (default: `today()`, the `as_of` day) —
    unless the page is stale (its latest date, `anchor`, is over a year before `reference`):
    then the year that puts it closest to `anchor`. Pinned (置顶) items are out of order by
    design: they are not used as neighbours, and take the year closest to the first ordinary
    item. No inferred date is later than `reference`.
    """
    pinned = list(pinned) if pinned is not None else [False] * len(raw)
    latest = reference or today()
    result = [parse_date(text) for text in raw]
    short = [
        None if full else parse_month_day(text) for full, text in zip(result, raw, strict=True)
    ]
    _fill_from_below(result, short, pinned)
    _fill_from_above(result, short, pinned)
    nearby = anchor or next((d for d, p in zip(result, pinned, strict=True) if d and not p), None)
    for index, month_day in enumerate(short):
        if month_day and result[index] is None:
            near_wins = nearby and (pinned[index] or nearby < latest - STALE)
            result[index] = _closest(month_day, nearby) if near_wins else None
            result[index] = result[index] or _on_or_before(month_day, latest)
        if month_day and result[index] and result[index] > latest:
            result[index] = _on_or_before(month_day, latest)
    return result


def _fill_from_below(result: list, short: list, pinned: list[bool]) -> None:
    below: date | None = None
    for index in reversed(range(len(result))):
        if pinned[index]:
            continue
        if result[index] is None and short[index] and below:
            result[index] = _on_or_after(short[index], below)
        below = result[index] or below


def _fill_from_above(result: list, short: list, pinned: list[bool]) -> None:
    above: date | None = None
    for index in range(len(result)):
        if pinned[index]:
            continue
        if result[index] is None and short[index] and above:
            result[index] = _on_or_before(short[index], above)
        above = result[index] or above


def _on_or_after(month_day: tuple[int, int], bound: date) -> date | None:
    for year in range(bound.year, bound.year + MAX_YEARS_APART + 1):
        found = _make_date(year, *month_day)
        if found and found >= bound:
            return found
    return None


def _on_or_before(month_day: tuple[int, int], bound: date) -> date | None:
    for year in range(bound.year, bound.year - MAX_YEARS_APART - 1, -1):
        found = _make_date(year, *month_day)
        if found and found <= bound:
            return found
    return None


def _closest(month_day: tuple[int, int], near: date) -> date | None:
    years = range(near.year - 1, near.year + 2)
    candidates = [d for d in (_make_date(y, *month_day) for y in years) if d]
    return min(candidates, key=lambda d: abs((d - near).days), default=None)


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
