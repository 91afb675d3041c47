"""Dashboard accounts from the command line: the rules an account must meet, the changes (each
written to the audit log), and the import file (CSV or XLSX) checked whole before anything
is written.

An import file has a header row — `username, name, role, agency` or 用户名, 姓名, 角色, 单位 —
and one account per row; a role may be written `supervisor`/`department`/`viewer` or
监督/部门/只读, an agency by its id or its name in the config.
"""

from __future__ import annotations

import csv
import getpass
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from common.errors import BadInputError
from monitor.config import Config
from monitor.passwords import hash_password, new_password, password_problem
from monitor.store import ROLES, Store, User, utc_now

USERNAME = re.compile(r"[\w.@-]{2,64}")
MAX_NAME = 100
ROLE_WORDS = {
    **{role: role for role in ROLES},
    "监督": "supervisor", "监督人员": "supervisor", "主管": "supervisor",
    "部门": "department", "填报": "department", "单位": "department",
    "只读": "viewer", "查看": "viewer",
}  # fmt: skip
HEADERS = {
    "username": "username", "用户名": "username", "账号": "username",
    "name": "name", "姓名": "name", "名称": "name",
    "role": "role", "角色": "role",
    "agency": "agency", "agency_id": "agency", "单位": "agency",
}  # fmt: skip
IGNORED_HEADERS = {"note", "notes", "备注", "remark", "remarks"}
REQUIRED = ("username", "name", "role")


class AccountError(BadInputError):
    """An account change is refused; nothing was written."""


class ImportFileError(BadInputError):
    """An import file has faults (each `FILE:LINE: fault`); nothing was written."""

    def __init__(self, path: Path, faults: list[str]):
        self.path = path
        self.faults = faults
        super().__init__(f"{len(faults)} fault(s) in {path}; no account was created")


@dataclass(frozen=True)
class Account:
    """A new account as checked: the role in its canonical name, the agency by its id."""

    username: str
    name: str
    role: str
    agency_id: str | None


def actor() -> str:
    """Who the audit log names for a change made on the command line."""
    try:
        return f"cli:{getpass.getuser()}"
    except (OSError, KeyError):
        return "cli"


def account_faults(account: Account, config: Config, taken: Iterable[str] = ()) -> list[str]:
    """Why this account cannot be created (empty: it can)."""
    faults = []
    if not USERNAME.fullmatch(account.username):
        faults.append(f"username {account.username!r}: 2–64 letters, digits, '.', '_', '-', '@'")
    elif account.username in taken:
        faults.append(f"username {account.username!r} is taken")
    if not account.name or len(account.name) > MAX_NAME:
        faults.append(f"a name needs 1–{MAX_NAME} characters")
    if account.role not in ROLES:
        faults.append(f"role {account.role!r}: one of {', '.join(ROLES)}")
    elif account.role == "department" and not account.agency_id:
        faults.append("a department account needs an agency")
    elif account.role == "department" and account.agency_id not in agency_ids(config):
        faults.append(f"no agency {account.agency_id!r} in the config")
    elif account.role != "department" and account.agency_id:
        faults.append(f"a {account.role} account sees every agency: leave its agency empty")
    return faults


def agency_ids(config: Config) -> set[str]:
    return {agency.id for agency in config.agencies}


def checked_password(password: str | None) -> str:
    """The password given (checked), or a new random one when none is."""
    if password is None:
        return new_password()
    if problem := password_problem(password):
        raise AccountError(problem)
    return password


def add_account(store: Store, config: Config, account: Account, password: str) -> User:
    taken = [account.username] if store.user(account.username) else []
    if faults := account_faults(account, config, taken):
        raise AccountError("; ".join(faults))
    with store.transaction():
        user = store.add_user(account.username, account.name, account.role, account.agency_id,
                              hash_password(password))  # fmt: skip
        store.audit(actor(), "add_user", "user", user.username, agency_id=user.agency_id,
                    name=user.name, role=user.role)  # fmt: skip
    return user


def existing_user(store: Store, username: str) -> User:
    user = store.user(username)
    if user is None:
        raise AccountError(f"no user {username!r}")
    return user


def set_password(store: Store, username: str, password: str) -> User:
    """A new password; the user's open sessions end."""
    user = existing_user(store, username)
    with store.transaction():
        store.update_user(user.id, {"password_hash": hash_password(password),
                                    "password_changed_at": utc_now()})  # fmt: skip
        store.audit(actor(), "set_password", "user", user.username, agency_id=user.agency_id)
    return user


def set_disabled(store: Store, username: str, disabled: bool) -> User:
    """Disable (its sessions end) or enable an account."""
    user = existing_user(store, username)
    action = "disable_user" if disabled else "enable_user"
    with store.transaction():
        store.update_user(user.id, {"disabled": int(disabled)})
        store.audit(actor(), action, "user", user.username, agency_id=user.agency_id)
    return existing_user(store, username)


def user_row(user: User) -> dict:
    """What `users list` shows of an account: never its password hash."""
    state = "active" if user.active else "disabled"
    return {"username": user.username, "name": user.name, "role": user.role,
            "agency_id": user.agency_id, "state": state}  # fmt: skip


# --- the import file ---------------------------------------------------------------------


@dataclass(frozen=True)
class FileRow:
    line: int  # the CSV line or Excel row number
    cells: dict[str, str]  # field (username, name, role, agency) -> text


