"""A cycle killed at any stage, then run again, ends as the uninterrupted cycle does; two
cycles started at once on one store never interleave; the crawl child dies with its parent.

Every scenario starts from a copy of one crawled store of the demo county, runs `zwgk run`
on the same day with the demo's SMTP server receiving the alerts, and compares what the
store and the mailbox hold with the same copy after one uninterrupted run.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
import yaml
from crawling import AS_OF, REPO

from demo.config import write_config
from demo.mailbox import DemoMailbox
from reports.notice_files import NOTICE_FORMATS

pytestmark = pytest.mark.e2e

STAGES = [
    "crawl.item:40",  # the crawl child, mid-crawl
    "cycle.checked",
    "notices.issued:2",
    "notices.rendered:3",
    "cycle.queued",
    "alerts.attempted:4",
    "report.written",
]


def zwgk_run(folder: Path, crash_at: str | None = None) -> subprocess.Popen:
    env = {key: value for key, value in os.environ.items() if key != "ZWGK_CRASH_AT"}
    if crash_at:
        env["ZWGK_CRASH_AT"] = crash_at
    command = [sys.executable, "-m", "monitor.cli", "run", "--as-of", AS_OF,
               "--config", str(folder / "zwgk.yaml")]  # fmt: skip
    return subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)  # fmt: skip


def finish(process: subprocess.Popen, timeout: float = 240) -> subprocess.CompletedProcess:
    out, err = process.communicate(timeout=timeout)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


# agencies with violations of several kinds, a blocked column and a site that is down
AGENCIES = ("qx-jyj", "qx-wjj", "qx-zrzyj", "qx-fgj", "qx-czj", "qx-hkz")


def write_scenario_config(server, folder: Path, smtp_port: int) -> None:
    path = write_config(server.county, server.base_url, folder, smtp_port=smtp_port)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["agencies"] = [agency for agency in data["agencies"] if agency["id"] in AGENCIES]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def crawled(demo_server, tmp_path_factory) -> Path:
    """A folder holding a config for some of the demo county and a store after one crawl."""
    folder = tmp_path_factory.mktemp("crawled")
    write_scenario_config(demo_server, folder, smtp_port=1)
    done = subprocess.run([sys.executable, "-m", "monitor.cli", "crawl", "--as-of", AS_OF,
                           "--config", str(folder / "zwgk.yaml")], cwd=REPO,
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return folder


class Scenario:
    """A copy of the crawled folder whose alerts go to its own SMTP server."""

    def __init__(self, crawled: Path, folder: Path, server):
        shutil.copytree(crawled, folder)
        self.folder = folder
        self.mailbox = DemoMailbox().__enter__()
        write_scenario_config(server, folder, self.mailbox.port)

    def close(self) -> None:
        self.mailbox.__exit__(None, None, None)

    def state(self) -> dict:
        mails = Counter((str(m["To"]), str(m["Subject"])) for m in self.mailbox.received())
        return {**store_state(self.folder / "zwgk.db"), "mails": mails}


@pytest.fixture
def scenario(crawled, demo_server, tmp_path):
    made = []

    def make(name: str) -> Scenario:
        made.append(Scenario(crawled, tmp_path / name, demo_server))
        return made[-1]

    yield make
    for each in made:
        each.close()


@pytest.fixture(scope="module")
def uninterrupted(crawled, demo_server, tmp_path_factory) -> dict:
    run = Scenario(crawled, tmp_path_factory.mktemp("base") / "run", demo_server)
    try:
        done = finish(zwgk_run(run.folder))
        assert done.returncode == 0, done.stderr[-2000:]
        return run.state()
    finally:
        run.close()


def store_state(database: Path) -> dict:
    """What a cycle leaves in the store, without ids and times that differ run to run."""
    rows = {
        "publications": "select url, title, publish_date, removed_on, meta is not null"
        " from publications",
        "listings": "select agency_id, column_id, url, removed_on from listings",
        "findings": "select id, case when state in ('new', 'open') then 'active' else state end,"
        " status, opened_on, resolved_on from findings",
        "notices": "select number, agency_id, state, issued_on, deadline from notices",
        # each scenario's SMTP server has its own port
        "outbox": "select dedupe_key, substr(channel, instr(channel, '?')), state from outbox",
        "events": "select key from alert_events",
    }
    with sqlite3.connect(database) as conn:
        state = {name: Counter(conn.execute(sql).fetchall()) for name, sql in rows.items()}
        files = [json.loads(text or "{}") for (text,) in conn.execute("select files from notices")]
    state["missing_files"] = [f for notice in files for f in missing(notice)]
    return state


def missing(files: dict) -> list[str]:
    return [fmt for fmt in NOTICE_FORMATS if fmt not in files or not Path(files[fmt]).is_file()]


def test_the_uninterrupted_run_alerts_every_agency_once(uninterrupted):
    assert uninterrupted["notices"] and not uninterrupted["missing_files"]
    assert {state for _, _, state in uninterrupted["outbox"]} == {"sent"}
    assert sum(uninterrupted["mails"].values()) == len(uninterrupted["outbox"])
    assert max(uninterrupted["mails"].values()) == 1


@pytest.mark.parametrize("stage", STAGES)
def test_a_kill_at_any_stage_then_a_rerun_equals_the_uninterrupted_run(
    scenario, uninterrupted, stage
):
    run = scenario("run")
    killed = finish(zwgk_run(run.folder, crash_at=stage))
    assert killed.returncode != 0, f"{stage} was never reached"
    again = finish(zwgk_run(run.folder))
    assert again.returncode == 0, again.stderr[-2000:]
    assert run.state() == uninterrupted


def test_two_runs_at_once_leave_what_one_run_leaves(scenario, uninterrupted):
    run = scenario("run")
    first, second = zwgk_run(run.folder), zwgk_run(run.folder)
    results = [finish(first), finish(second)]
    assert [result.returncode for result in results] == [0, 0], results[1].stderr[-2000:]
    assert any("waiting for another zwgk process" in result.stderr for result in results)
    assert run.state() == uninterrupted


def children_of(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found += [int(child) for child in task.read_text().split()]
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


def test_the_crawl_child_dies_with_its_parent(scenario):
    run = scenario("run")
    parent = zwgk_run(run.folder)
    deadline = time.monotonic() + 30
    while not children_of(parent.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    (child,) = children_of(parent.pid)
    time.sleep(1.0)  # the crawl is under way
    parent.send_signal(signal.SIGKILL)
    parent.communicate()
    deadline = time.monotonic() + 5
    while alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(child)
