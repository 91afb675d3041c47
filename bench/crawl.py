"""Crawl throughput: `zwgk crawl` against a bare Scrapy spider fetching the same requests.

    .venv/bin/python bench/crawl.py [--pages 50000] [--runs 3]

Serves a generated county of `--pages` pages on 127.0.0.1 (bench/big_county.py: list pages,
detail pages, homepages) and crawls it `--runs` times with `zwgk crawl` into a fresh store each
time (politeness off: no delay, no AutoThrottle, robots.txt not asked for; 16 requests at a
time), each in its own process as in production. The requests the first crawl recorded (its
`fetches`: method and URL) are then fetched `--runs` times by a bare Scrapy spider
(bench/bare_spider.py) with the same concurrency, which extracts each page's links with lxml.

Prints, per tool, the median wall time, requests per second and CPU per request (the child
process's user + system time, RUSAGE_CHILDREN), and zwgk's figures as a ratio of the bare
spider's measured in the same run. Target: throughput ratio ≥ 0.8.
"""

from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1])]

from bench.big_county import AS_OF, BENCH_CRAWL, BigCounty  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
BARE = Path(__file__).with_name("bare_spider.py")


def timed(command: list[str]) -> tuple[subprocess.CompletedProcess, float, float]:
    """Run `command`; (the finished process, wall seconds, CPU seconds of the child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"{command[2:4]} failed:\n{done.stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return done, wall, cpu


def zwgk_crawl(config: Path) -> tuple[int, float, float]:
    command = [sys.executable, "-m", "monitor.cli", "crawl", "--config", str(config),
               "--as-of", AS_OF.isoformat()]  # fmt: skip
    done, wall, cpu = timed(command)
    summary = json.loads(done.stdout[done.stdout.index("{") :])
    return summary["requests"], wall, cpu


def recorded_requests(database: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(database) as conn:
        return conn.execute("select method, url from fetches order by id").fetchall()


def bare_crawl(requests_file: Path) -> tuple[int, float, float]:
    command = [sys.executable, str(BARE), str(requests_file),
               str(BENCH_CRAWL["concurrency_per_domain"])]  # fmt: skip
    done, wall, cpu = timed(command)
    return json.loads(done.stdout.strip().splitlines()[-1])["requests"], wall, cpu


def medians(runs: list[tuple[int, float, float]]) -> dict[str, float]:
    requests = runs[0][0]
    wall = statistics.median(run[1] for run in runs)
    cpu = statistics.median(run[2] for run in runs)
    return {"requests": requests, "wall_s": wall, "req_per_s": requests / wall,
            "cpu_ms_per_req": 1000 * cpu / requests}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=50_000, help="pages of the county")
    parser.add_argument("--runs", type=int, default=3, help="runs of each tool (median)")
    args = parser.parse_args()
    county = BigCounty(args.pages)
    print(f"county: {county.agencies} agencies, {county.pages:,} pages")
    zwgk_runs, bare_runs = [], []
    with tempfile.TemporaryDirectory() as tmp, county.serving():
        folder = Path(tmp)
        for run in range(args.runs):
            config = county.write_config(folder / f"zwgk{run}")
            zwgk_runs.append(zwgk_crawl(config))
            print(f"zwgk run {run + 1}: {zwgk_runs[-1][0]} requests, "
                  f"{zwgk_runs[-1][1]:.1f} s, CPU {zwgk_runs[-1][2]:.1f} s", flush=True)  # fmt: skip
        requests_file = folder / "requests.json"
        requests_file.write_text(json.dumps(recorded_requests(folder / "zwgk0" / "zwgk.db")))
        for run in range(args.runs):
            bare_runs.append(bare_crawl(requests_file))
            print(f"bare run {run + 1}: {bare_runs[-1][0]} requests, "
                  f"{bare_runs[-1][1]:.1f} s, CPU {bare_runs[-1][2]:.1f} s", flush=True)  # fmt: skip
    report(medians(zwgk_runs), medians(bare_runs))


def report(zwgk: dict, bare: dict) -> None:
    print(f"{'median of runs':<16}{'requests':>10}{'wall s':>10}{'req/s':>10}{'CPU ms/req':>12}")
    for name, row in (("zwgk crawl", zwgk), ("bare spider", bare)):
        print(f"{name:<16}{row['requests']:>10}{row['wall_s']:>10.1f}{row['req_per_s']:>10.0f}"
              f"{row['cpu_ms_per_req']:>12.2f}")  # fmt: skip
    print(f"zwgk/bare throughput: {zwgk['req_per_s'] / bare['req_per_s']:.2f} (target ≥ 0.8)")
    print(f"zwgk/bare CPU per request: {zwgk['cpu_ms_per_req'] / bare['cpu_ms_per_req']:.2f}")


if __name__ == "__main__":
    main()
