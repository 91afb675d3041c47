"""The demo county's portal as a discovery walks it: portal → 政府信息公开 → directories → each
agency's 信息公开 index → its column tree → every configured column, by following links on
the real server; the columns' varied names; the township without a column; a revamped site."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections import Counter
from datetime import date
from urllib.parse import urljoin, urlsplit

import pytest
import test_demo_audit as audit
import yaml
from lxml import html

from common.errors import BadInputError
from demo import urls
from demo.config import UNREACHABLE_BASE, write_config
from demo.county import build_county
from demo.faults import column_faults, unreachable_agencies
from demo.portal import OWN_SITE
from demo.revamp import before, redirects
from demo.server import DemoServer
from demo.site import Site
from demo.tree import nodes, written_out
from demo.truth import truth

AS_OF = date(2026, 11, 27)
ARTICLE = re.compile(r"/art_\d+_\d+\.html$|/t\d{8}_\d+\.html$")
REVAMPED = ("qx-gov", "qx-fgj", "qx-mzj", "qx-jtj")  # Hanweb county and department, plain, TRS


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def get(url: str) -> tuple[int, dict, str]:
    """Status, headers and text (GBK when the server names no charset) of one GET."""
    try:
        with OPENER.open(url, timeout=10) as answer:
            status, headers, body = answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as error:
        status, headers, body = error.code, dict(error.headers), error.read()
    except OSError:  # a site that is down (its fault resets the connection)
        return 0, {}, ""
    charset = "utf-8" if "utf-8" in headers.get("Content-Type", "").lower() else "gbk"
    return status, headers, body.decode(charset)


def links(url: str, text: str) -> list[tuple[str, str]]:
    """(link text, absolute URL without fragment) of every link of the page."""
    if not text.strip():
        return []
    found = []
    for anchor in html.fromstring(text).iter("a"):
        href = (anchor.get("href") or "").strip()
        if href and not href.lower().startswith("javascript:"):
            found.append((anchor.text_content().strip(), urljoin(url, href).split("#")[0]))
    return found


def link_named(url: str, name: str) -> str:
    status, _, text = get(url)
    assert status == 200, url
    targets = [target for text_, target in links(url, text) if text_ == name]
    assert targets, (url, name)
    return targets[0]


@pytest.fixture(scope="module")
def county():
    return build_county(AS_OF)


@pytest.fixture(scope="module")
def served(county, tmp_path_factory):
    """(base URL, the demo's config as data) with the county served."""
    with DemoServer(county) as server:
        path = write_config(county, server.base_url, tmp_path_factory.mktemp("portal"))
        yield server.base_url, yaml.safe_load(path.read_text(encoding="utf-8"))


def walk(base: str) -> dict[str, tuple[int, str]]:
    """Every page of the server reachable from the portal by links (articles and other
    hosts or ports left out): URL → (status, the link text it was first reached by)."""
    seen: dict[str, tuple[int, str]] = {}
    todo = [("首页", base + "/")]
    while todo:
        name, url = todo.pop()
        if url in seen:
            continue
        status, _, text = get(url)
        seen[url] = (status, name)
        for text_, target in links(url, text) if status == 200 else []:
            same = urlsplit(target).netloc == urlsplit(base).netloc
            if same and not ARTICLE.search(target) and "dataproxy" not in target:
                todo.append((text_, target))
    return seen


def test_every_configured_column_is_reached_from_the_portal(served, county):
    base, config = served
    seen = walk(base)
    down = unreachable_agencies(county)
    faulty = {urls.list_prefix(county.agency(a), county.agency(a).column(c))
              for a, c in column_faults(county) if a not in down}  # fmt: skip
    wanted = [(agency["id"], column) for agency in config["agencies"] if agency["id"] not in down
              for column in agency["columns"]]  # fmt: skip
    assert len(wanted) > 250 and len(faulty) == 2
    for agency_id, column in wanted:
        assert column["url"] in seen, (agency_id, column)
        if not any(urlsplit(column["url"]).path.startswith(prefix) for prefix in faulty):
            assert seen[column["url"]][0] == 200, (agency_id, column)
    failed = {url for url, (status, _) in seen.items() if status != 200}
    assert all(urlsplit(url).path.startswith(("/qx-hkz/", *faulty)) for url in failed), failed


def test_the_walk_a_discovery_makes_by_link_names(served, county):
    base, config = served
    entry = link_named(base + "/", "政府信息公开")
    assert entry == base + urls.PORTAL_ENTRY
    for name in urls.PORTAL_PAGES.values():
        assert "<p>" in get(link_named(entry, name))[2]
    gov = county.agency("qx-gov")
    assert link_named(entry, "县政府信息公开") == base + urls.disclosure_index(gov)
    listed = {}
    for directory in ("部门信息公开", "乡镇（街道）信息公开"):
        _, _, text = get(link_named(entry, directory))
        listed |= {name: url for name, url in links(base, text) if name.startswith("青溪县")}
    homepages = {agency["name"]: agency["homepage"] for agency in config["agencies"]}
    for agency in county.agencies[1:]:
        link = listed.pop(agency.name)
        if agency.id in unreachable_agencies(county):
            assert link == UNREACHABLE_BASE + urls.home(agency) == homepages[agency.name]
        elif agency.id in OWN_SITE:
            assert link == base + urls.home(agency) == homepages[agency.name]
            assert link_named(link, "信息公开") == base + urls.disclosure_index(agency)
        else:
            assert link == base + urls.disclosure_index(agency)
    assert not listed  # no other link reads as an agency


def test_hanweb_writes_the_tree_out_and_the_others_link_group_pages(county):
    site = Site(county)
    fgj, mzj, jtj = (county.agency(i) for i in ("qx-fgj", "qx-mzj", "qx-jtj"))
    page = html.fromstring(site.get(urls.disclosure_index(fgj)).body.decode())
    groups = page.xpath('//ul[@class="xxgk-tree"]/li[@class="tree-node"]')
    assert [g.xpath("string(span|a)") for g in groups][:2] == ["机构信息", "政策文件"]
    assert all(g.xpath("./a/@href") in ([], ["javascript:void(0);"]) for g in groups)
    tree_links = page.xpath('//ul[@class="xxgk-tree"]//a[not(@class)]/@href')
    assert sorted(tree_links) == sorted(urls.column_page(fgj, c) for c in fgj.disclosure_columns())
    for agency, encoding in ((mzj, "gbk"), (jtj, "utf-8")):
        assert not written_out(agency)
        index = site.get(urls.disclosure_index(agency)).body.decode(encoding)
        for node in nodes(agency):
            if node.single:
                continue
            group = urls.group_page(agency, node.number)
            assert f'"../xxgk/group_{node.number}.html"' in index
            text = site.get(group).body.decode(encoding)
            assert [
                name
                for name, _ in links("http://x" + group, text)
                if name in {c.name for c in node.columns}
            ] == [c.name for c in node.columns]


def test_names_vary_by_agency_and_match_the_config(served, county):
    base, config = served
    departments = [a for a in county.agencies if a.kind == "department"]
    for column_id in ("news", "notices", "annual_report", "finance", "mailbox"):
        assert len({a.column(column_id).name for a in departments}) >= 2, column_id
    assert Counter(a.column("news").name for a in departments)["工作动态"] < len(departments)
    towns = {a.id: a.column("mailbox").name for a in county.agencies if a.kind == "township"}
    assert set(towns.values()) <= {"镇长信箱", "乡长信箱", "书记信箱"}
    assert build_county(date(2026, 3, 10), seed=8).agency("qx-fgj").column("news").name == \
        county.agency("qx-fgj").column("news").name  # fmt: skip
    for agency in config["agencies"]:
        model = county.agency(agency["id"])
        assert [c["name"] for c in agency["columns"]] == [c.name for c in model.columns]
    site = Site(county)
    for agency in county.agencies:
        for column in agency.disclosure_columns():
            page = site.get(urls.column_page(agency, column)).body
            shown = page.decode("gbk" if agency.family == "plain" else "utf-8")
            assert f"<title>{column.name}" in shown, (agency.id, column.id)


def test_one_township_lacks_a_column_and_the_truth_says_no_column(county):
    qsx = county.agency("qx-qsx")
    assert not qsx.has_column("penalties") and county.agency("qx-cgz").has_column("penalties")
    rows = [row for row in truth(county) if row["status"] == "no_column"]
    assert rows == [{"agency_id": "qx-qsx", "item_id": "penalty-results", "kind": "coverage",
                     "status": "no_column", "period": None}]  # fmt: skip
    fixed = build_county(AS_OF, fixes=["no-column-penalties-qx-qsx"])
    assert fixed.agency("qx-qsx").has_column("penalties")
    assert not [row for row in truth(fixed) if row["status"] == "no_column"]


@pytest.fixture(scope="module")
def revamped(tmp_path_factory):
    county = build_county(AS_OF, revamp=REVAMPED)
    with DemoServer(county) as server:
        path = write_config(county, server.base_url, tmp_path_factory.mktemp("revamp"))
        yield county, server.base_url, yaml.safe_load(path.read_text(encoding="utf-8"))


def test_a_revamped_site_answers_its_old_addresses_as_a_rebuilt_site(revamped):
    county, base, config = revamped
    for agency_id in REVAMPED:
        agency = county.agency(agency_id)
        old = before(agency)
        configured = next(a for a in config["agencies"] if a["id"] == agency_id)
        answers = Counter()
        for column in configured["columns"]:
            if column["id"] == "homepage":
                assert get(column["url"])[0] == 200
                continue
            assert column["url"] == base + urls.column_page(old, agency.column(column["id"]))
            status, headers, text = get(column["url"])
            if redirects(agency, agency.column(column["id"])):
                assert (status, headers["Location"]) == (302, urls.home(agency))
            else:
                assert status == 200 and "您访问的页面不存在" in text
            answers[status] += 1
        assert answers[302] and answers[200] > answers[302], agency_id
        column = agency.column("news")
        assert (
            "您访问的页面不存在" in get(base + urls.article(old, column, column.publications[0]))[2]
        )


def test_a_revamped_site_links_its_new_columns_from_the_same_pages(revamped):
    county, base, _ = revamped
    seen = walk(base)
    for agency_id in REVAMPED:
        agency = county.agency(agency_id)
        for column in agency.disclosure_columns():
            new = base + urls.column_page(agency, column)
            assert f"/{agency_id}/zwgk/" in new and seen.get(new, (0,))[0] == 200
            pub = column.publications[:1]
            assert not pub or get(base + urls.article(agency, column, pub[0]))[0] == 200
        status, _, text = get(base + urls.home(agency))
        targets = {target for _, target in links(base + urls.home(agency), text)}
        assert status == 200 and base + urls.column_page(agency, agency.column("news")) in targets


def test_the_truth_of_a_revamped_site_is_one_site_changed_row(revamped):
    county, *_ = revamped
    usual = truth(build_county(AS_OF))
    rows = truth(county)
    for agency_id in REVAMPED:
        mine = [row for row in rows if row["agency_id"] == agency_id]
        assert {"agency_id": agency_id, "item_id": "site", "kind": "site_change",
                "status": "site_changed", "period": None} in mine  # fmt: skip
        assert not [row for row in mine if row["status"] == "unreachable"]
        kept = {(row["item_id"], row["status"]) for row in mine} - {("site", "site_changed")}
        homepage_rows = {(row["item_id"], row["status"]) for row in usual
                         if row["agency_id"] == agency_id and row["item_id"] in
                         ("homepage", "broken-links", "availability") and row["period"] != "other"}  # fmt: skip
        assert kept == homepage_rows, agency_id
    others = [row for row in rows if row["agency_id"] not in REVAMPED]
    assert others == [row for row in usual if row["agency_id"] not in REVAMPED]


def test_an_unknown_agency_cannot_be_revamped():
    with pytest.raises(BadInputError, match="qx-none"):
        build_county(AS_OF, revamp=["qx-none"])


@pytest.mark.e2e
def test_zwgk_demo_revamp_reports_the_site_changed_as_the_truth_says(tmp_path):
    out = tmp_path / "demo"
    args = ["demo", "--out", str(out), "--as-of", AS_OF.isoformat()]
    done = audit.zwgk(*args, *[arg for agency in REVAMPED for arg in ("--revamp", agency)])
    assert f"revamped: {', '.join(REVAMPED)}" in done.stdout
    found, expected = audit.as_set(audit.findings(out)), audit.as_set(audit.truth(out))
    assert found == expected
    changed = {row[0] for row in found if row[3] == "site_changed"}
    assert changed == set(REVAMPED)
