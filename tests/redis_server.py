"""A real redis-server of the test's own, on a free port of 127.0.0.1, and crawl workers
(`zwgk crawl --redis URL`) as child processes."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import redis

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def redis_server(folder: Path) -> Iterator[str]:
    """The URL of a fresh redis-server that keeps nothing on disk, stopped afterwards."""
    binary = shutil.which("redis-server")
    assert binary, "redis-server not found: run deps/ensure-debian-packages (Debian redis-server)"
    port = free_port()
    command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
               "--appendonly", "no", "--dir", str(folder)]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        wait_for(lambda: ping(url), 10, "redis-server did not answer")
        yield url
    finally:
        process.terminate()
        process.wait(10)


def ping(url: str) -> bool:
    try:
        return redis.Redis.from_url(url).ping()
    except redis.ConnectionError:
        return False


def wait_for(condition, seconds: float, message: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, message
        time.sleep(0.05)


def start_worker(url: str, log: Path, *options: str) -> subprocess.Popen:
    """`zwgk crawl --redis URL` that never exits on its own (stop it with `stop_workers`)."""
    command = [sys.executable, "-m", "monitor.cli", "crawl", "--redis", url, "--idle-exit", "0",
               *options]  # fmt: skip
    with log.open("w") as stderr:
        return subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=stderr)


def stop_workers(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        if worker.poll() is None:
            worker.terminate()
    for worker in workers:
        try:
            worker.wait(20)
        except subprocess.TimeoutExpired:
            worker.kill()
