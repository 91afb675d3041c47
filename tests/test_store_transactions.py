"""Store writes are transactions: several sqlite-utils writes land together or not at all,
and a change lands with its audit entry or neither does."""

from __future__ import annotations

from datetime import date

import pytest
from builders import record_check, stale_finding

from monitor.accounts import set_disabled
from monitor.findings import waive
from monitor.store import Session, Store


class Boom(Exception):
    pass


@pytest.fixture
def store(tmp_path):
    store = Store(tmp_path / "zwgk.db")
    yield store
    store.close()


def count(store: Store, table: str) -> int:
    return store.db.execute(f"select count(*) from {table}").fetchone()[0]


def test_a_failed_transaction_leaves_none_of_its_writes(store):
    with pytest.raises(Boom), store.transaction():
        store.db["login_attempts"].insert({"username": "a", "address": "x", "ok": 0, "at": "t"})
        store.db["login_attempts"].insert({"username": "b", "address": "x", "ok": 0, "at": "t"})
        raise Boom
    assert count(store, "login_attempts") == 0


def test_an_inner_transaction_is_a_savepoint_of_the_outer(store):
    with store.transaction():
        store.record_login_attempt("a", "x", False, "t")
        with pytest.raises(Boom), store.transaction():
            store.record_login_attempt("b", "x", False, "t")
            raise Boom
    assert [row["username"] for row in store.db["login_attempts"].rows] == ["a"]


def test_the_import_writes_all_accounts_or_none(store, monkeypatch):
    users = [("zhang", "张三", "viewer", None, "h1"), ("li", "李四", "viewer", None, "h2")]
    calls = []

    def audit_then_fail(*args):
        calls.append(args)
        if len(calls) == 2:
            raise Boom

    monkeypatch.setattr(store, "_insert_audit", audit_then_fail)
    with pytest.raises(Boom):
        store.add_users(users, "operator", imported_from="users.csv")
    assert count(store, "users") == 0
    monkeypatch.undo()
    store.add_users(users, "operator", imported_from="users.csv")
    assert [user.username for user in store.users()] == ["li", "zhang"]
    assert {entry.detail["imported_from"] for entry in store.audit_entries()} == {"users.csv"}


def test_disabling_an_account_lands_with_its_audit_entry_or_not_at_all(store, monkeypatch):
    user = store.add_user("zhang", "张三", "viewer", None, "hash")
    store.add_session(Session("token", user.id, "csrf", "2026-12-01", "2099-01-01"))
    monkeypatch.setattr(store, "_insert_audit", lambda *args: (_ for _ in ()).throw(Boom()))
    with pytest.raises(Boom):
        set_disabled(store, "zhang", True)
    assert store.user("zhang").active
    assert store.session("token", "2026-12-02") is not None


def test_a_waiver_lands_with_its_audit_entry_or_not_at_all(store, monkeypatch):
    record_check(store, date(2026, 12, 1), [stale_finding("qx-jyj")])
    [finding] = store.findings()
    monkeypatch.setattr(store, "_insert_audit", lambda *args: (_ for _ in ()).throw(Boom()))
    with pytest.raises(Boom):
        waive(store, finding.id, "引用旧文件", None, False, today=date(2026, 12, 4))
    assert store.finding(finding.id).waiver is None
    monkeypatch.undo()
    waive(store, finding.id, "引用旧文件", None, False, today=date(2026, 12, 4))
    assert store.finding(finding.id).waiver.reason == "引用旧文件"
    assert [entry.action for entry in store.audit_entries()] == ["waive"]
