"""Findings keep their id across checks and move new → open → resolved → reopened."""

from datetime import date

from monitor.evaluate import Evaluation
from monitor.findings import finding_id, sync_findings
from monitor.store import Store
from rules.base import Finding

SCOPE = ("qx-jyj", "news")


def stale(period=None) -> Finding:
    return Finding("qx-jyj", "news", "freshness", "stale", period, "points 5", "工作动态",
                   "检查指标", "栏目「工作动态」已30天未更新", [{"label": "栏目", "url": "http://x/"}])  # fmt: skip


def check(store: Store, day: date, findings, judged=(SCOPE,), unjudged=()) -> dict:
    check_id = store.start_check(day.isoformat(), None)
    sync_findings(store, check_id, day, Evaluation(list(findings), set(judged), set(unjudged), []))
    return {row["id"]: row for row in store.findings()}


def test_lifecycle_across_checks(tmp_path):
    store = Store(tmp_path / "zwgk.db")
    fid = finding_id(stale().key)
    assert check(store, date(2026, 11, 1), [stale()])[fid]["state"] == "new"
    assert check(store, date(2026, 11, 8), [stale()])[fid]["state"] == "open"
    resolved = check(store, date(2026, 11, 15), [])[fid]
    assert (resolved["state"], resolved["resolved_on"]) == ("resolved", "2026-11-15")
    reopened = check(store, date(2026, 11, 22), [stale()])[fid]
    assert (reopened["state"], reopened["opened_on"]) == ("reopened", "2026-11-22")
    assert len(store.findings()) == 1


def test_unreachable_scope_keeps_what_was_known(tmp_path):
    store = Store(tmp_path / "zwgk.db")
    fid = finding_id(stale().key)
    check(store, date(2026, 11, 1), [stale()])
    rows = check(store, date(2026, 11, 8), [], judged=(), unjudged=(SCOPE,))
    assert rows[fid]["state"] == "new"


def test_ids_are_stable_and_distinct_per_period():
    assert finding_id(stale("2025").key) == finding_id(stale("2025").key)
    assert finding_id(stale("2025").key) != finding_id(stale("2024").key)
