"""The parts of `zwgk discover`: the polite fetcher (robots.txt, private addresses, the cache
a resumed discovery reads, soft 404s), the column tree of an entry page in its two shapes, and
the config mended in place after a 改版 (comments kept)."""

from __future__ import annotations

from datetime import date

import pytest
from scripted_sites import HTML, LoggingServer, frame

from crawler.addresses import AddressPolicy
from crawler.cms.base import Page
from crawler.discover_county import directory_agencies, portal_name
from crawler.discover_fetch import PageFault, PoliteFetcher
from crawler.discover_tree import FoundColumn, column_tree, named_links
from crawler.fetch_document import RefusedFetchError
from monitor.config import ConfigError, load_config
from monitor.discover_config import DraftColumn
from monitor.discover_diff import ADDED, GONE, MOVED, SAME, apply_changes, column_changes

LIST = "".join(f'<li><a href="./202611/t202611{d:02d}_{d}.html">关于第{d}批项目的公示</a>'
               f"<span>2026-11-{d:02d}</span></li>" for d in range(1, 9))  # fmt: skip
NESTED = """<ul class="tree">
<li><span>机构信息</span><ul><li><a href="/a/jgzn/">机构职能</a></li><li><a href="/a/ldxx/">领导信息</a></li></ul></li>
<li><a href="javascript:;">财政信息</a><ul><li><a href="/a/bmys/">部门预算</a></li></ul></li>
<li><a href="/a/gzdt/">工作动态</a></li></ul>"""  # fmt: skip
GROUPS = (
    '<ul><li><a href="/b/g1.html">政策文件</a></li><li><a href="/b/tzgg/">通知公告</a></li></ul>'
)
GROUP_PAGE = '<ul><li><a href="/b/gfxwj/">行政规范性文件</a></li><li><a href="/b/zcjd/">政策解读</a></li></ul>'


@pytest.fixture
def site():
    with LoggingServer() as server:
        routes = {"/robots.txt": ("text/plain", "User-agent: *\nDisallow: /private/\n")}
        for path in ("/a/jgzn/", "/a/ldxx/", "/a/bmys/", "/a/gzdt/", "/b/tzgg/", "/b/gfxwj/",
                     "/b/zcjd/"):  # fmt: skip
            routes[path] = (HTML, frame("栏目", f'<ul class="list">{LIST}</ul>'))
        routes["/a/xxgk/"] = (HTML, frame("信息公开", NESTED))
        routes["/b/xxgk/"] = (HTML, frame("信息公开", GROUPS))
        routes["/b/g1.html"] = (HTML, frame("政策文件", GROUP_PAGE))
        routes["/gone/"] = (HTML, frame("提示", "<h1>404</h1><p>您访问的页面不存在或已被删除</p>"))
        routes["/private/x/"] = (HTML, frame("x", LIST))
        server.routes.update(routes)
        yield server


def fetcher(tmp_path=None) -> PoliteFetcher:
    return PoliteFetcher(AddressPolicy(["127.0.0.1"]), delay=0, cache_dir=tmp_path)


def test_a_private_address_is_refused_unless_allowed(site):
    with pytest.raises(RefusedFetchError, match="private"):
        PoliteFetcher(AddressPolicy(), delay=0)(site.base + "/a/xxgk/")
    assert fetcher()(site.base + "/a/xxgk/").text


def test_robots_txt_is_obeyed(site):
    with pytest.raises(PermissionError):
        fetcher()(site.base + "/private/x/")
    assert "/private/x/" not in site.requested()


def test_a_soft_404_is_an_error_not_a_page(site):
    with pytest.raises(PageFault, match="soft404"):
        fetcher()(site.base + "/gone/")


def test_a_resumed_discovery_reads_what_it_kept(site, tmp_path):
    fetcher(tmp_path)(site.base + "/a/xxgk/")
    asked = site.requested().count("/a/xxgk/")
    again = fetcher(tmp_path)
    assert again(site.base + "/a/xxgk/").url == site.base + "/a/xxgk/"
    assert site.requested().count("/a/xxgk/") == asked == 1 and again.requests == 0


def test_a_tree_written_out_gives_each_column_its_groups(site):
    found = column_tree(fetcher()(site.base + "/a/xxgk/"), fetcher())
    assert [c.name for c in found if c.error] == ["政务公开"]  # the nav's link, 404 here
    got = {(c.name, c.parents, c.items) for c in found if not c.error}
    assert got == {("机构职能", ("机构信息",), 8), ("领导信息", ("机构信息",), 8),
                   ("部门预算", ("财政信息",), 8), ("工作动态", (), 8)}  # fmt: skip


