"""No request to a private address the config does not allow: not for list entries, links,
redirects or robots.txt, not after DNS either — each refusal recorded as `blocked_address`,
never counted as a broken link or a missing item.

The crawls run `zwgk crawl` against real HTTP servers on loopback addresses (127.0.0.1,
127.0.0.2, 127.0.0.3 are all this machine); `Site` is the small server the guard tests share.
"""

from __future__ import annotations

import subprocess
import sys
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from county import ServedInThread
from crawling import check_and_findings, crawl, demo_config, query
from scrapy import Request
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from twisted.python.failure import Failure

from crawler.addresses import AddressPolicy, parse_ip
from crawler.faults import BlockedAddressError, RedirectLoopError, classify
from monitor.config import ConfigError, load_config

AS_OF = "2026-11-27"
REPO = Path(__file__).resolve().parents[1]
NOT_FOUND = (404, {}, b"<html><head><title>404 Not Found</title></head></html>")


class SiteHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.server.log.append((self.command, urlsplit(self.path).path))
        page = self.server.pages.get(urlsplit(self.path).path, NOT_FOUND)
        if callable(page):
            page(self)
            return
        status, headers, body = page
        self.send_response(status)
        headers = {"Content-Type": "text/html; charset=utf-8",
                   "Content-Length": str(len(body)), **headers}  # fmt: skip
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            send(self, body)

    do_HEAD = do_POST = do_GET

    def log_message(self, *args):
        pass


def send(handler: BaseHTTPRequestHandler, body: bytes) -> None:
    """Write the body; the crawler may hang up first (it does on pages too large)."""
    try:
        handler.wfile.write(body)
    except (BrokenPipeError, ConnectionResetError):
        pass


class Site(ServedInThread):
    """A site on a loopback address: `pages` maps a path to (status, headers, body) or to a
    function that answers the request itself; `log` keeps (method, path) of each request."""

    daemon_threads = True

    def __init__(self, host: str = "127.0.0.1"):
        super().__init__((host, 0), SiteHandler)
        self.pages: dict = {}
        self.log: list[tuple[str, str]] = []

    def url(self, path: str = "/", host: str | None = None) -> str:
        return f"http://{host or self.server_address[0]}:{self.server_address[1]}{path}"


def page(text: str) -> tuple:
    return 200, {}, text.encode("utf-8")


def plain_list(entries: list[tuple[str, str]]) -> tuple:
    """A plain list page: each (title, href) dated 2026-11-20."""
    rows = "".join(f'<li><a href="{href}">{title}</a><span class="date">2026-11-20</span></li>'
                   for title, href in entries)  # fmt: skip
    return page(f'<html><head><title>通知公告</title></head><body><div class="list"><ul>{rows}'
                f'</ul></div><div class="page">共{len(entries)}条 第1/1页</div></body></html>')  # fmt: skip


def write_config(tmp: Path, agencies: list[dict], **crawl) -> Path:
    """`tmp/zwgk.yaml` for these agencies: a quick crawl, `crawl` keys overridden."""
    settings = {"download_delay": 0, "autothrottle": False, "retries": 0, "timeout": 5, **crawl}
    data = {"region": "青溪县", "database": str(tmp / "zwgk.db"), "crawl": settings,
            "agencies": agencies}  # fmt: skip
    path = tmp / "zwgk.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def agency(agency_id: str, homepage: str | None, columns: dict[str, str]) -> dict:
    return {"id": agency_id, "name": "青溪县人民政府", "kind": "county", "catalog": "county",
            "homepage": homepage,
            "columns": [{"id": cid, "name": cid, "url": url} for cid, url in columns.items()]}  # fmt: skip


def fetch_outcomes(database: Path, kind: str) -> dict[str, tuple]:
    rows = query(database, "select url, outcome, status, error from fetches where kind = ?", kind)
    return {url: (outcome, status, error) for url, outcome, status, error in rows}


# --- the policy ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    ["127.0.0.2", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
     "0.0.0.0", "224.0.0.251", "240.0.0.1", "255.255.255.255", "::1", "fc00::1", "fe80::1",
     "ff02::1", "::", "::ffff:127.0.0.1", "192.0.2.10"],
)  # fmt: skip
def test_private_addresses_are_refused(address):
    assert AddressPolicy().refuses(address, parse_ip(address))
    assert AddressPolicy().refuses_literal(f"[{address}]" if ":" in address else address)


