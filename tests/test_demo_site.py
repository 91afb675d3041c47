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
from demo.catalog import CATALOGS, catalog_columns
from demo.config import PREVIOUS_CRAWL_DAYS, write_config
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
    """The columns a violation changes, and the columns built from them."""
    found = {(v.agency_id, c) for county in counties for v in county.violations for c in v.columns}
    found |= {(a, "interpretation") for a, c in found if c in ("policies", "normative")}
    return found | {(a.id, "homepage") for a in counties[0].agencies}  # its latest few only


@pytest.mark.parametrize("day", [date(2026, 11, 10), date(2026, 3, 1), date(2025, 8, 5)])
def test_county_is_a_prefix_of_the_county_ten_days_later(day):
    early, late = build_county(day), build_county(day + timedelta(days=10))
    skip, grown = violated(early, late), 0
    for agency in early.agencies:
        for column in agency.columns:
            if (agency.id, column.id) in skip:
                continue
            later = late.agency(agency.id).column(column.id).publications
            assert [p for p in later if p.appears <= day] == list(column.publications)
            grown += len(later) - len(column.publications)
    assert grown > 0  # the later county has published more


@pytest.mark.parametrize("day", [AS_OF, date(2026, 3, 10), date(2026, 12, 4), date(2026, 4, 3)])
def test_the_previous_crawl_sees_a_prefix_but_for_the_backdated_notice(day):
    """`zwgk demo` first crawls the county as it stood a week earlier: everything it shows
    then is still there, and what appeared since is dated since, but for the backdated one."""
    before = day - timedelta(days=PREVIOUS_CRAWL_DAYS)
    shown, county = build_county(day, shown_on=before), build_county(day)
    assert [v.id for v in shown.violations] == [v.id for v in county.violations]
    assert shown.day == before and county.day == day
    for agency in county.agencies:
        for column in agency.columns:
            earlier = shown.agency(agency.id).column(column.id).publications
            if column.id == "homepage":
                continue  # its latest few
            seen = set(earlier)
            new = [p for p in column.publications if p not in seen]
            assert [p for p in column.publications if p in seen] == list(earlier)
            late = [p for p in new if p.date < before - timedelta(days=PREVIOUS_CRAWL_DAYS)]
            backdated = (agency.id, column.id) == ("qx-slj", "notices")
            assert [p.mark for p in late] == (["backdated"] if backdated else [])


def test_publications_are_newest_first_dated_in_history_and_unique(county):
    artids = [p.artid for p in county.publications()]
    assert len(artids) == len(set(artids))
    for agency in county.agencies:
        for column in agency.disclosure_columns():
            keys = [(p.date, p.index) for p in column.publications]
            assert keys == sorted(keys, reverse=True)
            assert all(date(2024, 7, 1) <= p.date <= AS_OF for p in column.publications)
            assert all(p.appears <= AS_OF for p in column.publications)


def test_every_agency_has_exactly_its_catalog_columns(county):
    assert len([a for a in county.agencies if a.kind == "department"]) >= 12
    assert len([a for a in county.agencies if a.kind == "township"]) == 3
    for agency in county.agencies:  # but the column one township lacks (no_column)
        lacks = ["penalties"] if agency.id == "qx-qsx" else []
        wanted = [c for c in catalog_columns(agency.catalog) if c not in lacks]
        assert [column.id for column in agency.columns] == wanted
    colids = [column.colid for agency in county.agencies for column in agency.columns]
    assert len(colids) == len(set(colids))
    assert {"homepage", "mailbox", "documents", "interpretation", "budget", "penalties"} <= {
        column.id for column in county.agency("qx-mzj").columns
    }


def rule_files() -> dict[str, dict[str, dict]]:
    """Each shipped catalog's items as the rule files give them (baseline, items, overrides)."""

    def load(name):
        folder = "builtin" if name == "baseline" else "catalogs"
        return yaml.safe_load((ROOT / "rules" / folder / f"{name}.yaml").read_text("utf-8"))

    baseline = {item["id"]: item for item in load("baseline")["items"]}
    found = {}
    for catalog in CATALOGS:
        data = load(catalog)
        items = {**baseline, **{item["id"]: item for item in data["items"]}}
        for item_id, change in (data.get("override") or {}).items():
            items[item_id] = {**items[item_id], **change}
        found[catalog] = items
    return found


MIRRORED = ("max_age", "match", "within", "interpretations", "before", "veto_after", "window")


