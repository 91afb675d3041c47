"""The next page of every corpus list page, as the truth files name it; and the pagers and
script-only lists of the newer pages, each read from what the page itself says.

The truth's `next_pages` are the pages after this one, in order: the parser's first GET
requests must be those. A truth with no next page allows no GET request (a guessed
`index_1.html` is one); a list whose rows come from a data API names that API's POST.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest

from crawler.accuracy import CORPUS, corpus_available, expected_for
from crawler.cms.component import ComponentListParser
from crawler.cms.hanweb import HanwebListParser
from crawler.cms.scripted import js_only_reason
from crawler.cms.trt import TrtListParser
from crawler.extract import extract, load_page
from crawler.urls import canonical_url

needs_corpus = pytest.mark.skipif(
    not corpus_available(), reason=f"real-page corpus not found at {CORPUS}"
)
NAMES = (
    sorted(
        p.stem for p in (CORPUS / "pages").glob("*.html") if p.stem.startswith(("list_", "dir_"))
    )
    if corpus_available()
    else []
)


def truth_of(name: str) -> dict:
    return json.loads((CORPUS / "truth" / f"{name}.json").read_text(encoding="utf-8"))


def read(name: str):
    expected = expected_for(name)
    return expected.url, extract(load_page(expected.path, url=expected.url))


@needs_corpus
@pytest.mark.parametrize("name", NAMES)
def test_next_pages_are_the_truths(name):
    url, listing = read(name)
    pagination = truth_of(name).get("pagination") or {}
    if pagination.get("uncertain"):
        pytest.skip(f"{name}: its truth marks the next pages uncertain")
    wanted = [canonical_url(urljoin(url, href)) for href in pagination.get("next_pages", [])]
    gets = [canonical_url(n.url) for n in listing.next if n.method == "GET"]
    assert gets[: len(wanted)] == wanted, (name, gets[:3])
    if not wanted:
        assert gets == [], (name, gets[:3])


@needs_corpus
def test_the_reverse_pager_names_page_2_then_counts_down():
    _, listing = read("list_fengcheng_component_reverse_pager")
    assert listing.parser == ComponentListParser.kind and len(listing.items) == 21
    base = "http://www.jxfc.gov.cn/n3/n13/"
    assert [n.url for n in listing.next[:3]] == [
        base + "index_958_198.html",
        base + "index_958_197.html",
        base + "index_958_196.html",
    ]
    assert [n.page_number for n in listing.next[:2]] == [2, 3]
    path = expected_for("list_fengcheng_component_reverse_pager").path
    last = ComponentListParser().parse(load_page(path, url=base + "index_958_1.html"))
    assert last.next == []  # the pager's own last file: nothing follows


@needs_corpus
def test_a_static_list_holding_all_its_records_names_no_page():
    _, listing = read("list_pingtan_zzjg_agencies_avalon")
    assert len(listing.items) == 18 and listing.next == []  # 18 records, prepage 15


@needs_corpus
def test_the_trt_js_only_list_names_its_list_api():
    url, listing = read("list_pingtan_gzdt_xxgk_jsonly")
    assert listing.parser == TrtListParser.kind and listing.items == []
    (api,) = listing.next
    assert (api.method, api.url) == ("POST", urljoin(url, "/fjdzapp/search"))
    assert dict(api.formdata) == {"channelid": "200210", "classsql": "chnlid=1429",
                                  "sortfield": "-pubdate", "page": "1", "prepage": "10"}  # fmt: skip
    page = load_page(expected_for("list_pingtan_gzdt_xxgk_jsonly").path, url=url)
    assert js_only_reason(page)  # its templates say so, were the API unknown


@needs_corpus
def test_the_hanweb_list_names_the_dataproxy_groups():
    _, listing = read("list_dingxi_hanweb_jpage_xml")
    assert listing.parser == HanwebListParser.kind
    first = listing.next[0]
    assert first.method == "POST"
    assert parse_qs(urlsplit(first.url).query) == {
        "startrecord": ["46"],
        "endrecord": ["90"],
        "perpage": ["15"],
    }
    form = dict(first.formdata)
    assert (form["columnid"], form["unitid"], form["webid"]) == ("12377", "38486", "110")
