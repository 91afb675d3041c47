"""`zwgk backup DEST`: a consistent copy of the store, taken while the service runs.

SQLite's online backup API copies every page in one read transaction: the copy is the store as
one moment left it, never a mixture (a plain `cp` of a WAL database can be one). Writers are
not held up (WAL) and no store lock is taken: the service and its cycles go on meanwhile.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path

import click
import sqlite_utils

from common.errors import BadInputError, ZwgkError
from monitor.cli.common import config_option, load


class BackupError(ZwgkError):
    """The copy could not be written or is not a sound database."""


def backup_database(source: Path, dest: Path, force: bool = False) -> Path:
    """Copy the database `source` to `dest` (a file, or a folder to put it in)."""
    target = dest / source.name if dest.is_dir() else dest
    if target.exists() and not force:
        raise BadInputError(f"{target} exists; use --force to replace it")
    if not source.is_file():
        raise BadInputError(f"no database at {source}")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        with closing(sqlite3.connect(source, timeout=30)) as src, \
                closing(sqlite3.connect(partial)) as copy:  # fmt: skip
            src.backup(copy)
            check = copy.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise BackupError(f"the copy failed its integrity check: {check}")
        partial.chmod(0o600)  # it holds password hashes and alert channels' settings
        os.replace(partial, target)  # a reader of `target` never sees half a copy
    except (OSError, sqlite3.Error) as exc:
        raise BackupError(f"cannot back up {source} to {target}: {exc}") from exc
    finally:
        partial.unlink(missing_ok=True)
    return target


def row_counts(database: Path) -> dict[str, int]:
    db = sqlite_utils.Database(database)
    try:
        return {name: db[name].count for name in db.table_names()}
    finally:
        db.close()


@click.command()
@config_option
@click.argument("dest", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace DEST if it is an existing file.")
def backup(config_path: Path, dest: Path, force: bool) -> None:
    """Copy the store to DEST (a file, or a folder) while zwgk keeps running."""
    config = load(config_path)
    target = backup_database(config.database, dest, force)
    click.echo(f"backup: {target} ({target.stat().st_size:,} bytes)")
    for name, count in row_counts(target).items():
        click.echo(f"  {name}: {count} rows")
