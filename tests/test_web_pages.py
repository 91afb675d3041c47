"""The dashboard's pages (Flask test client): what each shows, to whom, in Chinese, with
crawled text escaped; the filters, the JSON rows, the downloads and the error pages.

`site` builds a two-agency county in tmp_path (a crawl, a check, notices with files, a
weekly report, score history and four accounts); test_web_access and test_web_loop use it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from builders import record_check, stale_finding, two_agency_config

from monitor.findings import finding_id
from monitor.passwords import hash_password
from monitor.store import AgencyScore, Store
from monitor.web.app import create_app
from monitor.web.labels import error_label
from rules.findings import Finding

DAY = date(2026, 12, 7)
PASSWORD = "correct-horse"
HOSTILE = "<script>alert('x')</script>"
ESCAPED = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"
USERS = {"sup": ("王监督", "supervisor", None), "view": ("李只读", "viewer", None),
         "jyj": ("教育局填报员", "department", "qx-jyj"),
         "mzj": ("民政局填报员", "department", "qx-mzj")}  # fmt: skip
NUMBER = "青溪公开整改〔{year}〕{seq}号"


def hostile_finding() -> Finding:
    """教育局's news column, stale, citing a crawled title that is a script and a bad link."""
    finding = stale_finding("qx-jyj", title=HOSTILE)
    bad_link = {"label": "不可用链接", "url": "javascript:alert(1)", "title": "坏链接"}
    return replace(finding, evidence=(*finding.evidence, bad_link))


def veto_finding() -> Finding:
    return stale_finding("qx-mzj", item_id="homepage", severity="veto", title=HOSTILE)


JYJ, MZJ = finding_id(hostile_finding().key), finding_id(veto_finding().key)


def build_store(config, tmp_path) -> dict:
    """The county's state after one crawl and one check; returns the ids tests need."""
    store = Store(config.database)
    try:
        record_crawl(store)
        record_check(store, DAY, [hostile_finding(), veto_finding()])
        notices = {agency: issue_with_files(store, config, agency, fid)
                   for agency, fid in (("qx-jyj", JYJ), ("qx-mzj", MZJ))}  # fmt: skip
        outside = tmp_path / "outside.pdf"
        outside.write_bytes(b"%PDF-1.4 not under reports_dir")
        files = store.notice(notices["qx-jyj"]).files
        store.set_notice_files(notices["qx-jyj"], {**files, "pdf": str(outside)})
        record_weekly(store, config)
        record_scores(store)
        for username, (name, role, agency) in USERS.items():
            store.add_user(username, name, role, agency, hash_password(PASSWORD))
    finally:
        store.close()
    return notices


def record_crawl(store: Store) -> None:
    crawl = store.start_crawl(DAY.isoformat())
    store.record_listing({"url": "http://x/a.html", "title": HOSTILE, "publish_date": "2026-10-18"},
                         "qx-jyj", "news", crawl, DAY.isoformat())  # fmt: skip
    for agency, outcome, error in (("qx-jyj", "ok", None), ("qx-mzj", "unreachable", HOSTILE)):
        store.record_fetch({"crawl_id": crawl, "agency_id": agency, "column_id": "news",
                            "kind": "list", "url": "http://127.0.0.1:9/news/", "method": "GET",
                            "status": 200 if outcome == "ok" else None, "outcome": outcome,
                            "error": error, "elapsed_ms": 40})  # fmt: skip
        store.record_column_state({"crawl_id": crawl, "agency_id": agency, "column_id": "news",
                                   "outcome": outcome, "pages": 1, "items": 1, "error": error})  # fmt: skip
    store.finish_crawl(crawl, "finished", {"requests": 2, "columns": 2, "columns_ok": 1,
                                           "columns_failed": 1, "new_publications": 1,
                                           "unreachable": 1, "elapsed_s": 0.5})  # fmt: skip


