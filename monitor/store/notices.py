"""Rectification notices, numbered per year, and the findings each one lists."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from monitor.store.connection import (
    Connection,
    insert_sql,
    iso,
    record,
    state_filter,
    to_date,
    utc_now,
)
from monitor.store.findings import stored_finding
from rules.findings import Finding

JSON_FIELDS = ("id", "number", "agency_id", "state", "issued_on", "deadline", "rectified_on",
               "overdue_on", "withdrawn_on", "withdraw_reason", "files")  # fmt: skip
DATE_FIELDS = ("issued_on", "deadline", "rectified_on", "overdue_on", "withdrawn_on")
STATE_DATES = {"rectified": "rectified_on", "overdue": "overdue_on", "withdrawn": "withdrawn_on"}


@dataclass(frozen=True)
class Notice:
    id: int
    number: str
    year: int
    seq: int
    agency_id: str
    issued_on: date
    deadline: date
    state: str  # issued | rectified | overdue | withdrawn
    rectified_on: date | None
    overdue_on: date | None
    withdrawn_on: date | None
    withdraw_reason: str | None
    files: dict[str, str]  # format → path of the rendered file

    @property
    def closed_on(self) -> date | None:
        return self.rectified_on or self.withdrawn_on

    def to_json(self) -> dict[str, Any]:
        """The notice as `zwgk notices --json` prints it: dates as ISO text."""
        values = {name: getattr(self, name) for name in JSON_FIELDS}
        return {**values, **{name: iso(values[name]) for name in DATE_FIELDS}}


class NoticeStore(Connection):
    def issue_notice(
        self,
        agency_id: str,
        issued_on: date,
        deadline: date,
        finding_ids: list[str],
        number_for: Callable[[int, int], str],
    ) -> Notice | None:
        """Number and store a notice for the findings not already on an open notice.

        The number is the next of the year, taken under the write lock, so two processes
        issuing at once never share one; numbers of withdrawn notices are never reused.
        """
        year = issued_on.year
        with self.transaction() as conn:
            taken = {row[0] for row in conn.execute(OPEN_NOTICE_FINDINGS_SQL)}
            fresh = [fid for fid in finding_ids if fid not in taken]
            if not fresh:
                return None
            (last,) = conn.execute(
                "select coalesce(max(seq), 0) from notices where year = ?", [year]
            ).fetchone()
            row = {"number": number_for(year, last + 1), "year": year, "seq": last + 1,
                   "agency_id": agency_id, "issued_on": iso(issued_on),
                   "deadline": iso(deadline), "state": "issued", "files": "{}",
                   "created_at": utc_now()}  # fmt: skip
            cursor = conn.execute(insert_sql("notices", row), row)
            conn.executemany(
                "insert into notice_findings (notice_id, finding_id) values (?, ?)",
                [(cursor.lastrowid, fid) for fid in fresh],
            )
        return self.notice(cursor.lastrowid)

    def notice(self, notice_id: int | str) -> Notice | None:
        """A notice by id, or by its number."""
        key = "number" if isinstance(notice_id, str) and not notice_id.isdigit() else "id"
        rows = list(self.db["notices"].rows_where(f"{key} = ?", [notice_id]))
        return stored_notice(rows[0]) if rows else None

    def notices(
        self, states: Iterable[str] | None = None, agency_id: str | None = None
    ) -> list[Notice]:
        where, params = state_filter(states, agency_id)
        rows = self.db["notices"].rows_where(where, params, order_by="year, seq")
        return [stored_notice(row) for row in rows]

    def notice_findings(self, notice_id: int) -> list[Finding]:
        sql = """select f.* from notice_findings n join findings f on f.id = n.finding_id
                 where n.notice_id = ? order by f.item_id, f.period"""
        return [stored_finding(row) for row in self.db.query(sql, [notice_id])]

    def set_notice_state(
        self, notice_id: int, state: str, on: date, reason: str | None = None
    ) -> None:
        """Move a notice to rectified, overdue or withdrawn (with the reason) on a date."""
        changes = {"state": state, STATE_DATES[state]: iso(on)}
        if reason is not None:
            changes["withdraw_reason"] = reason
        with self.transaction():
            self.db["notices"].update(notice_id, changes)

    def set_notice_files(self, notice_id: int, files: dict[str, str]) -> None:
        with self.transaction():
            self.db["notices"].update(notice_id, {"files": json.dumps(files, ensure_ascii=False)})


def stored_notice(row: dict) -> Notice:
    dates = {name: to_date(row[name]) for name in DATE_FIELDS}
    return record(Notice, row, files=json.loads(row["files"] or "{}"), **dates)


OPEN_NOTICE_FINDINGS_SQL = """
    select n.finding_id from notice_findings n join notices s on s.id = n.notice_id
    where s.state in ('issued', 'overdue')
"""
