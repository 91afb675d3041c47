"""Opening the database (WAL, migrated), write transactions, and turning rows into records."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import fields
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import sqlite_utils

from common.errors import ZwgkError
from monitor.store.schema import MIGRATIONS

R = TypeVar("R")


class StoreError(ZwgkError):
    """The database cannot be opened or used (a directory, no permission, not SQLite)."""


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Connection:
    """The open database every area of the store works on. Every write is a transaction."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite_utils.Database(self.path)
            self.db.conn.execute("PRAGMA busy_timeout = 30000")
            self.db.enable_wal()
            self._migrate()
        except (OSError, sqlite3.Error) as exc:
            what = "it is a folder" if self.path.is_dir() else exc
            raise StoreError(f"cannot open the database {self.path}: {what}") from exc

    def close(self) -> None:
        self.db.close()

    def _migrate(self) -> None:
        """Apply the migrations this database lacks, each under the write lock (two processes
        opening a new database at once must not both create its tables)."""
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        while version < len(MIGRATIONS):
            with self.transaction() as conn:
                (version,) = conn.execute("PRAGMA user_version").fetchone()
                if version < len(MIGRATIONS):
                    MIGRATIONS[version](self.db)
                    version += 1
                    conn.execute(f"PRAGMA user_version = {version}")

    @contextmanager
    def transaction(self):
        """One write transaction, holding the write lock from its first statement; inside
        another it is a savepoint. sqlite-utils runs in autocommit mode, so a plain
        `with db.conn:` would not group its writes."""
        conn = self.db.conn
        if conn.in_transaction:
            with self.db.atomic():
                yield conn
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.rollback()
            raise
        conn.commit()


def record(cls: type[R], row: dict[str, Any], **decoded: Any) -> R:
    """A record from a row: the columns the record names, then the values decoded apart."""
    names = field_names(cls)
    return cls(**{**{k: v for k, v in row.items() if k in names}, **decoded})


def insert_sql(table: str, names: Iterable[str]) -> str:
    """`insert into table (…) values (…)` of the columns `names`, with named parameters."""
    names = list(names)
    columns = ", ".join(f'"{name}"' for name in names)
    return f"insert into {table} ({columns}) values ({', '.join(':' + name for name in names)})"


@cache
def field_names(cls: type) -> frozenset[str]:
    return frozenset(field.name for field in fields(cls))


def to_date(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def state_filter(states: Iterable[str] | None, agency_id: str | None):
    """A where clause (or None) and its parameters: rows in these states, of this agency."""
    clauses, params = [], []
    if states is not None:
        states = list(states)
        clauses.append(f"state in ({', '.join('?' for _ in states)})")
        params += states
    if agency_id:
        clauses.append("agency_id = ?")
        params.append(agency_id)
    return " and ".join(clauses) or None, params
