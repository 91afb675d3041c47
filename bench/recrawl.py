"""Re-crawl cost of an unchanged county: requests per column of a second `zwgk crawl`.

    .venv/bin/python bench/recrawl.py [--pages 5000]

Serves a generated county of `--pages` pages on 127.0.0.1 (bench/big_county.py; its pages
never change, and answer a matching conditional request with 304) and crawls it twice into
one store, each crawl in its own process as in production, on the same day. Prints both
crawls' list requests and all requests per column: the first crawl (the baseline) walks every
list page; the second should ask each column's first page once, conditionally, and stop at
its 304. Target: the second crawl's list requests per column ≤ 1.05.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1])]

from bench.big_county import AS_OF, COLUMNS, BigCounty  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def crawl(config: Path) -> tuple[dict, float]:
    started = time.monotonic()
    command = [sys.executable, "-m", "monitor.cli", "crawl", "--config", str(config),
               "--as-of", AS_OF.isoformat()]  # fmt: skip
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"zwgk crawl failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout[done.stdout.index("{") :]), time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5_000, help="pages of the county")
    county = BigCounty(parser.parse_args().pages)
    columns = county.agencies * COLUMNS
    print(f"county: {county.agencies} agencies, {columns} columns, {county.pages:,} pages")
    with tempfile.TemporaryDirectory() as tmp, county.serving():
        config = county.write_config(Path(tmp))
        runs = {"first crawl (baseline)": crawl(config), "second crawl": crawl(config)}
    print(f"{'crawl':<24}{'requests':>10}{'list':>8}{'304':>6}{'list/column':>13}"
          f"{'requests/column':>17}{'seconds':>9}")  # fmt: skip
    for name, (summary, seconds) in runs.items():
        print(f"{name:<24}{summary['requests']:>10}{summary['list_requests']:>8}"
              f"{summary['not_modified']:>6}{summary['list_requests'] / columns:>13.2f}"
              f"{summary['requests'] / columns:>17.2f}{seconds:>9.1f}")  # fmt: skip
    first, second = (summary for summary, _ in runs.values())
    print(f"second crawl list requests per column: {second['list_requests'] / columns:.2f} "
          f"(target ≤ 1.05); second/first requests: "
          f"{second['requests'] / first['requests']:.3f}")  # fmt: skip


if __name__ == "__main__":
    main()
