"""Dashboard page times on a large county: 5,000 agencies and 200,000 findings.

    .venv/bin/python bench/dashboard.py [--agencies 5000] [--findings 200000] [--runs 20]
                                        [--baseline-agencies 50] [--profile]

Builds a store (a `monitor.store.Store`, filled by bulk inserts through sqlite-utils) and a
config listing every agency, then times the overview and the findings list — the first page,
and filtered ones — through the Flask test client, logged in as a supervisor: N runs each
after one warm-up, median and p95 in ms. The same pages on a small store (50 agencies, the
same findings per agency) are the baseline, measured in the same run. `--profile` prints
each large page's ten costliest calls (cProfile, cumulative).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from monitor.passwords import hash_password  # noqa: E402
from monitor.store import Store  # noqa: E402
from monitor.web.app import create_app  # noqa: E402

TODAY = date(2026, 11, 27)
NOW = datetime(2026, 11, 27, 4, 0, tzinfo=UTC)  # noon in Asia/Shanghai
WEEKS = 12
PASSWORD = "bench-password"
TARGET_MS = 300
KINDS = (("freshness", "stale", "news"), ("timeliness", "late", "budget"),
         ("periodic", "missing", "annual_report"), ("links", "broken_links", "home"),
         ("paired", "unpaired", "policy"), ("availability", "unavailable", "home"))  # fmt: skip
STATES = ("new",) * 3 + ("open",) * 4 + ("reopened", "resolved", "resolved", "waived")
SEVERITIES = ("veto",) + ("points 2", "points 5") * 6 + ("warning",) * 3


def agency_ids(count: int) -> list[str]:
    return [f"a{n:05d}" for n in range(1, count + 1)]


def write_config(folder: Path, ids: list[str]) -> Path:
    agencies = [{"id": agency_id, "name": f"测试县第{n}部门", "kind": "department",
                 "catalog": "department"} for n, agency_id in enumerate(ids, 1)]  # fmt: skip
    config = {"region": "测试县", "database": "zwgk.db", "agencies": agencies}
    path = folder / "zwgk.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def finding_rows(ids: list[str], count: int, rng: random.Random):
    for n in range(count):
        kind, status, item = KINDS[n % len(KINDS)]
        state = rng.choice(STATES)
        opened = TODAY - timedelta(days=rng.randrange(1, 7 * WEEKS))
        yield {
            "id": f"f{n:07d}", "agency_id": ids[n % len(ids)], "item_id": item, "kind": kind,
            "status": status, "period": f"p{n // len(ids)}", "severity": rng.choice(SEVERITIES),
            "item_name": "工作动态", "basis": "《政府信息公开条例》第二十条",
            "message": f"栏目已{rng.randrange(30, 200)}天未更新", "evidence": "[]",
            "state": state, "first_check": 1, "last_check": WEEKS,
            "opened_on": opened.isoformat(), "updated_at": TODAY.isoformat(),
            "resolved_on": TODAY.isoformat() if state == "resolved" else None,
        }  # fmt: skip


def week_day(week: int) -> str:
    """The check day of week 0 (the oldest) … WEEKS - 1 (today)."""
    return (TODAY - timedelta(days=7 * (WEEKS - 1 - week))).isoformat()


def score_rows(ids: list[str], rng: random.Random):
    for week in range(WEEKS):
        as_of = week_day(week)
        for agency_id in ids:
            points = rng.uniform(50, 100)
            yield {"check_id": week + 1, "agency_id": agency_id, "as_of": as_of,
                   "points": round(points, 1), "verdict": "合格" if points >= 60 else "不合格",
                   "vetoes": 0, "open_findings": rng.randrange(0, 80)}  # fmt: skip


def build(folder: Path, agencies: int, findings: int) -> Path:
    """A config and a filled store in `folder`; returns the config's path."""
    rng = random.Random(7)
    ids = agency_ids(agencies)
    config_path = write_config(folder, ids)
    store = Store(folder / "zwgk.db")
    try:
        db = store.db
        checks = [{"id": w + 1, "as_of": week_day(w), "ran_at": TODAY.isoformat(),
                   "crawl_id": w + 1} for w in range(WEEKS)]  # fmt: skip
        db["crawls"].insert_all([{"id": c["id"], "as_of": c["as_of"], "started_at": c["ran_at"],
                                  "finished_at": c["ran_at"], "status": "finished",
                                  "summary": "{}"} for c in checks])  # fmt: skip
        db["checks"].insert_all(checks)
        db["findings"].insert_all(finding_rows(ids, findings, rng), batch_size=5000)
        db["agency_scores"].insert_all(score_rows(ids, rng), batch_size=5000)
        db.execute("analyze")
        store.add_user("sup", "监督人员", "supervisor", None, hash_password(PASSWORD))
    finally:
        store.close()
    return config_path


def pages(ids: list[str]) -> dict[str, str]:
    middle = ids[len(ids) // 2]
    return {
        "overview /": "/",
        "findings, first page": "/findings",
        "findings, one agency": f"/findings?agency={middle}",
        "findings, kind + severity": "/findings?kind=freshness&severity=points&state=all",
    }


def logged_in_client(config_path: Path):
    app = create_app(config_path, now=lambda: NOW)
    client = app.test_client()
    response = client.post("/login", data={"username": "sup", "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    return client


def time_page(client, url: str, runs: int) -> list[float]:
    """Milliseconds per GET, after one warm-up; every answer must be a 200."""
    assert client.get(url).status_code == 200, url
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return times


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def profile_page(client, url: str) -> str:
    profiler = cProfile.Profile()
    profiler.runcall(client.get, url)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(12)
    return out.getvalue()


def measure(folder: Path, agencies: int, findings: int, runs: int) -> dict[str, list[float]]:
    started = time.perf_counter()
    config_path = build(folder, agencies, findings)
    print(f"built {agencies} agencies, {findings} findings in "
          f"{time.perf_counter() - started:.1f} s", file=sys.stderr)  # fmt: skip
    client = logged_in_client(config_path)
    return {name: time_page(client, url, runs) for name, url in pages(agency_ids(agencies)).items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agencies", type=int, default=5000)
    parser.add_argument("--findings", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--baseline-agencies", type=int, default=50)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    per_agency = args.findings / args.agencies
    with tempfile.TemporaryDirectory() as tmp:
        small, large = Path(tmp, "small"), Path(tmp, "large")
        small.mkdir(), large.mkdir()
        baseline = measure(small, args.baseline_agencies,
                           round(per_agency * args.baseline_agencies), args.runs)  # fmt: skip
        measured = measure(large, args.agencies, args.findings, args.runs)
        if args.profile:
            client = logged_in_client(large / "zwgk.yaml")
            for name, url in pages(agency_ids(args.agencies)).items():
                print(f"--- {name} ({url})\n{profile_page(client, url)}")
    print_table(args, baseline, measured)


def print_table(args, baseline: dict, measured: dict) -> None:
    print(f"| page | median ms | p95 ms | baseline median ms ({args.baseline_agencies} "
          f"agencies) | ratio |")  # fmt: skip
    print("| --- | --- | --- | --- | --- |")
    for name, times in measured.items():
        median, base = statistics.median(times), statistics.median(baseline[name])
        flag = "" if median < TARGET_MS else " (over target)"
        print(f"| {name} | {median:.0f}{flag} | {p95(times):.0f} | {base:.0f} | "
              f"{median / base:.1f}× |")  # fmt: skip
    print(f"{args.agencies} agencies, {args.findings} findings, {args.runs} runs per page; "
          f"target: median under {TARGET_MS} ms")  # fmt: skip


if __name__ == "__main__":
    main()
