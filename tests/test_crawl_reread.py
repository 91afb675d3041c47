"""A message's detail page is read again every crawl until its reply shows (mailbox columns)."""

import json
import subprocess
import sys
from datetime import date

import yaml
from county import CountyServer, articles, plain_href, plain_page

LETTERS = articles(2, date(2026, 11, 20), 500)


def letter_page(reply: str) -> bytes:
    rows = [("来信时间", "2026-11-20"), ("办理状态", "已办结" if reply else "办理中"),
            ("答复时间", reply)]  # fmt: skip
    table = "".join(f"<tr><th>{label}</th><td>{value}</td></tr>" for label, value in rows)
    return f"<html><body><h1>来信</h1><table>{table}</table></body></html>".encode("gbk")


def crawl(path, as_of: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "monitor.cli", "crawl", "--config", str(path), "--as-of", as_of],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_unanswered_message_is_read_again_until_its_reply_shows(tmp_path):
    from monitor.store import Store

    with CountyServer() as server:
        letter_urls = [f"/qx-mzj/mailbox/{plain_href(a)[2:]}" for a in LETTERS]
        server.routes.update({
            "/robots.txt": ("text/plain", b"User-agent: *\nAllow: /\n"),
            "/qx-mzj/mailbox/index.html": ("text/html", plain_page(LETTERS).encode("gbk")),
            letter_urls[0]: ("text/html", letter_page("")),
            letter_urls[1]: ("text/html", letter_page("2026-11-20")),
        })  # fmt: skip
        config = {
            "region": "青溪县", "database": str(tmp_path / "zwgk.db"),
            "crawl": {"download_delay": 0, "autothrottle": False, "check_links": False,
                      "allow_private": ["127.0.0.1"]},
            "agencies": [{"id": "qx-mzj", "name": "青溪县民政局", "kind": "department",
                          "catalog": "department", "columns": [
                              {"id": "mailbox", "name": "局长信箱",
                               "url": f"{server.base}/qx-mzj/mailbox/index.html"}]}],
        }  # fmt: skip
        path = tmp_path / "zwgk.yaml"
        path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        first = crawl(path, "2026-11-23")
        server.routes[letter_urls[0]] = ("text/html", letter_page("2026-11-24"))
        second = crawl(path, "2026-11-25")
        third = crawl(path, "2026-11-26")
    assert first["detail_requests"] == 2
    assert second["detail_requests"] == 1  # only the unanswered letter, read again
    assert third["detail_requests"] == 0  # answered now: never again
    meta = {row["url"]: json.loads(row["meta"]) for row in Store(tmp_path / "zwgk.db").db.query(
        "select url, meta from publications")}  # fmt: skip
    assert sorted(m.get("reply_date") for m in meta.values()) == ["2026-11-20", "2026-11-24"]
