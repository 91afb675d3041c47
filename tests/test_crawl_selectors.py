"""A column whose markup no parser knows is read with the selectors its config gives."""

import json
import subprocess
import sys

import yaml
from county import CountyServer

from monitor.store import Store

ODD_PAGE = """<html><body><div id="menu"><a href="/">首页</a></div>
<dl class="wz"><dd><i>2026-11-20</i><a href="/odd/a1.html">青溪县召开营商环境推进会</a></dd>
<dd><i>2026-11-02</i><a href="/odd/a2.html">关于开展安全生产大检查的通知</a></dd></dl>
<span class="pg"><a href="/odd/p2.html">下页</a></span></body></html>"""
ODD_PAGE_2 = """<html><body><dl class="wz">
<dd><i>2026-10-15</i><a href="/odd/a3.html">青溪县2026年第三季度经济运行情况</a></dd></dl></body></html>"""


def test_selectors_from_the_config_read_an_unknown_layout(tmp_path):
    with CountyServer() as server:
        server.routes.update({
            "/robots.txt": ("text/plain", b"User-agent: *\nAllow: /\n"),
            "/odd/index.html": ("text/html; charset=utf-8", ODD_PAGE.encode()),
            "/odd/p2.html": ("text/html; charset=utf-8", ODD_PAGE_2.encode()),
        })  # fmt: skip
        selectors = {"item": "dl.wz dd", "date": "i::text", "next": "span.pg a::attr(href)"}
        config = {
            "region": "青溪县", "database": str(tmp_path / "zwgk.db"),
            "crawl": {"download_delay": 0, "autothrottle": False, "detail_pages": False,
                      "check_links": False, "allow_private": ["127.0.0.1"]},
            "agencies": [{"id": "qx-odd", "name": "青溪县某局", "kind": "department",
                          "catalog": "department", "columns": [
                              {"id": "news", "name": "工作动态", "url": f"{server.base}/odd/index.html",
                               "selectors": selectors}]}],
        }  # fmt: skip
        path = tmp_path / "zwgk.yaml"
        path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        done = subprocess.run([sys.executable, "-m", "monitor.cli", "crawl", "--config", str(path)],
                              capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["columns_ok"] == 1
    store = Store(tmp_path / "zwgk.db")
    assert {fetch.parser for fetch in store.fetches(1, kind="list")} == {"selectors"}
    rows = store.column_publications("qx-odd", "news")
    assert sorted((row.title, row.publish_date) for row in rows) == [
        ("关于开展安全生产大检查的通知", "2026-11-02"),
        ("青溪县2026年第三季度经济运行情况", "2026-10-15"),
        ("青溪县召开营商环境推进会", "2026-11-20"),
    ]
