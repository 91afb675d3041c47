"""Evaluation at a province's scale: `zwgk check` on stores of 1,000, 2,000 and 5,000 agencies.

    .venv/bin/python bench/evaluate.py [--as-of 2026-11-27] [--sizes 1000,2000,5000]
                                       [--template DIR] [--keep DIR] [--listed-from DATE]

Crawls the simulated county 青溪县 once, as `zwgk demo` does (the week before, then as_of),
into a template store; or takes the store and config of a folder `zwgk demo` wrote
(`--template`). Each size is that crawl replicated (18 agencies a copy) with new agency ids
and addresses (`qx-jyj-r7`, `http://127.0.0.1:PORT/r7/…`) and each kept page made the copy's
own, by one `INSERT … SELECT` per table, and a config naming every copy. On each store, in a
child process as in production:

1. the floor (the baseline) — a process that reads every row of `publications`, nothing else;
2. `zwgk check` — the first check of the store: every finding new, every annual report
   parsed, the config parsed (then kept in the cache);
3. `zwgk check` again on the same day — the steady state: findings, report verdicts and the
   parsed config known.

Prints each one's wall time, CPU time (user + system, the check's worker processes included)
and peak resident set (`wait4`: the largest of the process and its workers), the time as a
ratio of the floor measured in the same run, and the growth per 1,000 agencies between sizes
(about constant: linear).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from demo.config import PREVIOUS_CRAWL_DAYS, write_config  # noqa: E402
from demo.county import build_county  # noqa: E402
from demo.server import DemoServer  # noqa: E402
from monitor.store import Store  # noqa: E402

DATABASE = "zwgk.db"
CONFIG = "zwgk.yaml"
LOCAL = "http://127.0.0.1:"  # the demo's sites (and its unreachable one) are served here
# Per table, its columns that name an agency and those that hold a site's address.
AGENCY_COLUMNS = {"agencies": ("id",), "columns": ("agency_id",), "column_states": ("agency_id",),
                  "fetches": ("agency_id",), "listings": ("agency_id",)}  # fmt: skip
URL_COLUMNS = {"agencies": ("homepage",), "columns": ("url",), "column_states": ("redirected_to",),
               "fetches": ("url", "source_url"), "publications": ("url",),
               "listings": ("url",)}  # fmt: skip
COPIED = ("agencies", "columns", "column_states", "fetches", "publications", "listings")
READ_ALL = """
import sqlite3, sys
rows = 0
for row in sqlite3.connect(sys.argv[1]).execute("select * from publications"):
    rows += 1