def test_catalog_mirror_matches_the_rule_files():
    for catalog, items in rule_files().items():
        mirror = CATALOGS[catalog]
        assert [i.item_id for i in mirror] == list(items)
        for mine in mirror:
            theirs = items[mine.item_id]
            assert (mine.column_id, mine.rule) == (theirs.get("column"), theirs["kind"])
            assert mine.due == ((theirs["due"]["month"], theirs["due"]["day"])
                                if "due" in theirs else None)  # fmt: skip
            window = theirs.get("window") or theirs.get("tolerance")
            values = {**theirs, "window": window}
            for name in MIRRORED:
                assert getattr(mine, name) == values.get(name), (catalog, mine.item_id, name)
            assert mine.trigger == (theirs.get("trigger") or {}).get("match")
            assert mine.trigger_dates == ("trigger_dates" in theirs)
            limits = (theirs.get("threshold") or theirs.get("max_broken_other"),
                      theirs.get("max_broken_home"))  # fmt: skip
            assert (mine.limit, mine.home_limit) == limits
            assert theirs.get("lookback", "1 year") == mine.lookback
            assert theirs.get("periods", 2 if mine.rule == "periodic" else 1) in (2, 1)


# --- truth ---------------------------------------------------------------------------------

EVERY_STATUS = {
    "freshness": {"stale", "unreachable"},
    "not_blank": {"blank", "unreachable"},
    "periodic": {"missing", "late", "unreachable"},
    "annual_report": {"defective"},
    "timeliness": {"late", "unreachable"},
    "paired": {"unpaired"},
    "response": {"unanswered", "overdue", "unreachable"},
    "backdated": {"backdated"},
    "availability": {"unavailable"},
    "links": {"broken_links"},
    "blank_columns": {"too_many_blank"},
    "coverage": {"no_column"},
    "content": {
        "outdated_name",
        "leader",
        "wrong_word",
        "id_number",
        "mobile",
        "bank_card",
        "hidden_link",
        "blocked_link",
    },
}


@pytest.mark.parametrize("day", [AS_OF, date(2026, 3, 10)])
def test_truth_has_every_status_of_every_kind(day):
    rows = truth(build_county(day))
    found: dict[str, set[str]] = {}
    for row in rows:
        found.setdefault(row["kind"], set()).add(row["status"])
    assert found == EVERY_STATUS
    assert {row["period"] for row in rows if row["kind"] == "links"} == {"home", "other"}
    assert {"agency_id": "qx-wjj", "item_id": "annual-report", "kind": "periodic",
            "status": "late", "period": "2025"} in rows  # fmt: skip
    assert {"agency_id": "qx-czj", "item_id": "budget", "kind": "periodic",
            "status": "late", "period": "2026"} in rows  # fmt: skip
    assert {"agency_id": "qx-rsj", "item_id": "annual-report-format", "kind": "annual_report",
            "status": "defective", "period": "2025"} in rows  # fmt: skip
    paths = [row["period"] for row in violation_rows(rows) if row["kind"] in PER_PUBLICATION]
    assert paths and all(period.startswith("/qx-") for period in paths)


PER_PUBLICATION = ("timeliness", "backdated", "paired", "response")
CHECKED_DAYS = [AS_OF, date(2026, 3, 10), date(2026, 12, 4), date(2026, 12, 7), date(2026, 2, 15),
                date(2026, 1, 31), date(2026, 2, 1), date(2026, 3, 31), date(2026, 4, 1),
                date(2025, 7, 1), date(2024, 12, 31)]  # fmt: skip


def fault_rows(county) -> set[tuple]:
    """What the default faults yield: unreachable items, the township unavailable, and the
    county homepage's broken link to it."""
    down = {("qx-hkz", "availability", "availability", "unavailable", None),
            ("qx-gov", "broken-links", "links", "broken_links", "home")}  # fmt: skip
    return down if county.faults else set()


def as_tuples(rows) -> set[tuple]:
    return {(r["agency_id"], r["item_id"], r["kind"], r["status"], r["period"]) for r in rows}


@pytest.mark.parametrize("day", CHECKED_DAYS)
def test_truth_is_exactly_the_injected_violations(day):
    county = build_county(day)
    rows = violation_rows(truth(county))
    injected = {(v.agency_id, *finding) for v in county.violations for finding in v.findings}
    assert as_tuples(rows) == injected | fault_rows(county)
    assert len(rows) == len(injected) + 2
    assert {v.id for v in county.violations} == INJECTION_IDS
    assert all(v.findings for v in county.violations)


