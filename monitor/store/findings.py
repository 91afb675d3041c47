"""Checks, the findings they keep track of (with their waivers), and the findings' events."""

from __future__ import annotations

import json
from collections.abc import Iterable

from monitor.store.connection import Connection, iso, record, state_filter, to_date, utc_now
from rules.findings import Finding, Waiver

FINDING_ORDER = "agency_id, item_id, period, id"


class FindingStore(Connection):
    def start_check(self, as_of: str, crawl_id: int | None) -> int:
        with self.transaction():
            table = self.db["checks"].insert(
                {"as_of": as_of, "ran_at": utc_now(), "crawl_id": crawl_id}
            )
        return table.last_pk

    def save_findings(self, findings: list[Finding], events: list[dict]) -> None:
        with self.transaction():
            self.db["findings"].upsert_all([finding_row(f) for f in findings], pk="id")
            if events:
                self.db["finding_events"].insert_all(events)

    def waive_finding(self, finding_id: str, waiver: Waiver) -> None:
        with self.transaction():
            self.db["findings"].update(
                finding_id, {"state": "waived", **waiver_row(waiver), "updated_at": utc_now()}
            )

    def all_findings(self) -> dict[str, Finding]:
        return {row["id"]: stored_finding(row) for row in self.db["findings"].rows}

    def findings(
        self, states: Iterable[str] | None = None, agency_id: str | None = None
    ) -> list[Finding]:
        where, params = state_filter(states, agency_id)
        rows = self.db["findings"].rows_where(where, params, order_by=FINDING_ORDER)
        return [stored_finding(row) for row in rows]

    def finding(self, finding_id: str) -> Finding | None:
        rows = list(self.db["findings"].rows_where("id = ?", [finding_id]))
        return stored_finding(rows[0]) if rows else None


def stored_finding(row: dict) -> Finding:
    return record(
        Finding,
        row,
        evidence=json.loads(row["evidence"] or "[]"),
        opened_on=to_date(row["opened_on"]),
        resolved_on=to_date(row["resolved_on"]),
        waiver=stored_waiver(row),
    )


def stored_waiver(row: dict) -> Waiver | None:
    if not row.get("waiver"):
        return None
    return Waiver(row["waiver"], row["waiver_reason"], to_date(row["waived_until"]),
                  to_date(row["waived_on"]))  # fmt: skip


def finding_row(finding: Finding) -> dict:
    return {
        "id": finding.id,
        "agency_id": finding.agency_id,
        "item_id": finding.item_id,
        "kind": finding.kind,
        "status": finding.status,
        "period": finding.period,
        "severity": finding.severity,
        "item_name": finding.item_name,
        "basis": finding.basis,
        "message": finding.message,
        "evidence": json.dumps(list(finding.evidence), ensure_ascii=False),
        "state": finding.state,
        "first_check": finding.first_check,
        "last_check": finding.last_check,
        "opened_on": iso(finding.opened_on),
        "resolved_on": iso(finding.resolved_on),
        "updated_at": utc_now(),
        **waiver_row(finding.waiver),
    }


def waiver_row(waiver: Waiver | None) -> dict:
    if waiver is None:
        return {"waiver": None, "waiver_reason": None, "waived_until": None, "waived_on": None}
    return {"waiver": waiver.kind, "waiver_reason": waiver.reason,
            "waived_until": iso(waiver.until), "waived_on": iso(waiver.on)}  # fmt: skip
