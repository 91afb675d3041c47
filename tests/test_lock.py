"""One writer at a time: the store lock across processes, inherited by the crawl child,
released by the kernel when its holder dies."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from click.testing import CliRunner

from common.errors import BusyError
from monitor.cli import main
from monitor.lock import StoreLock, lock_path

HOLD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from monitor.lock import StoreLock
    with StoreLock(Path(sys.argv[1]), "run"):
        print("held", flush=True)
        time.sleep(float(sys.argv[2]))
""")


def holder(database, seconds: float = 30.0) -> subprocess.Popen:
    """Another process holding the lock of `database` for `seconds`."""
    process = subprocess.Popen([sys.executable, "-c", HOLD, str(database), str(seconds)],
                               stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert process.stdout.readline().strip() == "held"
    return process


def write_config(tmp_path):
    path = tmp_path / "zwgk.yaml"
    path.write_text("region: 青溪县\ndatabase: zwgk.db\nagencies: []\n", encoding="utf-8")
    return path


def test_a_second_writer_is_told_who_holds_the_store(tmp_path):
    database = tmp_path / "zwgk.db"
    process = holder(database)
    try:
        with pytest.raises(BusyError) as caught, StoreLock(database, "check", wait=False):
            pass
        assert f"pid {process.pid}, zwgk run" in str(caught.value)
    finally:
        process.kill()
        process.wait()


def test_a_killed_holder_releases_the_lock(tmp_path):
    database = tmp_path / "zwgk.db"
    process = holder(database)
    process.send_signal(signal.SIGKILL)
    process.wait()
    with StoreLock(database, "check", wait=False) as lock:
        assert lock.fd is not None
    assert lock_path(database).exists()


def test_a_waiting_writer_goes_on_when_the_holder_ends(tmp_path):
    database = tmp_path / "zwgk.db"
    process = holder(database, seconds=1.0)
    said = []
    started = time.monotonic()
    with StoreLock(database, "check", on_wait=said.append):
        waited = time.monotonic() - started
    process.wait()
    assert said and "waiting for another zwgk process" in said[0]
    assert 0.3 < waited < 10


CHILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    from common.errors import BusyError
    from monitor.lock import StoreLock
    try:
        with StoreLock(Path(sys.argv[1]), "crawl", wait=False):
            print("inherited")
    except BusyError:
        print("busy")
""")


def test_a_child_started_under_the_lock_inherits_it_and_a_stranger_does_not(tmp_path):
    database = tmp_path / "zwgk.db"
    with StoreLock(database, "run") as lock:
        child = subprocess.run([sys.executable, "-c", CHILD, str(database)], env=lock.child_env(),
                               pass_fds=(lock.fd,), capture_output=True, text=True)  # fmt: skip
        stranger_env = {k: v for k, v in os.environ.items() if k != "ZWGK_LOCK_FD"}
        stranger = subprocess.run([sys.executable, "-c", CHILD, str(database)], env=stranger_env,
                                  capture_output=True, text=True)  # fmt: skip
    assert child.stdout.strip() == "inherited", child.stderr
    assert stranger.stdout.strip() == "busy", stranger.stderr


def test_commands_that_write_wait_or_exit_3_with_no_wait(tmp_path):
    config = write_config(tmp_path)
    process = holder(tmp_path / "zwgk.db")
    try:
        for command in (["check"], ["crawl"], ["run"], ["notices", "issue"], ["alerts", "send"],
                        ["report", "weekly"]):  # fmt: skip
            result = CliRunner().invoke(main, [*command, "--no-wait", "--config", str(config)])
            assert result.exit_code == 3, (command, result.output)
            assert f"pid {process.pid}, zwgk run" in result.output
    finally:
        process.kill()
        process.wait()
    assert not (tmp_path / "reports").exists()


def test_a_database_that_is_a_folder_is_one_line_of_error(tmp_path):
    config = tmp_path / "zwgk.yaml"
    config.write_text("region: 青溪县\ndatabase: .\nagencies: []\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "monitor.cli", "check", "--config", str(config)],
                            capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"error: {config}:2: database is a folder, not a file: '{tmp_path}'"
    ]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["zwgk.yaml"]


def test_a_store_that_cannot_be_opened_is_one_line_of_error(tmp_path):
    from monitor.store import Store, StoreError

    (tmp_path / "zwgk.db").write_bytes(b"not a database, just text" * 100)
    with pytest.raises(
        StoreError, match="cannot open the database .*zwgk.db: file is not a database"
    ):
        Store(tmp_path / "zwgk.db")