def test_public_addresses_pass_and_listed_private_ones_too():
    policy = AddressPolicy(["127.0.0.1", "10.0.0.0/8", "intranet.qx.gov.cn", "fd00::/8"])
    assert not AddressPolicy().refuses("www.gov.cn", parse_ip("202.108.22.5"))
    assert not AddressPolicy().refuses_literal("2001:4860:4860::8888")
    assert not policy.refuses("127.0.0.1", parse_ip("127.0.0.1"))
    assert not policy.refuses("db.qx.gov.cn", parse_ip("10.9.8.7"))  # its network is listed
    assert not policy.refuses("intranet.qx.gov.cn", parse_ip("192.168.3.4"))  # its name is
    assert not policy.refuses_literal("fd12::1")
    assert policy.refuses("localhost2", parse_ip("127.0.0.2"))
    assert policy.refuses("other.qx.gov.cn", parse_ip("192.168.3.4"))
    assert not policy.refuses_literal("www.gov.cn")  # a name: judged after DNS


@pytest.mark.parametrize(
    ("entry", "fault"),
    [("10.0.0.0/33", "not an IP address or CIDR network"), ("10.0.0.1/8", "host bits set"),
     ("300.1.2.3", "not an IP address"), ("intra net", "not a host name")],
)  # fmt: skip
def test_bad_allow_private_entry_names_file_and_line(tmp_path, entry, fault):
    path = write_config(tmp_path, [agency("qx-gov", None, {})],
                        allow_private=["127.0.0.1", entry])  # fmt: skip
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert entry in lines[caught.value.line - 1]
    assert "crawl.allow_private.1" in str(caught.value) and fault in str(caught.value)


def test_allow_private_entries_are_kept_in_canonical_form(tmp_path):
    path = write_config(tmp_path, [agency("qx-gov", None, {})],
                        allow_private=["LocalHost", "[::1]", "10.0.0.0/8"])  # fmt: skip
    assert load_config(path).crawl.allow_private == ["localhost", "::1", "10.0.0.0/8"]


@pytest.mark.parametrize(
    ("error", "outcome"),
    [(BlockedAddressError("10.1.2.3 is a private address"), "blocked_address"),
     (RedirectLoopError("redirect loop back to x"), "redirect_loop"),
     (IgnoreRequest("max redirections reached"), "redirect_loop"),
     (DownloadCancelledError("Received 20000000 bytes"), "too_large"),
     (IgnoreRequest("... exceeded DOWNLOAD_MAXSIZE (10485760 B) during decompression."),
      "too_large")],
)  # fmt: skip
def test_refusals_have_their_own_outcomes(error, outcome):
    failure = Failure(error)
    failure.request = Request("http://127.0.0.1/x")
    assert classify(failure)[:2] == (outcome, None)


# --- crawls ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def guarded(tmp_path_factory):
    """One crawl of a site on 127.0.0.2 (listed) whose pages point at other local addresses;
    an inner server listens on 127.0.0.1 and one on 127.0.0.3, on the ports the pages name."""
    tmp = tmp_path_factory.mktemp("guard")
    with Site("127.0.0.2") as site, Site("127.0.0.1") as inner, Site("127.0.0.3") as inner3:
        inner.pages["/secret.html"] = inner3.pages["/doc.html"] = page("<p>内部</p>")
        blocked_links = [inner.url("/secret.html", "localhost"), inner.url("/admin.html"),
                         inner.url("/", "[::1]"), "http://169.254.169.254/latest/meta-data/",
                         "http://10.1.2.3/oa/"]  # fmt: skip
        links = [*blocked_links, site.url("/missing.html"), site.url("/about.html")]
        site.pages.update({
            "/": page("".join(f'<a href="{url}">链接{i}</a>' for i, url in enumerate(links))),
            "/about.html": page("<p>关于我们</p>"),
            "/col/index.html": plain_list([("青溪县关于开展安全检查的通知", inner3.url("/doc.html")),
                                           ("青溪县关于做好防汛工作的通知", "/col/a.html")]),
            "/col/a.html": page("<p>正文</p>"),
        })  # fmt: skip
        config = write_config(tmp, [agency("qx-gov", site.url("/"),
                                           {"notices": site.url("/col/index.html")})],
                              allow_private=["127.0.0.2"])  # fmt: skip
        summary = crawl(config, AS_OF)
        findings = check_and_findings(config, AS_OF)
        yield {"db": tmp / "zwgk.db", "summary": summary, "findings": findings, "site": site,
               "inner": inner, "inner3": inner3, "blocked_links": blocked_links}  # fmt: skip


