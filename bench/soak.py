"""Reliability soak on the simulated county: cycles under faults, then cycles killed at random.

    .venv/bin/python bench/soak.py [--cycles 10] [--kills 20] [--rate 0.2] [--as-of 2026-11-27]

1. Faults: `zwgk demo --faults RATE --fault-seed i` into one folder, N times (the same day,
   a new draw of faults each cycle). After each cycle: did it crash (a non-zero exit or a
   traceback), findings against that cycle's truth, faults the store has no fetch record
   of, and SQLite's integrity_check. A finding the truth lacks is false unless its item is
   unreachable this cycle and it was found earlier (what was known is kept, by design);
   availability is judged on the homepage visits of all the cycles (`findings_against_truth`).
2. Kills: the county (with RATE faults) served here, its alerts to an SMTP server here, and
   two stores: `zwgk run` on one uninterrupted, and on the other killed with SIGKILL (the
   whole process group: parent and crawl child) at a random moment of the cycle, then run
   again. After each cycle the two stores and the mail they sent are compared.

Prints one line per cycle and the totals; exits 1 when anything went wrong.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from demo.config import write_config  # noqa: E402
from demo.county import build_county  # noqa: E402
from demo.mailbox import DemoMailbox  # noqa: E402
from demo.server import DemoServer  # noqa: E402

FIELDS = ("agency_id", "item_id", "kind", "status", "period")
HISTORY_KINDS = {"backdated", "links"}  # judged from earlier crawls when a page fails today
STATE_SQL = {
    "publications": "select url, title, publish_date, removed_on, meta is not null"
    " from publications",
    "findings": "select id, case when state in ('new', 'open') then 'active' else state end,"
    " status, opened_on, resolved_on from findings",
    "notices": "select number, agency_id, state, issued_on, deadline, files != '{}' from notices",
    "outbox": "select dedupe_key, substr(channel, instr(channel, '?')), state from outbox",
}


def zwgk(*args: str, **popen) -> subprocess.Popen:
    command = [sys.executable, "-m", "monitor.cli", *args]
    pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **popen}
    return subprocess.Popen(command, cwd=REPO, text=True, **pipes)


def run_measured(*args: str) -> tuple[int, str, float]:
    """Run zwgk to its end: (exit status, stderr, peak resident set in MB of it and its crawl
    child, from wait4's rusage)."""
    with tempfile.TemporaryFile("w+") as stderr:
        process = zwgk(*args, stdout=subprocess.DEVNULL, stderr=stderr)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        stderr.seek(0)
        return process.returncode, stderr.read(), usage.ru_maxrss / 1024


def crashed(process: subprocess.Popen, stderr: str) -> bool:
    return process.returncode != 0 or "Traceback" in stderr


def query(database: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(database) as conn:
        return conn.execute(sql).fetchall()


def integrity(database: Path) -> str:
    return query(database, "pragma integrity_check")[0][0]


# -- phase 1: faults ----------------------------------------------------------------


def findings_against_truth(folder: Path, history: dict) -> tuple[int, int]:
    """(false findings, truth rows not found) of the folder's last cycle.

    The truth is that of a fresh folder; in a folder of many cycles two things differ, by
    design: availability counts the homepage visits of every cycle in its window (a homepage
    that failed in any cycle so far is `unavailable`), a finding whose item is unreachable
    this cycle is kept as it was found before, and so is a finding of a kind judged from the
    crawl history (`HISTORY_KINDS`: a backdated publication, the broken links of a homepage's
    latest reading within the window) that was true in an earlier cycle when its page fails
    this cycle; the fresh-folder truth leaves out what fails today.
    """
    config = str(folder / "zwgk.yaml")
    done = subprocess.run([sys.executable, "-m", "monitor.cli", "findings", "--json", "--config",
                           config], cwd=REPO, capture_output=True, text=True)  # fmt: skip
    found = {tuple(json.loads(line)[f] for f in FIELDS) for line in done.stdout.splitlines()}
    truth = {
        tuple(row[f] for f in FIELDS) for row in json.loads((folder / "truth.json").read_text())
    }
    history["homepages_down"] |= homepages_down(folder)
    truth = {row for row in truth if row[2] != "availability"} | {
        (agency, "availability", "availability", "unavailable", None)
        for agency in history["homepages_down"]
    }
    blocked = {(row[0], row[1]) for row in truth if row[3] == "unreachable"}
    kept = {row for row in found - truth
            if (row[0], row[1]) in blocked and row in history["found"]
            or row[2] in HISTORY_KINDS and row in history["truth"]}  # fmt: skip
    history["found"] |= found
    history["truth"] |= truth
    for row in sorted(found - truth - kept, key=str):
        print(f"  false finding: {row}", flush=True)
    for row in sorted(truth - found, key=str):
        print(f"  missed finding: {row}", flush=True)
    return len(found - truth - kept), len(truth - found)


def homepages_down(folder: Path) -> set[str]:
    """Agencies whose homepage answered with a blocking fault in this cycle's crawls."""
    faults = json.loads((folder / "faults.json").read_text(encoding="utf-8"))
    return {fault["agency_id"] for fault in faults
            if fault["blocking"] and fault["column_id"] in (None, "homepage")}  # fmt: skip


def unrecorded_faults(folder: Path) -> int:
    """Faults of the last cycle with no fetch record of the as_of crawl under their prefix."""
    faults = json.loads((folder / "faults.json").read_text(encoding="utf-8"))
    sql = """select f.url, f.outcome from fetches f join crawls c on c.id = f.crawl_id
             where c.as_of = (select max(as_of) from crawls)"""
    fetches = query(folder / "zwgk.db", sql)
    missing = 0
    for fault in faults:
        outcomes = {outcome for url, outcome in fetches
                    if urlsplit(url).path.startswith(fault["prefix"])}  # fmt: skip
        if not outcomes or (fault["blocking"] and outcomes <= {"ok", "not_modified"}):
            missing += 1
    return missing


def soak_faults(folder: Path, cycles: int, rate: float, as_of: str) -> Counter:
    totals, history = Counter(), {"found": set(), "truth": set(), "homepages_down": set()}
    for cycle in range(1, cycles + 1):
        started = time.monotonic()
        returncode, stderr, peak_mb = run_measured(
            "demo", "--out", str(folder), "--as-of", as_of, "--faults", str(rate),
            "--fault-seed", str(cycle),
        )  # fmt: skip
        row = Counter(crashes=int(returncode != 0 or "Traceback" in stderr))
        row["false"], row["missed"] = findings_against_truth(folder, history)
        row["unrecorded"] = unrecorded_faults(folder)
        row["integrity_errors"] = int(integrity(folder / "zwgk.db") != "ok")
        faults = len(json.loads((folder / "faults.json").read_text(encoding="utf-8")))
        print(f"faults cycle {cycle:>2}: {faults} faults, {dict(row)}, "
              f"{time.monotonic() - started:.0f} s, peak memory {peak_mb:.0f} MB", flush=True)  # fmt: skip
        totals.update(row)
        totals["peak_mb"] = max(totals["peak_mb"], round(peak_mb))
    return totals


# -- phase 2: kills -----------------------------------------------------------------


def store_state(database: Path) -> dict[str, Counter]:
    return {name: Counter(query(database, sql)) for name, sql in STATE_SQL.items()}


def differences(a: dict[str, Counter], b: dict[str, Counter]) -> dict[str, int]:
    return {name: sum(((a[name] - b[name]) + (b[name] - a[name])).values()) for name in a}


def run_to_end(folder: Path, as_of: str) -> tuple[float, bool]:
    started = time.monotonic()
    process = zwgk("run", "--as-of", as_of, "--config", str(folder / "zwgk.yaml"))
    _, stderr = process.communicate()
    return time.monotonic() - started, crashed(process, stderr)


def killed_run(folder: Path, as_of: str, after: float) -> bool:
    """`zwgk run` killed (parent and child) `after` seconds in; True if it ended by itself."""
    process = zwgk("run", "--as-of", as_of, "--config", str(folder / "zwgk.yaml"),
                   start_new_session=True)  # fmt: skip
    try:
        process.wait(timeout=after)
        return True
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        return False


def soak_kills(root: Path, cycles: int, rate: float, as_of: str, rng: random.Random) -> Counter:
    totals = Counter()
    day = date.fromisoformat(as_of)
    with DemoServer(build_county(day)) as server, DemoMailbox() as mail_u, \
            DemoMailbox() as mail_k:  # fmt: skip
        folders = {"u": root / "uninterrupted", "k": root / "killed"}
        for name, mailbox in (("u", mail_u), ("k", mail_k)):
            write_config(server.county, server.base_url, folders[name], smtp_port=mailbox.port)
        for cycle in range(1, cycles + 1):
            with server.serving(build_county(day, fault_rate=rate, fault_seed=100 + cycle)):
                seconds, crash_u = run_to_end(folders["u"], as_of)
                at = rng.uniform(0.2, seconds)
                finished = killed_run(folders["k"], as_of, at)
                _, crash_k = run_to_end(folders["k"], as_of)
            diff = differences(store_state(folders["k"] / "zwgk.db"),
                               store_state(folders["u"] / "zwgk.db"))  # fmt: skip
            row = Counter(crashes=int(crash_u or crash_k), **diff)
            row["unrecovered"] = int(any(diff.values()))
            row["integrity_errors"] = int(integrity(folders["k"] / "zwgk.db") != "ok")
            row["mail_diff"] = abs(len(mail_k.received()) - len(mail_u.received()))
            what = "finished before the kill" if finished else f"killed at {at:.1f} s"
            print(f"kill cycle {cycle:>2}: {what} of {seconds:.1f} s, {dict(row)}", flush=True)
            totals.update(row)
    return totals


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cycles", type=int, default=10, help="cycles under faults")
    parser.add_argument("--kills", type=int, default=20, help="cycles killed at random")
    parser.add_argument("--rate", type=float, default=0.2, help="share of faulty columns")
    parser.add_argument("--as-of", default="2026-11-27")
    parser.add_argument("--seed", type=int, default=1, help="seed of the kill moments")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="zwgk-soak-") as tmp:
        faults = soak_faults(Path(tmp) / "faults", args.cycles, args.rate, args.as_of)
        kills = soak_kills(Path(tmp), args.kills, args.rate, args.as_of, random.Random(args.seed))
    print(f"\n{args.cycles} cycles at {args.rate:.0%} faults: crashes {faults['crashes']}, "
          f"false findings {faults['false']}, missed findings {faults['missed']}, "
          f"faults without a fetch record {faults['unrecorded']}, "
          f"integrity_check failures {faults['integrity_errors']}, "
          f"peak memory of a cycle {faults.pop('peak_mb', 0)} MB")  # fmt: skip
    print(f"{args.kills} cycles killed at random: crashes {kills['crashes']}, "
          f"not recovered {kills['unrecovered']} (differences: publications "
          f"{kills['publications']}, findings {kills['findings']}, notices {kills['notices']}, "
          f"outbox {kills['outbox']}), mail count differences {kills['mail_diff']}, "
          f"integrity_check failures {kills['integrity_errors']}")  # fmt: skip
    bad = sum(faults.values()) + sum(kills.values())
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