def issue_with_files(store: Store, config, agency_id: str, fid: str) -> int:
    notice = store.issue_notice(agency_id, DAY, DAY + timedelta(days=14), [fid],
                                lambda year, seq: NUMBER.format(year=year, seq=seq))  # fmt: skip
    folder = config.reports_dir / "notices"
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for fmt, content in (("docx", b"PK\x03\x04 docx"), ("html", b"<p>notice</p>")):
        path = folder / f"notice-{notice.seq}.{fmt}"
        path.write_bytes(content)
        files[fmt] = str(path)
    store.set_notice_files(notice.id, files)
    return notice.id


def record_weekly(store: Store, config) -> None:
    config.reports_dir.mkdir(parents=True, exist_ok=True)
    html = config.reports_dir / f"weekly-{DAY.isoformat()}.html"
    html.write_text("<h1>周报</h1>", encoding="utf-8")
    html.with_suffix(".xlsx").write_bytes(b"PK\x03\x04 xlsx")
    (config.reports_dir / html.stem).mkdir()
    (config.reports_dir / html.stem / "qx-jyj.html").write_text("<h1>教育局周报</h1>", "utf-8")
    store.record_report("weekly", DAY.isoformat(), str(html))


def record_scores(store: Store) -> None:
    """Three weekly checks' scores: 教育局 合格 (95, 94, 93), 民政局 不合格 (40)."""
    for week in (2, 1, 0):
        day = DAY - timedelta(weeks=week)
        check = store.start_check(day.isoformat(), None)
        store.save_scores([AgencyScore(check, agency, day, points, verdict, 0, 1)
                           for agency, points, verdict in (("qx-jyj", 93.0 + week, "合格"),
                                                           ("qx-mzj", 40.0, "不合格"))])  # fmt: skip


class Clock:
    def __init__(self):
        self.moment = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.moment


@pytest.fixture
def site(tmp_path):
    config = two_agency_config(tmp_path)
    dashboard = config.dashboard.model_copy(update={"attachments_dir": tmp_path / "attachments"})
    config = config.model_copy(update={"dashboard": dashboard})
    return config, build_store(config, tmp_path)


@pytest.fixture
def app(site):
    return create_app(None, now=Clock(), config=site[0])


@pytest.fixture
def as_user(app):
    def login(username: str):
        client = app.test_client()
        response = client.post("/login", data={"username": username, "password": PASSWORD})
        assert response.status_code == 302, response.text
        return client

    return login


