"""The evidence archive on a real crawl: one department's site on 127.0.0.1, crawled with
`zwgk crawl` twice, its policies list page changed in between.

The WARC files hold both versions of the changed page and every unchanged page's body once
(a `revisit` the second time); `zwgk evidence show` prints what the page said when the
finding was checked, not what it says now; a WARC file ending in a killed writer's partial
record is read and appended to as if it had not been.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
import yaml
from crawling import query, zwgk
from scripted_sites import HTML, LoggingServer
from warcio.archiveiterator import ArchiveIterator

from crawler.items import PageBody
from monitor.evidence_archive import Archiver
from monitor.store import Store

DAY1, DAY2 = "2026-11-23", "2026-11-30"
AGENCY = "qx-sj"
ROWS = (("a1", "关于印发青溪县第一号文件的通知", "2026-01-10"),
        ("a2", "关于印发青溪县第二号文件的通知", "2026-01-05"),
        ("a3", "关于印发青溪县第三号文件的通知", "2025-12-20"))  # fmt: skip


def list_page(edition: str, folder: str = "policies") -> str:
    rows = "".join(f'<li><a href="/{folder}/{art}.html">{title}</a><span>{day}</span></li>\n'
                   for art, title, day in ROWS)  # fmt: skip
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>栏目</title></head><body>'
            f'<div class="nav"><a href="/">首页</a></div><p>{edition}</p>'
            f'<script>var edition = "{edition}脚本";</script>'
            f'<ul class="list">\n{rows}</ul></body></html>')  # fmt: skip


def detail_page(title: str) -> str:
    return (f'<html><head><meta charset="utf-8"><title>{title}</title></head><body>'
            f"<h1>{title}</h1><p>正文内容。</p></body></html>")  # fmt: skip


def serve(server: LoggingServer, edition: str) -> None:
    server.routes.update({
        "/": (HTML, "<html><head><meta charset='utf-8'></head><body>青溪县审计局首页</body></html>"),
        "/policies/index.html": (HTML, list_page(edition)),
        "/org/index.html": (HTML, list_page("机构职能", "org")),
        **{f"/{folder}/{art}.html": (HTML, detail_page(title))
           for folder in ("policies", "org") for art, title, _ in ROWS},
    })  # fmt: skip


def write_config(base: str, tmp: Path) -> Path:
    columns = [{"id": "policies", "name": "政策文件", "url": base + "/policies/index.html"},
               {"id": "org", "name": "机构职能", "url": base + "/org/index.html"}]  # fmt: skip
    crawl = {"download_delay": 0, "autothrottle": False, "retries": 0, "timeout": 60,
             "check_links": False, "allow_private": ["127.0.0.1"]}  # fmt: skip
    agency = {"id": AGENCY, "name": "青溪县审计局", "kind": "department", "catalog": "department",
              "homepage": base + "/", "columns": columns}  # fmt: skip
    data = {"region": "青溪县", "database": str(tmp / "zwgk.db"), "crawl": crawl,
            "agencies": [agency]}  # fmt: skip
    path = tmp / "zwgk.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def findings(config: Path) -> list[dict]:
    done = zwgk("findings", "--json", "--config", str(config))
    return [json.loads(line) for line in done.stdout.splitlines()]


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """Crawl and check on DAY1; the policies page changes; crawl (no check) on DAY2."""
    tmp = tmp_path_factory.mktemp("evidence")
    with LoggingServer() as server:
        serve(server, "第一版说明")
        config = write_config(server.base, tmp)
        zwgk("crawl", "--config", str(config), "--as-of", DAY1)
        zwgk("check", "--config", str(config), "--as-of", DAY1)
        stale = next(f for f in findings(config) if f["item_id"] == "policies")
        serve(server, "第二版说明")
        zwgk("crawl", "--config", str(config), "--as-of", DAY2)
        yield config, tmp / "evidence", stale, server.base


def records(path: Path) -> list[tuple[str, str, bytes]]:
    """(type, target URI, payload) of every record of a WARC file, read with warcio."""
    with open(path, "rb") as stream:
        return [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI"),
                 r.content_stream().read()) for r in ArchiveIterator(stream)]  # fmt: skip


def test_the_warc_holds_both_versions_and_unchanged_pages_once(crawled):
    _, folder, _, base = crawled
    first, second = (folder / f"{DAY1}-crawl1.warc.gz"), (folder / f"{DAY2}-crawl2.warc.gz")
    assert sorted(p.name for p in folder.iterdir()) == [first.name, second.name]
    one, two = records(first), records(second)
    policies = base + "/policies/index.html"
    bodies = [body for kind, uri, body in one + two if uri == policies and kind == "response"]
    assert len(bodies) == 2
    assert "第一版说明".encode() in bodies[0] and "第二版说明".encode() in bodies[1]
    responses = {uri for kind, uri, _ in one if kind == "response"}
    assert {base + "/", base + "/org/index.html", base + "/policies/a1.html"} <= responses
    revisits = {uri for kind, uri, _ in two if kind == "revisit"}
    assert revisits == {base + "/", base + "/org/index.html"}  # unchanged: not stored again
    assert not [uri for kind, uri, _ in two if kind == "response" and uri != policies]
    assert one[0][0] == "warcinfo"


def test_the_index_has_a_row_per_record(crawled):
    config, _, _, base = crawled
    rows = query(config.parent / "zwgk.db", "select crawl_id, record_type, status, content_type "
                 "from evidence where url = ? order by id", base + "/org/index.html")  # fmt: skip
    assert rows == [(1, "response", 200, "text/html; charset=utf-8"),
                    (2, "revisit", 200, "text/html; charset=utf-8")]  # fmt: skip
    listed = zwgk("evidence", "list", base + "/policies/index.html", "--json",
                  "--config", str(config))  # fmt: skip
    snapshots = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [(s["day"], s["record_type"]) for s in snapshots] == [(DAY2, "response"),
                                                                 (DAY1, "response")]  # fmt: skip
    assert snapshots[0]["digest"] != snapshots[1]["digest"]


def test_evidence_show_prints_the_page_as_it_was_when_checked(crawled):
    config, _, stale, base = crawled
    shown = zwgk("evidence", "show", stale["id"], "--config", str(config)).stdout
    assert base + "/policies/index.html" in shown and f"抓取日：{DAY1}" in shown
    assert "第一版说明" in shown and "第二版说明" not in shown
    assert "关于印发青溪县第一号文件的通知" in shown and "HTTP 200" in shown
    assert "脚本" not in shown and "<li>" not in shown  # visible text: no script, no tags
    later = zwgk("evidence", "show", stale["id"], "--as-of", DAY2, "--config", str(config))
    assert "第二版说明" in later.stdout and "第一版说明" not in later.stdout
    source = zwgk("evidence", "show", stale["id"], "--html", "--config", str(config)).stdout
    assert '<ul class="list">' in source and "第一版说明脚本" in source
    zwgk("check", "--config", str(config), "--as-of", DAY2)  # now it cites the new version
    shown = zwgk("evidence", "show", stale["id"], "--config", str(config)).stdout
    assert "第二版说明" in shown and f"抓取日：{DAY2}" in shown


def test_a_killed_writers_partial_record_is_cut_before_the_next_append(crawled, tmp_path):
    config, folder, stale, base = crawled
    file = folder / f"{DAY2}-crawl2.warc.gz"
    end = file.stat().st_size
    whole = gzip.compress(b"WARC/1.1\r\nWARC-Type: response\r\n" + b"x" * 4000)
    with open(file, "ab") as fh:  # a writer killed mid-record: half a gzip member
        fh.write(whole[: len(whole) // 2])
    shown = zwgk("evidence", "show", stale["id"], "--as-of", DAY2, "--config", str(config))
    assert "第二版说明" in shown.stdout  # the index never points into the partial tail
    store = Store(config.parent / "zwgk.db")
    try:
        archiver = Archiver(store, folder, 2, DAY2, 200)  # the same crawl's writer, reopened
        page = PageBody(base + "/late.html", base + "/late.html", AGENCY, None, "home", 200,
                        [("Content-Type", "text/html")], "迟到的网页".encode(),
                        "2026-11-30T02:00:00+00:00")  # fmt: skip
        row = store.snapshot(archiver.archive(page))
        archiver.close()
    finally:
        store.close()
    assert row.offset == end  # appended where the last indexed record ended
    found = records(file)
    assert found[-1][1:] == (base + "/late.html", "迟到的网页".encode())
    assert all(kind in ("warcinfo", "response", "revisit") for kind, _, _ in found)
    zwgk("crawl", "--config", str(config), "--as-of", "2026-12-07")  # and the next crawl runs
    third = records(folder / "2026-12-07-crawl3.warc.gz")
    assert {kind for kind, _, _ in third} == {"warcinfo", "revisit"}  # nothing changed since
