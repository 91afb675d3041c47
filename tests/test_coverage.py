"""栏目覆盖: `zwgk coverage`, the weekly report's section (HTML, XLSX) and the dashboard page."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
import yaml
from builders import record_check, stale_finding, two_agency_config
from crawling import zwgk
from openpyxl import load_workbook

from monitor.cli.output import display_width
from monitor.cycle import write_weekly_report
from monitor.passwords import hash_password
from monitor.store import Store
from monitor.web.app import create_app

AS_OF = date(2026, 11, 27)
HOSTILE = "<script>alert(1)</script>"
CHANGED = "网站疑似改版：6个栏目中5个失效（页面不存在或跳转至其他页面）"


def config_file(tmp_path):
    """教育局 with news and a policies column named by crawled-looking text; 民政局 with news."""
    columns = [{"id": "news", "name": "工作动态", "url": "http://127.0.0.1:9/news/"},
               {"id": "zcwj", "name": HOSTILE, "url": "http://127.0.0.1:9/zcwj/",
                "items": ["policies", "policy-interpretation"]}]  # fmt: skip
    agencies = [{"id": "qx-jyj", "name": "青溪县教育局", "kind": "department",
                 "catalog": "department", "columns": columns},
                {"id": "qx-mzj", "name": "青溪县民政局", "kind": "department",
                 "catalog": "department", "columns": [dict(columns[0])]}]  # fmt: skip
    path = tmp_path / "zwgk.yaml"
    data = {"region": "青溪县", "database": str(tmp_path / "zwgk.db"), "agencies": agencies}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_cli_json_names_the_column_of_each_item_or_none(tmp_path):
    done = zwgk("coverage", "--json", "--config", str(config_file(tmp_path)))
    rows = {(r["agency_id"], r["item_id"]): r for r in map(json.loads, done.stdout.splitlines())}
    news = rows["qx-jyj", "news"]
    assert news["covered"] is True and news["item_name"] == "工作动态"
    assert news["columns"] == [
        {"id": "news", "name": "工作动态", "url": "http://127.0.0.1:9/news/"}
    ]
    assert rows["qx-jyj", "policies"]["columns"][0]["id"] == "zcwj"  # mapped by `items:`
    assert rows["qx-mzj", "policies"] == {"agency_id": "qx-mzj", "agency_name": "青溪县民政局",
                                          "item_id": "policies", "item_name": "政策文件",
                                          "covered": False, "columns": []}  # fmt: skip
    assert ("qx-jyj", "availability") not in rows  # site-wide: needs no column
    assert ("qx-jyj", "policy-interpretation") not in rows


def test_cli_table_pads_chinese_and_says_what_is_missing(tmp_path):
    done = zwgk("coverage", "--config", str(config_file(tmp_path)), "--agency", "qx-mzj")
    lines = done.stdout.splitlines()
    assert lines[0].startswith("青溪县民政局 (qx-mzj): 1 of ")
    assert "青溪县教育局" not in done.stdout
    header = next(line for line in lines if "item_name" in line)
    news = next(line for line in lines if line.strip().startswith("news "))
    policies = next(line for line in lines if line.strip().startswith("policies "))
    column_at = news.index("news", news.index("工作动态"))
    assert display_width(news[:column_at]) == header.index("column_id")  # 工作动态 is 8 wide
    assert "—（栏目缺失）" in policies


@pytest.fixture
def county(tmp_path):
    """Two agencies, one news column each; 民政局 with an open 网站改版 finding."""
    config = two_agency_config(tmp_path)
    store = Store(config.database)
    event = replace(stale_finding("qx-mzj", "site"), kind="site_change", status="site_changed",
                    severity="warning", message=CHANGED + HOSTILE)  # fmt: skip
    record_check(store, AS_OF, [stale_finding("qx-jyj"), event])
    return config, store


def test_weekly_report_has_a_coverage_section_and_sheet(county, tmp_path):
    config, store = county
    path, _ = write_weekly_report(config, store, AS_OF, tmp_path / "out")
    html = path.read_text(encoding="utf-8")
    section = html.split("六、栏目覆盖")[1]
    assert "政策文件" in section and "部门预决算" in section and "工作动态" not in section
    assert CHANGED in section and HOSTILE not in html and "&lt;script&gt;" in section
    details = html.split("五、各单位问题明细")[1].split("六、栏目覆盖")[0]
    assert "网站改版</b>（运维事件，不扣分" in details
    summary = html.split("二、各单位问题汇总")[1].split("三、")[0]
    assert ">合格<" in summary.split("青溪县民政局")[1].split("</tr>")[0]  # the event: no points
    sheet = load_workbook(path.with_suffix(".xlsx"))["栏目覆盖"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["单位", "已设置栏目的事项数", "事项总数", "未设置栏目的事项", "网站改版"]
    jyj, mzj = rows[1], rows[2]
    assert jyj[:3] == ["青溪县教育局", 1, jyj[2]] and jyj[2] > 10
    assert "政策文件" in jyj[3].split("、") and not jyj[4]
    assert mzj[4].startswith(CHANGED)


def test_dashboard_coverage_page_lists_what_each_agency_may_see(county):
    config, store = county
    store.add_user("sup", "王监督", "supervisor", None, hash_password("correct-horse"))
    store.add_user("jyj", "填报员", "department", "qx-jyj", hash_password("correct-horse"))
    store.close()
    app = create_app(None, config=config)

    def page(username: str) -> str:
        client = app.test_client()
        client.post("/login", data={"username": username, "password": "correct-horse"})
        response = client.get("/coverage")
        assert response.status_code == 200
        return response.get_data(as_text=True)

    everything = page("sup")
    assert "<h1>栏目覆盖</h1>" in everything and "青溪县民政局" in everything
    assert "政策文件" in everything and CHANGED in everything
    assert HOSTILE not in everything and "&lt;script&gt;" in everything
    own = page("jyj")
    assert "青溪县教育局" in own and "青溪县民政局" not in own and CHANGED not in own
