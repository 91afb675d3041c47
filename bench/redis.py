"""Distributed crawl throughput: 1, 2 and 4 workers on this machine against one demo server.

    .venv/bin/python bench/redis.py [--workers 1 2 4] [--repeat 1]

Serves 青溪县 on 127.0.0.1, starts its own redis-server, and for each worker count crawls the
county into a fresh store: N `zwgk crawl --redis URL` workers (started and waiting first),
then `zwgk ingest` timed from publishing to the last batch stored. The baseline, in the same
run, is `zwgk crawl` in one process on the same config. Politeness is off (no delay, no
AutoThrottle, no robots.txt), as in bench/crawl.py: the figures are the monitor's own cost.
Prints requests, seconds and pages/s for each, and the ratio to the one-process crawl.
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import yaml

from demo.config import write_config
from demo.county import build_county
from demo.server import DemoServer

AS_OF = date(2026, 11, 27)
FAST = {"download_delay": 0, "autothrottle": False, "obey_robots": False}


def zwgk(*args: str) -> tuple[dict, float]:
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "monitor.cli", *args],
                          capture_output=True, text=True, check=True)  # fmt: skip
    summary = json.loads([line for line in done.stdout.splitlines() if line.startswith("{")][-1])
    return summary, time.monotonic() - started


def config_in(folder: Path, county, base_url: str, redis_url: str | None) -> Path:
    path = write_config(county, base_url, folder)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["crawl"].update(FAST, **({"redis": redis_url} if redis_url else {}))
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def start_redis(folder: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen([shutil.which("redis-server"), "--port", str(port), "--save", "",
                               "--appendonly", "no", "--dir", str(folder)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    for _ in range(200):
        if pong(port):
            return server, f"redis://127.0.0.1:{port}/0"
        time.sleep(0.05)
    raise SystemExit("redis-server did not start")


def pong(port: int) -> bool:
    """Redis's PING by hand: this file's name hides the redis package from its imports."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def distributed(folder: Path, county, base_url: str, redis_url: str, workers: int):
    config = config_in(folder, county, base_url, redis_url)
    command = [sys.executable, "-m", "monitor.cli", "crawl", "--redis", redis_url,
               "--idle-exit", "0", "--batch", "2"]  # fmt: skip
    started = [subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
               for _ in range(workers)]  # fmt: skip
    time.sleep(3)  # the workers are up and waiting for a crawl
    try:
        return zwgk("ingest", "--config", str(config), "--as-of", AS_OF.isoformat())
    finally:
        for worker in started:
            worker.terminate()
        for worker in started:
            worker.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    county = build_county(AS_OF)
    rows = []
    with tempfile.TemporaryDirectory() as tmp, DemoServer(county) as server:
        redis_server, url = start_redis(Path(tmp))
        try:
            for attempt in range(args.repeat):
                folder = Path(tmp) / f"local-{attempt}"
                config = config_in(folder, county, server.base_url, None)
                rows.append(("one process (baseline)", *zwgk("crawl", "--config", str(config),
                                                             "--as-of", AS_OF.isoformat())))  # fmt: skip
                for workers in args.workers:
                    folder = Path(tmp) / f"redis-{workers}-{attempt}"
                    summary, seconds = distributed(folder, county, server.base_url, url, workers)
                    rows.append((f"{workers} worker(s) + ingest", summary, seconds))
        finally:
            redis_server.terminate()
    baseline = {}
    print(f"{'run':<26}{'requests':>10}{'seconds':>10}{'pages/s':>10}{'vs one process':>16}")
    for name, summary, seconds in rows:
        rate = summary["requests"] / seconds
        baseline = {"rate": rate} if name.startswith("one process") else baseline
        print(f"{name:<26}{summary['requests']:>10}{seconds:>10.1f}{rate:>10.0f}"
              f"{rate / baseline['rate']:>16.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
