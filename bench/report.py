"""The weekly report (周报) at province scale: 1,000, 2,000 and 5,000 agencies.

    .venv/bin/python bench/report.py [--demo DIR] [--sizes 1000,2000,5000] [--runs 3]

Builds a store of N agencies from the demo county's (`zwgk demo --as-of 2026-11-27`, or the
folder `--demo` names): its findings, scores, notices and replies copied under new agency ids
by SQL INSERT … SELECT, and a config listing every copy. Then, each in a child process, times:

- report: `zwgk report weekly --format html --format xlsx` (the summary HTML, the per-agency
  HTML files and the workbook);
- summary PDF: the same, `--format pdf` only;
- floor (the baseline): read the findings rows and write as many rows with openpyxl's
  write_only workbook — what any XLSX of the findings costs.

Prints seconds (median of the runs), peak resident set, and report/floor.
"""

from __future__ import annotations

import argparse
import copy
import json
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-27"
DEMO_AGENCIES = 18
ID_OFFSET = 100_000  # integer ids of copy k: id + k * ID_OFFSET
# per table: the columns that name an agency, a finding or a notice, rewritten for each copy
COPIED = {
    "agencies": {"id": "agency"},
    "columns": {"agency_id": "agency"},
    "findings": {"id": "text", "agency_id": "agency"},
    "agency_scores": {"agency_id": "agency"},
    "notices": {"id": "int", "number": "text", "seq": "seq", "agency_id": "agency"},
    "notice_findings": {"notice_id": "int", "finding_id": "text"},
    "replies": {"id": "int", "finding_id": "text", "notice_id": "int", "agency_id": "agency"},
}
REWRITE = {
    "agency": "{c} || '-' || k",
    "text": "{c} || '-' || k",
    "int": "{c} + k * " + str(ID_OFFSET),
    "seq": "{c} + k * 1000",
}


def demo_folder(out: Path) -> Path:
    subprocess.run([sys.executable, "-m", "monitor.cli", "demo", "--out", str(out),
                    "--as-of", AS_OF], cwd=ROOT, check=True, capture_output=True)  # fmt: skip
    return out


def copies_for(agencies: int) -> int:
    return -(-agencies // DEMO_AGENCIES)


def build_store(demo: Path, folder: Path, copies: int) -> Path:
    """The demo's store and config with `copies` copies of its agencies (copy 0: the demo's)."""
    folder.mkdir(parents=True)
    shutil.copy(demo / "zwgk.db", folder / "zwgk.db")
    for catalog in demo.glob("qingxi-*.yaml"):
        shutil.copy(catalog, folder / catalog.name)
    with sqlite3.connect(folder / "zwgk.db") as db:
        for table, rewritten in COPIED.items():
            copy_rows(db, table, rewritten, copies)
    config = yaml.safe_load((demo / "zwgk.yaml").read_text(encoding="utf-8"))
    config["agencies"] = [
        {**copy.deepcopy(agency), "id": f"{agency['id']}-{k}", "name": f"{agency['name']}（{k}）"}
        if k
        else agency
        for k in range(copies)
        for agency in config["agencies"]
    ]
    path = folder / "zwgk.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def copy_rows(db: sqlite3.Connection, table: str, rewritten: dict[str, str], copies: int) -> None:
    columns = [row[1] for row in db.execute(f"pragma table_info([{table}])")]
    select = ", ".join(
        REWRITE[rewritten[c]].format(c=f"[{c}]") if c in rewritten else f"[{c}]" for c in columns
    )
    names = ", ".join(f"[{c}]" for c in columns)
    db.execute(
        f"with recursive copy(k) as (select 1 union all select k + 1 from copy where k < ?) "
        f"insert into [{table}] ({names}) select {select} from [{table}], copy",
        [copies - 1],
    )


def child_report(config_path: Path, out: Path, formats: list[str]) -> dict:
    """What `zwgk report weekly --format …` does, in this process (the child), timed in two
    parts: loading the config, and building and writing the report."""
    from monitor.config import load_config
    from monitor.cycle import write_weekly_report
    from monitor.store import Store

    started = time.perf_counter()
    config = load_config(config_path)
    loaded = time.perf_counter()
    store = Store(config.database)
    write_weekly_report(config, store, date.fromisoformat(AS_OF), out, formats)
    store.close()
    return {"seconds": time.perf_counter() - loaded, "config_seconds": loaded - started}


def child_floor(config: Path, out: Path) -> dict:
    """The baseline: every findings row read and written once with a write_only workbook."""
    from openpyxl import Workbook

    started = time.perf_counter()
    with sqlite3.connect(config.parent / "zwgk.db") as db:
        rows = db.execute("select * from findings").fetchall()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("问题明细")
    for row in rows:
        sheet.append(list(row))
    out.mkdir(parents=True, exist_ok=True)
    workbook.save(out / "floor.xlsx")
    return {"seconds": time.perf_counter() - started, "rows": len(rows)}


def run_child(mode: str, config: Path, out: Path) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--config", str(config), "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode:
        raise SystemExit(f"{mode} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.splitlines()[-1])


def child_main(mode: str, config: Path, out: Path) -> None:
    if mode == "floor":
        result = child_floor(config, out)
    else:
        result = child_report(config, out, ["pdf"] if mode == "pdf" else ["html", "xlsx"])
    result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result.pop("output", None)
    print(json.dumps(result))


MODES = ("report", "pdf", "floor")


def measure(config: Path, runs: int) -> dict[str, dict[str, float]]:
    """Per mode: the median of `runs` runs of each figure, and the largest peak RSS (MB)."""
    results = {}
    for mode in MODES:
        samples = []
        for run in range(runs):
            out = config.parent / f"out-{mode}-{run}"
            samples.append(run_child(mode, config, out))
            shutil.rmtree(out, ignore_errors=True)
        results[mode] = {key: statistics.median(s[key] for s in samples) for key in samples[0]}
        results[mode]["rss_mb"] = max(s["rss_mb"] for s in samples)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demo", type=Path, help="A `zwgk demo --as-of 2026-11-27` folder.")
    parser.add_argument("--sizes", default="1000,2000,5000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", choices=MODES)
    parser.add_argument("--config", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.child:
        return child_main(args.child, args.config, args.out)
    with tempfile.TemporaryDirectory() as scratch:
        demo = args.demo or demo_folder(Path(scratch) / "demo")
        print(f"{'agencies':>8} {'findings':>9} {'mode':<12} {'seconds':>8} {'peak MB':>8} "
              f"{'config load s':>14}")  # fmt: skip
        for size in [int(s) for s in args.sizes.split(",")]:
            copies = copies_for(size)
            config = build_store(demo, Path(scratch) / str(size), copies)
            report_row(copies * DEMO_AGENCIES, config, measure(config, args.runs))
            shutil.rmtree(config.parent)


def report_row(agencies: int, config: Path, results: dict[str, dict[str, float]]) -> None:
    with sqlite3.connect(config.parent / "zwgk.db") as db:
        findings = db.execute("select count(*) from findings").fetchone()[0]
    for mode, figures in results.items():
        print(f"{agencies:>8} {findings:>9} {mode:<12} {figures['seconds']:>8.1f} "
              f"{figures['rss_mb']:>8.0f} {figures.get('config_seconds', 0):>14.1f}")  # fmt: skip
    report, floor = results["report"]["seconds"], results["floor"]["seconds"]
    print(f"{agencies:>8} report/floor: {report / floor:.1f}", flush=True)


if __name__ == "__main__":
    main()
