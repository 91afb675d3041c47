"""Hanweb/大汉 list parser: the real Dingxi fragment and pages in the demo markup contract."""

from __future__ import annotations

import json
from datetime import date
from urllib.parse import parse_qs, urljoin

import pytest
from county import WEBNAME, articles, hanweb_column, hanweb_proxy_answer, response, shown

from crawler.cms.base import NextRequest, Page, detect
from crawler.cms.hanweb import HanwebListParser
from crawler.cms.plain import PlainListParser
from crawler.config import CrawlSettings
from crawler.plan import CrawlPlan
from crawler.spiders.columns import ColumnsSpider, page_from_response

DINGXI_URL = "http://zwgk.dingxi.gov.cn/col/col12377/index.html"
DINGXI = "list_dingxi_hanweb_jpage_xml"
SITE, COLID = "qx-gov", 1001
COLUMN_URL = f"http://127.0.0.1:8000/{SITE}/col/col{COLID}/index.html"
PROXY = f"http://127.0.0.1:8000/{SITE}/module/web/jpage/dataproxy.jsp"
FORM = (
    ("col", "1"),
    ("appid", "1"),
    ("webid", "3"),
    ("path", "/"),
    ("columnid", str(COLID)),
    ("unitid", "77"),
    ("webname", "青溪县人民政府"),
    ("permissiontype", "0"),
)


@pytest.fixture(scope="module")
def dingxi(corpus):
    text = (corpus / "pages" / f"{DINGXI}.html").read_text(encoding="utf-8")
    truth = json.loads((corpus / "truth" / f"{DINGXI}.json").read_text(encoding="utf-8"))
    return Page(DINGXI_URL, text), truth


def post_body(nxt: NextRequest) -> str:
    """The form body the spider sends for `nxt`."""
    spider = ColumnsSpider(CrawlSettings(), CrawlPlan(date(2026, 11, 27)))
    spider.requested[("a", "c")] = set()
    return spider.request(("a", "c"), nxt).body.decode("ascii")


def column_page(total: int) -> tuple[Page, list]:
    arts = articles(total, date(2026, 11, 20), 9000)
    return Page(COLUMN_URL, hanweb_column(SITE, COLID, arts)), arts


def test_dingxi_is_detected_as_hanweb(dingxi):
    page, _ = dingxi
    assert isinstance(detect(page), HanwebListParser)


def test_dingxi_titles_dates_hrefs_match_truth(dingxi):
    page, truth = dingxi
    items = HanwebListParser().parse(page).items
    got = [(e.title, e.date.isoformat(), e.href) for e in items]
    want = [(t["title"], t["date"], urljoin(DINGXI_URL, t["href"])) for t in truth["items"]]
    assert len(got) == 45
    assert got == want


def test_dingxi_next_group_is_one_post_with_the_nextgroup_fields(dingxi):
    page, _ = dingxi
    (nxt,) = HanwebListParser().parse(page).next
    assert nxt.url == (
        "http://zwgk.dingxi.gov.cn/module/web/jpage/dataproxy.jsp"
        "?startrecord=46&endrecord=90&perpage=15"
    )
    assert nxt.method == "POST"
    assert [name for name, _ in nxt.formdata] == [
        "col", "appid", "webid", "path", "columnid", "unitid", "webname", "permissiontype"
    ]  # fmt: skip
    assert dict(nxt.formdata)["columnid"] == "12377"


def test_dingxi_double_encoded_webname_is_sent_as_given(dingxi):
    page, _ = dingxi
    (nxt,) = HanwebListParser().parse(page).next
    body = post_body(nxt)
    assert "webname=%25E5%25AE%259A%25E8%25A5%25BF" in body
    assert body.count("appid=") == 1 and "page=" not in body


def test_contract_column_page_items_skip_nav_and_use_full_titles():
    page, arts = column_page(50)
    listing = HanwebListParser().parse(page)
    assert len(listing.items) == 45
    first, second = listing.items[:2]
    assert first.href == f"http://127.0.0.1:8000/{SITE}/art/2026/11/20/art_{COLID}_9000.html"
    assert first.date == date(2026, 11, 20) and first.date_text == "2026-11-20"
    assert shown(arts[1].title).endswith("...")
    assert second.title == arts[1].title
    assert [e.title for e in listing.items] == [a.title for a in arts[:45]]


def test_contract_next_groups_until_total():
    listing = HanwebListParser().parse(column_page(50)[0])
    assert listing.next == [
        NextRequest(f"{PROXY}?startrecord=46&endrecord=50&perpage=15", "POST", FORM, 2)
    ]
    listing = HanwebListParser().parse(column_page(100)[0])
    assert [n.url for n in listing.next] == [
        f"{PROXY}?startrecord=46&endrecord=90&perpage=15",
        f"{PROXY}?startrecord=91&endrecord=100&perpage=15",
    ]


def test_contract_column_with_one_group_has_no_next():
    listing = HanwebListParser().parse(column_page(45)[0])
    assert len(listing.items) == 45 and listing.next == []


def test_empty_column_is_recognised_with_no_items():
    page, _ = column_page(0)
    assert isinstance(detect(page), HanwebListParser)
    listing = HanwebListParser().parse(page)
    assert listing.items == [] and listing.next == []


def test_dataproxy_answer_as_the_spider_decodes_it():
    arts = articles(50, date(2026, 11, 20), 9000)
    url = f"{PROXY}?startrecord=46&endrecord=50&perpage=15"
    body = hanweb_proxy_answer(SITE, COLID, arts, 46, 50).encode("utf-8")
    page = page_from_response(response(url, body, "text/xml; charset=UTF-8"))
    assert isinstance(detect(page), HanwebListParser)
    listing = HanwebListParser().parse(page)
    assert [e.title for e in listing.items] == [a.title for a in arts[45:]]
    assert listing.next == []


def test_contract_webname_goes_on_the_wire_as_the_link_gives_it():
    (nxt,) = HanwebListParser().parse(column_page(50)[0]).next
    body = post_body(nxt)
    assert f"webname={WEBNAME}&" in body
    assert parse_qs(body)["columnid"] == [str(COLID)]


def test_plain_parser_does_not_claim_hanweb_pages(dingxi):
    assert not PlainListParser.detect(dingxi[0])
    assert not PlainListParser.detect(column_page(50)[0])
