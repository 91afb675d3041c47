"""Detail pages read in the helper process read exactly as in the crawl process, and none is
lost when the helper dies (`crawler.page_reader`, a real `python -m crawler.page_reader`)."""

from __future__ import annotations

import asyncio
import logging
import os
import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from crawling import REPO, crawl_command, demo_config, query

from crawler.detail_reading import DetailAnswer, read_detail
from crawler.page_checks import build_checker
from crawler.page_reader import START_AFTER, PageReader
from crawler.plan import ContentOptions

HTML = {"content-type": "text/html; charset=utf-8"}
DETAIL = """<html><head><title>关于印发{n}号办法的通知</title></head><body>
<table><tr><td>索引号：</td><td>11331023MB0000000X/2026-{n:05d}</td>
<td>发布机构：</td><td>青溪县人民政府办公室</td></tr>
<tr><td>生成日期：</td><td>2026-03-{day:02d}</td><td>文号：</td><td>青政办发〔2026〕{n}号</td></tr>
</table><h1>关于印发{n}号办法的通知</h1>
<div class="content"><p>{body}</p><p>根据工作安排，现将有关事项通知如下。</p></div></body></html>"""
SOFT404 = "<html><head><title>404 页面不存在</title></head><body>您访问的页面不存在</body></html>"
REPORT = """<html><head><title>青溪县2025年政府信息公开工作年度报告</title></head><body>
<h1>青溪县2025年政府信息公开工作年度报告</h1>
<p>附件：<a href="/files/report2025.pdf">青溪县2025年政府信息公开工作年度报告.pdf</a></p>
</body></html>"""
LEADER_SLIP = "经监察部部长批准，开展专项检查。"  # a title abolished in 2018 (rules/wordlists)


def answer(html: str | None, n: int = 1, keep: bool = False, status: int = 200) -> DetailAnswer:
    body = None if html is None else html.encode("utf-8")
    headers = HTML if html is not None else {"content-type": "application/pdf"}
    return DetailAnswer(url=f"http://127.0.0.1:9/art/{n}.html", status=status, headers=headers,
                        body=body, column_id="notices", keep_content=keep,
                        listed=date(2026, 3, 1))  # fmt: skip


def detail(n: int, body: str = "为规范管理，制定本办法。") -> DetailAnswer:
    return answer(DETAIL.format(n=n, day=1 + n % 28, body=body), n)


def varied_answers() -> list[DetailAnswer]:
    pages = [detail(n) for n in range(40)]
    pages += [detail(99, LEADER_SLIP), answer(SOFT404, 100), answer(None, 101)]
    return pages + [answer(REPORT, 102, keep=True), answer(DETAIL, 103, status=500)]


async def started(reader: PageReader) -> PageReader:
    """`reader` once its helper reads pages (the first page read here starts it)."""
    await reader.read(detail(0))
    for _ in range(300):
        if reader.ready:
            return reader
        await asyncio.sleep(0.1)
    raise AssertionError("the helper did not start within 30 s")


SHIPPED_LISTS = ContentOptions()  # the shipped word lists only


def new_reader(options: ContentOptions | None = SHIPPED_LISTS) -> PageReader:
    reader = PageReader(start_after=1)
    reader.use(options, build_checker(options))
    return reader


def test_the_helper_reads_every_kind_of_page_as_the_crawl_process_does():
    checker = build_checker(ContentOptions())
    pages = varied_answers()
    expected = [read_detail(page, checker) for page in pages]

    async def run():
        reader = await started(new_reader())
        readings = await asyncio.gather(*(reader.read(page) for page in pages))
        await reader.close()
        return reader, readings

    reader, readings = asyncio.run(run())
    assert readings == expected
    assert reader.read_by_helper == len(pages) and reader.read_here == 1
    assert reader.process.returncode == 0  # ended by the close, not killed
    kinds = {(r.fault, bool(r.document), "content_hits" in r.meta) for r in readings}
    assert {("soft404", False, False), (None, True, False), (None, False, True)} <= kinds


def test_pages_the_helper_held_when_it_died_are_read_in_the_crawl_process(caplog):
    pages = [detail(n) for n in range(300)]
    checker = build_checker(ContentOptions())
    expected = [read_detail(page, checker) for page in pages]

    async def run():
        reader = await started(new_reader())
        reads = [asyncio.ensure_future(reader.read(page)) for page in pages]
        await asyncio.sleep(0)  # every page handed to the helper
        reader.process.kill()
        readings = await asyncio.gather(*reads)
        after = await reader.read(detail(7))
        await reader.close()
        return reader, readings, after

    with caplog.at_level(logging.WARNING, logger="crawler.page_reader"):
        reader, readings, after = asyncio.run(run())
    assert readings == expected and after == expected[7]
    assert reader.read_by_helper < len(pages)  # the rest were read here
    assert reader.read_here == 1 + (len(pages) - reader.read_by_helper) + 1
    assert not reader.ready and "helper stopped" in caplog.text


def test_a_new_plan_s_content_options_reach_the_helper():
    slip = detail(5, LEADER_SLIP)

    async def run():
        reader = await started(new_reader(None))
        unchecked = await reader.read(slip)
        reader.use(ContentOptions(), build_checker(ContentOptions()))
        checked = await reader.read(slip)
        await reader.close()
        return reader, unchecked, checked

    reader, unchecked, checked = asyncio.run(run())
    assert reader.read_by_helper == 2
    assert "content_hits" not in unchecked.meta
    assert [hit["check"] for hit in checked.meta["content_hits"]] == ["leader"]


@pytest.mark.parametrize("helper", [False, True])
def test_a_small_crawl_or_a_crawl_told_so_reads_every_page_itself(helper):
    async def run():
        reader = PageReader(helper=helper, start_after=50)
        reader.use(None, None)
        for n in range(49 if helper else 120):
            await reader.read(detail(n))
        await reader.close()
        return reader

    reader = asyncio.run(run())
    assert reader.process is None and reader.read_by_helper == 0


AGENCIES = ("qx-gov", "qx-fgj", "qx-jyj")
READ = re.compile(r"detail pages read: (\d+) in the crawl process, (\d+) by the helper")


def stored_crawl(demo_server, folder: Path, helper: bool) -> tuple[list[tuple], tuple[int, int]]:
    """The publications a crawl stored, and how many detail pages it read (here, by helper)."""
    config = demo_config(demo_server, folder, AGENCIES, page_reader_process=helper,
                         download_delay=0, autothrottle=False)  # fmt: skip
    done = subprocess.run(crawl_command(config), cwd=REPO, capture_output=True, text=True,
                          env={**os.environ, "ZWGK_LOG_LEVEL": "INFO"}, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    rows = query(folder / "zwgk.db", "select url, title, publish_date, meta from publications "
                 "order by url")  # fmt: skip
    return rows, tuple(int(n) for n in READ.search(done.stderr).groups())


@pytest.mark.e2e
def test_a_crawl_stores_the_same_whether_its_pages_are_read_by_the_helper_or_not(
    demo_server, tmp_path
):
    alone, (here_alone, helper_alone) = stored_crawl(demo_server, tmp_path / "alone", False)
    helped, (here, by_helper) = stored_crawl(demo_server, tmp_path / "helped", True)
    assert helped == alone and sum(row[3] is not None for row in helped) > START_AFTER
    assert helper_alone == 0 and by_helper > 0 and here >= START_AFTER
    assert here + by_helper == here_alone
