"""The 运行 pages show a running crawl's progress from the store (Flask test client): the
figures in Chinese, 可能已中断 when they are old, escaped, and a reload only while running."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from builders import two_agency_config

from monitor.passwords import hash_password
from monitor.store import Store
from monitor.web.app import create_app
from monitor.web.labels import eta_label

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
PASSWORD = "correct-horse"
HOSTILE = "<script>alert('x')</script>"
ESCAPED = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"
REFRESH = '<meta http-equiv="refresh" content="10">'
FIGURES = {"columns_total": 240, "columns_done": 12, "requests": 3410, "errors": 7,
           "rate": 18.24, "eta_s": 845}  # fmt: skip


def ago(**delta) -> str:
    return (NOW - timedelta(**delta)).isoformat(timespec="seconds")


@pytest.fixture
def county(tmp_path):
    """A county whose store has one finished crawl and one running, and a supervisor."""
    config = two_agency_config(tmp_path)
    store = Store(config.database)
    finished = store.start_crawl("2026-12-06")
    store.save_progress(finished, {**FIGURES, "updated_at": ago(days=1)})
    store.finish_crawl(finished, "finished", {"requests": 3500, "columns": 240})
    running = store.start_crawl("2026-12-07")
    store.add_user("sup", "王监督", "supervisor", None, hash_password(PASSWORD))
    yield config, store, running
    store.close()


def client_of(config):
    client = create_app(None, now=lambda: NOW, config=config).test_client()
    response = client.post("/login", data={"username": "sup", "password": PASSWORD})
    assert response.status_code == 302
    return client


def progress_section(page: str) -> str:
    return page.split('<section class="run-progress"')[1].split("</section>")[0]


def test_a_running_crawl_shows_its_progress_on_the_runs_pages(county):
    config, store, running = county
    store.save_progress(running, {**FIGURES, "updated_at": ago(seconds=70)})
    client = client_of(config)
    for path in ("/runs", f"/runs/{running}"):
        page = client.get(path).text
        shown = progress_section(page)
        assert "栏目 已完成/总数</dt><dd>12/240（5%）" in shown
        assert "请求数</dt><dd>3,410" in shown and '错误数</dt><dd class="fail">7' in shown
        assert "速率（次/秒）</dt><dd>18.2" in shown and "约 14 分钟" in shown
        assert "2026-12-07 16:58（1 分钟前）" in shown  # updated_at in Asia/Shanghai
        assert "可能已中断" not in page and REFRESH in page
    assert page.count('<section class="run-progress"') == 1


def test_a_crawl_not_heard_of_for_minutes_may_have_stopped(county):
    config, store, running = county
    store.save_progress(running, {**FIGURES, "updated_at": ago(minutes=12)})
    shown = progress_section(client_of(config).get("/runs").text)
    assert "可能已中断" in shown and "已有 12 分钟未更新进度" in shown
    assert "12/240" in shown  # the last figures stay shown


def test_a_running_crawl_without_progress_yet_shows_its_start(county):
    config, _, running = county
    page = client_of(config).get(f"/runs/{running}").text
    shown = progress_section(page)
    assert "尚无进度" in shown and "栏目 已完成/总数" not in shown and REFRESH in page


def test_finished_crawls_show_no_progress_and_do_not_reload(county):
    config, store, running = county
    store.finish_crawl(running, "finished", {"requests": 10})
    client = client_of(config)
    for path in ("/runs", "/runs/1", f"/runs/{running}"):
        page = client.get(path).text
        assert 'class="run-progress"' not in page and REFRESH not in page


def test_stored_progress_is_escaped(county):
    config, store, running = county
    store.save_progress(running, {**FIGURES, "updated_at": HOSTILE})
    page = client_of(config).get("/runs").text
    assert ESCAPED in progress_section(page) and HOSTILE not in page
    assert "可能已中断" in page  # a time that cannot be read is no sign of life


def test_the_time_left_reads_in_chinese():
    assert eta_label(None) == "尚无法估计"
    assert eta_label(20) == "不到 1 分钟"
    assert eta_label(845) == "约 14 分钟"
    assert eta_label(3600) == "约 1 小时"
    assert eta_label(3900) == "约 1 小时 5 分钟"
