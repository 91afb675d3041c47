"""Crawl cost on the simulated county: a first crawl, an incremental re-crawl, a full re-crawl.

    .venv/bin/python bench/crawl_speed.py [--as-of 2026-11-27]

Serves 青溪县 on 127.0.0.1 and runs `zwgk crawl` three times into a fresh store, each in its
own process as in production:

1. first crawl — every list page, the detail pages of new publications, homepages, links;
2. incremental re-crawl of the unchanged site — conditional requests, stop at known items;
3. full re-crawl (`full_crawl_days: 0`, the baseline: what a crawler without the
   incremental rules would fetch every cycle).

Prints requests per kind and wall time for each, and the re-crawl's cost as a ratio of the
full re-crawl measured in the same run. Loopback makes times small; the request counts are
what a real county's servers would see.
"""

from __future__ import annotations

import argparse
import json
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

KINDS = ("requests", "list_requests", "detail_requests", "link_checks", "home_requests",
         "not_modified")  # fmt: skip


def crawl(config_path: Path, as_of: date) -> tuple[dict, float]:
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "monitor.cli", "crawl", "--config", str(config_path),
         "--as-of", as_of.isoformat()],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    summary = json.loads([line for line in done.stdout.splitlines() if line.startswith("{")][-1])
    return summary, time.monotonic() - started


def set_full_crawl_days(config_path: Path, days: int) -> None:
    data = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    data["crawl"]["full_crawl_days"] = days
    config_path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--as-of", default="2026-11-27")
    as_of = date.fromisoformat(parser.parse_args().as_of)
    county = build_county(as_of)
    runs = {}
    with tempfile.TemporaryDirectory() as folder, DemoServer(county) as server:
        config_path = write_config(county, server.base_url, Path(folder))
        runs["first crawl"] = crawl(config_path, as_of)
        runs["incremental re-crawl"] = crawl(config_path, as_of)
        set_full_crawl_days(config_path, 0)
        runs["full re-crawl (baseline)"] = crawl(config_path, as_of)
    print(f"{'run':<26}" + "".join(f"{kind:>16}" for kind in KINDS) + f"{'seconds':>10}")
    for name, (summary, seconds) in runs.items():
        print(f"{name:<26}" + "".join(f"{summary.get(k, 0):>16}" for k in KINDS)
              + f"{seconds:>10.1f}")  # fmt: skip
    incremental, _ = runs["incremental re-crawl"]
    baseline, _ = runs["full re-crawl (baseline)"]
    for key in ("requests", "list_requests"):
        print(f"incremental/full {key}: {incremental[key] / baseline[key]:.2f}")
    print(f"incremental/full seconds: "
          f"{runs['incremental re-crawl'][1] / runs['full re-crawl (baseline)'][1]:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
