"""Name what went wrong with a request: the outcomes a column state and a fetch record use.

Besides transport faults (timeouts, refused connections) and HTTP errors, two kinds of answer
look like pages but are not content, and are never parsed as such:
- a soft 404: HTTP 200 saying the page does not exist (页面不存在, 信息已删除, 404) in a short
  page or in its title;
- a WAF or anti-bot page: HTTP 403/412/418/429 carrying a firewall's marks (安全狗, 云锁,
  知道创宇, 加速乐 `__jsl_clearance`, 访问被拦截 …), or a JavaScript challenge — a near-empty
  page whose script sets a cookie and reloads.
`page_fault(status, headers, text)` tells them apart; it is pure, for tests and reuse.

Some requests the crawler refuses itself, each its own outcome: `blocked_address` (a private
address the config does not allow, `crawler.guard`), `offsite_redirect` and `redirect_loop`
(`crawler.redirects`), `too_large` (an answer over `crawl.max_page_bytes`, never parsed), and
`redirected` (a column's first page redirected to a site's homepage, as after a rebuild:
never parsed as the column, `crawler.moved`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as net
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

OK = "ok"
NOT_MODIFIED = "not_modified"
UNPARSED = "unparsed"
HTTP_ERROR = "http_error"
TIMEOUT = "timeout"
UNREACHABLE = "unreachable"
SOFT404 = "soft404"
WAF = "waf"
OFFSITE_REDIRECT = "offsite_redirect"
BLOCKED_ADDRESS = "blocked_address"
REDIRECT_LOOP = "redirect_loop"
REDIRECTED = "redirected"  # a column's address now leads to the site's homepage
TOO_LARGE = "too_large"
ROBOTS = "robots"
ERROR = "error"

TIMEOUTS = (DownloadTimeoutError, net.TimeoutError, net.TCPTimedOutError)
UNREACHABLE_ERRORS = (
    DownloadConnectionRefusedError,
    CannotResolveHostError,
    DownloadFailedError,
    ResponseDataLossError,
    net.ConnectError,
    net.DNSLookupError,
    net.ConnectionLost,
    net.ConnectionDone,
    ResponseFailed,
    ResponseNeverReceived,
)
BLOCK_STATUSES = frozenset({403, 412, 418, 429})
WAF_BODY_MARKS = (
    "__jsl_clearance", "安全狗", "safedog", "云锁", "yunsuo", "知道创宇", "创宇盾", "加速乐",
    "jiasule", "请开启javascript", "请启用javascript", "请打开javascript", "访问被拦截",
    "访问已被拦截", "您的访问被阻断", "网站防火墙", "web应用防火墙", "wzws", "anquanbao",
    "cf-browser-verification", "challenge-platform",
)  # fmt: skip
WAF_HEADER_MARKS = ("safedog", "yunsuo", "jiasule", "__jsl_clearance", "wzws", "anquanbao",
                    "360wzb", "knownsec", "yundun")  # fmt: skip
SOFT404_MARKS = ("页面不存在", "您访问的页面不存在", "页面未找到", "找不到页面", "信息已删除",
                 "已删除", "not found")  # fmt: skip
CODE_404 = re.compile(r"(?<!\d)404(?!\d)")
SCRIPTS = re.compile(r"<(script|style)\b[^>]*>(.*?)</\1\s*>", re.S | re.I)
TAGS = re.compile(r"<[^>]+>")
TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.S | re.I)
SPACES = re.compile(r"\s+")
SHORT_PAGE = 500  # visible characters: a real list or article page says far more
CHALLENGE_PAGE = 200
COOKIE_SET = re.compile(r"document\.cookie\s*=", re.I)
RELOAD = re.compile(r"location\.(?:reload|href|replace)|window\.location\s*=", re.I)


class OffsiteRedirectError(IgnoreRequest):
    """A redirect to an origin that is not one of the configured sites': not followed."""


class BlockedAddressError(IgnoreRequest):
    """A request to a private address the config does not allow: never sent."""


class RedirectLoopError(IgnoreRequest):
    """A redirect back to a URL of its own chain, or one redirect too many."""


# Faults the crawler itself decided on: their message says it all. Scrapy's HTTP/1.1 handler
# cancels a download only when the answer outgrows DOWNLOAD_MAXSIZE (timeouts are their own).
REFUSALS = (
    (BlockedAddressError, BLOCKED_ADDRESS),
    (RedirectLoopError, REDIRECT_LOOP),
    (OffsiteRedirectError, OFFSITE_REDIRECT),
    (DownloadCancelledError, TOO_LARGE),
)
SIZE_LIMIT = "larger than crawl.max_page_bytes"


