"""Content checks in a real crawl: each detail page is checked as it is read, its hits become
findings (one per page and word; a homepage's hidden links too), the page is read again at every crawl until it is mended,
and then the finding resolves. On a real server on 127.0.0.1, `zwgk` in a child process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from crawling import query, zwgk
from scripted_sites import HTML, LoggingServer, frame

AGENCY = "qx-sj"
ID_NUMBER = "330127198807150017"  # a valid check digit
ID_SHOWN = "330127********0017"  # as findings show it
PAGES = {
    "t20261110_1.html": ("关于开展安全生产检查的通知", "2026-11-10",
                         "县国土资源局、县教育局联合开展校园周边安全检查。"),
    "t20261112_2.html": ("2026年第3批困难群众救助名单公示", "2026-11-12",
                         f"王某某，身份证号码{ID_NUMBER}，救助金额800元。"),
    "t20261114_3.html": ("审计局召开年度工作会议", "2026-11-14",
                         '会议总结了全年工作。<a href="http://www.example-casino.com/" '
                         'style="display:none">彩票</a>'),
    "t20261116_4.html": ("关于做好冬季审计工作的通知", "2026-11-16", "各科室要认真做好冬季审计工作。"),
}  # fmt: skip


def article(title: str, day: str, body: str) -> str:
    meta = f'<div class="info">发布日期：{day}</div>'
    return frame(title, f'<div class="article"><h1>{title}</h1>{meta}<div id="zoom"><p>{body}'
                 "</p></div></div>")  # fmt: skip


def list_page() -> str:
    rows = "".join(f'<li><a href="./202611/{name}">{title}</a><span>{day}</span></li>'
                   for name, (title, day, _) in PAGES.items())  # fmt: skip
    return frame("工作动态", f'<ul class="list">{rows}</ul>')


HOME = frame(
    "青溪县审计局",
    '<p>欢迎访问</p><div style="display:none"><a href="http://www.bet365-'
    'example.com/">体育</a></div><a href="/gzdt/">工作动态</a>',
)


def serve(server: LoggingServer, pages: dict) -> None:
    server.routes["/"] = (HTML, HOME)
    server.routes["/gzdt/"] = (HTML, list_page())
    for name, (title, day, body) in pages.items():
        server.routes[f"/gzdt/202611/{name}"] = (HTML, article(title, day, body))


def config(base: str, database: Path) -> dict:
    column = {"id": "news", "name": "工作动态", "url": base + "/gzdt/"}
    # detail pages of 10 days: on the 27th the pages with hits are older, and read all the same
    crawl = {"download_delay": 0, "autothrottle": False, "retries": 0, "timeout": 30,
             "check_links": False, "allow_private": ["127.0.0.1"],
             "detail_max_age_days": 10}  # fmt: skip
    agency = {"id": AGENCY, "name": "青溪县审计局", "kind": "department", "homepage": base + "/",
              "catalog": "department", "columns": [column]}  # fmt: skip
    return {"region": "青溪县", "database": str(database), "crawl": crawl, "agencies": [agency]}


def findings(path: Path) -> list[dict]:
    done = zwgk("findings", "--json", "--all", "--config", str(path))
    return [row for row in map(json.loads, done.stdout.splitlines()) if row["kind"] == "content"]


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """(findings after the first crawl, after the mended crawl, detail requests of each)."""
    tmp = tmp_path_factory.mktemp("content")
    with LoggingServer() as server:
        serve(server, PAGES)
        path = tmp / "zwgk.yaml"
        path.write_text(yaml.safe_dump(config(server.base, tmp / "zwgk.db"), allow_unicode=True))
        zwgk("crawl", "--config", str(path), "--as-of", "2026-11-20")
        zwgk("check", "--config", str(path), "--as-of", "2026-11-20")
        first = findings(path)
        first_reads = [p for p in server.requested() if "/202611/" in p]
        mended = dict(PAGES)
        title, day, _ = PAGES["t20261110_1.html"]
        mended["t20261110_1.html"] = (title, day, "县自然资源和规划局、县教育局联合开展检查。")
        server.log.clear()
        serve(server, mended)
        zwgk("crawl", "--config", str(path), "--as-of", "2026-11-27")
        zwgk("check", "--config", str(path), "--as-of", "2026-11-27")
        second_reads = [p for p in server.requested() if "/202611/" in p]
    rows = query(tmp / "zwgk.db", "select url, meta from publications")
    return first, findings(path), first_reads, second_reads, rows


def test_each_hit_is_a_finding_of_its_item(crawled):
    first, *_ = crawled
    got = {(row["item_id"], row["status"], row["period"]) for row in first}
    assert got == {
        ("wording", "outdated_name", "/gzdt/202611/t20261110_1.html#国土资源局"),
        ("personal-data", "id_number", f"/gzdt/202611/t20261112_2.html#{ID_SHOWN}"),
        ("hidden-links", "hidden_link", "/gzdt/202611/t20261114_3.html#http://www.example-casino.com/"),
        ("hidden-links", "hidden_link", "/#http://www.bet365-example.com/"),  # on the homepage
    }  # fmt: skip
    leak = next(row for row in first if row["status"] == "id_number")
    assert leak["severity"] == "veto"
    assert leak["message"] == f"严重：公开完整身份证号码「{ID_SHOWN}」"
    notes = {item["label"]: item.get("note") for item in leak["evidence"]}
    assert ID_SHOWN in notes["上下文"] and "王某某" in notes["上下文"]
    assert ID_NUMBER not in json.dumps(first, ensure_ascii=False)  # nowhere in full


def test_pages_with_hits_are_read_again_and_a_mended_one_resolves(crawled):
    _, second, _, second_reads, _ = crawled
    assert sorted(second_reads) == ["/gzdt/202611/t20261110_1.html",
                                    "/gzdt/202611/t20261112_2.html",
                                    "/gzdt/202611/t20261114_3.html"]  # fmt: skip
    states = {row["period"].split("#")[0]: row["state"] for row in second}
    assert states == {"/gzdt/202611/t20261110_1.html": "resolved", "/": "open",
                      "/gzdt/202611/t20261112_2.html": "open",
                      "/gzdt/202611/t20261114_3.html": "open"}  # fmt: skip


def test_a_clean_page_is_read_once_and_keeps_no_hits(crawled):
    *_, first_reads, second_reads, rows = crawled
    assert "/gzdt/202611/t20261116_4.html" in first_reads
    assert "/gzdt/202611/t20261116_4.html" not in second_reads
    clean = next(json.loads(meta) for url, meta in rows if url.endswith("t20261116_4.html"))
    assert "content_hits" not in clean
