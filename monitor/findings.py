"""Finding lifecycle across checks: new → open → resolved (→ reopened).

A finding's id is stable over cycles (rule kind, agency, item, period), so the same problem
seen again is the same finding. A finding disappears only where its scope was judged on a
successful crawl; where a column could not be fetched, what was known stays as it was.
"""

from __future__ import annotations

import getpass
import hashlib
from collections import Counter
from dataclasses import replace
from datetime import date

from common.errors import BadInputError
from monitor.evaluate import Evaluation
from monitor.store import Store
from rules.findings import Finding, Waiver

ACTIVE = ("new", "open", "reopened")
TRACKED = (*ACTIVE, "waived")


class FindingError(BadInputError):
    """A command names a finding that does not exist or cannot change that way."""


def finding_id(key: str) -> str:
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def sync_findings(store: Store, check_id: int, as_of: date, evaluation: Evaluation) -> Counter:
    """Store this check's findings and move every known finding along its lifecycle."""
    known = store.all_findings()
    tracked, events, seen = [], [], set()
    for found in evaluation.findings:
        fid = finding_id(found.key)
        seen.add(fid)
        finding, event = _carry(known.get(fid), found, fid, check_id, as_of)
        tracked.append(finding)
        if event:
            events.append(event)
    for fid, previous in known.items():
        if fid in seen or previous.state not in TRACKED or not evaluation.settles(previous):
            continue
        tracked.append(replace(previous, state="resolved", resolved_on=as_of, last_check=check_id))
        events.append(_event(fid, check_id, "resolved", as_of))
    store.save_findings(tracked, events)
    return Counter(event["state"] for event in events)


def _carry(previous: Finding | None, found: Finding, fid: str, check_id: int, as_of: date):
    """The stored finding for one a rule raised in this check, and its event if it moved."""
    state, opened_on, first_check = _next_state(previous, as_of), as_of, check_id
    if previous is not None and state != "reopened":
        opened_on, first_check = previous.opened_on, previous.first_check
    finding = replace(found, id=fid, state=state, first_check=first_check, last_check=check_id,
                      opened_on=opened_on, resolved_on=None,
                      waiver=previous.waiver if state == "waived" else None)  # fmt: skip
    changed = previous is None or previous.state != state
    return finding, _event(fid, check_id, state, as_of) if changed else None


def _next_state(previous: Finding | None, as_of: date) -> str:
    """The state of a finding seen again in this check."""
    if previous is None:
        return "new"
    if previous.state == "resolved":
        return "reopened"
    if previous.state == "waived" and (previous.waiver is None or previous.waiver.in_force(as_of)):
        return "waived"
    return "open"


def acting_user(by: str | None) -> str:
    """Who a change is recorded as: the dashboard's user, else the OS user (the CLI)."""
    if by:
        return by
    try:
        return getpass.getuser() or "cli"
    except (KeyError, OSError):  # no name for the uid (a container)
        return "cli"


def waive(
    store: Store,
    finding_id_: str,
    reason: str,
    until: date | None,
    false_positive: bool,
    today: date,
    by: str | None = None,
    **detail,
) -> Finding:
    """Mark a finding waived (until a date) or a false positive; it stays visible as such.

    Written to the audit log as `by` (the CLI: the OS user), with the reason and `detail`."""
    finding = store.finding(finding_id_)
    if finding is None:
        raise FindingError(f"no finding with id {finding_id_!r}")
    if finding.state == "resolved":
        raise FindingError(f"finding {finding.id} is already resolved")
    if not reason.strip():
        raise FindingError("a waiver needs a reason")
    if until is not None and until < today:
        raise FindingError(f"--until {until} is in the past")
    kind = "false_positive" if false_positive else "waived"
    with store.transaction():
        store.waive_finding(finding.id, Waiver(kind, reason.strip(), until, today))
        store.audit(acting_user(by), "waive", "finding", finding.id, finding.agency_id,
                    reason.strip(), waiver=kind, until=until.isoformat() if until else None,
                    **detail)  # fmt: skip
    return store.finding(finding.id)


def _event(fid: str, check_id: int, state: str, as_of: date) -> dict:
    return {"finding_id": fid, "check_id": check_id, "state": state, "as_of": as_of.isoformat()}
