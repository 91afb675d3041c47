"""Score history: every check saves each configured agency's score; the weekly figures (the
trend's points, last week's score) are read back from it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from builders import news_catalog, stale_finding, two_agency_config

from monitor.cycle import run_check
from monitor.findings import ACTIVE, waive
from monitor.scores import check_scores, scores_on, week_ends, weekly_trend
from monitor.store import AgencyScore, Store
from rules.scoring import score

AS_OF = date(2026, 10, 9)  # the Friday after 国庆 (10-01 to 10-07)


def crawl(store: Store, day: date, outcomes: dict[str, str]) -> None:
    """A crawl of each agency's news column with the given outcome, listing nothing."""
    crawl_id = store.start_crawl(day.isoformat())
    for agency_id, outcome in outcomes.items():
        store.record_column_state({"crawl_id": crawl_id, "agency_id": agency_id,
                                   "column_id": "news", "outcome": outcome, "pages": 1,
                                   "items": 0, "error": None if outcome == "ok" else outcome})  # fmt: skip
    store.finish_crawl(crawl_id, "finished", {})


def test_every_check_saves_each_configured_agencys_score(tmp_path):
    config = two_agency_config(tmp_path, news_catalog(tmp_path))
    store = Store(config.database)
    crawl(store, AS_OF, {"qx-jyj": "ok", "qx-mzj": "soft404"})  # jyj's news empty, mzj's down
    summary = run_check(config, store, AS_OF)
    saved = {s.agency_id: s for s in store.score_history()}
    assert set(saved) == {"qx-jyj", "qx-mzj"}
    for agency_id, entry in saved.items():
        active = store.findings(states=ACTIVE, agency_id=agency_id)
        expected = score(active)
        assert (entry.check_id, entry.as_of) == (summary.check_id, AS_OF)
        assert (entry.points, entry.verdict) == (expected.points, expected.verdict)
        assert (entry.vetoes, entry.open_findings) == (len(expected.vetoes), len(active))
    assert (saved["qx-jyj"].points, saved["qx-jyj"].open_findings) == (95, 1)  # news stale
    assert saved["qx-mzj"].points == 100 and saved["qx-mzj"].open_findings >= 1  # unjudged


def test_the_last_check_of_a_day_is_the_days_score(tmp_path):
    config = two_agency_config(tmp_path)
    store = Store(config.database)
    crawl(store, AS_OF, {"qx-jyj": "ok", "qx-mzj": "ok"})
    run_check(config, store, AS_OF)
    for finding in store.findings(states=ACTIVE, agency_id="qx-jyj"):
        waive(store, finding.id, "栏目已撤并", None, False, AS_OF, by="gkb")
    second = run_check(config, store, AS_OF)
    (jyj,) = store.score_history(agency_id="qx-jyj")
    assert (jyj.check_id, jyj.points, jyj.verdict, jyj.open_findings) == (
        second.check_id, 100, "合格", 0)  # fmt: skip


def test_check_scores_count_vetoes_deductions_and_nothing_unjudged(tmp_path):
    config = two_agency_config(tmp_path)
    active = [
        replace(stale_finding("qx-jyj", "news", "points 5"), id="a", state="open"),
        replace(stale_finding("qx-jyj", "org", "points 45"), id="b", state="new"),
        replace(stale_finding("qx-mzj", "news", "veto"), id="c", state="open", status="unreachable"),
    ]  # fmt: skip
    jyj, mzj = check_scores(config, 7, AS_OF, active)
    assert (jyj.points, jyj.verdict, jyj.vetoes, jyj.open_findings) == (50, "不合格", 0, 2)
    assert (mzj.points, mzj.verdict, mzj.vetoes, mzj.open_findings) == (100, "合格", 0, 1)
    assert (jyj.check_id, jyj.as_of) == (7, AS_OF)


def history(store: Store, rows: list[tuple[int, str, date, float, str]]) -> None:
    store.save_scores([AgencyScore(check_id, agency_id, day, points, verdict, 0, 0)
                       for check_id, agency_id, day, points, verdict in rows])  # fmt: skip


def test_weekly_trend_takes_each_agencys_last_check_of_the_week(tmp_path):
    store = Store(tmp_path / "zwgk.db")
    ends = week_ends(AS_OF)
    assert (len(ends), ends[-1], ends[0]) == (12, AS_OF, AS_OF - timedelta(weeks=11))
    history(store, [
        (1, "qx-jyj", date(2026, 9, 27), 80, "合格"),   # the week ending 10-02 …
        (1, "qx-mzj", date(2026, 9, 27), 40, "不合格"),
        (2, "qx-jyj", date(2026, 9, 30), 90, "合格"),   # … its last check counts
        (3, "qx-jyj", date(2026, 10, 9), 100, "合格"),  # the week ending 10-09
        (3, "qx-mzj", date(2026, 10, 9), 70, "合格"),
        (3, "qx-gone", date(2026, 10, 9), 0, "不合格"),  # an agency no longer configured
        (0, "qx-jyj", date(2026, 7, 1), 10, "不合格"),   # before the 12 weeks
    ])  # fmt: skip
    trend = weekly_trend(store, ["qx-jyj", "qx-mzj"], AS_OF)
    assert [p.end for p in trend] == ends
    assert [p.agencies for p in trend] == [0] * 10 + [2, 2]
    assert [(p.passing, p.pass_rate, p.mean_points) for p in trend[-2:]] == [
        (1, 50.0, 65.0), (2, 100.0, 85.0)]  # fmt: skip
    assert trend[0].pass_rate is None and trend[0].mean_points is None


def test_last_weeks_score_is_the_last_check_on_or_before_it(tmp_path):
    store = Store(tmp_path / "zwgk.db")
    history(store, [(1, "qx-jyj", date(2026, 9, 25), 80, "合格"),
                    (2, "qx-jyj", date(2026, 9, 30), 55, "不合格"),
                    (3, "qx-jyj", date(2026, 10, 5), 95, "合格")])  # fmt: skip
    before = scores_on(store, AS_OF - timedelta(days=7))  # 10-02
    assert (before["qx-jyj"].as_of, before["qx-jyj"].points) == (date(2026, 9, 30), 55)
    assert scores_on(store, date(2026, 9, 24)) == {}
