"""Incremental crawls of the demo county: conditional requests, the early stop at known items,
detail pages read once, removed publications marked (only after a complete walk)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta

import pytest
from crawling import crawl, demo_config, query

from demo import urls
from demo.county import build_county

AGENCIES = ("qx-gov", "qx-mzj", "qx-slj")  # Hanweb, plain (GBK), TRS


@pytest.fixture(scope="module")
def recrawl(demo_server, tmp_path_factory):
    """Two crawls of the unchanged site; (config path, first summary, second summary)."""
    config = demo_config(demo_server, tmp_path_factory.mktemp("recrawl"), AGENCIES)
    first = crawl(config)
    start = len(demo_server.log)
    second = crawl(config, "2026-12-01")
    return config, first, second, demo_server.log[start:]


def columns_of(server, agencies=AGENCIES) -> list:
    return [(a, c) for a in server.county.agencies if a.id in agencies for c in a.columns]


def test_unchanged_site_costs_one_list_request_per_column(demo_server, recrawl):
    _, first, second, _ = recrawl
    columns = len(columns_of(demo_server))
    assert first["columns"] == second["columns"] == columns
    assert first["list_requests"] > columns and first["detail_requests"] > 0
    assert second["list_requests"] <= columns
    assert second["not_modified"] == columns and second["detail_requests"] == 0
    assert second["home_requests"] == len(AGENCIES)
    assert second["requests"] == (
        second["list_requests"] + second["home_requests"] + second["link_checks"]
    )
    assert (second["publications"], second["new_publications"]) == (first["publications"], 0)


def test_conditional_requests_are_answered_304(demo_server, recrawl):
    config, _, second, log = recrawl
    # the homepage column's page is the homepage, also fetched unconditionally as a visit
    column_paths = {urls.column_page(agency, column) for agency, column in columns_of(demo_server)
                    if column.id != "homepage"}  # fmt: skip
    answers = {status for method, path, status in log if path in column_paths and method == "GET"}
    assert answers == {304}
    rows = query(config.parent / "zwgk.db", "select status, outcome from fetches "
                 "where crawl_id = ? and kind = 'list'", second["crawl_id"])  # fmt: skip
    assert set(rows) == {(304, "not_modified")}


def test_unchanged_listings_stay_current_and_are_seen_again(recrawl):
    config, first, _, _ = recrawl
    db = config.parent / "zwgk.db"
    rows = query(db, "select url, first_seen, last_seen, removed_on from listings")
    assert len({row[0] for row in rows}) == first["publications"]  # the homepage lists news
    assert {row[1:] for row in rows} == {("2026-11-27", "2026-12-01", None)}


def test_detail_metadata_and_annual_report_content_are_stored(demo_server, recrawl):
    config, *_ = recrawl
    agency = demo_server.county.agency("qx-slj")
    column = agency.column("policies")
    pub = column.publications[0]
    url = demo_server.base_url + urls.article(agency, column, pub)
    (meta,) = query(config.parent / "zwgk.db", "select meta from publications where url = ?", url)
    meta = json.loads(meta[0])
    assert (meta["index_no"], meta["doc_no"], meta["publisher"]) == (
        pub.index_no, pub.doc_no, agency.name)  # fmt: skip
    assert (meta["created"], meta["published"]) == (pub.created.isoformat(), pub.date.isoformat())
    assert "content" not in meta
    reports = query(config.parent / "zwgk.db", "select p.meta from publications p join listings l "
                    "using (url) where l.column_id = 'annual_report'")  # fmt: skip
    contents = [json.loads(row[0])["content"] for row in reports]
    assert contents and all("<script" not in c and "年度报告" in c for c in contents)


def test_new_items_are_read_and_the_walk_stops_at_known_ones(demo_server, tmp_path):
    config = demo_config(demo_server, tmp_path, ["qx-mzj"])
    crawl(config)
    later = build_county(demo_server.county.as_of + timedelta(days=10))
    with demo_server.serving(later):
        summary = crawl(config, "2026-12-07")
        again = crawl(config, "2026-12-08")
    db = tmp_path / "zwgk.db"
    news = query(db, "select pages, stop_reason, complete from column_states "
                 "where crawl_id = ? and column_id = 'news'", summary["crawl_id"])  # fmt: skip
    assert news == [(2, "known", 0)]  # page 1 had new items, page 2 did not
    assert summary["new_publications"] > 0
    assert summary["detail_requests"] == summary["new_publications"]
    assert again["detail_requests"] == 0 and again["not_modified"] == again["columns"]


def without(county, agency_id: str, column_id: str, index: int):
    """The county with one publication of a column taken down."""
    agencies = []
    for agency in county.agencies:
        if agency.id == agency_id:
            columns = tuple(
                replace(c, publications=c.publications[:index] + c.publications[index + 1:])
                if c.id == column_id else c
                for c in agency.columns
            )  # fmt: skip
            agency = replace(agency, columns=columns)
        agencies.append(agency)
    return replace(county, agencies=tuple(agencies))


def test_removed_publications_are_marked_after_a_complete_walk_only(demo_server, tmp_path):
    county = demo_server.county
    agency = county.agency("qx-mzj")
    gone = {column_id: agency.column(column_id).publications[1] for column_id in ("news", "org")}
    gone_urls = {c: demo_server.base_url + urls.article(agency, agency.column(c), p)
                 for c, p in gone.items()}  # fmt: skip
    taken_down = without(without(county, "qx-mzj", "news", 1), "qx-mzj", "org", 1)
    incremental = demo_config(demo_server, tmp_path / "incremental", ["qx-mzj"])
    full = demo_config(demo_server, tmp_path / "full", ["qx-mzj"], full_crawl_days=0)
    for config in (incremental, full):
        crawl(config)
        with demo_server.serving(taken_down):
            crawl(config, "2026-11-28")

    def removed(config) -> dict:
        rows = query(
            config.parent / "zwgk.db",
            "select url, removed_on from publications where removed_on is not null",
        )
        return dict(rows)  # fmt: skip

    # news spans pages: the incremental walk stops early, so nothing is concluded from it;
    # org fits on one page, walked completely either way
    assert removed(incremental) == {gone_urls["org"]: "2026-11-28"}
    assert removed(full) == {url: "2026-11-28" for url in gone_urls.values()}
    listings = query(full.parent / "zwgk.db", "select count(*) from listings "
                     "where removed_on = '2026-11-28' and column_id != 'homepage'")  # fmt: skip
    assert listings == [(2,)]
    crawl(full, "2026-11-29")  # back online: restored
    assert removed(full) == {}


def test_county_later_is_served_with_new_validators(demo_server):
    later = build_county(date(2026, 12, 7))
    with demo_server.serving(later):
        assert demo_server.last_modified.startswith("Mon, 07 Dec 2026")
    assert demo_server.county.as_of == date(2026, 11, 27)
