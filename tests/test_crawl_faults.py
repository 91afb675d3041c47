"""Crawling a county whose sites misbehave: every fault is recorded as what it is, a column
that could not be read yields `unreachable` findings only, and readable oddities (broken
markup, a wrong charset, a flaky server) are read correctly."""

from __future__ import annotations

from datetime import date

import pytest
from crawling import check_and_findings, crawl, demo_config, query

from crawler.cms.base import Page
from crawler.config import CrawlSettings
from crawler.links import page_links
from crawler.plan import CrawlPlan, Site
from crawler.settings import EXTERNAL_SLOT
from crawler.spiders.columns import ColumnsSpider
from demo.faults import OFFSITE_PREFIX, DemoFault
from demo.truth import blocked_columns, truth
from monitor.config import load_config
from monitor.evaluate import carried_items, load_all_catalogs

FAULTED = ("qx-czj", "qx-rsj", "qx-hkz")  # soft 404, WAF 403, unreachable township


@pytest.fixture(scope="module")
def default_faults(demo_server, tmp_path_factory):
    config = demo_config(demo_server, tmp_path_factory.mktemp("faults"), FAULTED)
    summary = crawl(config)
    return config, summary, check_and_findings(config)


def list_outcomes(database, crawl_id) -> dict:
    rows = query(database, "select agency_id, column_id, outcome, status from fetches "
                 "where crawl_id = ? and kind = 'list'", crawl_id)  # fmt: skip
    return {(a, c): (outcome, status) for a, c, outcome, status in rows}


def test_soft404_waf_and_unreachable_are_recorded_as_such(default_faults):
    config, summary, _ = default_faults
    database = config.parent / "zwgk.db"
    outcomes = list_outcomes(database, summary["crawl_id"])
    assert outcomes[("qx-czj", "notices")] == ("soft404", 200)
    assert outcomes[("qx-rsj", "news")] == ("waf", 403)
    township = {value for (agency, _), value in outcomes.items() if agency == "qx-hkz"}
    assert township == {("unreachable", None)}
    states = dict(query(database, "select agency_id || '/' || column_id, outcome "
                        "from column_states where outcome != 'ok'"))  # fmt: skip
    assert states["qx-czj/notices"] == "soft404" and states["qx-rsj/news"] == "waf"
    home = query(database, "select outcome from fetches where kind = 'home' and agency_id = ?",
                 "qx-hkz")  # fmt: skip
    assert home == [("unreachable",)]
    assert (summary["soft404"], summary["waf"]) >= (1, 1) and summary["unreachable"] >= 7


def test_blocked_columns_yield_unreachable_findings_only(demo_server, default_faults):
    config_path, _, findings = default_faults
    config = load_config(config_path)
    catalogs = load_all_catalogs(config)
    blocked = blocked_columns(demo_server.county)
    items = {
        (agency.id, item)
        for agency in config.agencies
        for column in agency.columns
        if (agency.id, column.id) in blocked
        for item in carried_items(column, catalogs[agency.id])
    }
    statuses = {(row["agency_id"], row["item_id"]): row["status"] for row in findings}
    assert {statuses[key] for key in items if key in statuses} == {"unreachable"}
    expected = {(row["agency_id"], row["item_id"]) for row in truth(demo_server.county)
                if row["status"] == "unreachable" and row["agency_id"] in FAULTED}  # fmt: skip
    assert len(expected) >= 8 and expected <= items
    assert {statuses.get(key) for key in expected} == {"unreachable"}
    assert not [row for row in findings if row["status"] in ("missing", "blank", "stale")
                and row["agency_id"] in FAULTED]  # fmt: skip


RELIABILITY = {
    "news": ("malformed", 0.0),
    "notices": ("wrong_charset", 0.0),
    "org": ("flaky", 1.0),
    "policies": ("error500", 0.0),
    "finance": ("timeout", 3.0),
    "personnel": ("reset", 0.0),
    "enforcement": ("redirect_offsite", 0.0),
}


