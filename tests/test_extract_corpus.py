"""`extract()` on every labelled corpus list page and homepage, scored as the bench scores it:
every page at F1 ≥ 0.95 (title, date and address), the corpus at ≥ 0.99 counting all items and
counting dated items only, and each page's next page the one its truth names."""

from __future__ import annotations

import json
from datetime import date

import pytest

from crawler.accuracy import (
    CORPUS,
    VIEWS,
    corpus_available,
    expected_for,
    next_matches,
    score_page,
    scored_pages,
    total,
)
from crawler.cms.base import ListEntry, ListPage, NextRequest, Page
from crawler.cms.select import UnknownParserError
from crawler.extract import extract, extract_to_json, load_page

needs_corpus = pytest.mark.skipif(
    not corpus_available(), reason=f"real-page corpus not found at {CORPUS}"
)
PAGES = [e.name for e in scored_pages()] if corpus_available() else []
MIN_PAGE_F1 = 0.95
MIN_OVERALL_F1 = 0.99


def run(name: str) -> tuple:
    expected = expected_for(name)
    return expected, extract(load_page(expected.path, url=expected.url))


@needs_corpus
@pytest.mark.parametrize("name", PAGES)
def test_page_f1(name):
    expected, listpage = run(name)
    score = score_page(expected, listpage)
    assert score.f1 >= MIN_PAGE_F1, (name, score)


@needs_corpus
@pytest.mark.parametrize("view", VIEWS)
def test_overall_f1(view):
    scores = [score_page(*run(name), view=view) for name in PAGES]
    assert len(scores) >= 10
    assert total(scores).f1 >= MIN_OVERALL_F1, view


@needs_corpus
def test_every_next_page_is_the_one_the_truth_names():
    wrong = [name for name in PAGES if next_matches(*run(name)) is False]
    assert not wrong


@needs_corpus
def test_scoring_counts_title_date_and_url():
    expected = expected_for("list_ordos_egb_xxgknb_trs_table")
    good = extract(load_page(expected.path, url=expected.url))
    assert score_page(expected, good).f1 == 1.0
    first = good.items[0]
    wrong_date = ListEntry(first.title, first.href, date(2000, 1, 1))
    relative = ListEntry(first.title + "　", "./202009/t20200903_2748784.html", first.date)
    score = score_page(expected, ListPage("x", [wrong_date, relative]))
    assert (score.hits, score.extra, score.missed) == (1, 1, 9)  # whitespace/relative URL ok
    assert score_page(expected, ListPage("x")).f1 == 0.0


@needs_corpus
def test_uncertain_items_are_neither_credit_nor_blame():
    expected = expected_for("home_bjrbj")
    unsure = "./bmfw/ywml/201601/t20160112_55858.html"  # 业务名录, marked uncertain
    extra = ListEntry("历年北京市职工年平均工资", expected.url + unsure[2:], None)
    assert score_page(expected, ListPage("x", [extra])).extra == 0
    overview = expected_for("list_pingtan_ggqsydw_overview_multidate")
    assert overview.items == frozenset()
    hidden = ListEntry("东庠卫生院", overview.url + "javascript:void(0);", None)
    assert score_page(overview, ListPage("x", [hidden])).f1 == 0.0


@needs_corpus
def test_gbk_copy_extracts_like_the_utf8_page():
    utf8, from_utf8 = run("home_bjrbj")
    gbk, from_gbk = run("home_bjrbj.gbk")
    assert from_gbk.items == from_utf8.items and len(from_gbk.items) > 60


@needs_corpus
def test_json_shape_and_hints():
    expected = expected_for("list_ordos_egb_xxgknb_trs_table")
    page = load_page(expected.path, url=expected.url)
    data = json.loads(json.dumps(extract_to_json(extract(page))))
    assert data["parser"] == "trs"
    assert data["items"][0] == {
        "title": "鄂尔多斯市2019年政府信息公开工作年度报告",
        "date": "2020-09-03",
        "href": expected.url + "202009/t20200903_2748784.html",
    }
    assert data["next"] == [{"url": expected.url + "index_1.html", "method": "GET", "formdata": {}}]
    assert extract(page, hint="generic").parser == "generic"
    with pytest.raises(UnknownParserError):
        extract(page, hint="no-such-cms")


def test_post_requests_carry_their_form_in_json():
    listpage = ListPage("x", next=[NextRequest("http://a/", "POST", (("page", "2"),))])
    assert extract_to_json(listpage)["next"] == [
        {"url": "http://a/", "method": "POST", "formdata": {"page": "2"}}
    ]


def test_load_page_from_bytes_and_file_url(tmp_path):
    html = '<meta charset="gbk"><p>青溪县人民政府</p>'
    page = load_page(html.encode("gbk"), url="http://qx.gov.cn/")
    assert page == Page("http://qx.gov.cn/", html)
    saved = tmp_path / "list.html"
    saved.write_bytes(html.encode("gbk"))
    assert load_page(saved).url.startswith("file://")


def test_load_page_over_http_reads_the_header_charset():
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    body = '<meta charset="utf-8"><p>青溪县人民政府</p>'.encode("gbk")  # the meta lies

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=GBK")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/list/index.html"
        page = load_page(url)
    finally:
        server.shutdown()
        server.server_close()
    assert page.url == url and "青溪县人民政府" in page.text
