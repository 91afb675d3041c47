"""List rows to list entries: the step every family parser ends with.

A family parser finds its rows (a `<tr>`, an `<li>`…); this module picks the row's title
link, reads the date shown in the row, gives month-day dates a year from their neighbours
and drops rows without a usable link (placeholders such as `javascript:void(0)`).
"""

from __future__ import annotations

from dataclasses import dataclass

from crawler.cms import dom
from crawler.cms.base import ListEntry
from crawler.dates import find_date_text, infer_dates


@dataclass(frozen=True)
class Row:
    """A list row reduced to what it shows: title, link, the date text, and whether pinned."""

    title: str
    href: str
    date_text: str
    pinned: bool = False


def read_row(element, base_url: str, date_element=None) -> Row | None:
    """The row's title link and displayed date (from `date_element` when given), or None."""
    anchor = title_anchor(element, base_url)
    if anchor is None:
        return None
    if date_element is not None:
        date_text = find_date_text(dom.text_of(date_element)) or ""
    else:
        date_text = dom.row_date_text(element, anchor)
    href = dom.link_href(anchor, base_url)
    return Row(dom.link_title(anchor), href, date_text, dom.is_pinned(element))


def title_anchor(element, base_url: str):
    """The first link in `element` that has a real URL and a title (not 更多, not a number)."""
    anchors = [element] if element.tag == "a" else element.iter("a")
    for anchor in anchors:
        if dom.link_href(anchor, base_url) and not dom.is_junk(dom.link_title(anchor)):
            return anchor
    return None


def to_entries(rows: list[Row | None]) -> list[ListEntry]:
    """List entries in page order, years of month-day dates inferred across the list."""
    kept = [row for row in rows if row is not None]
    dates = infer_dates([row.date_text for row in kept], pinned=[row.pinned for row in kept])
    return [
        ListEntry(row.title, row.href, when, row.date_text)
        for row, when in zip(kept, dates, strict=True)
    ]
