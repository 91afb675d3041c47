"""The alert outbox (one row per message and channel) and the alert events already queued."""

from __future__ import annotations

import json
from dataclasses import dataclass

from monitor.store.connection import Connection, record

DUE = "(state = 'pending' or (state in ('failed', 'sending') and next_attempt_at <= :now))"


@dataclass(frozen=True)
class OutboxEntry:
    """One message queued on one channel; timestamps are UTC ISO text, comparable as text."""

    id: int
    dedupe_key: str
    agency_id: str | None
    audience: str  # agency | supervisors
    channel: str  # the apprise URL as configured: ${VAR} placeholders, no secrets
    subject: str
    body: str
    events: tuple[str, ...]  # the keys of the events this message carries
    state: str  # pending | sending | sent | failed (retrying) | dead
    attempts: int | None
    next_attempt_at: str | None
    last_error: str | None
    created_at: str
    sent_at: str | None


class OutboxStore(Connection):
    def alert_event_keys(self) -> set[str]:
        """Keys of every alert event already queued for sending."""
        return {row[0] for row in self.db.execute("select key from alert_events")}

    def enqueue_outbox(self, rows: list[dict], events: list[dict]) -> int:
        """Queue messages and record their events; returns how many rows were added.

        A (dedupe_key, channel) already queued is skipped, so queuing twice adds nothing.
        """
        with self.transaction():
            before = self.db["outbox"].count
            if rows:
                self.db["outbox"].insert_all(rows, ignore=True)
            if events:
                self.db["alert_events"].insert_all(events, pk="key", ignore=True)
            return self.db["outbox"].count - before

    def due_outbox(self, now: str) -> list[OutboxEntry]:
        """Messages to send now: pending, failed and due again, or claimed by a dead sender."""
        return self._entries(DUE, {"now": now})

    def claim_outbox(self, row_id: int, now: str, lease_until: str) -> bool:
        """Mark a due message as being sent until lease_until; False if another sender has it."""
        sql = f"update outbox set state = 'sending', next_attempt_at = :lease where id = :id and {DUE}"
        with self.transaction():
            cursor = self.db.execute(sql, {"id": row_id, "now": now, "lease": lease_until})
        return cursor.rowcount == 1

    def release_outbox_claims(self) -> int:
        """Rows left `sending` by a sender that died become due again; returns how many."""
        with self.transaction():
            cursor = self.db.execute(
                "update outbox set state = 'pending', next_attempt_at = null"
                " where state = 'sending'"
            )
        return cursor.rowcount

    def outbox(self, state: str | None = None) -> list[OutboxEntry]:
        return self._entries("state = :state" if state else None, {"state": state})

    def outbox_for_events(self, keys: list[str], prefixes: list[str]) -> list[OutboxEntry]:
        """Messages that carried one of these event keys, or a key starting with a prefix
        (a finding's timeline: its overdue alerts, its notices' alerts)."""
        tests = [f"e.value = :k{n}" for n in range(len(keys))]
        tests += [f"substr(e.value, 1, length(:p{n})) = :p{n}" for n in range(len(prefixes))]
        if not tests:
            return []
        params = {**{f"k{n}": key for n, key in enumerate(keys)},
                  **{f"p{n}": prefix for n, prefix in enumerate(prefixes)}}  # fmt: skip
        where = f"exists (select 1 from json_each(outbox.events) e where {' or '.join(tests)})"
        return self._entries(where, params)

    def update_outbox(self, row_id: int, changes: dict) -> None:
        with self.transaction():
            self.db["outbox"].update(row_id, changes)

    def _entries(self, where: str | None, params: dict) -> list[OutboxEntry]:
        rows = self.db["outbox"].rows_where(where, params, order_by="id")
        return [record(OutboxEntry, row, events=tuple(json.loads(row["events"] or "[]")))
                for row in rows]  # fmt: skip