print(rows)
"""


class PlainDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """Every value written out: zwgk refuses YAML aliases (copies share their `items` lists)."""

    def ignore_aliases(self, data) -> bool:
        return True


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float
    output: str
    cpu: float = 0.0  # user + system seconds of the process and its workers


# -- the template: the demo county crawled as `zwgk demo` does -----------------------------


def crawl(config_path: Path, day: date) -> None:
    subprocess.run([sys.executable, "-m", "monitor.cli", "crawl", "--config", str(config_path),
                    "--as-of", day.isoformat()], cwd=ROOT, check=True,
                   capture_output=True)  # fmt: skip


def crawl_template(folder: Path, as_of: date) -> Path:
    """The demo county crawled a week before as_of (as it stood then), then on as_of."""
    county = build_county(as_of)
    before = as_of - timedelta(days=PREVIOUS_CRAWL_DAYS)
    with DemoServer(county) as server:
        config_path = write_config(county, server.base_url, folder)
        with server.serving(build_county(as_of, shown_on=before)):
            crawl(config_path, before)
        crawl(config_path, as_of)
    return folder


# -- the replicas ------------------------------------------------------------------------------


def moved_sql(column: str) -> str:
    """SQL: a local address moved under `/r{n}/` for copy n (copy 0 keeps the original)."""
    slash = f"instr(substr({column}, {len('http://') + 1}), '/') + {len('http://')}"
    return (f"case when r.n = 0 or {column} is null or {column} not like '{LOCAL}%' "
            f"then {column} else substr({column}, 1, {slash}) || 'r' || r.n || '/' "
            f"|| substr({column}, {slash} + 1) end")  # fmt: skip


def own_content_sql(column: str) -> str:
    """SQL: a kept page's HTML made the copy's own (a comment added), as every agency's
    annual report is its own: the first check parses each one."""
    content = f"json_extract({column}, '$.content')"
    return (
        f"case when r.n = 0 or {content} is null then {column} "
        f"else json_set({column}, '$.content', {content} || '<!-- copy ' || r.n || ' -->') end"
    )


def renamed_sql(column: str) -> str:
    return f"case when r.n = 0 then {column} else {column} || '-r' || r.n end"


def moved(url: str | None, n: int) -> str | None:
    """`moved_sql` in Python, for the config."""
    if n == 0 or not url or not url.startswith(LOCAL):
        return url
    slash = url.index("/", len("http://"))
    return f"{url[: slash + 1]}r{n}/{url[slash + 1 :]}"


def renamed(agency_id: str, n: int) -> str:
    return agency_id if n == 0 else f"{agency_id}-r{n}"


def copy_table(db: sqlite3.Connection, table: str, copies: int, where: str = "") -> None:
    ours = {row[1] for row in db.execute(f"pragma main.table_info({table})")}
    names = [row[1] for row in db.execute(f"pragma tmpl.table_info({table})") if row[1] in ours]
    if table == "fetches":
        names.remove("id")  # numbered anew
    values = [
        renamed_sql(name) if name in AGENCY_COLUMNS.get(table, ())
        else moved_sql(name) if name in URL_COLUMNS.get(table, ())
        else own_content_sql(name) if (table, name) == ("publications", "meta")
        else name
        for name in names
    ]  # fmt: skip
    db.execute(
        f"with recursive r(n) as (select 0 union all select n + 1 from r where n + 1 < {copies}) "
        f"insert into main.{table} ({', '.join(names)}) "
        f"select {', '.join(values)} from r cross join tmpl.{table} {where} order by r.n"
    )


def listed_from(day: date | None) -> dict[str, str]:
    """Conditions keeping only the publications listed from `day` on (and the undated)."""
    if day is None:
        return {}
    kept = f"publish_date >= '{day.isoformat()}' or publish_date is null"
    return {"publications": f"where {kept}",
            "listings": f"where url in (select url from tmpl.publications where {kept})"}  # fmt: skip


def build_store(
    template: Path, folder: Path, agencies: int, since: date | None = None
) -> tuple[Path, int]:
    """A store and config of `agencies` agencies (rounded to whole copies of the county); with
    `since`, only the publications listed from that day on."""
    data = yaml.safe_load((template / CONFIG).read_text(encoding="utf-8"))
    county = data["agencies"]
    copies = max(1, round(agencies / len(county)))
    folder.mkdir(parents=True, exist_ok=True)
    for rule_file in template.glob("*.yaml"):
        if rule_file.name != CONFIG:
            shutil.copy(rule_file, folder / rule_file.name)
    data["agencies"] = [copied_agency(agency, n) for n in range(copies) for agency in county]
    data.pop("alerts", None)  # the demo's mail server is gone
    text = yaml.dump(data, Dumper=PlainDumper, allow_unicode=True, sort_keys=False)
    (folder / CONFIG).write_text(text, encoding="utf-8")
    Store(folder / DATABASE).close()  # the schema, migrated
    db = sqlite3.connect(folder / DATABASE, isolation_level=None)
    db.execute("pragma journal_mode = off")
    db.execute("attach database ? as tmpl", [str(template / DATABASE)])
    db.execute("begin")
    copy_table(db, "crawls", 1)
    kept = listed_from(since)
    for table in COPIED:
        copy_table(db, table, copies, kept.get(table, ""))
    db.execute("commit")
    db.execute("detach database tmpl")
    db.execute("analyze")
    db.execute("pragma journal_mode = wal")
    db.close()
    return folder / CONFIG, len(data["agencies"])


def copied_agency(agency: dict, n: int) -> dict:
    columns = [{**column, "url": moved(column["url"], n)} for column in agency.get("columns", [])]
    return {**agency, "id": renamed(agency["id"], n), "homepage": moved(agency.get("homepage"), n),
            "columns": columns}  # fmt: skip


# -- measuring ----------------------------------------------------------------------------


def measure(command: list[str]) -> Run:
    """Wall time and the child's own peak resident set (wait4, not RUSAGE_CHILDREN's maximum
    over every child so far)."""
    with tempfile.TemporaryFile("w+") as out:
        started = time.monotonic()
        child = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.monotonic() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read()
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{output[-3000:]}")
    return Run(seconds, usage.ru_maxrss / 1024, output.strip(), usage.ru_utime + usage.ru_stime)


def check(config_path: Path, as_of: date) -> Run:
    return measure([sys.executable, "-m", "monitor.cli", "check", "--config", str(config_path),
                    "--as-of", as_of.isoformat()])  # fmt: skip


def fresh_cache(folder: Path) -> None:
    """The checks' parsed-config cache in the store's folder, empty: the first check parses
    the config (and keeps it), the second reads it back."""
    os.environ["ZWGK_CACHE_DIR"] = str(folder / "cache")
    shutil.rmtree(folder / "cache", ignore_errors=True)


def counts(database: Path) -> tuple[int, int]:
    with sqlite3.connect(database) as db:
        return (db.execute("select count(*) from publications").fetchone()[0],
                db.execute("select count(*) from listings").fetchone()[0])  # fmt: skip


def bench_size(
    template: Path, folder: Path, size: int, as_of: date, since: date | None = None
) -> dict:
    started = time.monotonic()
    config_path, agencies = build_store(template, folder, size, since)
    built = time.monotonic() - started
    publications, listings = counts(folder / DATABASE)
    floor = measure([sys.executable, "-c", READ_ALL, str(folder / DATABASE)])
    fresh_cache(folder)
    first = check(config_path, as_of)
    again = check(config_path, as_of)
    return {"agencies": agencies, "publications": publications, "listings": listings,
            "built": built, "floor": floor, "first": first, "again": again}  # fmt: skip


RUNS = (("floor", "read every publication"), ("first", "zwgk check, first"),
        ("again", "zwgk check, again"))  # fmt: skip


def report(results: list[dict]) -> None:
    print(f"{'agencies':>8} {'publications':>12} {'listings':>10} {'build s':>8}  "
          f"{'run':<22} {'wall s':>7} {'cpu s':>7} {'peak MB':>8} {'x floor':>8}")  # fmt: skip
    for r in results:
        floor = r["floor"].seconds
        for index, (key, label) in enumerate(RUNS):
            run = r[key]
            head = (f"{r['agencies']:>8} {r['publications']:>12,} {r['listings']:>10,} "
                    f"{r['built']:>8.1f}") if index == 0 else " " * 41  # fmt: skip
            print(f"{head}  {label:<22} {run.seconds:>7.2f} {run.cpu:>7.2f} {run.peak_mb:>8.0f} "
                  f"{run.seconds / floor:>8.1f}")  # fmt: skip
    for low, high in zip(results, results[1:], strict=False):
        per_k = (high["agencies"] - low["agencies"]) / 1000
        growth = "; ".join(
            f"{label} {(high[key].seconds - low[key].seconds) / per_k:+.2f} s "
            f"{(high[key].peak_mb - low[key].peak_mb) / per_k:+.0f} MB"
            for key, label in RUNS
        )
        print(f"growth per 1,000 agencies, {low['agencies']} to {high['agencies']}: {growth}")
    print(f"the last check said: {results[-1]['again'].output.splitlines()[0]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--as-of", default="2026-11-27")
    parser.add_argument("--sizes", default="1000,2000,5000", help="agencies, comma-separated")
    parser.add_argument("--template", type=Path, help="a folder `zwgk demo` wrote (same --as-of)")
    parser.add_argument("--keep", type=Path, help="build the stores here and keep them")
    parser.add_argument("--listed-from", type=date.fromisoformat, metavar="DATE",
                        help="copy only the publications listed from DATE on (2026-01-01: "
                        "about 211 an agency, the volume of issue 14's measurements)")  # fmt: skip
    args = parser.parse_args()
    as_of = date.fromisoformat(args.as_of)
    sizes = [int(size) for size in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as scratch:
        work = args.keep or Path(scratch)
        template = args.template or crawl_template(work / "template", as_of)
        results = []
        for size in sizes:
            folder = work / f"agencies-{size}"
            results.append(bench_size(template, folder, size, as_of, args.listed_from))
            if not args.keep:
                shutil.rmtree(folder)
        report(results)


if __name__ == "__main__":
    main()
