"""`zwgk users`: accounts on the command line, each change in the audit log, and an import
file checked whole (every bad row named, nothing written) before one transaction."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from monitor.cli import main
from monitor.passwords import verify_password
from monitor.store import Session, Store

CONFIG = """\
region: 青溪县
database: zwgk.db
agencies:
  - {id: qx-jyj, name: 青溪县教育局, kind: department, catalog: department}
  - {id: qx-mzj, name: 青溪县民政局, kind: department, catalog: department}
"""
PASSWORD = "correct-horse"


@pytest.fixture
def folder(tmp_path) -> Path:
    (tmp_path / "zwgk.yaml").write_text(CONFIG, encoding="utf-8")
    return tmp_path


def zwgk(folder: Path, *args: str, stdin: str | None = None):
    return CliRunner().invoke(main, [*args, "--config", str(folder / "zwgk.yaml")], input=stdin)


def stored(folder: Path):
    """(users, audit entries) as the store holds them."""
    store = Store(folder / "zwgk.db")
    try:
        return {user.username: user for user in store.users()}, store.audit_entries()
    finally:
        store.close()


def printed_password(output: str, username: str) -> str:
    prefix = f"password for {username} (shown once): "
    [line] = [line for line in output.splitlines() if line.startswith(prefix)]
    return line.removeprefix(prefix)


def test_add_prints_a_generated_password_once_and_audits_it(folder):
    done = zwgk(folder, "users", "add", "wang", "--name", "王监督", "--role", "supervisor")
    assert done.exit_code == 0, done.output
    password = printed_password(done.output, "wang")
    users, audit = stored(folder)
    assert verify_password(password, users["wang"].password_hash)
    assert password not in users["wang"].password_hash
    [entry] = audit
    assert (entry.action, entry.target_kind, entry.target_id) == ("add_user", "user", "wang")
    assert entry.username.startswith("cli") and entry.detail["role"] == "supervisor"


def test_a_password_on_stdin_is_used_and_never_printed(folder):
    done = zwgk(folder, "users", "add", "jyj", "--name", "教育局", "--role", "department",
                "--agency", "qx-jyj", "--password-stdin", stdin=PASSWORD + "\n")  # fmt: skip
    assert done.exit_code == 0, done.output
    assert PASSWORD not in done.output and "shown once" not in done.output
    users, _ = stored(folder)
    assert verify_password(PASSWORD, users["jyj"].password_hash)
    assert users["jyj"].agency_id == "qx-jyj"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "department"], "error: a department account needs an agency"),
        (["--role", "department", "--agency", "qx-nope"],
         "error: no agency 'qx-nope' in the config"),
        (["--role", "viewer", "--agency", "qx-jyj"],
         "error: a viewer account sees every agency: leave its agency empty"),
        (["--role", "supervisor", "--password-stdin"],
         "error: a password needs at least 8 characters"),
    ],
)  # fmt: skip
def test_an_account_that_breaks_a_rule_is_one_line_and_not_written(folder, args, message):
    done = zwgk(folder, "users", "add", "someone", "--name", "某人", *args, stdin="short\n")
    assert done.exit_code == 2
    assert done.output.strip().splitlines() == [message]
    users, audit = stored(folder)
    assert users == {} and audit == []


def test_a_taken_username_is_refused(folder):
    assert zwgk(folder, "users", "add", "wang", "--name", "王", "--role", "viewer").exit_code == 0
    done = zwgk(folder, "users", "add", "wang", "--name", "另一个王", "--role", "supervisor")
    assert done.exit_code == 2 and done.output.strip() == "error: username 'wang' is taken"
    users, audit = stored(folder)
    assert users["wang"].name == "王" and len(audit) == 1


def add_with_session(folder: Path, username: str = "jyj") -> None:
    zwgk(folder, "users", "add", username, "--name", "教育局", "--role", "department",
         "--agency", "qx-jyj", "--password-stdin", stdin=PASSWORD)  # fmt: skip
    store = Store(folder / "zwgk.db")
    user = store.user(username)
    store.add_session(Session("token", user.id, "csrf", "2026-12-07T09:00:00+00:00",
                              "2099-01-01T00:00:00+00:00"))  # fmt: skip
    store.close()


def session_count(folder: Path) -> int:
    with sqlite3.connect(folder / "zwgk.db") as db:
        return db.execute("select count(*) from sessions").fetchone()[0]


def test_passwd_sets_a_new_password_and_ends_the_sessions(folder):
    add_with_session(folder)
    done = zwgk(folder, "users", "passwd", "jyj")
    assert done.exit_code == 0, done.output
    users, audit = stored(folder)
    assert verify_password(printed_password(done.output, "jyj"), users["jyj"].password_hash)
    assert not verify_password(PASSWORD, users["jyj"].password_hash)
    assert session_count(folder) == 0
    assert audit[0].action == "set_password" and audit[0].agency_id == "qx-jyj"
    missing = zwgk(folder, "users", "passwd", "nobody")
    assert missing.exit_code == 2 and missing.output.strip() == "error: no user 'nobody'"


def test_disable_ends_the_sessions_and_enable_restores_the_account(folder):
    add_with_session(folder)
    assert zwgk(folder, "users", "disable", "jyj").output == "jyj disabled\n"
    users, _ = stored(folder)
    assert not users["jyj"].active and session_count(folder) == 0
    assert zwgk(folder, "users", "enable", "jyj").output == "jyj enabled\n"
    users, audit = stored(folder)
    assert users["jyj"].active
    assert [entry.action for entry in audit] == ["enable_user", "disable_user", "add_user"]


def test_list_prints_table_json_and_csv_but_never_a_hash(folder):
    zwgk(folder, "users", "add", "wang", "--name", "王监督", "--role", "supervisor")
    add_with_session(folder)
    zwgk(folder, "users", "disable", "jyj")
    table = zwgk(folder, "users", "list").output
    as_json = zwgk(folder, "users", "list", "--json").output
    as_csv = zwgk(folder, "users", "list", "--csv").output
    for output in (table, as_json, as_csv):
        assert "scrypt" not in output and "password" not in output
    assert table.splitlines()[-1] == "2 user(s)"
    rows = [json.loads(line) for line in as_json.splitlines()]
    assert rows[0] == {"username": "jyj", "name": "教育局", "role": "department",
                       "agency_id": "qx-jyj", "state": "disabled"}  # fmt: skip
    assert as_csv.splitlines() == ["username,name,role,agency_id,state",
                                   "jyj,教育局,department,qx-jyj,disabled",
                                   "wang,王监督,supervisor,,active"]  # fmt: skip


def imported_passwords(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "username,name,role,agency,password"
    return {line.split(",")[0]: line.split(",")[-1] for line in lines[1:]}


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_import_a_csv_with_chinese_headers_roles_and_agency_names(folder, encoding):
    source = folder / "accounts.csv"
    source.write_text("用户名,姓名,角色,单位,备注\nwang,王监督,监督,,主任\n"
                      "jyj,教育局,部门,青溪县教育局,\nmzj,民政局,department,qx-mzj,\n"
                      "\nzhao,赵,只读,,\n", encoding=encoding)  # fmt: skip
    done = zwgk(folder, "users", "import", str(source))
    assert done.exit_code == 0, done.output
    passwords = folder / "accounts-passwords.csv"
    assert str(passwords) in done.output and passwords.stat().st_mode & 0o777 == 0o600
    users, audit = stored(folder)
    assert {name: (u.role, u.agency_id) for name, u in users.items()} == {
        "wang": ("supervisor", None), "jyj": ("department", "qx-jyj"),
        "mzj": ("department", "qx-mzj"), "zhao": ("viewer", None)}  # fmt: skip
    for username, password in imported_passwords(passwords).items():
        assert verify_password(password, users[username].password_hash)
        assert password not in done.output
    assert {entry.detail["imported_from"] for entry in audit} == {"accounts.csv"}


def write_xlsx(path: Path, rows: list[list]) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_import_a_real_xlsx_workbook(folder):
    source = write_xlsx(folder / "部门账号.xlsx", [
        ["username", "name", "role", "agency"],
        ["jyj", "青溪县教育局", "department", "qx-jyj"],
        ["mzj", "青溪县民政局", "department", "青溪县民政局"],
        ["chen", "陈主任", "supervisor", None],
    ])  # fmt: skip
    done = zwgk(folder, "users", "import", str(source), "--passwords", str(folder / "pw.csv"))
    assert done.exit_code == 0, done.output
    assert done.output.startswith("imported 3 account(s)")
    users, _ = stored(folder)
    assert sorted(users) == ["chen", "jyj", "mzj"] and users["mzj"].agency_id == "qx-mzj"
    assert sorted(imported_passwords(folder / "pw.csv")) == ["chen", "jyj", "mzj"]


def test_a_bad_file_names_every_bad_row_and_writes_nothing(folder):
    zwgk(folder, "users", "add", "wang", "--name", "王", "--role", "supervisor")
    source = write_xlsx(folder / "bad.xlsx", [
        ["用户名", "姓名", "角色", "单位"],
        ["jyj", "教育局", "部门", "青溪县教育局"],    # good
        ["wang", "王二", "监督", None],               # 3: taken
        ["mzj", "民政局", "部门", None],               # 4: no agency
        ["jyj", "教育局二", "部门", "qx-jyj"],         # 5: twice in the file
        ["a b", "", "boss", "qx-jyj"],                # 6: bad username, no name, bad role
        ["zhao", "赵", "只读", "qx-mzj"],             # 7: viewer with an agency
        ["li", "李", "部门", "qx-nope"],              # 8: unknown agency
    ])  # fmt: skip
    done = CliRunner().invoke(main, ["users", "import", str(source),
                                     "--config", str(folder / "zwgk.yaml")])  # fmt: skip
    assert done.exit_code == 2
    assert done.stderr.splitlines() == [
        f"{source}:3: username 'wang' is taken",
        f"{source}:4: a department account needs an agency",
        f"{source}:5: username 'jyj' also on line 2",
        f"{source}:6: username 'a b': 2–64 letters, digits, '.', '_', '-', '@'",
        f"{source}:6: a name needs 1–100 characters",
        f"{source}:6: role 'boss': one of supervisor, department, viewer",
        f"{source}:7: a viewer account sees every agency: leave its agency empty",
        f"{source}:8: no agency 'qx-nope' in the config",
        f"error: 8 fault(s) in {source}; no account was created",
    ]  # fmt: skip
    users, audit = stored(folder)
    assert sorted(users) == ["wang"] and len(audit) == 1
    assert not (folder / "bad-passwords.csv").exists()


@pytest.mark.parametrize(
    ("text", "fault"),
    [
        ("", "1: the file is empty (a header row and one row per account)"),
        ("username,name\n", "1: missing column(s) role"),
        ("username,name,role,password\njyj,x,viewer,secret\n",
         "1: unknown column 'password' (use username, name, role, agency or 用户名, 姓名, 角色, 单位)"),
        ("username,name,role\n\n", "1: no account under the header"),
    ],
)  # fmt: skip
def test_a_file_without_a_usable_header_writes_nothing(folder, text, fault):
    source = folder / "accounts.csv"
    source.write_text(text, encoding="utf-8")
    done = zwgk(folder, "users", "import", str(source))
    assert done.exit_code == 2
    assert done.output.splitlines()[0] == f"{source}:{fault}"
    assert stored(folder) == ({}, [])


def test_an_existing_passwords_file_is_never_overwritten(folder):
    source = folder / "accounts.csv"
    source.write_text("username,name,role\nwang,王,supervisor\n", encoding="utf-8")
    (folder / "accounts-passwords.csv").write_text("keep me", encoding="utf-8")
    done = zwgk(folder, "users", "import", str(source))
    assert done.exit_code == 2
    assert done.output.startswith(f"error: {folder}/accounts-passwords.csv exists")
    assert (folder / "accounts-passwords.csv").read_text(encoding="utf-8") == "keep me"
    assert stored(folder) == ({}, [])


def test_an_import_that_fails_midway_creates_no_account_and_removes_its_passwords(folder):
    Store(folder / "zwgk.db").close()
    with sqlite3.connect(folder / "zwgk.db") as db:  # a write that fails on the third account
        db.execute("create trigger full before insert on users when new.username = 'c3' "
                   "begin select raise(abort, 'database or disk is full'); end")  # fmt: skip
    source = folder / "accounts.csv"
    source.write_text("username,name,role\na1,甲,viewer\nb2,乙,viewer\nc3,丙,viewer\n", "utf-8")
    done = zwgk(folder, "users", "import", str(source))
    assert done.exit_code != 0
    assert stored(folder) == ({}, [])
    assert not (folder / "accounts-passwords.csv").exists()


def test_the_real_entry_point_prints_one_error_line(folder):
    done = subprocess.run([sys.executable, "-m", "monitor.cli", "users", "enable", "nobody",
                           "--config", str(folder / "zwgk.yaml")],
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert (done.returncode, done.stderr) == (2, "error: no user 'nobody'\n")
