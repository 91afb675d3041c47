"""`zwgk backup DEST`: a consistent copy of the store taken while another process writes to it."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from contextlib import closing

import pytest
from click.testing import CliRunner

from monitor.cli import main
from monitor.store import Store

# Another process writing crawls into the store, one transaction each, until killed.
WRITER = textwrap.dedent("""
    import sys
    from monitor.store import Store
    store = Store(sys.argv[1])
    n = 0
    while True:
        store.start_crawl("2026-12-07")
        n += 1
        if n == 200:
            print("writing", flush=True)
""")


@pytest.fixture
def config_path(tmp_path):
    path = tmp_path / "zwgk.yaml"
    path.write_text("region: 青溪县\ndatabase: zwgk.db\nagencies: []\n", encoding="utf-8")
    Store(tmp_path / "zwgk.db").close()
    return path


def crawl_ids(database) -> list[int]:
    with closing(sqlite3.connect(database)) as db:
        return [row[0] for row in db.execute("select id from crawls order by id")]


def test_a_backup_taken_while_another_process_writes_is_a_sound_copy(config_path, tmp_path):
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path / "zwgk.db")],
                              stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert writer.stdout.readline().strip() == "writing"
        result = CliRunner().invoke(main, ["backup", "--config", str(config_path),
                                           str(tmp_path / "copy.db")])  # fmt: skip
        assert result.exit_code == 0, result.output
        after = len(crawl_ids(tmp_path / "zwgk.db"))
    finally:
        writer.kill()
        writer.wait()
    copy = tmp_path / "copy.db"
    with closing(sqlite3.connect(copy)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    ids = crawl_ids(copy)
    # one state of the store: every crawl up to some moment, none missing in between
    assert 200 <= len(ids) <= after and ids == list(range(1, len(ids) + 1))
    assert f"crawls: {len(ids)} rows" in result.output
    assert f"({copy.stat().st_size:,} bytes)" in result.output
    store = Store(copy)  # the store opens the copy as it is
    try:
        assert store.latest_crawl().id == len(ids)
    finally:
        store.close()


def test_a_backup_into_a_folder_keeps_the_database_name(config_path, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    result = CliRunner().invoke(main, ["backup", "--config", str(config_path), str(folder)])
    assert result.exit_code == 0, result.output
    assert (folder / "zwgk.db").is_file() and f"backup: {folder / 'zwgk.db'}" in result.output
    assert (folder / "zwgk.db").stat().st_mode & 0o777 == 0o600  # it holds password hashes
    assert not list(folder.glob("*.partial"))


def test_an_existing_file_is_replaced_only_with_force(config_path, tmp_path):
    dest = tmp_path / "copy.db"
    dest.write_text("keep me", encoding="utf-8")
    refused = CliRunner().invoke(main, ["backup", "--config", str(config_path), str(dest)])
    assert refused.exit_code == 2 and "--force" in refused.output
    assert dest.read_text(encoding="utf-8") == "keep me"
    forced = CliRunner().invoke(main, ["backup", "--config", str(config_path), str(dest),
                                       "--force"])  # fmt: skip
    assert forced.exit_code == 0, forced.output
    with closing(sqlite3.connect(dest)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
