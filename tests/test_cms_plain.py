"""Plain GBK list parser: both layouts of the contract, paging, empty columns, no false claims."""

from __future__ import annotations

from datetime import date

import pytest
from county import articles, plain_page, response

from crawler.cms.base import NextRequest, Page, detect
from crawler.cms.plain import PlainListParser
from crawler.cms.select import UnknownParserError, UnrecognisedPageError, select_parser
from crawler.spiders.common import page_from_response

BASE = "http://127.0.0.1:8000/qx-fgj/zcwj/"
ARTS = articles(25, date(2026, 11, 20), 880)


def gbk_page(text: str, url: str = BASE + "index.html") -> Page:
    """Decoded as the spider decodes it: GBK bytes, `Content-Type: text/html`, meta gb2312."""
    return page_from_response(response(url, text.encode("gbk"), "text/html"))


def test_gbk_list_page_decodes_and_parses():
    page = gbk_page(plain_page(ARTS, 1))
    assert isinstance(detect(page), PlainListParser)
    items = PlainListParser().parse(page).items
    assert [e.title for e in items] == [a.title for a in ARTS[:20]]
    assert items[0].href == BASE + "202611/t20261120_880.html"
    assert items[0].date == date(2026, 11, 20) and items[0].date_text == "2026-11-20"


def test_gbk_page_misdeclared_as_utf8_in_the_header_still_decodes():
    body = plain_page(ARTS, 1).encode("gbk")
    page = page_from_response(response(BASE + "index.html", body, "text/html; charset=utf-8"))
    assert PlainListParser().parse(page).items[0].title == ARTS[0].title


def test_nav_and_footer_links_are_not_items():
    items = PlainListParser().parse(gbk_page(plain_page(ARTS, 1))).items
    hrefs = {e.href for e in items}
    assert len(items) == 20
    assert not any("about" in h or "sitemap" in h or "index" in h for h in hrefs)


def test_next_page_from_the_xiayiye_link():
    listing = PlainListParser().parse(gbk_page(plain_page(ARTS, 1)))
    assert listing.next == [NextRequest(BASE + "index_2.html", page_number=2)]


def test_last_page_has_no_next():
    page = gbk_page(plain_page(ARTS, 2), BASE + "index_2.html")
    listing = PlainListParser().parse(page)
    assert [e.title for e in listing.items] == [a.title for a in ARTS[20:]]
    assert listing.next == []


def test_disclosure_table_takes_the_name_link_and_generation_date():
    page = gbk_page(plain_page(ARTS[:3], table=True))
    assert isinstance(detect(page), PlainListParser)
    listing = PlainListParser().parse(page)
    assert [(e.title, e.date) for e in listing.items] == [(a.title, a.day) for a in ARTS[:3]]
    assert listing.items[2].href == BASE + "202611/t20261118_878.html"
    assert listing.next == []


def test_empty_column_is_recognised_with_zero_items():
    for table in (False, True):
        page = gbk_page(plain_page([], table=table))
        assert isinstance(detect(page), PlainListParser), table
        listing = PlainListParser().parse(page)
        assert listing.items == [] and listing.next == []


def test_unrelated_page_is_not_claimed():
    page = gbk_page("<html><body><h1>页面不存在</h1><a href='/'>返回首页</a></body></html>")
    assert detect(page) is None


def test_a_cms_hint_is_checked_against_the_page():
    page = gbk_page(plain_page(ARTS, 1))
    assert isinstance(select_parser(page, "plain"), PlainListParser)
    with pytest.raises(UnrecognisedPageError, match="^the page is not a 'hanweb' list page$"):
        select_parser(page, "hanweb")
    with pytest.raises(UnknownParserError, match="^unknown cms 'trs-classic'"):
        select_parser(page, "trs-classic")


def test_no_real_corpus_page_is_claimed(corpus):
    for path in sorted((corpus / "pages").glob("*.html")):
        encoding = "gbk" if path.name.endswith(".gbk.html") else "utf-8"
        page = Page("http://example.gov.cn/col/index.html", path.read_bytes().decode(encoding))
        assert not PlainListParser.detect(page), path.name


def test_disclosure_table_nested_in_a_layout_table():
    html = (
        '<html><body><table class="mag1"><tr><td>当前位置：首页</td></tr><tr><td>'
        '<table class="xxgk-list"><tr><th>索引号</th><th>名称</th><th>生成日期</th><th>文号</th></tr>'
        '<tr><td>1133/2026-00031</td><td><a href="./202611/t20261120_88.html">关于印发某某办法的通知'
        "</a></td><td>2026-11-20</td><td>青发改〔2026〕12号</td></tr></table></td></tr></table>"
        '<div class="page">共1条 第1/1页 <a href="index.html">首页</a></div></body></html>'
    )
    page = Page("http://x/a/policies/index.html", html)
    [item] = PlainListParser().parse(page).items
    assert (item.title, item.date.isoformat()) == ("关于印发某某办法的通知", "2026-11-20")
    assert item.href == "http://x/a/policies/202611/t20261120_88.html"
