"""Departments' replies (整改回复) and appeals (申诉) to findings, and what became of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from monitor.store.connection import Connection, iso, record, utc_now

REPLY_STATES = ("submitted", "verified", "not_verified")
APPEAL_STATES = ("submitted", "accepted", "rejected")


@dataclass(frozen=True)
class Attachment:
    name: str  # as the department named it (shown escaped, never used as a path)
    path: str  # where it is kept, under the store's attachments folder
    type: str  # the checked type: pdf, docx, xlsx, png, jpg
    size: int


@dataclass(frozen=True)
class Reply:
    id: int
    kind: str  # reply | appeal
    finding_id: str
    notice_id: int | None
    agency_id: str
    username: str
    body: str
    url: str | None
    attachment_name: str | None
    attachment_path: str | None
    attachment_type: str | None
    attachment_size: int | None
    created_at: str
    state: str
    decided_at: str | None
    decided_by: str | None
    decision_reason: str | None
    checked_on: str | None

    @property
    def attachment(self) -> Attachment | None:
        if not self.attachment_path:
            return None
        return Attachment(self.attachment_name or "", self.attachment_path,
                          self.attachment_type or "", self.attachment_size or 0)  # fmt: skip


class ReplyStore(Connection):
    def add_reply(self, kind: str, finding_id: str, agency_id: str, username: str, body: str,
                  url: str | None = None, notice_id: int | None = None,
                  attachment: Attachment | None = None, created_at: str | None = None) -> Reply:  # fmt: skip
        row = {"kind": kind, "finding_id": finding_id, "notice_id": notice_id,
               "agency_id": agency_id, "username": username, "body": body, "url": url,
               "created_at": created_at or utc_now(), "state": "submitted"}  # fmt: skip
        if attachment:
            row |= {"attachment_name": attachment.name, "attachment_path": attachment.path,
                    "attachment_type": attachment.type, "attachment_size": attachment.size}  # fmt: skip
        with self.transaction():
            reply_id = self.db["replies"].insert(row).last_pk
            self._insert_audit(username, f"submit_{kind}", "finding", finding_id, agency_id,
                               None, {"reply_id": reply_id})  # fmt: skip
        return self.reply(reply_id)

    def reply(self, reply_id: int) -> Reply | None:
        rows = list(self.db["replies"].rows_where("id = ?", [reply_id]))
        return record(Reply, rows[0]) if rows else None

    def replies(self, finding_id: str | None = None, agency_id: str | None = None,
                kind: str | None = None, since: str | None = None,
                state: str | None = None) -> list[Reply]:  # fmt: skip
        clauses = {"finding_id = ?": finding_id, "agency_id = ?": agency_id,
                   "kind = ?": kind, "created_at >= ?": since, "state = ?": state}  # fmt: skip
        given = {clause: value for clause, value in clauses.items() if value is not None}
        where = " and ".join(given) or None
        rows = self.db["replies"].rows_where(where, list(given.values()), order_by="id")
        return [record(Reply, row) for row in rows]

    def decide_reply(self, reply_id: int, state: str, by: str, reason: str | None,
                     checked_on: date | None = None) -> None:  # fmt: skip
        """Settle a reply (verified or not by a check) or an appeal (accepted or rejected)."""
        reply = self.reply(reply_id)
        changes = {"state": state, "decided_at": utc_now(), "decided_by": by,
                   "decision_reason": reason, "checked_on": iso(checked_on)}  # fmt: skip
        with self.transaction():
            self.db["replies"].update(reply_id, changes)
            self._insert_audit(by, f"{reply.kind}_{state}", "finding", reply.finding_id,
                               reply.agency_id, reason, {"reply_id": reply_id})  # fmt: skip
