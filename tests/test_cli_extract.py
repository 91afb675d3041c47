"""`zwgk extract` (one list page) and `zwgk discover` (an agency's columns), end to end."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import yaml
from crawling import REPO, zwgk

from demo import urls

ORDOS = "list_ordos_egb_xxgknb_trs_table"
ORDOS_URL = "http://www.ordos.gov.cn/egb/xxgk/xxgknb/index.html"


def test_extract_a_saved_page_as_json(corpus):
    page = corpus / "pages" / f"{ORDOS}.html"
    result = json.loads(zwgk("extract", str(page), "--url", ORDOS_URL, "--json").stdout)
    truth = json.loads((corpus / "truth" / f"{ORDOS}.json").read_text("utf-8"))
    assert result["parser"] == "trs"
    assert [item["title"] for item in result["items"]] == [i["title"] for i in truth["items"]]
    assert result["items"][0]["href"].startswith("http://www.ordos.gov.cn/egb/xxgk/xxgknb/")
    assert result["next"][0]["url"].endswith("/index_1.html")


def test_extract_a_url_readably(demo_server):
    agency = demo_server.county.agency("qx-slj")
    column = agency.column("news")
    done = zwgk("extract", demo_server.base_url + urls.column_page(agency, column))
    assert column.publications[0].title in done.stdout
    assert done.stdout.rstrip().splitlines()[-1].endswith("index_1.html")
    assert f"{urls.TRS_PAGE_SIZE} item(s) by the trs parser" in done.stdout


def test_discover_finds_the_columns_and_drafts_their_config(demo_server, tmp_path):
    agency = demo_server.county.agency("qx-mzj")
    out = tmp_path / "columns.yaml"
    entry = demo_server.base_url + urls.disclosure_index(agency)
    done = zwgk("discover", entry, "--agency", agency.id, "--out", str(out), "--delay", "0")
    columns = agency.disclosure_columns()  # the homepage column is not in the catalog page
    assert f"{len(columns)} column(s)" in done.stdout
    draft = yaml.safe_load(out.read_text("utf-8"))["columns"]
    base = demo_server.base_url
    wanted = {(column.id, base + urls.column_page(agency, column)) for column in columns}
    assert {(c["id"], c["url"]) for c in draft} == wanted  # ids from the names, down the tree
    assert {c["cms"] for c in draft} == {"plain"}
    news = agency.column("news")
    assert news.publications[0].date.isoformat() in done.stdout


class Redirecting(BaseHTTPRequestHandler):
    """Sends every request on to another loopback address (127.0.0.2), logging what it got."""

    def do_GET(self):  # noqa: N802  (http.server's interface)
        self.server.requested.append(self.path)
        port = self.server.server_address[1]
        self.send_response(302)
        self.send_header("Location", f"http://127.0.0.2:{port}/internal/")
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


def test_extract_never_follows_a_redirect_to_another_private_address():
    server = ThreadingHTTPServer(("0.0.0.0", 0), Redirecting)
    server.requested = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/list/"
        done = subprocess.run([sys.executable, "-m", "monitor.cli", "extract", url],
                              cwd=REPO, capture_output=True, text=True, timeout=60)  # fmt: skip
    finally:
        server.shutdown()
        server.server_close()
    assert done.returncode != 0 and done.stdout == ""
    assert "127.0.0.2" in done.stderr and "private" in done.stderr
    assert server.requested == ["/list/"]  # the redirect's target was never asked