def test_county_report_not_yet_due_in_february_is_not_checked():
    county = build_county(date(2026, 2, 15))
    gov_reports = county.agency("qx-gov").column("annual_report").publications
    assert not any(p.title.startswith("2025年度") for p in gov_reports)  # comes out in March
    rows = violation_rows(truth(county))
    periods = {row["period"] for row in rows if row["item_id"] == "annual-report"}
    assert periods == {"2025"}  # the departments' 2025 reports were due on 31 January


def judge_of(agency_id: str, day: date = AS_OF):
    from demo.judges import AgencyJudge

    county = build_county(day)
    return AgencyJudge(county, county.agency(agency_id), set())


def item(catalog: str, item_id: str):
    return next(i for i in CATALOGS[catalog] if i.item_id == item_id)


def with_column(judge, column_id: str, pubs):
    """The judge with one column of its agency replaced by `pubs`."""
    from dataclasses import replace

    agency = judge.agency
    columns = tuple(replace(c, publications=tuple(pubs)) if c.id == column_id else c
                    for c in agency.columns)  # fmt: skip
    judge.agency = replace(agency, columns=columns)
    return judge


def pub(day, title="x", column_id="x", **extra):
    return Publication("qx-fgj", column_id, day, 0, title, 1, "", "", day, **extra)


def statuses(item_id, column_id, pubs, day=AS_OF):
    judge = with_column(judge_of("qx-fgj", day), column_id, pubs)
    return [(r["status"], r["period"]) for r in judge.judge(item("department", item_id))]


def test_judging_freshness_and_reports_at_the_edges():
    assert statuses("news", "news", [pub(date(2026, 11, 13))]) == []  # exactly on the cutoff
    assert statuses("news", "news", [pub(date(2026, 11, 12))]) == [("stale", None)]
    assert statuses("news", "news", [pub(AS_OF + timedelta(days=1))]) == [("stale", None)]
    assert statuses("notices", "notices", [pub(date(2026, 5, 27))]) == []
    assert statuses("org-functions", "org", []) == [("blank", None)]
    on_time = [pub(date(2026, 1, 31), "2025年度某局政府信息公开工作年度报告"),
               pub(date(2025, 1, 9), "2024年 某局 政府信息公开工作年度报告")]  # fmt: skip
    assert statuses("annual-report", "annual_report", on_time) == []
    late = [pub(date(2026, 2, 1), on_time[0].title), on_time[1]]
    assert statuses("annual-report", "annual_report", late) == [("late", "2025")]
    assert statuses("annual-report", "annual_report", on_time[:1]) == [("missing", "2024")]
    defective = [replace_pub(on_time[0], defect="bare_headings")]
    assert statuses("annual-report-format", "annual_report", defective) == [("defective", "2025")]


def replace_pub(publication, **changes):
    from dataclasses import replace

    return replace(publication, **changes)


def test_judging_budgets_counts_20_calendar_days_from_the_approval():
    from demo.budget import trigger_date

    approved = trigger_date(7, "department", "budget", 2026)
    due = approved + timedelta(days=20)
    title = "青溪县发展和改革局2026年部门预算"
    earlier = [
        pub(date(year, 2, 20), f"青溪县发展和改革局{year}年部门预算") for year in (2025, 2024)
    ]
    assert statuses("budget", "budget", [pub(due, title), *earlier]) == []
    late = statuses("budget", "budget", [pub(due + timedelta(days=1), title), *earlier])
    assert late == [("late", "2026")]
    assert statuses("budget", "budget", earlier, day=due) == []  # due that day: not yet
    assert statuses("budget", "budget", earlier, day=due + timedelta(days=1)) == [
        ("missing", "2026")
    ]


def test_judging_messages_and_documents_in_working_days():
    friday = date(2026, 11, 20)  # 5 working days: due on Friday 27 November
    answered = pub(friday, column_id="mailbox", reply=date(2026, 11, 27))
    assert statuses("interaction", "mailbox", [answered]) == []
    late = replace_pub(answered, reply=date(2026, 11, 30))
    assert statuses("interaction", "mailbox", [late]) == [("late_reply", urls_of(late))]
    open_ = pub(friday, column_id="mailbox")
    assert statuses("interaction", "mailbox", [open_]) == []  # due today
    assert statuses("interaction", "mailbox", [open_], date(2026, 11, 30)) == [
        ("overdue", urls_of(open_))
    ]
    veto = pub(date(2026, 8, 27), column_id="mailbox")  # 3 months ago: not more
    assert statuses("interaction", "mailbox", [veto]) == [("overdue", urls_of(veto))]
    old = pub(date(2026, 8, 26), column_id="mailbox")
    assert statuses("interaction", "mailbox", [old]) == [("unanswered", urls_of(old))]
    doc = replace_pub(pub(date(2026, 11, 25), column_id="penalties"), created=date(2026, 11, 16))
    assert statuses("penalty-results", "penalties", [doc]) == []  # 7 working days exactly
    doc = replace_pub(doc, created=date(2026, 11, 13))
    assert statuses("penalty-results", "penalties", [doc]) == [("late", urls_of(doc))]