def test_a_group_page_is_walked_and_is_no_column(site):
    found = column_tree(fetcher()(site.base + "/b/xxgk/"), fetcher())
    got = {(c.name, c.parents) for c in found if not c.error}
    assert got == {("通知公告", ()), ("行政规范性文件", ("政策文件",)), ("政策解读", ("政策文件",))}


def test_named_links_skip_articles_other_sites_and_scripts():
    page = Page("http://h.cn/x/", '<a href="/x/202401/t20240101_1.html">某某通知公告</a>'
                '<a href="http://o.cn/y/">工作动态</a><a href="javascript:;">政务动态</a>'
                '<a href="/x/gzdt/">工作动态</a>')  # fmt: skip
    assert [(c.name, c.url) for c in named_links(page)] == [("工作动态", "http://h.cn/x/gzdt/")]


def test_a_directory_lists_agencies_by_full_name():
    page = Page("http://h.cn/xxgk/bm/", '<a href="/qx-fgj/xxgk/">青溪县发展和改革局</a>'
                '<a href="http://scjg.qx.cn/">青溪县市场监督管理局</a><a href="/">返回首页</a>'
                '<a href="/qx-cgz/xxgk/">青溪县城关镇人民政府</a>')  # fmt: skip
    assert directory_agencies(page) == [
        ("青溪县发展和改革局", "http://h.cn/qx-fgj/xxgk/"),
        ("青溪县市场监督管理局", "http://scjg.qx.cn/"),
        ("青溪县城关镇人民政府", "http://h.cn/qx-cgz/xxgk/"),
    ]


def test_the_county_is_named_by_its_portal():
    assert (
        portal_name(Page("http://h.cn/", "<title>青溪县人民政府门户网站</title>"))
        == "青溪县人民政府"
    )
    assert (
        portal_name(Page("http://h.cn/", "<title>青溪县人民政府 - 首页</title>"))
        == "青溪县人民政府"
    )


CONFIG = """# 青溪县 — reviewed by hand
region: 青溪县
agencies:
  - id: qx-slj
    name: 青溪县水利局  # on its own site
    kind: department
    catalog: department
    homepage: http://slj.qx.cn/
    columns:
      - {id: news, name: 工作动态, url: "http://slj.qx.cn/gzdt/"}  # checked 2026-01
      - {id: notices, name: 通知公告, url: "http://slj.qx.cn/tzgg/"}
      - {id: org, name: 机构职能, url: "http://slj.qx.cn/jgzn/"}
"""


def drafted(column_id: str, name: str, url: str) -> DraftColumn:
    return DraftColumn(column_id, FoundColumn(name, url), None)


def test_a_revamp_is_applied_in_place_comments_kept(tmp_path):
    path = tmp_path / "zwgk.yaml"
    path.write_text(CONFIG, encoding="utf-8")
    agency = load_config(path).agency("qx-slj")
    found = [drafted("news", "部门动态", "http://slj.qx.cn/zwgk/gzdt/"),
             drafted("notices", "通知公告", "http://slj.qx.cn/tzgg/"),
             drafted("annual_report", "信息公开年报", "http://slj.qx.cn/zwgk/nb/")]  # fmt: skip
    changes = column_changes(agency, found)
    assert [(c.column_id, c.change) for c in changes] == [
        ("news", MOVED), ("notices", SAME), ("org", GONE), ("annual_report", ADDED)]  # fmt: skip
    assert apply_changes(path, "qx-slj", changes, found, date(2026, 12, 6)) == 3
    text = path.read_text(encoding="utf-8")
    assert "# 青溪县 — reviewed by hand" in text and "# on its own site" in text
    assert "moved on 2026-12-06: was http://slj.qx.cn/gzdt/" in text
    assert "not found on the site on 2026-12-06" in text
    columns = {c.id: c.url for c in load_config(path).agency("qx-slj").columns}
    assert columns == {"news": "http://slj.qx.cn/zwgk/gzdt/", "notices": "http://slj.qx.cn/tzgg/",
                       "org": "http://slj.qx.cn/jgzn/", "annual_report": "http://slj.qx.cn/zwgk/nb/"}  # fmt: skip


def test_an_apply_that_would_break_the_config_writes_nothing(tmp_path):
    path = tmp_path / "zwgk.yaml"
    path.write_text(CONFIG, encoding="utf-8")
    agency = load_config(path).agency("qx-slj")
    found = [drafted("news", "部门动态", "ftp://slj.qx.cn/gzdt/")]  # not an http(s) address
    with pytest.raises(ConfigError):
        apply_changes(path, "qx-slj", column_changes(agency, found), found, date(2026, 12, 6))
    assert path.read_text(encoding="utf-8") == CONFIG
    assert [p.name for p in tmp_path.iterdir()] == ["zwgk.yaml"]
