"""Detail-page metadata on real pages (the labelled corpus) and on the demo's three layouts."""

from __future__ import annotations

import json
from datetime import date

import pytest

from crawler.content import clean_content
from crawler.detail import extract_detail
from crawler.encoding import decode_html
from crawler.labels import pairs_in_text
from demo import urls
from demo.county import build_county
from demo.site import Site
from rules.annual_report import inspect_annual_report

# truth label -> the metadata key crawler.detail gives it
TRUTH_KEYS = {
    "title": "title",
    "publish_date": "published",
    "generated_date": "created",
    "index_no": "index_no",
    "publisher": "publisher",
    "doc_no": "doc_no",
    "category": "topic",
    "topic": "topic",
    "source": "source",
    "open_mode": "open_mode",
    "decision_date": "decision_date",
}
DETAIL_PAGES = (
    "ah_jyt_clone", "bj_jw_clone", "govcn_gongbao_trs", "miit_clone", "moe_trs_clone",
    "nfra_xzcf_angular_rendered", "sc_gov_news_clone", "sh_wsjkw_xwfb_etui",
    "sh_wsjkw_xxgk_table_clone", "shanxi_gov_news", "zj_fgw_hanweb_2016", "zj_jyt_hanweb_clone",
)  # fmt: skip


@pytest.mark.parametrize("name", DETAIL_PAGES)
def test_every_labelled_field_of_the_corpus_pages(corpus, name):
    page = corpus / "pages" / f"detail_{name}.html"
    truth = json.loads((corpus / "truth" / f"detail_{name}.json").read_text("utf-8"))
    got = extract_detail(page.read_text("utf-8"))
    expected = {TRUTH_KEYS[k]: v for k, v in truth.items() if k in TRUTH_KEYS}
    assert {key: got.get(key) for key in expected} == expected


def test_pubdate_never_beats_a_visible_date(corpus):
    text = (corpus / "pages" / "detail_miit_clone.html").read_text("utf-8")
    assert 'name="PubDate" content="2023-05-12' in text
    assert extract_detail(text)["published"] == "2009-09-30"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("索引号: 002482082/2024-00332", {"index_no": "002482082/2024-00332"}),
        ("索 引 号：A1/2026-1  发布机构：县教育局", {"index_no": "A1/2026-1", "publisher": "县教育局"}),
        ("发布时间：2023-11-30\xa0\xa0来源：北京市教育委员会",
         {"published": "2023-11-30", "source": "北京市教育委员会"}),
        ("文件编号: 发布机构: 省教育厅", {"doc_no": "", "publisher": "省教育厅"}),
    ],
)  # fmt: skip
def test_label_value_text(text, expected):
    assert {pair.field: pair.value for pair in pairs_in_text(text)} == expected


@pytest.fixture(scope="module")
def county():
    return build_county(date(2026, 11, 27))


@pytest.mark.parametrize(
    ("agency_id", "layout"),
    [("qx-jyj", "label: value cells"), ("qx-mzj", "vertical"), ("qx-slj", "horizontal")],
)
def test_demo_detail_layouts(county, agency_id, layout):
    agency = county.agency(agency_id)
    column = agency.column("policies")
    pub = column.publications[0]
    text, _ = decode_html(Site(county).get(urls.article(agency, column, pub)).body)
    meta = extract_detail(text)
    assert meta["title"] == pub.title
    assert (meta["index_no"], meta["publisher"], meta["doc_no"]) == (
        pub.index_no, agency.name, pub.doc_no)  # fmt: skip
    assert (meta["created"], meta["published"]) == (pub.created.isoformat(), pub.date.isoformat())


def test_kept_content_is_cleaned_and_still_inspectable(county):
    agency = county.agency("qx-mzj")
    column = agency.column("annual_report")
    pub = column.publications[0]
    page = Site(county).get(urls.article(agency, column, pub)).body.decode("gbk")
    page = page.replace("</body>", "<script>alert(1)</script><style>p{}</style></body>")
    content = clean_content(page)
    assert "<script" not in content and "<style" not in content and "<link" not in content
    assert content.startswith("<head><title>")
    assert inspect_annual_report(content, pub.date.year - 1).ok


@pytest.mark.parametrize("agency_id", ["qx-fgj", "qx-yjglj", "qx-slj"])  # Hanweb, plain, TRS
def test_demo_letters_carry_their_reply_date_or_none(county, agency_id):
    agency = county.agency(agency_id)
    column = agency.column("mailbox")
    site = Site(county)
    letters = [column.publications[0]] + [p for p in column.publications if p.reply is None]
    for letter in letters[:2]:
        text, _ = decode_html(site.get(urls.article(agency, column, letter)).body)
        meta = extract_detail(text)
        assert meta["title"] == letter.title
        assert meta.get("reply_date") == (letter.reply.isoformat() if letter.reply else None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("答复时间：2026-11-20 09:30", "2026-11-20"), ("回复日期: 2026年3月2日", "2026-03-02"),
     ("来信时间：2026-11-18  答复时间：", None)],
)  # fmt: skip
def test_reply_date_label(text, expected):
    found = {pair.field: pair.value for pair in pairs_in_text(text)}
    meta = extract_detail(f"<html><body><p>{text}</p></body></html>")
    assert meta.get("reply_date") == expected
    assert ("reply_date" in found) == ("答复" in text or "回复" in text)
