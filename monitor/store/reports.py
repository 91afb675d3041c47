"""The reports written, for the record."""

from __future__ import annotations

from monitor.store.connection import Connection, utc_now


class ReportStore(Connection):
    def record_report(self, kind: str, as_of: str, path: str) -> None:
        with self.transaction():
            self.db["reports"].insert(
                {"kind": kind, "as_of": as_of, "path": path, "created_at": utc_now()}
            )
