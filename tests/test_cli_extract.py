"""`zwgk extract` (one list page) and `zwgk discover` (an agency's columns), end to end."""

from __future__ import annotations

import json

import yaml
from crawling import zwgk

from demo import urls

ORDOS = "list_ordos_egb_xxgknb_trs_table"
ORDOS_URL = "http://www.ordos.gov.cn/egb/xxgk/xxgknb/index.html"


def test_extract_a_saved_page_as_json(corpus):
    page = corpus / "pages" / f"{ORDOS}.html"
    result = json.loads(zwgk("extract", str(page), "--url", ORDOS_URL, "--json").stdout)
    truth = json.loads((corpus / "truth" / f"{ORDOS}.json").read_text("utf-8"))
    assert result["parser"] == "trs"
    assert [item["title"] for item in result["items"]] == [i["title"] for i in truth["items"]]
    assert result["items"][0]["href"].startswith("http://www.ordos.gov.cn/egb/xxgk/xxgknb/")
    assert result["next"][0]["url"].endswith("/index_1.html")


def test_extract_a_url_readably(demo_server):
    agency = demo_server.county.agency("qx-slj")
    column = agency.column("news")
    done = zwgk("extract", demo_server.base_url + urls.column_page(agency, column))
    assert column.publications[0].title in done.stdout
    assert done.stdout.rstrip().splitlines()[-1].endswith("index_1.html")
    assert f"{urls.TRS_PAGE_SIZE} item(s) by the trs parser" in done.stdout


def test_discover_finds_the_columns_and_drafts_their_config(demo_server, tmp_path):
    agency = demo_server.county.agency("qx-mzj")
    out = tmp_path / "columns.yaml"
    entry = demo_server.base_url + urls.disclosure_index(agency)
    done = zwgk("discover", entry, "--agency", agency.id, "--out", str(out), "--delay", "0")
    columns = agency.disclosure_columns()  # the homepage column is not in the catalog page
    assert f"{len(columns)} column(s)" in done.stdout
    draft = yaml.safe_load(out.read_text("utf-8"))["columns"]
    base = demo_server.base_url
    wanted = {(column.id, base + urls.column_page(agency, column)) for column in columns}
    assert {(c["id"], c["url"]) for c in draft} == wanted  # ids from the names, down the tree
    assert {c["cms"] for c in draft} == {"plain"}
    news = agency.column("news")
    assert news.publications[0].date.isoformat() in done.stdout
