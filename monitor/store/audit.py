"""The audit log: who changed what, when, and why."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from monitor.store.connection import Connection, record, utc_now


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str
    username: str
    action: str
    target_kind: str
    target_id: str
    agency_id: str | None
    reason: str | None
    detail: dict[str, Any]


class AuditStore(Connection):
    def audit(self, username: str, action: str, target_kind: str, target_id: str | int,
              agency_id: str | None = None, reason: str | None = None,
              **detail: Any) -> None:  # fmt: skip
        with self.transaction():
            self._insert_audit(username, action, target_kind, target_id, agency_id, reason,
                               detail)  # fmt: skip

    def _insert_audit(self, username, action, target_kind, target_id, agency_id, reason,
                      detail) -> None:  # fmt: skip
        """Insert inside the caller's transaction (a change and its record land together)."""
        self.db["audit_log"].insert(
            {
                "at": utc_now(),
                "username": username,
                "action": action,
                "target_kind": target_kind,
                "target_id": str(target_id),
                "agency_id": agency_id,
                "reason": reason,
                "detail": json.dumps(detail, ensure_ascii=False),
            }  # fmt: skip
        )

    def audit_entries(self, target_kind: str | None = None, target_id: str | int | None = None,
                      limit: int = 200) -> list[AuditEntry]:  # fmt: skip
        where, params = None, []
        if target_kind is not None:
            where, params = "target_kind = ? and target_id = ?", [target_kind, str(target_id)]
        rows = self.db["audit_log"].rows_where(where, params, order_by="id desc", limit=limit)
        return [record(AuditEntry, row, detail=json.loads(row["detail"] or "{}")) for row in rows]
