"""End to end on the simulated county: `zwgk demo`, then the findings against the truth."""

import json
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from demo import reply as scripted_reply
from demo.county import build_county
from monitor.replies import finding_timeline
from monitor.store import Store

pytestmark = pytest.mark.e2e

AS_OF = "2026-11-27"
OTHER_AS_OF = "2026-03-10"
FIELDS = ("agency_id", "item_id", "kind", "status", "period")


def zwgk(*args: str) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "-m", "monitor.cli", *args], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done


def run_demo(out: Path, as_of: str, *fixes: str) -> subprocess.CompletedProcess:
    fix_args = [arg for fix in fixes for arg in ("--fix", fix)]
    return zwgk("demo", "--out", str(out), "--as-of", as_of, *fix_args)


def findings(out: Path, *extra: str) -> list[dict]:
    done = zwgk("findings", "--json", *extra, "--config", str(out / "zwgk.yaml"))
    return [json.loads(line) for line in done.stdout.splitlines()]


def as_set(rows) -> set[tuple]:
    return {tuple(row[field] for field in FIELDS) for row in rows}


def truth(out: Path) -> list[dict]:
    return json.loads((out / "truth.json").read_text(encoding="utf-8"))


@pytest.fixture
def demo_run(demo_folder) -> tuple[Path, str]:
    """The session's demo folder (as of AS_OF) and what `zwgk demo` printed."""
    return demo_folder, (demo_folder / "demo-stdout.txt").read_text(encoding="utf-8")


def test_demo_prints_report_path_and_report_names_every_violation(demo_run):
    out, stdout = demo_run
    report = out / f"weekly-{AS_OF}.html"
    assert f"report: {report}" in stdout
    html = report.read_text(encoding="utf-8")
    for row in findings(out):
        assert row["id"] in html or row["message"] in html
    assert html.count("<tr>") > len(truth(out))


@pytest.mark.parametrize("as_of", [AS_OF, OTHER_AS_OF])
def test_findings_equal_truth(tmp_path, demo_run, as_of):
    out = demo_run[0] if as_of == AS_OF else tmp_path
    if as_of != AS_OF:
        run_demo(out, as_of)
    expected = as_set(truth(out))
    assert len({row[2] for row in expected}) == 13  # every rule kind, and coverage (no_column)
    assert as_set(findings(out)) == expected


def test_findings_json_shape(demo_run):
    rows = findings(demo_run[0])
    row = rows[0]
    assert {"agency_id", "item_id", "kind", "status", "period", "basis", "evidence"} <= set(row)
    assert row["basis"]
    # the week before was checked too: what it found is still open; only the notice put
    # online on as_of (backdated) is new
    states = {(r["kind"], r["state"]) for r in rows}
    assert {state for _, state in states} == {"open", "new"}
    assert {kind for kind, state in states if state == "new"} == {"backdated"}


# Fixed in place (the same day, into the same folder): the news column publishes again, and
# the homepage that shows it is updated too. (A letter answered or a document's date
# corrected after its page was read is not seen: detail pages are read once.)
FIXED_IN_PLACE = "stale-news-qx-jyj"


def test_second_run_duplicates_nothing_and_fix_resolves(copy_demo_folder):
    tmp_path = copy_demo_folder
    db = tmp_path / "zwgk.db"
    counts = table_counts(db)
    before = as_set(truth(tmp_path))
    run_demo(tmp_path, AS_OF)
    assert table_counts(db) == counts
    assert {row["state"] for row in findings(tmp_path)} == {"open"}
    run_demo(tmp_path, AS_OF, FIXED_IN_PLACE)
    resolved = [row for row in findings(tmp_path, "--all") if row["state"] == "resolved"]
    fixed_now = as_set(resolved) - violation_rows(scripted_reply.FIX)  # that one: the week before
    assert fixed_now == before - as_set(truth(tmp_path)) == violation_rows(FIXED_IN_PLACE)
    assert as_set(findings(tmp_path)) == as_set(truth(tmp_path))


def table_counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return {
            table: conn.execute(f"select count(*) from {table}").fetchone()[0]
            for table in ("publications", "listings", "findings")
        }


def violation_rows(violation_id: str) -> set[tuple]:
    county = build_county(date.fromisoformat(AS_OF))
    (violation,) = [v for v in county.violations if v.id == violation_id]
    return {(violation.agency_id, *finding) for finding in violation.findings}


def test_the_departments_reply_of_the_week_before_is_verified_and_reported(demo_run):
    """交通运输局 answered its stale 工作动态 on Tuesday 11-24 (10:00), between the crawl of
    11-20 that found it and the crawl of 11-27 that verified it."""
    out = demo_run[0]
    store = Store(out / "zwgk.db")
    try:
        (reply,) = store.replies()
        finding = store.finding(reply.finding_id)
        events = [(e["as_of"], e["state"]) for e in store.finding_events(finding.id)]
        timeline = [event.kind for event in finding_timeline(store, finding)]
    finally:
        store.close()
    assert (reply.kind, reply.agency_id, reply.username, reply.created_at) == (
        "reply", "qx-jtj", "qx-jtj", "2026-11-24T02:00:00+00:00")  # fmt: skip
    assert (reply.state, reply.decided_by, reply.checked_on) == ("verified", "check", AS_OF)
    fixed = build_county(date.fromisoformat(AS_OF), fixes=[scripted_reply.FIX])
    assert reply.url.endswith(scripted_reply.published_path(fixed))
    assert (finding.agency_id, finding.item_id, finding.status) == ("qx-jtj", "news", "stale")
    assert events == [("2026-11-20", "new"), (AS_OF, "resolved")]  # found a week before
    assert timeline == ["found", "reply", "verified", "resolved"]
    replied = violation_rows(scripted_reply.FIX)
    assert replied and not replied & as_set(truth(out))  # fixed by as_of, in the truth too
    html = (out / f"weekly-{AS_OF}.html").read_text(encoding="utf-8")
    section = html.split("四、本周整改回复与申诉")[1].split("五、各单位问题明细")[0]
    for words in ("整改回复", "青溪县交通运输局", "工作动态「栏目不更新」", "2026-11-24 10:00",
                  "复查通过", scripted_reply.body(fixed)):  # fmt: skip
        assert words in section
