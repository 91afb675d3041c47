"""Rule kinds, one module each; importing this package registers them all."""

from rules.kinds import (
    annual_report,
    availability,
    backdated,
    blank_columns,
    content,
    freshness,
    links,
    not_blank,
    paired,
    periodic,
    response,
    timeliness,
)

__all__ = [
    "annual_report",
    "availability",
    "backdated",
    "blank_columns",
    "content",
    "freshness",
    "links",
    "not_blank",
    "paired",
    "periodic",
    "response",
    "timeliness",
]