def urls_of(publication) -> str:
    agency = build_county(AS_OF).agency("qx-fgj")
    return urls.article(agency, agency.column(publication.column_id), publication)


def test_durations_count_weeks_months_and_working_days():
    from demo.workdays import shift

    assert shift(date(2026, 11, 27), "2 weeks", -1) == date(2026, 11, 13)
    assert shift(date(2026, 8, 31), "6 months", -1) == date(2026, 2, 28)
    assert shift(date(2024, 8, 31), "6 months", -1) == date(2024, 2, 29)
    assert shift(date(2026, 9, 30), "1 workdays") == date(2026, 10, 8)  # National Day
    assert shift(date(2026, 2, 13), "2 workdays") == date(2026, 2, 24)  # 调休 Saturday 14th
    assert shift(date(2026, 1, 30), "20 days") == date(2026, 2, 19)


@pytest.mark.parametrize("violation_id", sorted(INJECTION_IDS))
def test_a_fix_removes_exactly_its_violation_from_truth(violation_id):
    county = build_county(AS_OF, fixes=[violation_id])
    assert violation_id not in {v.id for v in county.violations}
    before = {v.id: v for v in build_county(AS_OF).violations}[violation_id]
    gone = {(before.agency_id, *finding) for finding in before.findings}
    assert as_tuples(truth(county)) == as_tuples(truth(build_county(AS_OF))) - gone
    for column_id in before.columns:
        assert county.agency(before.agency_id).column(column_id).publications


def violation_rows(rows: list[dict]) -> list[dict]:
    """The truth rows of injected violations (not of the columns a fault blocks)."""
    return [row for row in rows if row["status"] != "unreachable"]


def test_truth_lists_each_item_of_a_blocked_column_as_unreachable():
    county = build_county(AS_OF)
    rows = [row for row in truth(county) if row["status"] == "unreachable"]
    township = {i.item_id for i in CATALOGS["township"]
                if i.column_id and i.rule != "annual_report"}  # fmt: skip
    expected = {("qx-czj", "notices"), ("qx-rsj", "news")} | {("qx-hkz", i) for i in township}
    assert {(row["agency_id"], row["item_id"]) for row in rows} == expected
    assert all(row["period"] is None for row in rows)
    assert {fault.id for fault in county.faults} == FAULT_IDS


def test_a_fixed_fault_is_judged_again():
    county = build_county(AS_OF, fixes=["unreachable-qx-hkz"])
    rows = truth(county)
    assert not [row for row in rows if row["agency_id"] == "qx-hkz"]
    assert not [row for row in rows if row["kind"] == "links" and row["period"] == "home"]
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
        for column in agency.disclosure_columns():
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


def test_every_link_on_every_page_resolves_but_the_deleted_articles(county):
    site, seen, todo = Site(county), set(), ["/"]
    deleted = {path for agency in county.agencies for path in agency.dead_links}
    assert len(deleted) == 7
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        response = site.get(path)
        assert response.status == (404 if path in deleted else 200), path
        if "html" in response.content_type:
            text = response.body.decode("gbk" if response.content_type == "text/html" else "utf-8")
            for href in re.findall(r'(?:href|src)="([^"]+)"', text):
                target = urlsplit(urljoin("http://demo" + path, href))
                if target.scheme == "http" and target.netloc == "demo" and "dataproxy" not in href:
                    todo.append(target.path)
    assert deleted <= seen
    for agency in county.agencies:  # Hanweb lists past 45 records only via dataproxy POSTs
        for column in agency.disclosure_columns():
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
        assert agency.catalog == {"county": "county"}.get(agency.kind, f"qingxi-{agency.kind}.yaml")
        for column in [*agency.columns]:
            assert site.get(urlsplit(column.url).path).status == 200
            assert column.keep_content == (column.id in ("annual_report", "mailbox", "inquiry"))
        assert site.get(urlsplit(agency.homepage).path).status == 200
        assert agency.columns[3].id == "homepage" and agency.columns[3].url == agency.homepage
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert (
        digest
        == hashlib.sha256(
            write_config(county, "http://127.0.0.1:41234", tmp_path).read_bytes()
        ).hexdigest()
    )