def read_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(line number, cell texts) of every row of a CSV or XLSX file, blank rows left out."""
    rows = xlsx_rows(path) if path.suffix.lower() in {".xlsx", ".xlsm"} else csv_rows(path)
    for line, cells in rows:
        cells = [" ".join(str(cell).split()) if cell is not None else "" for cell in cells]
        if any(cells):
            yield line, cells


def csv_rows(path: Path) -> Iterator[tuple[int, list]]:
    """A CSV in UTF-8 (with or without BOM) or, as Excel saves it in China, GB18030."""
    data = read_bytes(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030", errors="replace")
    reader = csv.reader(text.splitlines())
    for cells in reader:
        yield reader.line_num, cells


def xlsx_rows(path: Path) -> Iterator[tuple[int, list]]:
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, InvalidFileException, KeyError) as exc:
        raise AccountError(f"cannot read {path} as an Excel workbook (.xlsx): {exc}") from exc
    try:
        for number, cells in enumerate(book.worksheets[0].iter_rows(values_only=True), 1):
            yield number, [integer_text(cell) for cell in cells]
    finally:
        book.close()


def integer_text(value):
    """12.0 (as Excel stores numbers) read as 12."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise AccountError(f"cannot read {path}: {exc.strerror or exc}") from exc


def header_fields(path: Path, line: int, cells: list[str]) -> tuple[dict[int, str], list[str]]:
    """Column index -> field, and the header's faults."""
    fields, faults = {}, []
    for index, text in enumerate(cells):
        key = text.strip().lower()
        if not key or key in IGNORED_HEADERS:
            continue
        if key not in HEADERS:
            faults.append(f"{path}:{line}: unknown column {text!r} (use username, name, role, "
                          "agency or 用户名, 姓名, 角色, 单位)")  # fmt: skip
        elif HEADERS[key] in fields.values():
            faults.append(f"{path}:{line}: column {text!r} given twice")
        else:
            fields[index] = HEADERS[key]
    missing = [name for name in REQUIRED if name not in fields.values()]
    if missing:
        faults.append(f"{path}:{line}: missing column(s) {', '.join(missing)}")
    return fields, faults


def file_rows(path: Path) -> tuple[list[FileRow], list[str]]:
    """The rows under the header, and the header's faults."""
    rows = read_rows(path)
    first = next(rows, None)
    if first is None:
        return [], [f"{path}:1: the file is empty (a header row and one row per account)"]
    fields, faults = header_fields(path, *first)
    found = [FileRow(line, {fields[i]: cell for i, cell in enumerate(cells) if i in fields})
             for line, cells in rows]  # fmt: skip
    if not found and not faults:
        faults.append(f"{path}:{first[0]}: no account under the header")
    return found, faults


def agency_by_text(config: Config) -> Mapping[str, str | None]:
    """Agency id by its id and by its name; None for a name two agencies share."""
    by_text: dict[str, str | None] = {}
    for agency in config.agencies:
        by_text[agency.name] = None if agency.name in by_text else agency.id
    by_text.update({agency.id: agency.id for agency in config.agencies})
    return by_text


def row_account(row: FileRow, agencies: Mapping[str, str | None]) -> Account:
    cells = row.cells
    role_text = cells.get("role", "")
    agency_text = cells.get("agency", "")
    return Account(
        username=cells.get("username", ""),
        name=cells.get("name", ""),
        role=ROLE_WORDS.get(role_text.lower(), role_text),
        agency_id=agencies.get(agency_text, agency_text) or None,
    )


def import_plan(path: Path, config: Config, store: Store) -> list[Account]:
    """Every account of the file, checked against the config, the store and each other;
    any fault raises `ImportFileError` with them all."""
    rows, faults = file_rows(path)
    agencies = agency_by_text(config)
    taken = {user.username for user in store.users()}
    first_line: dict[str, int] = {}
    accounts = []
    for row in rows:
        account = row_account(row, agencies)
        row_faults = account_faults(account, config, taken)
        if account.username in first_line:
            row_faults.append(f"username {account.username!r} also on line "
                              f"{first_line[account.username]}")  # fmt: skip
        first_line.setdefault(account.username, row.line)
        faults += [f"{path}:{row.line}: {fault}" for fault in row_faults]
        accounts.append(account)
    if faults:
        raise ImportFileError(path, faults)
    return accounts


def passwords_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}-passwords.csv")


def write_passwords(path: Path, rows: list[tuple[Account, str]]) -> None:
    """A new CSV (never an existing file), readable by its owner only."""
    try:
        with path.open("x", encoding="utf-8-sig", newline="") as out:
            path.chmod(0o600)
            writer = csv.writer(out)
            writer.writerow(["username", "name", "role", "agency", "password"])
            writer.writerows([[a.username, a.name, a.role, a.agency_id or "", password]
                              for a, password in rows])  # fmt: skip
    except FileExistsError:
        raise AccountError(
            f"{path} exists: move it away or name another --passwords file"
        ) from None
    except OSError as exc:
        raise AccountError(f"cannot write {path}: {exc.strerror or exc}") from exc


def import_accounts(store: Store, accounts: list[Account], source: Path,
                    passwords_file: Path) -> None:  # fmt: skip
    """Write the new passwords to `passwords_file`, then create every account, with its audit
    entry, in one transaction; if that fails, the passwords file is removed."""
    given = [(account, new_password()) for account in accounts]
    hashed = [(account, hash_password(password)) for account, password in given]
    write_passwords(passwords_file, given)
    try:
        users = [(a.username, a.name, a.role, a.agency_id, h) for a, h in hashed]
        store.add_users(users, actor(), imported_from=source.name)
    except BaseException:
        passwords_file.unlink(missing_ok=True)
        raise
