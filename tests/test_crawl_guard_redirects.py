"""Redirects: on-site only at the same (scheme, host, port) as the request or a configured
site (http → https upgrades on default ports allowed), loops named `redirect_loop`, and a
redirect target's address judged like any other URL's."""

from __future__ import annotations

from datetime import date

import pytest
from county import articles, plain_page
from crawling import crawl, query
from scrapy import Request
from scrapy.http import HtmlResponse
from test_crawl_guard import AS_OF, Site, agency, write_config

from crawler.faults import OffsiteRedirectError, RedirectLoopError
from crawler.redirects import RedirectGuardMiddleware, method_after, on_site
from crawler.settings import MAX_REDIRECTS
from crawler.urls import origin

LIST = (200, {}, plain_page(articles(3, date(2026, 11, 20), 500)).encode("gbk"))
SITES = frozenset({origin("http://www.qx.gov.cn/"), origin("https://xxgk.qx.gov.cn/")})


@pytest.mark.parametrize(
    ("target", "allowed"),
    [
        ("http://www.qx.gov.cn/b.html", True),  # the request's own origin
        ("https://xxgk.qx.gov.cn:443/c", True),  # a configured site
        ("https://www.qx.gov.cn/a.html", True),  # http → https upgrade, default ports
        ("http://www.qx.gov.cn:8080/a.html", False),  # another port of the same host
        ("https://www.qx.gov.cn:8443/a.html", False),  # no upgrade to another port
        ("http://xxgk.qx.gov.cn/c", False),  # no downgrade of an https site
        ("http://evil.example.com/", False),
        ("http://www.qx.gov.cn:99999/", False),  # malformed
    ],
)
def test_on_site_compares_scheme_host_and_port(target, allowed):
    assert on_site(target, "http://www.qx.gov.cn/a.html", SITES) is allowed


def redirect(request: Request, location: str, status: int = 302) -> HtmlResponse:
    return HtmlResponse(request.url, status=status, headers={"Location": location},
                        request=request)  # fmt: skip


def test_loops_are_named_before_scrapy_gives_up():
    middleware = RedirectGuardMiddleware(SITES, max_redirects=3)
    request = Request("http://www.qx.gov.cn/a.html")
    with pytest.raises(RedirectLoopError, match="loop back"):
        middleware.process_response(request, redirect(request, "/a.html#top"))
    post = Request("http://www.qx.gov.cn/form", method="POST")
    answer = redirect(post, "/form", 303)  # POST then GET of the same URL: no loop
    assert middleware.process_response(post, answer) is answer
    chain = Request("http://www.qx.gov.cn/4", meta={"zwgk_redirect_chain": [
        ("GET", f"http://www.qx.gov.cn/{n}") for n in (1, 2, 3)]})  # fmt: skip
    with pytest.raises(RedirectLoopError, match="more than 3 redirects"):
        middleware.process_response(chain, redirect(chain, "/5"))
    offsite = redirect(request, "http://www.qx.gov.cn:81/")
    with pytest.raises(OffsiteRedirectError, match=":81"):
        middleware.process_response(request, offsite)
    assert (method_after("POST", 302), method_after("HEAD", 301)) == ("GET", "HEAD")


@pytest.fixture(scope="module")
def redirected(tmp_path_factory):
    """One crawl of a site at http://localhost:P (listed by name) whose columns redirect."""
    tmp = tmp_path_factory.mktemp("redirects")
    with Site("127.0.0.1") as site, Site("127.0.0.1") as other:
        home = site.url("/", "localhost")
        chain = {f"/chain/{n}.html": (302, {"Location": f"/chain/{n + 1}.html"}, b"")
                 for n in range(40)}  # fmt: skip
        site.pages.update({
            **chain,
            "/list.html": LIST,
            "/moved.html": (301, {"Location": "/list.html"}, b""),
            "/self.html": (302, {"Location": home + "self.html"}, b""),
            "/ping.html": (302, {"Location": "/pong.html"}, b""),
            "/pong.html": (302, {"Location": "/ping.html"}, b""),
            "/port.html": (302, {"Location": other.url("/list.html")}, b""),
            "/to-ip.html": (302, {"Location": site.url("/list.html")}, b""),
        })  # fmt: skip
        other.pages["/list.html"] = LIST
        columns = {name: home + f"{name}.html" for name in
                   ("moved", "self", "ping", "port", "to-ip")}  # fmt: skip
        columns["chain"] = home + "chain/0.html"
        config = write_config(tmp, [
            agency("qx-gov", None, columns),
            agency("qx-fgj", None, {"ip": site.url("/list.html")}),  # configured, not listed
        ], allow_private=["localhost"], check_links=False, detail_pages=False)  # fmt: skip
        crawl(config, AS_OF)
        yield tmp / "zwgk.db", site.log, other.log


def test_redirect_outcomes(redirected):
    database, _, _ = redirected
    states = dict(query(database, "select column_id, outcome from column_states"))
    assert states == {"moved": "ok", "self": "redirect_loop", "ping": "redirect_loop",
                      "port": "offsite_redirect", "to-ip": "blocked_address",
                      "chain": "redirect_loop", "ip": "blocked_address"}  # fmt: skip
    errors = dict(query(database, "select column_id, error from column_states"))
    assert f"more than {MAX_REDIRECTS} redirects" in errors["chain"]
    assert "private address" in errors["to-ip"]


def test_refused_redirects_are_not_followed(redirected):
    _, log, other_log = redirected
    paths = [path for _, path in log]
    assert paths.count("/self.html") == 1 and paths.count("/ping.html") == 1
    assert len([p for p in paths if p.startswith("/chain/")]) == MAX_REDIRECTS + 1
    assert other_log == []  # another port of the same host is another site
    assert paths.count("/list.html") == 1  # by the moved column; never as 127.0.0.1