@pytest.fixture(scope="module")
def unreliable(demo_server, tmp_path_factory):
    """One crawl of 青溪县水利局 (TRS) with a different fault on most of its columns."""
    config = demo_config(demo_server, tmp_path_factory.mktemp("unreliable"), ["qx-slj"],
                         timeout=1.5, retries=1, retry_backoff=0.05)  # fmt: skip
    start = len(demo_server.log)
    injected = [demo_server.inject(DemoFault(f"{column}-{mode}", "qx-slj", column, mode, param))
                for column, (mode, param) in RELIABILITY.items()]  # fmt: skip
    no_head = DemoFault("no-head", "qx-slj", None, "no_head")
    injected.append(demo_server.inject(no_head, prefix="/qx-slj/lxwm/"))
    try:
        summary = crawl(config)
    finally:
        for prefix in injected:
            demo_server.faults.pop(prefix, None)
    return config.parent / "zwgk.db", summary, demo_server.log[start:]


def test_each_fault_is_named(demo_server, unreliable):
    database, summary, _ = unreliable
    states = dict(query(database, "select column_id, outcome from column_states "
                        "where crawl_id = ?", summary["crawl_id"]))  # fmt: skip
    others = {column.id: "ok" for column in demo_server.county.agency("qx-slj").columns}
    assert states == {
        **others, "news": "ok", "notices": "ok", "org": "ok", "annual_report": "ok",
        "policies": "http_error", "finance": "timeout", "personnel": "unreachable",
        "enforcement": "offsite_redirect",
    }  # fmt: skip


def test_readable_oddities_are_read_in_full(demo_server, unreliable):
    database, _, _ = unreliable
    agency = demo_server.county.agency("qx-slj")
    for column_id in ("news", "notices", "org"):
        rows = query(database, "select p.title, p.publish_date from listings l join "
                     "publications p using (url) where l.column_id = ?", column_id)  # fmt: skip
        expected = {(p.title, p.date.isoformat()) for p in agency.column(column_id).publications}
        assert set(rows) == expected, column_id


def test_offsite_redirects_are_not_followed(unreliable):
    database, _, log = unreliable
    assert not [path for _, path, _ in log if path.startswith(OFFSITE_PREFIX)]
    (error,) = query(database, "select error from fetches where outcome = 'offsite_redirect'")
    assert "localhost" in error[0]


def test_a_refused_head_is_retried_as_get(unreliable):
    database, _, log = unreliable
    contact = "/qx-slj/lxwm/index.html"
    assert [(m, s) for m, p, s in log if p == contact] == [("HEAD", 405), ("GET", 200)]
    rows = query(database, "select method, outcome, source_url from fetches "
                 "where kind = 'link' and url like ?", f"%{contact}")  # fmt: skip
    assert rows and rows[0][:2] == ("GET", "ok") and rows[0][2].startswith("http://")


def test_page_links_skip_scripts_anchors_and_duplicates():
    page = Page(
        "http://127.0.0.1/a/index.html",
        """<a href="javascript:void(0)">x</a>
        <a href="#top">top</a><a href="mailto:x@y.cn">m</a><a href="../b.html">b</a>
        <a href="/b.html#p">b again</a><a href="http://other.example.cn/">o</a>
        <a href="index.html">self</a>""",
    )
    assert page_links(page, 10) == ["http://127.0.0.1/b.html", "http://other.example.cn/"]
    assert page_links(page, 1) == ["http://127.0.0.1/b.html"]
    assert page_links(page, 0) == []


def test_links_off_the_sites_share_a_slow_slot():
    plan = CrawlPlan(date(2026, 11, 27), sites=[Site("a", "http://www.qx.gov.cn/")])
    spider = ColumnsSpider(CrawlSettings(), plan)
    assert spider.slot_meta("http://www.qx.gov.cn/x.html") == {}
    assert spider.slot_meta("http://mp.weixin.qq.com/s/1")["download_slot"] == EXTERNAL_SLOT
