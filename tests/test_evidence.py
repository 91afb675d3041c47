"""The evidence archive without a crawl: the dashboard shows an archived page as escaped text
to whom may see its agency, notices and the weekly report mention the snapshot, and
retention removes old WARC files but keeps those an open finding (or a revisit) needs."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from builders import record_check, stale_finding, two_agency_config

from crawler.items import PageBody
from monitor.evidence import prune, with_snapshots
from monitor.evidence_archive import Archiver
from monitor.findings import finding_id
from monitor.passwords import hash_password
from monitor.store import Store
from monitor.web.app import create_app
from reports.notice_text import evidence_line

DAY = date(2026, 12, 7)
PASSWORD = "correct-horse"
URL = "http://x/a.html"
HOSTILE = (b"<html><head><meta charset='utf-8'><script>alert('x')</script></head><body>"
           b"<p>\xe6\x97\xa7\xe7\x89\x88 &lt;script&gt;steal()&lt;/script&gt;</p></body></html>")  # fmt: skip


def page(url: str, body: bytes, agency: str = "qx-jyj", when: str = "01:00") -> PageBody:
    return PageBody(url, url, agency, "news", "list", 200, [("Content-Type", "text/html")],
                    body, f"2026-12-06T{when}:00+00:00")  # fmt: skip


def archive(store: Store, folder, day: str, pages: list[PageBody]) -> list[int]:
    crawl = store.start_crawl(day)
    archiver = Archiver(store, folder, crawl, day, 200)
    try:
        return [archiver.archive(p) for p in pages]
    finally:
        archiver.close()


@pytest.fixture
def site(tmp_path):
    config = two_agency_config(tmp_path)
    store = Store(config.database)
    ids = archive(store, config.evidence_folder, DAY.isoformat(), [page(URL, HOSTILE)])
    record_check(store, DAY, [stale_finding("qx-jyj")])
    for username, role, agency in (("jyj", "department", "qx-jyj"),
                                   ("mzj", "department", "qx-mzj")):  # fmt: skip
        store.add_user(username, username, role, agency, hash_password(PASSWORD))
    store.close()
    return config, ids[0], finding_id(stale_finding("qx-jyj").key)


@pytest.fixture
def login(site):
    now = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    app = create_app(None, now=lambda: now, config=site[0])

    def as_user(username: str):
        client = app.test_client()
        response = client.post("/login", data={"username": username, "password": PASSWORD})
        assert response.status_code == 302
        return client

    return as_user


def test_the_snapshot_page_shows_the_archived_page_escaped(site, login):
    _, snapshot, fid = site
    client = login("jyj")
    listing = client.get(f"/evidence/{fid}").text
    assert f'href="/snapshot/{snapshot}"' in listing and DAY.isoformat() in listing
    assert f"/evidence/{fid}" in client.get(f"/findings/{fid}").text
    text = client.get(f"/snapshot/{snapshot}").text
    assert "旧版 &lt;script&gt;steal()&lt;/script&gt;" in text  # the page's text, escaped
    assert "alert" not in text and "<script" not in text
    source = client.get(f"/snapshot/{snapshot}?view=source").text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in source
    assert "<script" not in source


def test_another_agencys_department_gets_404(site, login):
    _, snapshot, fid = site
    client = login("mzj")
    assert client.get(f"/snapshot/{snapshot}").status_code == 404
    assert client.get(f"/evidence/{fid}").status_code == 404


def test_notices_and_the_report_mention_the_snapshot(site):
    config, snapshot, fid = site
    store = Store(config.database)
    try:
        marked = with_snapshots(store, [store.finding(fid)], "https://gk.example.gov.cn/")
    finally:
        store.close()
    entry = marked[0].evidence[0]
    assert entry["snapshot"] == f"网页快照：{DAY.isoformat()} 抓取"
    assert entry["snapshot_url"] == f"https://gk.example.gov.cn/snapshot/{snapshot}"
    line = evidence_line(1, entry)
    assert line.endswith(
        f"网页快照：{DAY.isoformat()} 抓取，https://gk.example.gov.cn/snapshot/{snapshot}"
    )


def test_retention_drops_old_files_but_keeps_what_open_findings_and_revisits_need(tmp_path):
    config = two_agency_config(tmp_path)
    config = config.model_copy(update={"evidence_retention_days": 30})
    folder, store = config.evidence_folder, Store(config.database)
    try:
        archive(store, folder, "2026-01-05", [page(URL, b"cited")])  # an open finding cites it
        archive(store, folder, "2026-01-06", [page("http://x/b.html", b"old")])
        archive(store, folder, "2026-01-07", [page("http://x/c.html", b"same")])
        archive(store, folder, "2026-01-20", [page("http://x/c.html", b"same", when="02:00")])
        archive(store, folder, "2026-12-01", [page("http://x/d.html", b"new")])
        record_check(store, DAY, [stale_finding("qx-jyj")])
        resolved = replace(
            stale_finding("qx-mzj"), evidence=({"label": "页", "url": "http://x/b.html"},)
        )
        record_check(store, DAY, [stale_finding("qx-jyj"), resolved])
        record_check(store, DAY, [stale_finding("qx-jyj")])  # qx-mzj's finding is resolved
        names = sorted(p.name for p in folder.iterdir())
        assert len(names) == 5
        dropped = prune(config, store, DAY)
        assert dropped == ["2026-01-06-crawl2.warc.gz", "2026-01-07-crawl3.warc.gz",
                           "2026-01-20-crawl4.warc.gz"]  # fmt: skip
        assert sorted(p.name for p in folder.iterdir()) == ["2026-01-05-crawl1.warc.gz",
                                                            "2026-12-01-crawl5.warc.gz"]  # fmt: skip
        assert not store.snapshots_of(["http://x/b.html"])  # their index rows went with them
        assert store.snapshots_of([URL])
        # a revisit in a kept file keeps the file of the response it refers to
        archive(store, folder, "2026-12-02", [page("http://x/d.html", b"new", when="03:00")])
        assert prune(config, store, date(2026, 12, 31)) == []
        assert prune(config, store, date(2027, 1, 1)) == []  # crawl 6 (Dec 2) still in window
        assert prune(config, store, date(2027, 1, 2)) == ["2026-12-01-crawl5.warc.gz",
                                                          "2026-12-02-crawl6.warc.gz"]  # fmt: skip
    finally:
        store.close()
