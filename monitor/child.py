"""The crawl of a cycle runs in a child process: Twisted's reactor cannot be restarted, and
the scheduler and the demo run many cycles in one process.

The child works under its parent's store lock (it inherits the locked file) and dies with
its parent: a parent killed mid-crawl must not leave a crawl writing on into the store.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import date

from common.errors import ZwgkError
from monitor.config import Config
from monitor.lock import StoreLock

PARENT_PID = "ZWGK_PARENT_PID"
WATCH_INTERVAL = 0.2  # seconds between looks at the parent


class CrawlError(ZwgkError):
    """The crawl child process failed as a whole (not one site: those are recorded data)."""


def crawl_in_child(config: Config, as_of: date, lock: StoreLock) -> dict:
    """Run `zwgk crawl` (`zwgk ingest` when the crawl goes through Redis) in a fresh
    interpreter under `lock`; returns its summary."""
    step = "ingest" if config.crawl.redis else "crawl"  # distributed: the writer's side
    command = [sys.executable, "-m", "monitor.cli", step,
               "--config", str(config.path), "--as-of", as_of.isoformat()]  # fmt: skip
    env = {**lock.child_env(), PARENT_PID: str(os.getpid())}
    done = subprocess.run(command, capture_output=True, text=True, env=env, pass_fds=(lock.fd,))
    if done.returncode != 0:
        raise CrawlError(f"crawl failed ({how_it_ended(done.returncode, done.stderr)})")
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    return json.loads(lines[-1]) if lines else {}


def how_it_ended(returncode: int, stderr: str) -> str:
    """`killed by SIGKILL`, or the exit status and the last line the child wrote."""
    if returncode < 0:
        return f"killed by {signal.Signals(-returncode).name}"
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    return f"exit {returncode}: {lines[-1] if lines else 'no error output'}"


def follow_parent() -> None:
    """In a crawl child: die (SIGKILL) as soon as the parent that started it is gone.

    The crawl is built to survive SIGKILL (every stored item is committed), so the abrupt
    end loses nothing; a gentler stop would let the crawl run on for seconds.
    """
    expected = os.environ.get(PARENT_PID)
    if not expected or not expected.isdigit():
        return
    parent = int(expected)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(WATCH_INTERVAL)
        os.kill(os.getpid(), signal.SIGKILL)

    threading.Thread(target=watch, name="follow-parent", daemon=True).start()
