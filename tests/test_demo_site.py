"""The demo county: deterministic, stable over time, served per the markup contract, and
its truth lists exactly the injected violations."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import urllib.request
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
import yaml
from lxml import etree, html

from demo import urls
from demo.catalog import CATALOGS
from demo.config import write_config
from demo.county import build_county
from demo.faults import FAULT_IDS
from demo.model import Column, Publication
from demo.render_hanweb import column_page as hanweb_column_page
from demo.render_plain import column_page as plain_column_page
from demo.server import DemoServer
from demo.site import Site
from demo.truth import truth, write_truth
from demo.violations import INJECTION_IDS

AS_OF = date(2026, 11, 27)
ROOT = Path(__file__).resolve().parents[1]
DIGEST_SCRIPT = """
import hashlib, json, sys
from datetime import date
from demo.county import build_county
from demo.site import Site
from demo.truth import truth
county = build_county(date.fromisoformat(sys.argv[1]), seed=int(sys.argv[2]))
site = Site(county)
digest = hashlib.sha256()
for path in sorted(site.paths()):
    digest.update(path.encode() + site.get(path).body)
digest.update(json.dumps(truth(county)).encode())
print(digest.hexdigest())
"""


@pytest.fixture(scope="module")
def county():
    return build_county(AS_OF)


@pytest.fixture(scope="module")
def base_url(county):
    with DemoServer(county) as server:
        yield server.base_url


def fetch(url: str, data: bytes | None = None):
    with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=10) as response:
        return response.status, response.headers.get("Content-Type"), response.read()


def digest_in_subprocess(as_of: date, seed: int, hash_seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    args = [sys.executable, "-c", DIGEST_SCRIPT, as_of.isoformat(), str(seed)]
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


# --- determinism and stability -------------------------------------------------------------


def test_same_seed_and_day_give_identical_pages_and_truth():
    first = digest_in_subprocess(AS_OF, 7, "1")
    assert digest_in_subprocess(AS_OF, 7, "2") == first
    assert digest_in_subprocess(AS_OF, 8, "1") != first


def violated(*counties) -> set[tuple[str, str]]:
    return {(v.agency_id, v.column_id) for c in counties for v in c.violations}


@pytest.mark.parametrize("day", [date(2026, 11, 10), date(2026, 3, 1), date(2025, 8, 5)])
def test_county_is_a_prefix_of_the_county_ten_days_later(day):
    early, late = build_county(day), build_county(day + timedelta(days=10))
    skip, grown = violated(early, late), 0
    for agency in early.agencies:
        for column in agency.columns:
            if (agency.id, column.id) in skip:
                continue
            later = late.agency(agency.id).column(column.id).publications
            assert [p for p in later if p.date <= day] == list(column.publications)
            grown += len(later) - len(column.publications)
    assert grown > 0  # the later county has published more


def test_publications_are_newest_first_dated_in_history_and_unique(county):
    artids = [p.artid for p in county.publications()]
    assert len(artids) == len(set(artids))
    for agency in county.agencies:
        for column in agency.columns:
            keys = [(p.date, p.index) for p in column.publications]
            assert keys == sorted(keys, reverse=True)
            assert all(date(2024, 7, 1) <= p.date <= AS_OF for p in column.publications)


def test_every_agency_has_exactly_its_catalog_columns(county):
    assert len([a for a in county.agencies if a.kind == "department"]) >= 12
    assert len([a for a in county.agencies if a.kind == "township"]) == 3
    for agency in county.agencies:
        expected = [item.column_id for item in CATALOGS[agency.catalog]]
        assert [column.id for column in agency.columns] == expected
    colids = [column.colid for agency in county.agencies for column in agency.columns]
    assert len(colids) == len(set(colids))


def test_catalog_mirror_matches_the_rule_files():
    def load(name):
        folder = "builtin" if name == "baseline" else "catalogs"
        return yaml.safe_load((ROOT / "rules" / folder / f"{name}.yaml").read_text("utf-8"))

    baseline = {item["id"]: item for item in load("baseline")["items"]}
    for catalog, mirror in CATALOGS.items():
        data = load(catalog)
        items = {**baseline, **{item["id"]: item for item in data["items"]}}
        for item_id, change in (data.get("override") or {}).items():
            items[item_id] = {**items[item_id], **change}
        assert {i.item_id for i in mirror} == set(items)
        for mine in mirror:
            theirs = items[mine.item_id]
            assert (mine.column_id, mine.rule) == (theirs["column"], theirs["kind"])
            if mine.max_age:
                assert f"{mine.max_age[0]} {mine.max_age[1]}" == theirs["max_age"]
            if mine.due:
                assert mine.due == (theirs["due"]["month"], theirs["due"]["day"])


# --- truth ---------------------------------------------------------------------------------


@pytest.mark.parametrize("day", [AS_OF, date(2026, 3, 10)])
def test_truth_has_all_four_statuses(day):
    rows = truth(build_county(day))
    assert {row["status"] for row in rows} == {"stale", "blank", "missing", "late", "unreachable"}
    assert {"agency_id": "qx-wjj", "item_id": "annual-report", "kind": "periodic",
            "status": "late", "period": "2025"} in rows  # fmt: skip
    assert {"agency_id": "qx-zjj", "item_id": "budget-final", "kind": "not_blank",
            "status": "blank", "period": None} in rows  # fmt: skip


@pytest.mark.parametrize(
    "day",
    [AS_OF, date(2026, 3, 10), date(2026, 2, 15), date(2026, 1, 31), date(2026, 2, 1),
     date(2026, 3, 31), date(2026, 4, 1), date(2025, 7, 1), date(2024, 12, 31)],
)  # fmt: skip
def test_truth_is_exactly_the_injected_violations(day):
    county = build_county(day)
    rows = violation_rows(truth(county))
    found = {(row["agency_id"], row["item_id"], row["status"]) for row in rows}
    injected = {(v.agency_id, v.item_id, v.status) for v in county.violations}
    assert found == injected
    assert len(rows) == len(injected) == len(INJECTION_IDS)
    assert all(row["period"] is None for row in rows if row["kind"] != "periodic")


def test_county_report_not_yet_due_in_february_is_not_checked():
    county = build_county(date(2026, 2, 15))
    gov_reports = county.agency("qx-gov").column("annual_report").publications
    assert not any(p.title.startswith("2025年度") for p in gov_reports)  # comes out in March
    rows = violation_rows(truth(county))
    periods = {row["period"] for row in rows if row["item_id"] == "annual-report"}
    assert periods == {"2025"}  # the departments' 2025 reports were due on 31 January


def test_judging_at_the_edges():
    from demo.truth import judge

    agency = build_county(AS_OF).agency("qx-fgj")
    items = {item.column_id: item for item in CATALOGS["department"]}

    def pub(day, title="x"):
        return Publication(agency.id, "x", day, 0, title, 1, "", "", day)

    def statuses(column_id, pubs):
        return [(r["status"], r["period"]) for r in judge(items[column_id], pubs, AS_OF, agency)]

    assert statuses("news", [pub(date(2026, 11, 13))]) == []  # exactly on the cutoff: fresh
    assert statuses("news", [pub(date(2026, 11, 12))]) == [("stale", None)]
    assert statuses("news", [pub(AS_OF + timedelta(days=1))]) == [("stale", None)]  # not out yet
    assert statuses("notices", [pub(date(2026, 5, 27))]) == []
    assert statuses("org", []) == [("blank", None)]
    on_time = [pub(date(2026, 1, 31), "2025年度某局政府信息公开工作年度报告"),
               pub(date(2025, 1, 9), "2024年 某局 政府信息公开工作年度报告")]  # fmt: skip
    assert statuses("annual_report", on_time) == []
    late = [pub(date(2026, 2, 1), on_time[0].title), on_time[1]]
    assert statuses("annual_report", late) == [("late", "2025")]
    assert statuses("annual_report", on_time[:1]) == [("missing", "2024")]


def test_stale_cutoff_is_inclusive_and_months_clamp():
    from demo.truth import cutoff

    assert cutoff(date(2026, 11, 27), (2, "weeks")) == date(2026, 11, 13)
    assert cutoff(date(2026, 8, 31), (6, "months")) == date(2026, 2, 28)
    assert cutoff(date(2024, 8, 31), (6, "months")) == date(2024, 2, 29)


@pytest.mark.parametrize("violation_id", sorted(INJECTION_IDS))
def test_a_fix_removes_its_violation_from_truth(violation_id):
    county = build_county(AS_OF, fixes=[violation_id])
    assert violation_id not in {v.id for v in county.violations}
    before = {v.id: v for v in build_county(AS_OF).violations}[violation_id]
    rows = violation_rows(truth(county))
    assert (before.agency_id, before.item_id) not in {(r["agency_id"], r["item_id"]) for r in rows}
    assert len(rows) == len(INJECTION_IDS) - 1
    assert county.agency(before.agency_id).column(before.column_id).publications


def violation_rows(rows: list[dict]) -> list[dict]:
    """The truth rows of injected violations (not of the columns a fault blocks)."""
    return [row for row in rows if row["status"] != "unreachable"]


def test_truth_lists_each_item_of_a_blocked_column_as_unreachable():
    county = build_county(AS_OF)
    rows = [row for row in truth(county) if row["status"] == "unreachable"]
    expected = {("qx-czj", "notices"), ("qx-rsj", "news")} | {
        ("qx-hkz", item.item_id) for item in CATALOGS["township"]
    }
    assert {(row["agency_id"], row["item_id"]) for row in rows} == expected
    assert all(row["period"] is None for row in rows)
    assert {fault.id for fault in county.faults} == FAULT_IDS


def test_a_fixed_fault_is_judged_again():
    county = build_county(AS_OF, fixes=["unreachable-qx-hkz"])
    rows = truth(county)
    assert not [row for row in rows if row["agency_id"] == "qx-hkz"]
    assert "unreachable-qx-hkz" not in {fault.id for fault in county.faults}


def test_unknown_fix_is_refused():
    with pytest.raises(ValueError, match="unknown violation"):
        build_county(AS_OF, fixes=["no-such-violation"])


def test_write_truth_writes_the_sorted_rows(county, tmp_path):
    path = write_truth(county, tmp_path / "truth.json")
    rows = json.loads(path.read_text("utf-8"))
    assert rows == truth(county)
    assert rows == sorted(rows, key=lambda r: (r["agency_id"], r["item_id"], r["period"] or ""))


# --- served pages --------------------------------------------------------------------------


def datastore_of(page: str) -> etree._Element:
    match = re.search(r'<script type="text/xml">(.*?)</script>', page, re.S)
    return etree.fromstring(match.group(1).encode("utf-8"))


def record_links(records) -> list:
    return [html.fromstring(r.text).xpath("//a")[0] for r in records]


def test_hanweb_column_page_carries_a_parsable_datastore(county, base_url):
    agency = county.agency("qx-fgj")
    column = agency.column("news")
    status, ctype, body = fetch(base_url + urls.column_page(agency, column))
    page = body.decode("utf-8")
    assert (status, ctype) == (200, "text/html; charset=UTF-8")
    store = datastore_of(page)
    links = record_links(store.findall("recordset/record"))
    assert len(column.publications) > 45 and len(links) == 45
    assert [a.get("href") for a in links] == [
        urls.article(agency, column, p) for p in column.publications[:45]
    ]
    assert [a.get("title") for a in links] == [p.title for p in column.publications[:45]]
    assert f"totalRecord: {len(column.publications)}," in page
    nextgroup = html.fromstring(store.find("nextgroup").text).get("href")
    query = dict(parse_qsl(urlsplit(nextgroup).query))
    assert query["columnid"] == str(column.colid) and query["webid"] == str(agency.webid)


def test_hanweb_list_text_is_cut_and_the_title_attribute_is_full(county):
    site, long = Site(county), 0
    for agency in county.agencies[:4]:
        for column in agency.columns:
            page = site.get(urls.column_page(agency, column)).body.decode()
            links = record_links(datastore_of(page).iter("record"))
            for link, pub in zip(links, column.publications[:45], strict=True):
                cut = pub.title if len(pub.title) <= 30 else pub.title[:30] + "..."
                assert (link.text, link.get("title")) == (cut, pub.title)
                long += len(pub.title) > 30
    assert long > 10


def test_dataproxy_returns_the_requested_record_range(county, base_url):
    agency = county.agency("qx-gov")
    column = agency.column("news")
    store = datastore_of(fetch(base_url + urls.column_page(agency, column))[2].decode())
    nextgroup = html.fromstring(store.find("nextgroup").text).get("href")
    form = "col=1&" + urlsplit(nextgroup).query
    proxy = f"{base_url}{urlsplit(nextgroup).path}?startrecord=46&endrecord=90&perpage=15"
    status, ctype, body = fetch(proxy, form.encode())
    assert (status, ctype) == (200, "text/xml; charset=UTF-8")
    answer = etree.fromstring(body)
    assert answer.findtext("totalrecord") == str(len(column.publications))
    hrefs = [a.get("href") for a in record_links(answer.findall("recordset/record"))]
    assert hrefs == [urls.article(agency, column, p) for p in column.publications[45:90]]
    past_end = f"{base_url}{urlsplit(nextgroup).path}?startrecord=9001&endrecord=9045&perpage=15"
    assert etree.fromstring(fetch(past_end, form.encode())[2]).findall("recordset/record") == []


def test_plain_pages_are_gbk_with_a_pager(county, base_url):
    agency = county.agency("qx-mzj")
    column = agency.column("news")
    pages = -(-len(column.publications) // 20)
    assert pages >= 3
    seen = []
    for page in range(1, pages + 1):
        status, ctype, body = fetch(base_url + urls.column_page(agency, column, page))
        assert (status, ctype) == (200, "text/html")
        with pytest.raises(UnicodeDecodeError):
            body.decode("utf-8")
        text = body.decode("gbk")
        assert 'charset=gb2312"' in text
        assert f"共{len(column.publications)}条 第{page}/{pages}页" in text
        assert ("下一页" in text) == (page < pages)
        assert ("上一页" in text) == (page > 1)
        assert "index_1.html" not in text
        seen += re.findall(r'<li><a href="([^"]+)"', text)
    expected = [urls.article(agency, column, p) for p in column.publications]
    base = base_url + urls.column_page(agency, column)
    assert [urlsplit(urljoin(base, href)).path for href in seen] == expected


def test_plain_policy_column_uses_the_disclosure_table(county, base_url):
    agency = county.agency("qx-mzj")
    column = agency.column("policies")
    text = fetch(base_url + urls.column_page(agency, column))[2].decode("gbk")
    table = html.fromstring(text).xpath('//table[@class="xxgk-list"]')[0]
    rows = table.xpath("tr")
    assert [th.text for th in rows[0].xpath("th")] == ["索引号", "名称", "生成日期", "文号"]
    first = column.publications[0]
    cells = [td.text_content() for td in rows[1].xpath("td")]
    assert cells == [first.index_no, first.title, first.created.isoformat(), first.doc_no]
    assert first.doc_no.startswith("青民〔")


def test_empty_columns_say_so_on_both_families(county):
    site = Site(county)
    plain = county.agency("qx-qsx")
    text = site.get(urls.column_page(plain, plain.column("livelihood"))).body.decode("gbk")
    assert '<p class="empty">暂无信息</p>' in text and "共0条 第1/1页" in text
    hanweb = county.agency("qx-zjj")
    page = site.get(urls.column_page(hanweb, hanweb.column("finance"))).body.decode()
    assert "<recordset>\n\n</recordset>" in page and "totalRecord: 0," in page


@pytest.mark.parametrize("agency_id", ["qx-jyj", "qx-rsj"])
def test_detail_pages_carry_title_and_info_table(county, base_url, agency_id):
    agency = county.agency(agency_id)
    column = agency.column("policies")
    pub = column.publications[0]
    status, ctype, body = fetch(base_url + urls.article(agency, column, pub))
    text = body.decode("utf-8" if agency.family == "hanweb" else "gbk")
    tree = html.fromstring(text)
    assert tree.xpath("//h1")[0].text_content() == pub.title
    info = " ".join(tree.xpath('//table[contains(@class, "xxgk")]')[0].itertext())
    for label, value in [("索引号", pub.index_no), ("发布机构", agency.name), ("文号", pub.doc_no),
                         ("生成日期", pub.created.isoformat()), ("发布日期", pub.date.isoformat())]:  # fmt: skip
        assert label in info and value in info


def test_titles_are_html_escaped_on_both_families(county):
    tricky = '关于“A&B”<试点>的"通知"'
    agency = county.agency("qx-fgj")
    pub = Publication(agency.id, "news", AS_OF, 0, tricky, 1, "x/2026-00001", "", AS_OF)
    column = Column("news", "工作动态", "news", 1, 1, "list", (pub,))
    hanweb = datastore_of(hanweb_column_page(agency, column))
    assert record_links(hanweb.iter("record"))[0].get("title") == tricky
    plain = html.fromstring(plain_column_page(county.agency("qx-mzj"), column, 1))
    assert plain.xpath('//div[@class="list"]//a')[0].get("title") == tricky


def test_every_link_on_every_page_resolves(county):
    site, seen, todo = Site(county), set(), ["/"]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        response = site.get(path)
        assert response.status == 200, path
        if "html" in response.content_type:
            text = response.body.decode("gbk" if response.content_type == "text/html" else "utf-8")
            for href in re.findall(r'(?:href|src)="([^"]+)"', text):
                target = urlsplit(urljoin("http://demo" + path, href))
                if target.scheme == "http" and target.netloc == "demo" and "dataproxy" not in href:
                    todo.append(target.path)
    for agency in county.agencies:  # Hanweb lists past 45 records only via dataproxy POSTs
        for column in agency.columns:
            shown = {"plain": None, "hanweb": 45, "trs": urls.TRS_PAGE_SIZE}[agency.family]
            listed = column.publications[:shown]  # later TRS pages: only via the script pager
            assert {urls.article(agency, column, p) for p in listed} <= seen


def test_server_basics(county, base_url, capfd):
    assert fetch(base_url + "/robots.txt")[2] == b"User-agent: *\nAllow: /\n"
    with pytest.raises(urllib.error.HTTPError) as missing:
        fetch(base_url + "/qx-gov/no/such/page.html")
    assert missing.value.code == 404
    request = urllib.request.Request(base_url + "/qx-gov/index.html", method="HEAD")
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200 and response.read() == b""
    assert capfd.readouterr().err == ""


def test_server_stops_and_frees_its_port(county):
    server = DemoServer(county)
    url = server.start()
    assert fetch(url + "/robots.txt")[0] == 200
    server.stop()
    with pytest.raises(urllib.error.URLError):
        fetch(url + "/robots.txt")


# --- config --------------------------------------------------------------------------------


def test_written_config_loads_and_points_at_served_pages(county, tmp_path):
    from monitor.config import load_config

    path = write_config(county, "http://127.0.0.1:41234", tmp_path / "out")
    config = load_config(path)
    assert config.region == "青溪县" and config.database == tmp_path / "out" / "zwgk.db"
    assert config.crawl.concurrency_per_domain == 8 and config.crawl.autothrottle is False
    assert [a.id for a in config.agencies] == [a.id for a in county.agencies]
    site = Site(county)
    for agency in config.agencies:
        assert agency.catalog == agency.kind
        for column in [*agency.columns]:
            assert site.get(urlsplit(column.url).path).status == 200
        assert site.get(urlsplit(agency.homepage).path).status == 200
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert (
        digest
        == hashlib.sha256(
            write_config(county, "http://127.0.0.1:41234", tmp_path).read_bytes()
        ).hexdigest()
    )
