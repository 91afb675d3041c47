"""Size limits: an answer over `crawl.max_page_bytes` (declared, streamed or a decompression
bomb) is `too_large` and never parsed; and no pager names more following pages than the
column's `max_pages` allows, whatever count the page declares."""

from __future__ import annotations

import gzip
import time
from datetime import date

import pytest
from county import CountyServer, articles, hanweb_column, hanweb_proxy_answer
from crawling import crawl, query
from test_crawl_guard import AS_OF, Site, agency, plain_list, write_config

from crawler.cms.avalon import AvalonListParser
from crawler.cms.base import MAX_NEXT, Page
from crawler.cms.etui import EtuiListParser
from crawler.cms.generic import GenericListParser
from crawler.cms.hanweb import HanwebListParser
from crawler.cms.plain import PlainListParser
from crawler.cms.trs import TrsListParser

LIMIT = 50_000
HUGE = 100_000_000
ARTS = articles(50, date(2026, 11, 20), 9000)


def big_list(size: int) -> bytes:
    rows = [("青溪县关于开展安全检查的通知", f"/doc{n}.html") for n in range(size // 100)]
    return plain_list(rows)[2]


def streamed(handler) -> None:
    """HTTP/1.0 without Content-Length: the body ends when the server closes."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html; charset=utf-8")
    handler.end_headers()
    for _ in range(40):
        try:
            handler.wfile.write(b"<p>" + b"x" * 10_000 + b"</p>")
        except (BrokenPipeError, ConnectionResetError):
            return


@pytest.fixture(scope="module")
def oversized(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("limits")
    bomb = gzip.compress(b" " * 5_000_000)
    with Site("127.0.0.1") as site:
        site.pages.update({
            "/declared.html": (200, {}, big_list(4 * LIMIT)),
            "/streamed.html": streamed,
            "/bomb.html": (200, {"Content-Encoding": "gzip"}, bomb),
            "/small.html": plain_list([("青溪县关于做好防汛工作的通知", "/huge.html")]),
            "/huge.html": (200, {}, big_list(2 * LIMIT)),
        })  # fmt: skip
        columns = {name: site.url(f"/{name}.html") for name in
                   ("declared", "streamed", "bomb", "small")}  # fmt: skip
        config = write_config(tmp, [agency("qx-gov", None, columns)], max_page_bytes=LIMIT,
                              check_links=False, allow_private=["127.0.0.1"])  # fmt: skip
        summary = crawl(config, AS_OF)
    assert len(bomb) < LIMIT
    return tmp / "zwgk.db", summary


def test_answers_over_the_limit_are_too_large_and_not_parsed(oversized):
    database, summary = oversized
    states = dict(query(database, "select column_id, outcome from column_states"))
    assert states == {"declared": "too_large", "streamed": "too_large", "bomb": "too_large",
                      "small": "ok"}  # fmt: skip
    rows = query(database, "select parser, items, error from fetches where outcome = 'too_large'")
    assert len(rows) == 4 and all(parser is None and items == 0 for parser, items, _ in rows)
    assert all(error.startswith("larger than crawl.max_page_bytes") for *_, error in rows)
    assert summary["too_large"] == 4
    listed = query(database, "select count(*) from listings where column_id != 'small'")
    assert listed == [(0,)]


def test_a_detail_page_too_large_is_not_fetched_again(oversized):
    database, _ = oversized
    (meta,) = query(database, "select meta from publications where url like '%/huge.html'")
    assert '"detail_outcome": "too_large"' in meta[0]


# --- pagers ----------------------------------------------------------------------------------


def hanweb_page(total: int) -> Page:
    text = hanweb_column("qx-gov", 1001, ARTS).replace("totalRecord: 50,", f"totalRecord: {total},")
    return Page("http://127.0.0.1:8000/qx-gov/col/col1001/index.html", text)


def test_hanweb_declaring_1e8_records_parses_at_once_and_names_few_pages():
    started = time.perf_counter()
    listing = HanwebListParser().parse(hanweb_page(HUGE), max_next=5)
    assert time.perf_counter() - started < 0.5
    assert len(listing.items) == 45 and len(listing.next) == 5
    assert listing.next[-1].url.endswith("startrecord=226&endrecord=270&perpage=15")
    assert len(HanwebListParser().parse(hanweb_page(HUGE)).next) == MAX_NEXT
    assert HanwebListParser().parse(hanweb_page(HUGE), max_next=0).next == []


TRS = """<ul><li><a href="./202601/t20260105_11.html">关于做好春节期间安全工作的通知</a>
<span>2026-01-05</span></li></ul><script>createPageHTML({n}, 0, "index", "html");</script>"""
ETUI = """<ul class="uli16"><li><a href="a.html" title="关于做好春节期间安全工作的通知">关于</a>
<span class="time">2026-01-05</span></li></ul>
<script>$(".pagination").pagination({{ totalPage: {n}, callBack: 1 }});</script>"""
AVALON = """<div ms-visible="$showStatic(1)"><ul><li><a href="./202601/t20260105_1.htm">
关于做好春节期间安全工作的通知</a><span class="bf-pass">2026-01-05</span></li></ul></div>
<script>var pageChnlInfo = {{quickMode:"动静结合", maxStaticIndex:5, recordCount:'{n}',
prepage:15}}; listModel({{listArgs: {{channelid: 1, classsql: "chnlid=9"}}}});</script>"""
PLAIN = """<div class="list"><ul><li><a href="a.html">关于做好春节期间安全工作的通知</a>
<span class="date">2026-01-05</span></li></ul></div>
<div class="page">共{n}条 第1/{n}页 <a href="index_2.html">下一页</a></div>"""
GENERIC = "<ul>" + "".join(
    f'<li><a href="/art/{i}.html">关于做好春节期间安全工作的第{i}号通知</a><span>2026-01-0{i}</span></li>'
    for i in range(1, 6)
) + '</ul><div>第1/{n}页 <a href="index_2.html">下一页</a></div>'  # fmt: skip


@pytest.mark.parametrize(
    ("parser", "template", "count"),
    [(TrsListParser, TRS, HUGE), (EtuiListParser, ETUI, HUGE), (AvalonListParser, AVALON, HUGE),
     (AvalonListParser, AVALON, 10**400), (PlainListParser, PLAIN, HUGE),
     (GenericListParser, GENERIC, HUGE)],
)  # fmt: skip
def test_other_pagers_name_one_page_at_most_whatever_they_declare(parser, template, count):
    page = Page("http://qx.gov.cn/xxgk/index.html", template.format(n=count))
    assert parser.detect(page)
    assert len(parser().parse(page).next) == 1
    assert parser().parse(page, max_next=0).next == []


def test_a_crawl_of_a_column_declaring_1e8_records_stops_at_max_pages(tmp_path):
    with CountyServer() as server:
        server.routes["/qx-gov/col/col1001/index.html"] = (
            "text/html; charset=utf-8", hanweb_page(HUGE).text.encode())  # fmt: skip
        server.proxies["/qx-gov/module/web/jpage/dataproxy.jsp"] = lambda start, end: (
            hanweb_proxy_answer("qx-gov", 1001, ARTS, start, end))  # fmt: skip
        column = {"id": "tzgg", "name": "通知公告", "max_pages": 3,
                  "url": f"{server.base}/qx-gov/col/col1001/index.html"}  # fmt: skip
        config = write_config(tmp_path, [{**agency("qx-gov", None, {}), "columns": [column]}],
                              detail_pages=False, check_links=False,
                              allow_private=["127.0.0.1"])  # fmt: skip
        started = time.monotonic()
        summary = crawl(config, AS_OF)
        assert time.monotonic() - started < 30
        posts = [path for path, _ in server.posts]
    assert len(posts) == 2 and summary["list_requests"] == 3
    state = query(tmp_path / "zwgk.db", "select pages, complete, stop_reason from column_states")
    assert state == [(3, 0, "max_pages")]
