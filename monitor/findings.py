"""Finding lifecycle across checks: new → open → resolved (→ reopened).

A finding's id is stable over cycles (rule kind, agency, item, period), so the same problem
seen again is the same finding. A finding disappears only where its scope was judged on a
successful crawl; where a column could not be fetched, what was known stays as it was.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import date

from monitor.evaluate import Evaluation
from monitor.store import Store, utc_now
from rules.base import Finding

ACTIVE = ("new", "open", "reopened")
STATE_LABELS = {"new": "新发现", "open": "持续存在", "resolved": "已整改", "reopened": "再次出现"}


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
        if fid in seen or row["state"] not in ACTIVE or scope not in evaluation.judged:
            continue
        rows.append({**row, "state": "resolved", "resolved_on": as_of.isoformat(),
                     "last_check": check_id, "updated_at": utc_now()})  # fmt: skip
        events.append(_event(fid, check_id, "resolved", as_of))
    store.save_findings(rows, events)
    return Counter(event["state"] for event in events)


def _carry(previous: dict | None, finding: Finding, fid: str, check_id: int, as_of: date):
    if previous is None:
        state, opened_on, first_check = "new", as_of.isoformat(), check_id
    else:
        state = "reopened" if previous["state"] == "resolved" else "open"
        opened_on = previous["opened_on"] if state == "open" else as_of.isoformat()
        first_check = previous["first_check"]
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
    }
    changed = previous is None or previous["state"] != state
    return row, _event(fid, check_id, state, as_of) if changed else None


def _event(fid: str, check_id: int, state: str, as_of: date) -> dict:
    return {"finding_id": fid, "check_id": check_id, "state": state, "as_of": as_of.isoformat()}
