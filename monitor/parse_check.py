"""The crawl's self-check: a column whose parse looks wrong is `unparsed_suspect`, not read.

A column's first list page is compared with the same page at the column's last good parse:
rows without dates where it had dates, far fewer rows, or another parser. Any of these is
more often a layout change the parser misreads than a department that deleted its dates or
its publications; read as they are, they would become stale and blank findings. A suspect
column is therefore a fault of the crawl: the rules judge it `unreachable` (no stale or blank
finding, earlier findings stay), and what it no longer lists is not marked removed.

A site that really changed shape stays suspect for `SETTLE` crawls in a row, then its new
shape is taken as the baseline.
"""

from __future__ import annotations

from dataclasses import dataclass

SUSPECT = "unparsed_suspect"
SETTLE = 3
DATED_BEFORE = 0.8  # the baseline had dates on at least this share of its rows
DATED_NOW = 0.2  # ... and now at most this share has them
MIN_ROWS = 3  # too few rows to judge a share of dates
MIN_ROWS_FOR_DROP = 8  # a first page this long that shrinks below DROP_TO is suspect
DROP_TO = 0.4


@dataclass(frozen=True)
class PageParse:
    """What a column's first list page gave: rows, rows with a date, and the parser."""

    items: int
    dated: int
    parser: str | None


@dataclass(frozen=True)
class Baseline:
    """The column's last good parse, and how many suspect crawls followed it."""

    parse: PageParse
    suspect_since: int


def suspicion(baseline: Baseline | None, now: PageParse) -> str | None:
    """Why this parse looks wrong (English, for the fetch record), or None."""
    if baseline is None or baseline.suspect_since >= SETTLE:
        return None
    before = baseline.parse
    if before.parser and now.parser and before.parser != now.parser:
        return f"parser changed from {before.parser} to {now.parser}"
    if lost_dates(before, now):
        return f"{now.items - now.dated} of {now.items} rows without a date (before: {before.dated} of {before.items} dated)"
    if before.items >= MIN_ROWS_FOR_DROP and now.items < before.items * DROP_TO:
        return f"{now.items} rows on the first page (before: {before.items})"
    return None


def lost_dates(before: PageParse, now: PageParse) -> bool:
    had_dates = before.items >= MIN_ROWS and before.dated >= before.items * DATED_BEFORE
    return had_dates and now.items >= MIN_ROWS and now.dated <= now.items * DATED_NOW
