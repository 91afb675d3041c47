"""`zwgk users`: the dashboard's accounts — add, list, passwd, disable, enable, import."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from monitor.accounts import (
    Account,
    ImportFileError,
    add_account,
    checked_password,
    import_accounts,
    import_plan,
    passwords_path,
    set_disabled,
    set_password,
    user_row,
)
from monitor.cli.common import config_option, load, locked_store, no_wait_option, opened_store
from monitor.cli.output import emit_rows, output_options
from monitor.store import ROLES

TABLE_COLUMNS = ("username", "name", "role", "agency_id", "state")

password_stdin_option = click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input instead of generating one.",
)


@click.group()
def users() -> None:
    """Dashboard accounts: supervisors, departments (one agency each) and viewers."""


def stdin_password(given: bool) -> str | None:
    if not given:
        return None
    return sys.stdin.readline().rstrip("\r\n")


def echo_password(username: str, password: str, generated: bool) -> None:
    if generated:
        click.echo(f"password for {username} (shown once): {password}")


@users.command("add")
@config_option
@click.argument("username")
@click.option("--name", required=True, help="The person's or department's name, as shown.")
@click.option("--role", required=True, type=click.Choice(ROLES), help="What the account may do.")
@click.option("--agency", "agency_id", default=None, help="A department account's agency id.")
@password_stdin_option
@no_wait_option
def users_add(config_path: Path, username: str, name: str, role: str, agency_id: str | None,
              password_stdin: bool, no_wait: bool) -> None:  # fmt: skip
    """Create an account; prints a generated password once unless one comes on stdin."""
    config = load(config_path)
    password = checked_password(stdin_password(password_stdin))
    with locked_store(config, "users add", no_wait) as store:
        user = add_account(store, config, Account(username, name, role, agency_id), password)
    click.echo(f"added {user.username} ({', '.join(filter(None, [user.role, user.agency_id]))})")
    echo_password(user.username, password, not password_stdin)


@users.command("list")
@config_option
@output_options
def users_list(config_path: Path, fmt: str | None) -> None:
    """List the accounts (never their password hashes)."""
    config = load(config_path)
    with opened_store(config) as store:
        rows = [user_row(user) for user in store.users()]
    emit_rows(rows, fmt, "user", TABLE_COLUMNS)


@users.command("passwd")
@config_option
@click.argument("username")
@password_stdin_option
@no_wait_option
def users_passwd(config_path: Path, username: str, password_stdin: bool, no_wait: bool) -> None:
    """Set a new password (generated and printed once unless given on stdin); the account's
    open sessions end."""
    config = load(config_path)
    password = checked_password(stdin_password(password_stdin))
    with locked_store(config, "users passwd", no_wait) as store:
        user = set_password(store, username, password)
    click.echo(f"password changed for {user.username}")
    echo_password(user.username, password, not password_stdin)


def set_disabled_command(disabled: bool, verb: str, doc: str) -> None:
    """`users disable` and `users enable`: one command each, the same steps."""

    @users.command(verb, help=doc)
    @config_option
    @click.argument("username")
    @no_wait_option
    def command(config_path: Path, username: str, no_wait: bool) -> None:
        config = load(config_path)
        with locked_store(config, f"users {verb}", no_wait) as store:
            user = set_disabled(store, username, disabled)
        click.echo(f"{user.username} {verb}d")


set_disabled_command(
    True, "disable", "Disable an account: it cannot log in and its open sessions end."
)
set_disabled_command(False, "enable", "Enable a disabled account again.")


@users.command("import")
@config_option
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option(
    "--passwords",
    "passwords_file",
    default=None,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the new accounts' passwords (a new CSV; default FILE-passwords.csv "
    "next to FILE; an existing file is never overwritten).",
)
@no_wait_option
def users_import(config_path: Path, file: Path, passwords_file: Path | None,
                 no_wait: bool) -> None:  # fmt: skip
    """Create accounts from a CSV or XLSX file (username, name, role, agency, or 用户名, 姓名,
    角色, 单位): the whole file is checked first, and on any fault nothing is written."""
    config = load(config_path)
    passwords_file = passwords_file or passwords_path(file)
    with locked_store(config, "users import", no_wait) as store:
        try:
            accounts = import_plan(file, config, store)
        except ImportFileError as exc:
            for fault in exc.faults:
                click.echo(fault, err=True)
            raise
        import_accounts(store, accounts, file, passwords_file)
    click.echo(f"imported {len(accounts)} account(s); their passwords are in {passwords_file}")
