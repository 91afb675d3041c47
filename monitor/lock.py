"""One cycle at a time: an exclusive lock on a file beside the database, across processes.

Every command that changes the store (crawl, check, run, demo, serve's cycles, notices,
waivers, alerts) holds `<database>.lock` while it works. The lock is `flock(2)`: the kernel
drops it when its holder dies, even by SIGKILL, so a crash never leaves it stuck. The file
says who holds it (pid, command, since when) for the message a waiting process prints.

A crawl child inherits its parent's lock instead of taking its own: the parent passes the
open file (`child_env`), and the child checks that the descriptor really holds this lock.
"""

from __future__ import annotations

import fcntl
import json
import os
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from common.errors import BusyError

INHERITED_FD = "ZWGK_LOCK_FD"


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + ".lock")


class StoreLock:
    """The exclusive lock of one database; a context manager."""

    def __init__(self, database: Path, command: str, wait: bool = True,
                 on_wait: Callable[[str], None] | None = None):  # fmt: skip
        self.path = lock_path(Path(database))
        self.command = command
        self.wait = wait
        self.on_wait = on_wait
        self.fd: int | None = None

    def __enter__(self) -> StoreLock:
        self.fd = inherited_fd(self.path)
        if self.fd is None:
            self.fd = self._take()
        return self

    def __exit__(self, *exc) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing the last descriptor releases the flock
            self.fd = None

    def _take(self) -> int:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            if not _try_lock(fd):
                self._busy(fd)
            _write_holder(fd, self.command)
        except BaseException:
            os.close(fd)
            raise
        return fd

    def _busy(self, fd: int) -> None:
        holder = describe_holder(self.path)
        if not self.wait:
            raise BusyError(f"{holder} is using {self.path.with_suffix('')}; "
                            "try again when it has finished")  # fmt: skip
        if self.on_wait:
            self.on_wait(f"waiting for {holder} to finish with {self.path.with_suffix('')}")
        fcntl.flock(fd, fcntl.LOCK_EX)

    def child_env(self) -> dict[str, str]:
        """Environment for a child process that works under this lock (pass_fds too)."""
        return {**os.environ, INHERITED_FD: str(self.fd)}


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _write_holder(fd: int, command: str) -> None:
    holder = {"pid": os.getpid(), "command": command,
              "since": datetime.now(UTC).isoformat(timespec="seconds")}  # fmt: skip
    os.ftruncate(fd, 0)
    os.pwrite(fd, json.dumps(holder).encode(), 0)


def describe_holder(path: Path) -> str:
    """`another zwgk process (pid 42, zwgk run, since …)` as far as the lock file tells."""
    try:
        holder = json.loads(path.read_text(encoding="utf-8"))
        return (f"another zwgk process (pid {holder['pid']}, zwgk {holder['command']}, "
                f"since {holder['since']})")  # fmt: skip
    except (OSError, ValueError, KeyError, TypeError):
        return "another zwgk process"


def inherited_fd(path: Path) -> int | None:
    """The descriptor a parent passed down, if it is this lock file and holds the lock."""
    value = os.environ.get(INHERITED_FD)
    if not value or not value.isdigit():
        return None
    fd = int(value)
    try:
        same_file = os.path.samestat(os.fstat(fd), os.stat(path))
    except OSError:
        return None
    # flock on a descriptor sharing the holder's open file description succeeds at once
    return os.dup(fd) if same_file and _try_lock(fd) else None


def print_waiting(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
