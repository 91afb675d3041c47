"""The crawl's self-check: a column whose first page parses unlike its last good parse is
`unparsed_suspect` on its fetch record and column state, the rules see it as not read (no
stale or blank finding), nothing is marked removed, dates already known are kept, and a
shape that holds for `SETTLE` crawls becomes the new baseline."""

from __future__ import annotations

from datetime import date

import pytest
from builders import news_catalog, two_agency_config

from crawler.items import ColumnDone, ColumnResult, FetchRecord, PublicationItem
from monitor.crawl import summarize
from monitor.crawl_store import StorePipeline
from monitor.evaluate import evaluate
from monitor.parse_check import SETTLE, SUSPECT, Baseline, PageParse, suspicion
from monitor.store import Store
from monitor.views import StoreViews

LIST_URL = "http://127.0.0.1:9/news/"
DATED = PageParse(20, 20, "trs")


@pytest.mark.parametrize(
    ("now", "reason"),
    [
        (PageParse(20, 0, "trs"), "20 of 20 rows without a date"),
        (PageParse(20, 3, "trs"), "17 of 20 rows without a date"),
        (PageParse(5, 0, "trs"), "5 of 5 rows without a date"),
        (PageParse(6, 6, "trs"), "6 rows on the first page (before: 20)"),
        (PageParse(0, 0, "trs"), "0 rows on the first page (before: 20)"),
        (PageParse(20, 20, "generic"), "parser changed from trs to generic"),
    ],
)
def test_a_parse_unlike_the_last_good_one_is_suspect(now, reason):
    assert suspicion(Baseline(DATED, 0), now).startswith(reason)


@pytest.mark.parametrize(
    ("before", "now"),
    [
        (DATED, PageParse(20, 19, "trs")),  # a row without a date is not a lost layout
        (DATED, PageParse(9, 9, "trs")),  # a short page, not a collapse
        (PageParse(20, 2, "plain"), PageParse(20, 0, "plain")),  # it never had dates
        (PageParse(5, 5, "trs"), PageParse(1, 1, "trs")),  # too short a list to judge
        (PageParse(2, 2, "trs"), PageParse(2, 0, "trs")),  # too few rows for a share
    ],
)
def test_ordinary_changes_are_not_suspect(before, now):
    assert suspicion(Baseline(before, 0), now) is None


def test_no_baseline_or_a_settled_change_is_not_suspect():
    assert suspicion(None, PageParse(20, 0, "trs")) is None
    assert suspicion(Baseline(DATED, SETTLE - 1), PageParse(20, 0, "trs")) is not None
    assert suspicion(Baseline(DATED, SETTLE), PageParse(20, 0, "trs")) is None


def crawl_column(tmp_path, as_of: str, rows: list[tuple[str, str | None]], parser="trs") -> int:
    """One crawl of qx-jyj's 工作动态 through the real pipeline: its first page lists `rows`
    (path, date), and the walk is complete."""
    database = tmp_path / "zwgk.db"
    store = Store(database)
    crawl_id = store.start_crawl(as_of)
    store.close()
    pipeline = StorePipeline(str(database), crawl_id, as_of)
    pipeline.open_spider()
    for path, day in rows:
        pipeline.process_item(PublicationItem("qx-jyj", "news", f"{LIST_URL}{path}",
                                              f"标题{path}", day, list_url=LIST_URL))  # fmt: skip
    pipeline.process_item(FetchRecord("qx-jyj", "news", LIST_URL, "GET", 200, "ok", None, 5,
                                      f"{as_of}T08:00:00+00:00", parser, len(rows)))  # fmt: skip
    result = ColumnResult("qx-jyj", "news", "ok", 1, len(rows), parser=parser, done=True)
    pipeline.process_item(ColumnDone(result, LIST_URL))
    pipeline.close_spider()
    store = Store(database)
    store.finish_crawl(crawl_id, "finished", {})
    store.close()
    return crawl_id


def dated_rows(count: int, day: str = "2026-11-20") -> list[tuple[str, str | None]]:
    return [(f"t{n}.html", day) for n in range(count)]


def test_a_column_that_loses_its_dates_is_suspect_and_never_stale(tmp_path):
    config = two_agency_config(tmp_path, news_catalog(tmp_path))
    crawl_column(tmp_path, "2026-11-20", dated_rows(20, "2026-09-01"))  # stale by as_of
    crawl_id = crawl_column(tmp_path, "2026-11-27", [(path, None) for path, _ in dated_rows(20)])
    store = Store(config.database)
    try:
        state = store.latest_column_states()["qx-jyj", "news"]
        assert (state.crawl_id, state.outcome) == (crawl_id, SUSPECT)
        assert "20 of 20 rows without a date" in state.error
        [fetch] = store.db["fetches"].rows_where("crawl_id = ?", [crawl_id])
        assert fetch["outcome"] == SUSPECT
        dates = {pub.publish_date for pub in store.column_publications("qx-jyj", "news")}
        assert dates == {"2026-09-01"}  # the dates read before are kept
        walked = ColumnResult("qx-jyj", "news", "ok", 1, 20, parser="trs", done=True)
        assert walked.complete  # the spider walked it all, the store's self-check doubts it
        summary = summarize(store, crawl_id, date(2026, 11, 27), [walked], 0.0)
        assert (summary["columns_ok"], summary["columns_complete"]) == (0, 0)
        evaluation = evaluate(config, store, date(2026, 11, 27))
    finally:
        store.close()
    mine = [f for f in evaluation.findings if f.agency_id == "qx-jyj"]
    assert mine and {f.status for f in mine} == {"unreachable"}
    assert all(f.message.endswith("未能正确读取，本期未能检查") for f in mine)
    assert all("解析结果可疑" in f.evidence[0]["label"] for f in mine)


def test_a_suspect_column_marks_nothing_removed_and_a_lasting_shape_settles(tmp_path):
    crawl_column(tmp_path, "2026-11-06", dated_rows(20))
    for n in range(SETTLE):
        crawl_column(tmp_path, f"2026-11-{10 + n}", dated_rows(3))
        store = Store(tmp_path / "zwgk.db")
        assert store.latest_column_states()["qx-jyj", "news"].outcome == SUSPECT
        assert all(not pub.removed_on for pub in store.column_publications("qx-jyj", "news"))
        store.close()
    crawl_column(tmp_path, "2026-11-20", dated_rows(3))
    store = Store(tmp_path / "zwgk.db")
    try:
        assert store.latest_column_states()["qx-jyj", "news"].outcome == "ok"
        removed = [pub for pub in store.column_publications("qx-jyj", "news") if pub.removed_on]
        assert len(removed) == 17  # accepted: the complete walk now marks the rest removed
        views = StoreViews(store)
        assert views.states["qx-jyj", "news"].first_items == 3
    finally:
        store.close()