def test_links_to_private_addresses_are_refused_even_after_dns(guarded):
    links = fetch_outcomes(guarded["db"], "link")
    site = guarded["site"]
    for url in guarded["blocked_links"]:
        assert links[url][:2] == ("blocked_address", None), url
    localhost = links[guarded["blocked_links"][0]]
    assert "resolves to private address 127.0.0.1" in localhost[2]
    assert links[site.url("/about.html")][0] == "ok"
    assert links[site.url("/missing.html")][:2] == ("http_error", 404)
    assert guarded["inner"].log == []  # robots.txt included


def test_list_entries_at_private_addresses_are_listed_but_not_fetched(guarded):
    details = fetch_outcomes(guarded["db"], "detail")
    inner3 = guarded["inner3"]
    assert details[inner3.url("/doc.html")][:2] == ("blocked_address", None)
    assert details[guarded["site"].url("/col/a.html")][0] == "ok"
    assert inner3.log == []
    states = query(guarded["db"], "select outcome, items from column_states")
    assert states == [("ok", 2)]  # both entries listed: nothing goes missing
    assert guarded["summary"]["blocked_address"] == 6


def test_a_blocked_link_is_not_a_broken_link(guarded):
    (home,) = [row for row in guarded["findings"]
               if row["status"] == "broken_links" and row["period"] == "home"]  # fmt: skip
    broken = [item["url"] for item in home["evidence"] if item.get("label") == "不可用链接"]
    assert broken == [guarded["site"].url("/missing.html")]
    assert "1个不可用链接" in home["message"]


def test_a_site_on_a_private_address_is_not_crawled_unless_listed(demo_server, tmp_path):
    """The demo county with an empty `allow_private`: every request refused, none sent, and
    its catalog items `unreachable` — never missing, blank or stale."""
    config = demo_config(demo_server, tmp_path, ["qx-slj"], allow_private=[])
    before = len(demo_server.log)
    summary = crawl(config)
    assert demo_server.log[before:] == []
    outcomes = query(tmp_path / "zwgk.db", "select distinct outcome from fetches")
    assert outcomes == [("blocked_address",)] and summary["blocked_address"] == summary["requests"]
    states = query(tmp_path / "zwgk.db", "select distinct outcome from column_states")
    assert states == [("blocked_address",)]
    findings = [row for row in check_and_findings(config) if row["agency_id"] == "qx-slj"]
    items = [row for row in findings if row["kind"] not in ("availability", "links")]
    assert items and {row["status"] for row in items} == {"unreachable"}
    assert all("内部网络地址" in str(row["evidence"]) for row in items)


def test_a_host_is_allowed_by_its_name_and_not_by_its_address(tmp_path):
    """`allow_private: [localhost]` lets the site at http://localhost:… be crawled; the same
    server reached as 127.0.0.1 (a link on its page) is refused."""
    with Site("127.0.0.1") as site:
        site.pages["/"] = page(f'<a href="{site.url("/about.html")}">关于</a>'
                               f'<a href="/contact.html">联系</a>')  # fmt: skip
        site.pages["/contact.html"] = page("<p>联系我们</p>")
        home = site.url("/", "localhost")
        config = write_config(tmp_path, [agency("qx-gov", home, {})], allow_private=["localhost"])
        crawl(config, AS_OF)
    links = fetch_outcomes(tmp_path / "zwgk.db", "link")
    assert links[site.url("/about.html")][0] == "blocked_address"
    assert links[site.url("/contact.html", "localhost")][0] == "ok"
    assert ("GET", "/about.html") not in site.log


BACKSTOP = """
import sys, scrapy
from scrapy.crawler import CrawlerProcess
from crawler.settings import scrapy_settings
from crawler.config import CrawlSettings

class Probe(scrapy.Spider):
    name = "probe"
    async def start(self):
        yield scrapy.Request(sys.argv[1], callback=print, errback=lambda f: print(repr(f.value)))

settings = scrapy_settings(CrawlSettings(allow_private=["127.0.0.2"], retries=0,
                                         obey_robots=False), "ERROR", [])
settings["DOWNLOADER_MIDDLEWARES"]["crawler.guard.AddressGuardMiddleware"] = None
settings["ITEM_PIPELINES"] = {}
process = CrawlerProcess(settings)
process.crawl(Probe)
process.start()
"""


def test_the_resolver_refuses_on_its_own(tmp_path):
    """Without the middleware, the connection's own lookup is refused (no DNS rebinding)."""
    with Site("127.0.0.1") as inner:
        inner.pages["/x.html"] = page("<p>内部</p>")
        done = subprocess.run([sys.executable, "-c", BACKSTOP, inner.url("/x.html", "localhost")],
                              cwd=REPO, capture_output=True, text=True, timeout=60)  # fmt: skip
    assert "CannotResolveHostError" in done.stdout, done.stderr[-2000:]
    assert inner.log == []
