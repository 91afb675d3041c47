"""`zwgk crawl` end to end against a tiny two-agency county served on 127.0.0.1.

The crawl runs in a child process (Twisted's reactor runs once per process), twice: the
second crawl, a week later, must find nothing new, duplicate nothing, and stop each walk at
its first page (whose items are all known). This server sends no ETag, so no request is
conditional. Detail pages and link checks are left to the demo-county tests.
"""

from __future__ import annotations

import json
import logging
import socket
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml
from county import (
    CountyServer,
    articles,
    hanweb_column,
    hanweb_href,
    hanweb_proxy_answer,
    plain_page,
)
from scrapy import Request
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
)
from twisted.internet.error import ConnectionLost, TCPTimedOutError
from twisted.python.failure import Failure

from crawler.faults import classify
from crawler.run import quiet_logs
from monitor.store import Store

REPO = Path(__file__).parents[1]
HANWEB = articles(50, date(2026, 11, 20), 9000)
POLICIES = articles(25, date(2026, 11, 18), 880)
ENFORCEMENT = articles(3, date(2026, 10, 9), 700)
FIRST, SECOND = "2026-11-23", "2026-11-30"
HTML = "text/html; charset=utf-8"


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve_county(server: CountyServer) -> None:
    gov, fgj = "/qx-gov", "/qx-fgj"
    routes = {
        "/robots.txt": ("text/plain", b"User-agent: *\nAllow: /\n"),
        f"{gov}/col/col1001/index.html": (HTML, hanweb_column("qx-gov", 1001, HANWEB).encode()),
        f"{fgj}/zcwj/index.html": ("text/html", plain_page(POLICIES, 1).encode("gbk")),
        f"{fgj}/zcwj/index_2.html": ("text/html", plain_page(POLICIES, 2).encode("gbk")),
        f"{fgj}/xzzf/index.html": ("text/html", plain_page(ENFORCEMENT, table=True).encode("gbk")),
        f"{fgj}/kong/index.html": ("text/html", plain_page([]).encode("gbk")),
        f"{fgj}/broken/index.html": 500,
        f"{fgj}/soft/index.html": (HTML, "<html><body><h1>栏目建设中</h1></body></html>".encode()),
    }
    server.routes.update(routes)
    server.proxies[f"{gov}/module/web/jpage/dataproxy.jsp"] = lambda start, end: (
        hanweb_proxy_answer("qx-gov", 1001, HANWEB, start, end)
    )


def county_config(base: str, database: Path) -> dict:
    def column(cid, path, **extra):
        return {"id": cid, "name": cid, "url": f"{base}{path}", **extra}

    return {
        "region": "青溪县",
        "database": str(database),
        "crawl": {"download_delay": 0, "autothrottle": False, "retries": 1, "timeout": 5,
                  "retry_backoff": 0.05, "detail_pages": False, "check_links": False,
                  "allow_private": ["127.0.0.1"]},
        "agencies": [
            {"id": "qx-gov", "name": "青溪县人民政府", "kind": "county", "catalog": "county",
             "columns": [
                 column("tzgg", "/qx-gov/col/col1001/index.html"),
                 {"id": "down", "name": "down",
                  "url": f"http://127.0.0.1:{closed_port()}/qx-gov/index.html"},
             ]},
            {"id": "qx-fgj", "name": "青溪县发展和改革局", "kind": "department",
             "catalog": "department",
             "columns": [
                 column("zcwj", "/qx-fgj/zcwj/index.html"),
                 column("zcwj-top", "/qx-fgj/zcwj/index.html", max_pages=1),
                 column("xzzf", "/qx-fgj/xzzf/index.html", cms="plain"),
                 column("kong", "/qx-fgj/kong/index.html"),
                 column("broken", "/qx-fgj/broken/index.html"),
                 column("soft", "/qx-fgj/soft/index.html"),
             ]},
        ],
    }  # fmt: skip


