"""Publish dates as Chinese government sites display them."""

from __future__ import annotations

import re
from datetime import date

FULL_WIDTH = str.maketrans("０１２３４５６７８９／．－：", "0123456789/.-:")
FULL_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


def parse_date(text: str | None) -> date | None:
    """The first full date (year, month, day) in `text`, or None."""
    if not text:
        return None
    match = FULL_DATE.search(text.translate(FULL_WIDTH))
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
