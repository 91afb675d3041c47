"""Naming what went wrong: soft-404 and WAF pages told apart from content, failures classified,
retries spaced out."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse
from scrapy.settings import Settings
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.faults import (
    OffsiteRedirectError,
    classify,
    is_js_challenge,
    is_soft404,
    is_waf,
    page_fault,
)
from crawler.middlewares import BackoffRetryMiddleware
from crawler.redirects import RedirectGuardMiddleware
from crawler.urls import origin

ARTICLE = "<html><head><title>关于开展安全生产检查的通知</title></head><body>" + (
    "<p>各乡镇人民政府：为做好安全生产工作，现将有关事项通知如下。</p>" * 30
) + "</body></html>"  # fmt: skip
SAFEDOG = """<html><head><title>网站防火墙</title></head><body><h1>您的请求带有不合法参数，
已被网站管理员设置拦截！</h1><p>网站防火墙 安全狗</p></body></html>"""
JSL = """<html><head><script>document.cookie=('__jsl_clear')+('ance=1592');
location.href=location.pathname+location.search</script></head><body></body></html>"""
CHALLENGE = """<html><body><script>var x="abc";document.cookie="token="+x+";path=/";
window.location.reload();</script><noscript>请开启JavaScript</noscript></body></html>"""


@pytest.mark.parametrize(
    "text",
    [
        "<html><body><h2>您访问的页面不存在</h2><a href='/'>返回首页</a></body></html>",
        "<html><head><title>404 Not Found</title></head><body>" + "x" * 2000 + "</body></html>",
        "<html><body><p>该信息已删除</p></body></html>",
        "<html><head><title>页面不存在</title></head><body>" + ARTICLE + "</body></html>",
        "<html><body>抱歉，404！</body></html>",
    ],
)
def test_soft_404_pages(text):
    assert is_soft404(text)
    assert page_fault(200, {}, text) == "soft404"


@pytest.mark.parametrize(
    "text",
    [
        ARTICLE,
        ARTICLE.replace("现将", "第404号文件已删除，现将"),  # a long page may mention either
        "<html><body><ul><li>暂无信息</li></ul></body></html>",  # an empty column is no 404
    ],
)
def test_real_pages_are_not_soft_404(text):
    assert page_fault(200, {}, text) is None


@pytest.mark.parametrize(
    ("status", "headers", "text"),
    [
        (403, {}, SAFEDOG),
        (412, {"server": "yunsuo"}, "<html><body>访问受限</body></html>"),
        (418, {}, "<html><body>云锁 访问被拦截</body></html>"),
        (429, {}, "<html><body>知道创宇 创宇盾 提示</body></html>"),
        (200, {}, JSL),
        (200, {}, CHALLENGE),
        (200, {"set-cookie": "__jsl_clearance=1; path=/"}, "<html><body>请稍候</body></html>"),
    ],
)
def test_waf_and_challenge_pages(status, headers, text):
    assert is_waf(status, headers, text)
    assert page_fault(status, headers, text) == "waf"


@pytest.mark.parametrize(
    ("status", "headers", "text"),
    [
        (403, {}, "<html><body>Forbidden</body></html>"),  # a plain 403 is an HTTP error
        (429, {}, "Too Many Requests"),
        (200, {"server": "yunsuo_waf"}, ARTICLE),  # served through a WAF, but the page itself
        (500, {}, SAFEDOG),
    ],
)
def test_not_waf(status, headers, text):
    assert not is_waf(status, headers, text)


def test_a_script_heavy_article_is_no_challenge():
    assert not is_js_challenge(ARTICLE.replace("</body>", JSL + "</body>"))


def failure_of(exc: Exception, url: str = "http://127.0.0.1/x") -> Failure:
    failure = Failure(exc)
    failure.request = Request(url)
    return failure


def response(status: int, body: str, headers: dict | None = None) -> HtmlResponse:
    return HtmlResponse("http://127.0.0.1/x", status=status, body=body.encode(),
                        headers=headers or {}, encoding="utf-8")  # fmt: skip


def test_classify_http_errors():
    waf = classify(failure_of(HttpError(response(403, SAFEDOG))))
    assert waf[:2] == ("waf", 403) and "firewall" in waf[2]
    assert classify(failure_of(HttpError(response(404, "missing"))))[:2] == ("http_error", 404)


def test_classify_offsite_and_robots():
    offsite = classify(failure_of(OffsiteRedirectError("HTTP 302 redirect off the sites to x")))
    assert offsite == ("offsite_redirect", None, "HTTP 302 redirect off the sites to x")
    robots = classify(failure_of(IgnoreRequest("Forbidden by robots.txt")))
    assert robots[0] == "robots"


def test_offsite_redirects_are_refused_and_onsite_ones_pass():
    sites = frozenset({origin("http://127.0.0.1:8000/"), origin("http://gov.example.cn/")})
    middleware = RedirectGuardMiddleware(sites, max_redirects=10)
    request = Request("http://127.0.0.1:8000/a/index.html")
    for location, passes in [
        ("/b/index.html", True),
        ("http://gov.example.cn/c", True),
        ("https://gov.example.cn/c", True),  # a site's http → https upgrade, default ports
        ("https://127.0.0.1/a/", False),  # the request's own host, another scheme and port
        ("http://127.0.0.1:8001/a/", False),  # another port of the same host
        ("http://localhost:8000/a/index.html", False),
        ("http://evil.example.com/", False),
    ]:
        answer = response(302, "", {"Location": location})
        if passes:
            assert middleware.process_response(request, answer) is answer
        else:
            with pytest.raises(OffsiteRedirectError, match=location):
                middleware.process_response(request, answer)


def test_backoff_doubles_and_honours_retry_after():
    middleware = BackoffRetryMiddleware(Settings({"ZWGK_RETRY_BACKOFF": 2.0}))
    first = Request("http://x/", meta={"retry_times": 1})
    third = Request("http://x/", meta={"retry_times": 3})
    assert 1.5 <= middleware.pause(first) <= 2.5
    assert 6.0 <= middleware.pause(third) <= 10.0
    assert middleware.pause(third, b"3") == 3.0
    assert middleware.pause(Request("http://x/", meta={"retry_times": 12})) == 60.0