def test_catalog_overrides_enter_the_approval_days(county, tmp_path):
    from demo.budget import trigger_date
    from rules.loader import load_catalog

    write_config(county, "http://127.0.0.1:41234", tmp_path)
    department = load_catalog("qingxi-department.yaml", tmp_path)
    assert department.item("budget").trigger_dates == {
        year: trigger_date(county.seed, "department", "budget", year) for year in (2024, 2025, 2026)
    }
    final = department.item("final-accounts").trigger_dates
    assert set(final) == {2024, 2025} and all(day <= AS_OF for day in final.values())
    township = load_catalog("qingxi-township.yaml", tmp_path)
    assert set(township.item("budget").trigger_dates) == {2024, 2025, 2026}


# --- the new columns -----------------------------------------------------------------------


@pytest.mark.parametrize("agency_id", ["qx-gov", "qx-mzj", "qx-slj"])
def test_the_homepage_column_is_what_the_homepage_lists(county, agency_id):
    from crawler.cms.base import Page
    from crawler.encoding import decode_html
    from crawler.extract import extract

    agency = county.agency(agency_id)
    url = "http://127.0.0.1:41234" + urls.home(agency)
    text, _ = decode_html(Site(county).get(urls.home(agency)).body)
    listed = extract(Page(url, text))
    expected = agency.column("homepage").publications
    assert [(e.title, e.date) for e in listed.items] == [(p.title, p.date) for p in expected]
    news = agency.column("news").publications
    assert expected[: urls.HOME_ITEMS[agency.family]] == news[: urls.HOME_ITEMS[agency.family]]


@pytest.mark.parametrize("agency_id", ["qx-gov", "qx-gaj", "qx-rsj"])
def test_every_normative_document_but_one_has_its_interpretation_soon_after(county, agency_id):
    from demo.workdays import add_workdays

    agency = county.agency(agency_id)
    docs = agency.column("normative" if agency.kind == "county" else "policies").publications
    notes = {note.about: note for note in agency.column("interpretation").publications}
    missing = [doc for doc in docs if doc.artid not in notes and doc.date < AS_OF - timedelta(5)]
    assert [doc.mark for doc in missing] == (["unpaired"] if agency_id == "qx-gaj" else [])
    for doc in docs:
        if doc.artid in notes:
            assert doc.date <= notes[doc.artid].date <= add_workdays(doc.date, 2)
            assert (
                notes[doc.artid].title.endswith(("政策解读", "》"))
                and "《" in notes[doc.artid].title
            )


def test_letters_are_listed_once_answered_within_three_working_days(county):
    from demo.workdays import add_workdays

    letters = [p for a in county.agencies for c in ("mailbox", "inquiry")
               if c in {x.id for x in a.columns} for p in a.column(c).publications]  # fmt: skip
    assert len(letters) > 300
    open_ = [p for p in letters if p.reply is None]
    assert sorted(p.agency_id for p in open_) == ["qx-fgj", "qx-yjglj"]
    for letter in letters:
        if letter.reply is not None:
            assert letter.date < letter.reply <= add_workdays(letter.date, 3)
            assert letter.appears == letter.reply and letter.reply - letter.date <= timedelta(7)


def test_documents_are_formed_a_few_working_days_before_they_appear(county):
    from demo.workdays import add_workdays

    for agency in county.agencies:
        for column_id in ("documents", "penalties", "licensing"):
            if column_id not in {c.id for c in agency.columns}:
                continue
            for doc in agency.column(column_id).publications:
                limit = 30 if doc.mark == "late" else 5
                assert add_workdays(doc.date, -limit) <= doc.created <= doc.date
    late = [p for p in county.publications() if p.mark == "late"]
    assert [(p.agency_id, p.column_id) for p in late] == [("qx-mzj", "documents")]


def test_the_deleted_articles_are_linked_from_column_pages_only(county, base_url):
    agency = county.agency("qx-zrzyj")
    assert len(agency.dead_links) == 7
    home = fetch(base_url + urls.home(agency))[2].decode()
    page = fetch(base_url + urls.column_page(agency, agency.column("notices")))[2].decode()
    again = fetch(base_url + urls.column_page(agency, agency.column("notices")))[2].decode()
    assert not any(path in home for path in agency.dead_links)
    assert all(path in page for path in agency.dead_links)
    assert page != again  # its visit counter: a fresh page on every visit
    for path in agency.dead_links:
        with pytest.raises(urllib.error.HTTPError) as gone:
            fetch(base_url + path)
        assert gone.value.code == 404