def zwgk_crawl(config: Path, as_of: str) -> dict:
    command = [sys.executable, "-m", "monitor.cli", "crawl", "--config", str(config)]
    done = subprocess.run(
        [*command, "--as-of", as_of], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    """Both crawls of the county; yields (server, summaries, store)."""
    tmp = tmp_path_factory.mktemp("county")
    with CountyServer() as server:
        serve_county(server)
        config = tmp / "zwgk.yaml"
        config.write_text(yaml.safe_dump(county_config(server.base, tmp / "zwgk.db")))
        summaries = [zwgk_crawl(config, FIRST), zwgk_crawl(config, SECOND)]
        store = Store(tmp / "zwgk.db")
        yield server, summaries, store
        store.close()


def test_summary_counts(county):
    _, (first, second), _ = county
    assert first["as_of"] == FIRST and second["as_of"] == SECOND
    assert (first["columns"], first["columns_ok"], first["columns_failed"]) == (8, 5, 3)
    assert (first["publications"], first["new_publications"]) == (78, 78)
    # seen again: tzgg's first 45 and zcwj's first 20 (their walks stop there), xzzf's 3
    assert (second["publications"], second["new_publications"]) == (68, 0)
    assert (first["requests"], second["requests"]) == (10, 8)
    assert first["list_requests"] == first["requests"] and second["detail_requests"] == 0
    assert (first["columns_complete"], second["columns_complete"]) == (4, 2)
    assert second["crawl_id"] == first["crawl_id"] + 1


def test_column_states(county):
    _, (_, second), store = county
    states = {k[1]: s for k, s in store.latest_column_states().items()}
    assert states["tzgg"].crawl_id == second["crawl_id"]
    got = {cid: (s.outcome, s.pages, s.items, s.stop_reason) for cid, s in states.items()}
    assert got == {
        "tzgg": ("ok", 1, 45, "known"),
        "down": ("unreachable", 0, 0, None),
        "zcwj": ("ok", 1, 20, "known"),
        "zcwj-top": ("ok", 1, 20, "known"),
        "xzzf": ("ok", 1, 3, None),
        "kong": ("ok", 1, 0, None),
        "broken": ("http_error", 0, 0, None),
        "soft": ("unparsed", 0, 0, None),
    }
    assert "HTTP 500" in states["broken"].error
    assert states["tzgg"].error is None


def test_hanweb_publications_with_full_titles_and_dates(county):
    server, _, store = county
    rows = store.column_publications("qx-gov", "tzgg")
    assert len(rows) == 50
    by_url = {row.url: row for row in rows}
    for art, last_seen in ((HANWEB[0], SECOND), (HANWEB[1], SECOND), (HANWEB[49], FIRST)):
        row = by_url[server.base + hanweb_href("qx-gov", 1001, art)]
        assert (row.title, row.publish_date) == (art.title, art.day.isoformat())
        assert (row.first_seen, row.last_seen) == (FIRST, last_seen)
        assert row.removed_on is None  # not seen in a walk that stopped early: still listed


def test_dataproxy_post_carries_the_nextgroup_fields(county):
    server, _, _ = county
    paths = {path for path, _ in server.posts}
    assert paths == {
        "/qx-gov/module/web/jpage/dataproxy.jsp?startrecord=46&endrecord=50&perpage=15"
    }
    form = server.posts[0][1]
    assert form["columnid"] == ["1001"] and form["webname"] == ["青溪县人民政府"]


def test_plain_publications_decoded_from_gbk(county):
    server, _, store = county
    rows = store.column_publications("qx-fgj", "zcwj")
    assert sorted(r.title for r in rows) == sorted(a.title for a in POLICIES)
    art = POLICIES[24]
    url = f"{server.base}/qx-fgj/zcwj/{art.day:%Y%m}/t{art.day:%Y%m%d}_{art.art_id}.html"
    assert url in {r.url for r in rows}
    table = store.column_publications("qx-fgj", "xzzf")
    assert [(r.title, r.publish_date) for r in table] == [
        (a.title, a.day.isoformat()) for a in ENFORCEMENT
    ]


def test_every_fetch_is_recorded(county):
    _, (first, _), store = county
    fetches = store.fetches(first["crawl_id"])
    by_column = {}
    for fetch in fetches:
        by_column.setdefault(fetch.column_id, []).append(fetch)
    post = [f for f in by_column["tzgg"] if f.method == "POST"]
    assert len(post) == 1 and post[0].status == 200 and post[0].items == 5
    assert post[0].parser == "hanweb" and post[0].kind == "list"
    (down,) = by_column["down"]
    assert (down.outcome, down.status) == ("unreachable", None)
    (broken,) = by_column["broken"]
    assert (broken.outcome, broken.status) == ("http_error", 500)
    (soft,) = by_column["soft"]
    assert (soft.outcome, soft.status, soft.parser) == ("unparsed", 200, None)
    assert all(f.elapsed_ms is not None and f.fetched_at for f in fetches)


def test_first_crawl_walks_every_page_and_honours_max_pages(county):
    _, (first, _), store = county
    rows = store.db.execute(
        "select column_id, pages, complete, stop_reason from column_states where crawl_id = ?",
        [first["crawl_id"]],
    ).fetchall()
    got = {column: (pages, complete, stop) for column, pages, complete, stop in rows}
    assert got["tzgg"] == (2, 1, None) and got["zcwj"] == (2, 1, None)
    assert got["zcwj-top"] == (1, 0, "max_pages")


def test_second_crawl_duplicates_nothing(county):
    _, _, store = county
    assert store.publication_count() == 78
    listings = store.db.execute("select count(*) from listings").fetchone()[0]
    assert listings == 78 + 20  # zcwj-top lists the first 20 of zcwj again


@pytest.mark.parametrize(
    ("error", "outcome"),
    [
        (DownloadTimeoutError("took longer than 5 seconds"), "timeout"),
        (TCPTimedOutError(), "timeout"),
        (DownloadConnectionRefusedError("refused"), "unreachable"),
        (CannotResolveHostError("no such host"), "unreachable"),
        (ConnectionLost("reset by peer"), "unreachable"),
        (DownloadFailedError("reset"), "unreachable"),
        (ValueError("odd"), "error"),
    ],
)
def test_failures_are_named(error, outcome):
    failure = Failure(error)
    failure.request = Request("http://127.0.0.1/x", meta={"retry_times": 2})
    named, status, text = classify(failure)
    assert (named, status) == (outcome, None)
    assert text.endswith("(3 attempts)")


def test_scrapy_per_item_messages_are_not_made_below_the_crawl_log_level():
    scrapy_logger, root = logging.getLogger("scrapy"), logging.getLogger()
    saved, saved_root = scrapy_logger.level, root.level
    root.setLevel(logging.DEBUG)  # as Scrapy leaves it: its handler filters, not the loggers
    try:
        quiet_logs("WARNING")
        assert not logging.getLogger("scrapy.core.scraper").isEnabledFor(logging.DEBUG)
        assert logging.getLogger("scrapy.core.engine").isEnabledFor(logging.WARNING)
        quiet_logs("DEBUG")
        assert logging.getLogger("scrapy.core.scraper").isEnabledFor(logging.DEBUG)
    finally:
        scrapy_logger.setLevel(saved)
        root.setLevel(saved_root)
