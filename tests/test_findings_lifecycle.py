"""Findings keep their id across checks and move new → open → resolved → reopened."""

from datetime import date

import pytest

from monitor.evaluate import Evaluation
from monitor.findings import finding_id, sync_findings
from monitor.store import Store
from rules.findings import Finding

SCOPE = ("qx-jyj", "news")


def stale(period=None) -> Finding:
    return Finding("qx-jyj", "news", "freshness", "stale", period, "points 5", "工作动态",
                   "检查指标", "栏目「工作动态」已30天未更新", [{"label": "栏目", "url": "http://x/"}])  # fmt: skip


def check(store: Store, day: date, findings, judged=(SCOPE,), unjudged=()) -> dict:
    check_id = store.start_check(day.isoformat(), None)
    sync_findings(store, check_id, day, Evaluation(list(findings), set(judged), set(unjudged), []))
    return {finding.id: finding for finding in store.findings()}


def test_lifecycle_across_checks(tmp_path):
    store = Store(tmp_path / "zwgk.db")
    fid = finding_id(stale().key)
    assert check(store, date(2026, 11, 1), [stale()])[fid].state == "new"
    assert check(store, date(2026, 11, 8), [stale()])[fid].state == "open"
    resolved = check(store, date(2026, 11, 15), [])[fid]
    assert (resolved.state, resolved.resolved_on) == ("resolved", date(2026, 11, 15))
    reopened = check(store, date(2026, 11, 22), [stale()])[fid]
    assert (reopened.state, reopened.opened_on) == ("reopened", date(2026, 11, 22))
    assert len(store.findings()) == 1


def test_unreachable_scope_keeps_what_was_known(tmp_path):
    store = Store(tmp_path / "zwgk.db")
    fid = finding_id(stale().key)
    check(store, date(2026, 11, 1), [stale()])
    rows = check(store, date(2026, 11, 8), [], judged=(), unjudged=(SCOPE,))
    assert rows[fid].state == "new"


def test_ids_are_stable_and_distinct_per_period():
    assert finding_id(stale("2025").key) == finding_id(stale("2025").key)
    assert finding_id(stale("2025").key) != finding_id(stale("2024").key)


def test_waiver_holds_until_its_end_then_the_finding_is_open_again(tmp_path):
    from monitor.findings import waive

    store = Store(tmp_path / "zwgk.db")
    fid = finding_id(stale().key)
    check(store, date(2026, 11, 1), [stale()])
    waived = waive(store, fid, "栏目已申请撤并", date(2026, 11, 20), False, date(2026, 11, 2))
    assert (waived.state, waived.waiver.until) == ("waived", date(2026, 11, 20))
    finding = check(store, date(2026, 11, 15), [stale()])[fid]
    assert (finding.state, finding.waiver.reason) == ("waived", "栏目已申请撤并")
    reopened = check(store, date(2026, 11, 21), [stale()])[fid]
    assert (reopened.state, reopened.waiver) == ("open", None)


def test_false_positive_stays_visible_and_resolves_when_gone(tmp_path):
    from monitor.findings import FindingError, waive

    store = Store(tmp_path / "zwgk.db")
    fid = finding_id(stale().key)
    check(store, date(2026, 11, 1), [stale()])
    with pytest.raises(FindingError, match="needs a reason"):
        waive(store, fid, " ", None, True, date(2026, 11, 2))
    waive(store, fid, "该栏目为外链，不在本站更新", None, True, date(2026, 11, 2))
    finding = check(store, date(2026, 12, 1), [stale()])[fid]
    assert (finding.state, finding.waiver.kind) == ("waived", "false_positive")
    assert check(store, date(2026, 12, 8), [])[fid].state == "resolved"
