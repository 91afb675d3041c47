"""Finding lifecycle across checks: new → open → resolved (→ reopened).

A finding's id is stable over cycles (rule kind, agency, item, period), so the same problem
seen again is the same finding. A finding disappears only where its scope was judged on a
successful crawl; where a column could not be fetched, what was known stays as it was.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import date

from common.errors import BadInputError
from monitor.evaluate import Evaluation
from monitor.store import Store, utc_now
from rules.base import Finding

ACTIVE = ("new", "open", "reopened")
TRACKED = (*ACTIVE, "waived")


class FindingError(BadInputError):
    """A command names a finding that does not exist or cannot change that way."""


def finding_id(key: str) -> str:
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def sync_findings(store: Store, check_id: int, as_of: date, evaluation: Evaluation) -> Counter:
    """Store this check's findings and move every known finding along its lifecycle."""
    known = store.all_findings()
    rows, events, seen = [], [], set()
    for finding in evaluation.findings:
        fid = finding_id(finding.key)
        seen.add(fid)
        row, event = _carry(known.get(fid), finding, fid, check_id, as_of)
        rows.append(row)
        if event:
            events.append(event)
    for fid, row in known.items():
        scope = (row["agency_id"], row["item_id"])
        if fid in seen or row["state"] not in TRACKED or scope not in evaluation.judged:
            continue
        rows.append({**row, "state": "resolved", "resolved_on": as_of.isoformat(),
                     "last_check": check_id, "updated_at": utc_now()})  # fmt: skip
        events.append(_event(fid, check_id, "resolved", as_of))
    store.save_findings(rows, events)
    return Counter(event["state"] for event in events)


def _carry(previous: dict | None, finding: Finding, fid: str, check_id: int, as_of: date):
    state, opened_on, first_check = _next_state(previous, as_of), as_of.isoformat(), check_id
    if previous is not None and state != "reopened":
        opened_on, first_check = previous["opened_on"], previous["first_check"]
    waiver = _waiver_of(previous) if state == "waived" else _NO_WAIVER
    row = {
        "id": fid,
        "agency_id": finding.agency_id,
        "item_id": finding.item_id,
        "kind": finding.kind,
        "status": finding.status,
        "period": finding.period,
        "severity": finding.severity,
        "item_name": finding.item_name,
        "basis": finding.basis,
        "message": finding.message,
        "evidence": finding.evidence,
        "state": state,
        "first_check": first_check,
        "last_check": check_id,
        "opened_on": opened_on,
        "resolved_on": None,
        "updated_at": utc_now(),
        **waiver,
    }
    changed = previous is None or previous["state"] != state
    return row, _event(fid, check_id, state, as_of) if changed else None


_NO_WAIVER = {"waiver": None, "waiver_reason": None, "waived_until": None, "waived_on": None}


def _waiver_of(row: dict) -> dict:
    return {key: row.get(key) for key in _NO_WAIVER}


def _next_state(previous: dict | None, as_of: date) -> str:
    """The state of a finding seen again in this check."""
    if previous is None:
        return "new"
    if previous["state"] == "resolved":
        return "reopened"
    if previous["state"] == "waived" and waiver_in_force(previous, as_of):
        return "waived"
    return "open"


def waiver_in_force(row: dict, as_of: date) -> bool:
    until = row.get("waived_until")
    return until is None or as_of.isoformat() <= until


def waive(
    store: Store,
    finding_id_: str,
    reason: str,
    until: date | None,
    false_positive: bool,
    today: date,
) -> dict:
    """Mark a finding waived (until a date) or a false positive; it stays visible as such."""
    row = store.finding(finding_id_)
    if row is None:
        raise FindingError(f"no finding with id {finding_id_!r}")
    if row["state"] == "resolved":
        raise FindingError(f"finding {row['id']} is already resolved")
    if not reason.strip():
        raise FindingError("a waiver needs a reason")
    if until is not None and until < today:
        raise FindingError(f"--until {until} is in the past")
    waiver = "false_positive" if false_positive else "waived"
    store.waive_finding(row["id"], waiver, reason.strip(), until and until.isoformat(),
                        today.isoformat())  # fmt: skip
    return store.finding(row["id"])


def _event(fid: str, check_id: int, state: str, as_of: date) -> dict:
    return {"finding_id": fid, "check_id": check_id, "state": state, "as_of": as_of.isoformat()}