def csrf_of(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def agency_links(page: str) -> set[str]:
    return set(re.findall(r'href="/agencies/([a-z-]+)"', page))


# -- 总览 and 单位 ------------------------------------------------------------------------


def test_the_supervisor_and_the_viewer_see_every_agency_on_the_overview(as_user):
    for username in ("sup", "view"):
        page = as_user(username).get("/").text
        assert agency_links(page) == {"qx-jyj", "qx-mzj"}
        assert "青溪县教育局" in page and "青溪县民政局" in page
    page = as_user("sup").get("/").text
    assert "不合格" in page and "合格" in page and "单项否决" in page
    assert page.index("青溪县民政局") < page.index("青溪县教育局")  # 不合格 (a veto) first
    assert "<svg" in page and "近12周趋势" in page and "50%" in page  # 合格率
    assert "未启用计划任务" in page and "立即复查" not in page


def test_a_department_sees_only_its_own_agency(as_user):
    client = as_user("jyj")
    page = client.get("/").text
    assert agency_links(page) == {"qx-jyj"} and "青溪县民政局" not in page
    assert client.get("/agencies").headers["Location"].endswith("/agencies/qx-jyj")
    assert ">周报<" not in page and ">运行<" not in page


def test_next_run_and_run_now_come_from_the_service(app, as_user):
    queued = []
    app.config.update(NEXT_RUN=lambda: datetime(2026, 12, 8, 0, 30, tzinfo=UTC),
                      RUN_NOW=lambda: queued.append(1))  # fmt: skip
    client = as_user("sup")
    page = client.get("/").text
    assert "2026-12-08 08:30" in page and "立即复查" in page  # shown in Asia/Shanghai
    assert "立即复查" not in as_user("view").get("/").text
    response = client.post("/runs/now", data={"csrf_token": csrf_of(page)})
    assert response.status_code == 303 and queued == [1]
    assert "已安排立即复查" in client.get(response.headers["Location"]).text
    store = Store(app.config["ZWGK"].database)
    assert store.audit_entries()[0].username == "sup"
    store.close()


def test_the_agency_page_shows_columns_findings_notices_and_history(as_user):
    client = as_user("sup")
    page = client.get("/agencies/qx-jyj").text
    assert "工作动态" in page and "2026-10-18" in page and "正常" in page
    assert 'href="http://127.0.0.1:9/news/"' in page and "noopener noreferrer" in page
    assert "青溪公开整改〔2026〕1号" in page and "栏目不更新" in page and "<svg" in page
    data = client.get("/agencies/qx-jyj.json").get_json()
    assert data["agency"]["name"] == "青溪县教育局" and data["score"]["verdict"] == "合格"
    assert data["columns"][0]["newest_publication"] == "2026-10-18"
    assert [f["id"] for f in data["findings"]] == [JYJ]
    assert len(data["score_history"]) == 3
    assert "未抓取" not in page and "无法连接" in client.get("/agencies/qx-mzj").text


# -- escaping -----------------------------------------------------------------------------


def test_a_crawled_script_is_shown_escaped_on_every_page_that_shows_it(as_user, site):
    client = as_user("sup")
    notice = site[1]["qx-jyj"]
    for path in ("/", "/findings", f"/findings/{JYJ}", "/agencies/qx-jyj", f"/notices/{notice}",
                 "/runs/1"):  # fmt: skip
        page = client.get(path).text
        assert ESCAPED in page, path
        assert "<script>" not in page, path
    detail = client.get(f"/findings/{JYJ}").text
    assert 'href="javascript:' not in detail and "坏链接" in detail


def test_pages_carry_a_policy_that_forbids_scripts(as_user):
    response = as_user("sup").get("/")
    assert "script-src 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


# -- 问题 ---------------------------------------------------------------------------------


def finding_ids(page: str) -> set[str]:
    return set(re.findall(r'href="/findings/([0-9a-f]{12})"', page))


def test_the_filters_filter(as_user):
    client = as_user("sup")
    assert finding_ids(client.get("/findings").text) == {JYJ, MZJ}
    assert finding_ids(client.get("/findings?agency=qx-mzj").text) == {MZJ}
    assert finding_ids(client.get("/findings?severity=veto").text) == {MZJ}
    assert finding_ids(client.get("/findings?severity=points").text) == {JYJ}
    assert finding_ids(client.get("/findings?status=blank").text) == set()
    assert finding_ids(client.get("/findings?kind=freshness&state=new").text) == {JYJ, MZJ}
    assert finding_ids(client.get("/findings?state=resolved").text) == set()
    assert '<details class="filters">' in client.get("/findings").text  # folded on a phone
    assert "筛选（已选 1 项）" in client.get("/findings?severity=veto").text
    rows = client.get("/findings.json?agency=qx-jyj").get_json()
    assert [row["id"] for row in rows["findings"]] == [JYJ] and rows["total"] == 1
    assert rows["findings"][0]["agency_name"] == "青溪县教育局"


def test_findings_come_a_page_at_a_time(site, as_user):
    config = site[0]
    many = [stale_finding("qx-jyj", item_id=f"item-{n:02}") for n in range(60)]
    store = Store(config.database)
    record_check(store, DAY + timedelta(days=1), [hostile_finding(), veto_finding(), *many])
    store.close()
    client = as_user("sup")
    first, second = (client.get(f"/findings.json?page={n}").get_json() for n in (1, 2))
    assert first["total"] == 62 and first["pages"] == 2
    assert len(first["findings"]) == 50 and len(second["findings"]) == 12
    assert first["findings"][0]["id"] == MZJ  # the veto first
    assert "第 2 / 2 页" in client.get("/findings?page=2").text


def test_the_finding_page_shows_evidence_fetches_and_timeline(as_user):
    page = as_user("sup").get(f"/findings/{JYJ}").text
    assert "证据" in page and "抓取记录" in page and "栏目列表" in page
    assert 'href="http://x/a.html"' in page and "2026-10-18" in page
    assert "处理过程" in page and "青溪公开整改〔2026〕1号" in page
    assert "豁免" in page and "整改回复" not in page.split("处理过程")[1]  # no department form


# -- 整改通知书, 周报, 运行 ------------------------------------------------------------------


def test_notices_list_and_download_only_files_under_the_reports_folder(as_user, site):
    client = as_user("sup")
    notice = site[1]["qx-jyj"]
    listing = client.get("/notices").text
    assert "青溪公开整改〔2026〕1号" in listing and "整改中" in listing
    docx = client.get(f"/notices/{notice}/docx")
    assert docx.status_code == 200 and docx.data.startswith(b"PK")
    assert "attachment" in docx.headers["Content-Disposition"]
    html = client.get(f"/notices/{notice}/html")
    assert "sandbox" in html.headers["Content-Security-Policy"]
    assert client.get(f"/notices/{notice}/pdf").status_code == 404  # a path outside
    assert client.get(f"/notices/{notice}/exe").status_code == 404


def test_weekly_reports_open_and_download_for_supervisors_and_viewers(as_user):
    for username in ("sup", "view"):
        client = as_user(username)
        page = client.get("/reports").text
        assert "打开网页版" in page and "下载 Excel" in page and "下载 PDF" not in page
        opened = client.get("/reports/1/html")
        assert "周报" in opened.text and "sandbox" in opened.headers["Content-Security-Policy"]
        assert client.get("/reports/1/xlsx").status_code == 200
        assert client.get("/reports/1/pdf").status_code == 404
        assert client.get("/reports/1/db").status_code == 404
        stem = f"weekly-{DAY.isoformat()}"  # a province-scale report's agency page
        agency = client.get(f"/reports/1/{stem}/qx-jyj.html")
        assert (
            "教育局周报" in agency.text and "sandbox" in agency.headers["Content-Security-Policy"]
        )
        for wrong in (
            f"{stem}/qx-mzj.html",
            "weekly-2026-01-01/qx-jyj.html",
            f"{stem}/..%2Fx.html",
        ):
            assert client.get(f"/reports/1/{wrong}").status_code == 404


def test_runs_show_the_figures_and_errors_escaped(as_user):
    client = as_user("sup")
    page = client.get("/runs").text
    assert "#1" in page and "完成" in page and "新发现 2" in page
    detail = client.get("/runs/1").text
    assert "无法连接" in detail and ESCAPED in detail and "青溪县民政局" in detail
    assert client.get("/runs/99").status_code == 404


def test_the_run_page_names_columns_and_errors_in_chinese(as_user):
    detail = as_user("sup").get("/runs/1").text
    failed = detail.split("失败的请求")[1]
    assert "<td>工作动态</td>" in failed and ">news<" not in failed
    assert f'title="{ESCAPED}"' in failed  # the crawler's own text, kept and escaped


@pytest.mark.parametrize(("error", "chinese"), [
    ("DownloadConnectionRefusedError: Connection was refused by other side: 111: Connection "
     "refused. (2 attempts)", "连接被拒绝：服务器未开放或已关闭，共尝试 2 次"),
    ("HTTP 404", "服务器返回 HTTP 404（页面不存在）"),
    ("HTTP 403: blocked by a web application firewall", "被网站防火墙或反爬虫页面拦截"),
    ("the page says it does not exist (soft 404)", "网页内容显示页面不存在"),
    ("something new", "something new"),
])  # fmt: skip
def test_fetch_errors_read_in_chinese(error, chinese):
    assert error_label(error) == chinese


# -- errors -------------------------------------------------------------------------------


def test_error_pages_are_in_chinese_and_json_asks_get_json(as_user):
    client = as_user("sup")
    missing = client.get("/findings/000000000000")
    assert missing.status_code == 404 and "页面不存在" in missing.text
    assert client.get("/agencies/nobody.json").get_json()["error"] == "页面不存在"
    forbidden = as_user("jyj").get("/reports")
    assert forbidden.status_code == 403 and "无权访问" in forbidden.text
