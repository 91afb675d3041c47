"""Dashboard accounts, their sessions, and the login attempts the throttle counts."""

from __future__ import annotations

from dataclasses import dataclass

from monitor.store.connection import Connection, record, utc_now

ROLES = ("supervisor", "department", "viewer")


@dataclass(frozen=True)
class User:
    id: int
    username: str
    name: str
    role: str  # supervisor | department | viewer
    agency_id: str | None
    password_hash: str
    disabled: int

    @property
    def active(self) -> bool:
        return not self.disabled

    def sees(self, agency_id: str) -> bool:
        """Whether this account may see an agency's pages, files and rows."""
        return self.role != "department" or agency_id == self.agency_id

    @property
    def can_supervise(self) -> bool:
        return self.role == "supervisor"


@dataclass(frozen=True)
class Session:
    token_hash: str
    user_id: int
    csrf_token: str
    created_at: str
    expires_at: str


class AccountStore(Connection):
    def add_user(self, username: str, name: str, role: str, agency_id: str | None,
                 password_hash: str) -> User:  # fmt: skip
        with self.transaction():
            self.db["users"].insert(user_row(username, name, role, agency_id, password_hash))
        return self.user(username)

    def add_users(self, users: list[tuple[str, str, str, str | None, str]], by: str,
                  **detail) -> None:  # fmt: skip
        """Create every account (username, name, role, agency, password hash), each with its
        audit entry, in one transaction: all or none."""
        with self.transaction():
            for username, name, role, agency_id, password_hash in users:
                self.db["users"].insert(user_row(username, name, role, agency_id, password_hash))
                self._insert_audit(by, "add_user", "user", username, agency_id, None,
                                   {"name": name, "role": role, **detail})  # fmt: skip

    def user(self, username: str) -> User | None:
        rows = list(self.db["users"].rows_where("username = ?", [username]))
        return record(User, rows[0]) if rows else None

    def user_by_id(self, user_id: int) -> User | None:
        rows = list(self.db["users"].rows_where("id = ?", [user_id]))
        return record(User, rows[0]) if rows else None

    def users(self) -> list[User]:
        return [record(User, row) for row in self.db["users"].rows_where(order_by="username")]

    def update_user(self, user_id: int, changes: dict) -> None:
        """Change an account; a new password or a disabled account ends its sessions."""
        with self.transaction():
            self.db["users"].update(user_id, changes)
            if "password_hash" in changes or changes.get("disabled"):
                self.db.execute("delete from sessions where user_id = ?", [user_id])

    def add_session(self, session: Session) -> None:
        with self.transaction():
            self.db["sessions"].insert(vars(session))

    def session(self, token_hash: str, now: str) -> Session | None:
        rows = list(
            self.db["sessions"].rows_where("token_hash = ? and expires_at > ?", [token_hash, now])
        )
        return record(Session, rows[0]) if rows else None

    def end_session(self, token_hash: str) -> None:
        with self.transaction():
            self.db.execute("delete from sessions where token_hash = ?", [token_hash])

    def end_expired_sessions(self, now: str) -> None:
        with self.transaction():
            self.db.execute("delete from sessions where expires_at <= ?", [now])

    def record_login_attempt(self, username: str, address: str, ok: bool, at: str) -> None:
        with self.transaction():
            self.db["login_attempts"].insert(
                {"username": username, "address": address, "ok": int(ok), "at": at}
            )

    def failed_logins(self, since: str, username: str | None = None,
                      address: str | None = None) -> int:  # fmt: skip
        """Failures since `since` for this account (after its last success), or from this
        address."""
        if username is not None:
            sql = """select count(*) from login_attempts where ok = 0 and at >= ?
                     and username = ? and at > coalesce((select max(at) from login_attempts
                                                         where ok = 1 and username = ?), '')"""
            return self.db.execute(sql, [since, username, username]).fetchone()[0]
        sql = "select count(*) from login_attempts where ok = 0 and at >= ? and address = ?"
        return self.db.execute(sql, [since, address]).fetchone()[0]


def user_row(username: str, name: str, role: str, agency_id: str | None,
             password_hash: str) -> dict:  # fmt: skip
    now = utc_now()
    return {"username": username, "name": name, "role": role, "agency_id": agency_id,
            "password_hash": password_hash, "disabled": 0, "created_at": now,
            "password_changed_at": now}  # fmt: skip