def page_fault(status: int, headers: Mapping[str, str], text: str) -> str | None:
    """`waf`, `soft404`, or None when the answer may be read as the page it claims to be."""
    visible = visible_text(text) if 200 <= status < 300 else None  # once: both tests read it
    if is_waf(status, headers, text, visible):
        return WAF
    if visible is not None and is_soft404(text, visible):
        return SOFT404
    return None


def is_waf(status: int, headers: Mapping[str, str], text: str, visible: str | None = None) -> bool:
    """A firewall's block page or an anti-bot JavaScript challenge."""
    marked = _has(header_blob(headers), WAF_HEADER_MARKS) or _has(text.lower(), WAF_BODY_MARKS)
    if status in BLOCK_STATUSES:
        return marked
    if 200 <= status < 300:
        visible = visible_text(text) if visible is None else visible
        return is_js_challenge(text, visible) or (marked and len(visible) < SHORT_PAGE)
    return False


def is_js_challenge(text: str, visible: str | None = None) -> bool:
    """Almost nothing to read, and a script that sets a cookie and reloads the page."""
    visible = visible_text(text) if visible is None else visible
    scripts = " ".join(body for _, body in SCRIPTS.findall(text))
    return (
        len(visible) < CHALLENGE_PAGE
        and bool(COOKIE_SET.search(scripts))
        and bool(RELOAD.search(scripts))
    )


def is_soft404(text: str, visible: str | None = None) -> bool:
    """A page whose title, or whose short text, says it does not exist."""
    title = TITLE.search(text)
    if title and _says_missing(TAGS.sub("", title.group(1))):
        return True
    visible = visible_text(text) if visible is None else visible
    return len(visible) < SHORT_PAGE and _says_missing(visible)


def _says_missing(text: str) -> bool:
    return _has(text.lower(), SOFT404_MARKS) or bool(CODE_404.search(text))


def visible_text(text: str) -> str:
    """The page's text without scripts, styles and tags, spaces collapsed."""
    return SPACES.sub(" ", TAGS.sub(" ", SCRIPTS.sub(" ", text))).strip()


def header_blob(headers: Mapping[str, str]) -> str:
    return " ".join(f"{name}: {value}" for name, value in headers.items()).lower()


def _has(text: str, marks: tuple[str, ...]) -> bool:
    return any(mark in text for mark in marks)


def classify(failure: Failure) -> tuple[str, int | None, str]:
    """(outcome, HTTP status or None, error text) of a failed request."""
    exc = failure.value
    retries = failure.request.meta.get("retry_times", 0) if hasattr(failure, "request") else 0
    note = f" ({retries + 1} attempts)" if retries else ""
    if isinstance(exc, HttpError):
        return classify_http_error(exc.response, note)
    for types, outcome in REFUSALS:
        if isinstance(exc, types):
            return outcome, None, refusal_text(outcome, exc)
    if isinstance(exc, TIMEOUTS):
        return TIMEOUT, None, f"{_describe(exc)}{note}"
    if isinstance(exc, UNREACHABLE_ERRORS):
        return UNREACHABLE, None, f"{_describe(exc)}{note}"
    if isinstance(exc, IgnoreRequest):
        outcome = ignored_outcome(str(exc))
        return outcome, None, refusal_text(outcome, exc, f"request ignored: {_describe(exc)}")
    return ERROR, None, f"{_describe(exc)}{note}"


def refusal_text(outcome: str, exc: BaseException, default: str | None = None) -> str:
    if outcome == TOO_LARGE:
        return f"{SIZE_LIMIT}: {str(exc) or 'the download was cut off'}"
    return default or str(exc)


def ignored_outcome(message: str) -> str:
    """What Scrapy's own refusals mean: too many redirects, a decompression bomb, robots."""
    message = message.lower()
    if "max redirections" in message:
        return REDIRECT_LOOP
    if "download_maxsize" in message:
        return TOO_LARGE
    return ROBOTS if "robots" in message else ERROR


def classify_http_error(response, note: str = "") -> tuple[str, int, str]:
    """An HTTP error answer: `waf` when a firewall sent it, else `http_error`."""
    status = response.status
    text = response.body[:65536].decode("utf-8", "replace")
    if is_waf(status, response_headers(response), text):
        return WAF, status, f"HTTP {status}: blocked by a web application firewall"
    return HTTP_ERROR, status, f"HTTP {status}{note}"


def response_headers(response) -> dict[str, str]:
    """A Scrapy response's headers as a plain `{lower-case name: value}` mapping."""
    return {
        name.decode("latin-1").lower(): b", ".join(values).decode("latin-1")
        for name, values in response.headers.items()
    }


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
