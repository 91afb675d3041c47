"""A finding, from the rule that raises it to the report that prints it.

A rule fills in what it found; the monitor adds the finding's life across checks (id, state,
dates, waiver) when it stores it. Both are the same record: a rule's output simply has no
life yet, so every lifecycle field is None on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

JSON_FIELDS = ("id", "agency_id", "item_id", "kind", "status", "period", "state", "severity",
               "item_name", "message", "basis", "evidence", "opened_on", "resolved_on")  # fmt: skip


@dataclass(frozen=True)
class Waiver:
    """A supervisor's decision that a finding counts for nothing (until a date, or for good)."""

    kind: str  # "waived" or "false_positive"
    reason: str
    until: date | None
    on: date

    def in_force(self, as_of: date) -> bool:
        return self.until is None or as_of <= self.until


@dataclass(frozen=True)
class Finding:
    agency_id: str
    item_id: str
    kind: str
    status: str
    period: str | None
    severity: str
    item_name: str
    basis: str
    message: str
    evidence: tuple[dict[str, Any], ...] = ()  # keys: label; optional url, title, date, note
    # Its life across checks, set by the monitor: new → open → resolved (→ reopened), or waived.
    id: str | None = None
    state: str | None = None
    opened_on: date | None = None
    resolved_on: date | None = None
    first_check: int | None = None
    last_check: int | None = None
    waiver: Waiver | None = None

    def __post_init__(self):
        object.__setattr__(self, "evidence", tuple(self.evidence))

    @property
    def key(self) -> str:
        """Stable identity across cycles: (rule kind, agency, item, period)."""
        return f"{self.kind}:{self.agency_id}:{self.item_id}:{self.period or '-'}"

    def to_json(self) -> dict[str, Any]:
        """The finding as `zwgk findings --json` prints it: dates as ISO text."""
        values = {name: getattr(self, name) for name in JSON_FIELDS}
        values["evidence"] = list(self.evidence)
        for name in ("opened_on", "resolved_on"):
            values[name] = values[name] and values[name].isoformat()
        return values
