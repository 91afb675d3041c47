"""Faults the demo county can inject, for reliability tests and `zwgk demo --faults RATE`.

A fault applies to one column of an agency (its list pages, never its articles), to its
homepage (`column_id` "homepage"), or to its whole site (`column_id` None), and has a mode.
The default county carries three (`DEFAULT_FAULTS`): a column answering a soft 404, a column
behind a WAF's 403, and a township whose site is unreachable (its config URLs point at a
closed port). `--faults RATE` adds more (demo/fault_plan.py); tests add their own through
`DemoServer.inject(fault)`. Every blocking fault makes the column's catalog items
`unreachable` in the truth; a readable one changes nothing; `--fix ID` leaves a fault out
like a violation.

- `soft404`: HTTP 200 saying 您访问的页面不存在;      - `waf`: a 安全狗-style HTTP 403 block page;
- `waf412`: a 云锁-style HTTP 412 block page;         - `unreachable`: the config points at a
  closed port (the demo's own port resets every request, HEAD too);
- `error500`, `error502`, `error503`: that status;    - `reset`: the connection is reset;
- `timeout`: no answer for `param` seconds (3), then the connection is closed;
- `slow`: the page, `param` seconds late (16: over the 15 s of the checking indicators and
  the demo crawl's 10 s timeout);
- `truncated`: Content-Length of the whole page, half of it sent, then the connection closed;
- `redirect_self`: HTTP 302 to the same URL;          - `redirect_loop`: HTTP 302 A → B → A;
- `redirect_offsite`: HTTP 302 to the same path on `localhost` (another host);
- `huge`: the page padded to `param` bytes (`HUGE_PAGE_BYTES`, over the crawler's 10 MB
  `max_page_bytes`), streamed in chunks, never held in memory;
- `malformed`: the page without its optional end tags (`</li>`, `</td>` …), with a stray
  unclosed tag and no `</body></html>` (readable);
- `wrong_charset`: the page in GBK bytes declaring UTF-8 (readable);
- `no_charset`: the page's own bytes, with no charset in the header nor the page (readable);
- `delay`: every answer `param` seconds late (readable: keep it under the crawl's timeout);
- `flaky`: the first `param` (1) requests of each path answer 503, then the page (readable);
- `no_head`: HEAD requests are refused (405), GET answers as usual (readable).

A fault answers GET and POST. HEAD requests, the crawl's link checks, get the plain answer
(but for `unreachable` and `no_head`): whether a link check reaches a faulty page before the
crawl has fetched it depends on timing, and the truth must not. The modes that rewrite a page
(`malformed`, `wrong_charset`, `no_charset`) rewrite HTML only: a Hanweb site's `dataproxy.jsp`
XML is served as it is. What the truth makes of a faulty homepage or site (availability,
links): demo/judges.py; which faults `--faults` picks, and which it avoids: demo/fault_plan.py.
"""

from __future__ import annotations

import json
import re
import socket
import struct
import threading
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

from demo import urls
from demo.model import County
from demo.response import Response

BLOCKING = frozenset({"soft404", "waf", "waf412", "unreachable", "error500", "error502",
                      "error503", "timeout", "slow", "reset", "truncated", "redirect_self",
                      "redirect_loop", "redirect_offsite", "huge"})  # fmt: skip
READABLE = frozenset({"malformed", "wrong_charset", "no_charset", "delay", "flaky", "no_head"})
HEAD_MODES = frozenset({"unreachable", "no_head"})  # the only modes that answer HEAD
CLOSED_PORT = 9  # discard: nothing listens on it on a test machine
OFFSITE_PREFIX = "/offsite"  # where `redirect_offsite` sends a request (on host `localhost`)
LOOP_QUERY = "loop=1"  # `redirect_loop`: A is the URL without it, B the URL with it
SLOW_SECONDS = 16.0
HUGE_PAGE_BYTES = 12 * 1024 * 1024
CHUNK = 64 * 1024
PAD_START, PAD_END = b'<img alt="" src="data:image/png;base64,', b'">'  # a huge inline image
HTML = "text/html"
SOFT404_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>提示信息</title></head>
<body><div class="error"><h2>您访问的页面不存在</h2><p>可能已被删除或移动，
<a href="/">返回首页</a></p></div></body></html>"""
WAF_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>网站防火墙</title></head>
<body><div class="safedog"><h1>您的请求带有不合法参数，已被网站管理员设置拦截！</h1>
<p>可能原因：您提交的内容包含危险的攻击请求</p><p>如何解决：检查提交内容；如网站托管，请联系空间提供商；
普通网站访客，请联系网站管理员</p><p>网站防火墙 · 安全狗</p></div></body></html>"""
YUNSUO_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>访问被拦截</title></head>
<body><div class="yunsuo"><h1>您的访问被阻断</h1><p>当前访问疑似黑客攻击，已被网站管理员设置为拦截。</p>
<p>如您是网站管理员，请登录云锁控制台查看拦截记录。</p><p>云锁 · 服务器安全</p></div></body></html>"""
ERROR_PAGES = {
    500: "Internal Server Error",
    502: "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway"
    "</h1></center><hr><center>nginx</center></body></html>",
    503: "Service Unavailable",
}
ATTR_CHARSET = re.compile(r"""\s+charset\s*=\s*(["'])[\w-]+\1""", re.I)  # <meta charset="x">
CONTENT_CHARSET = re.compile(r";\s*charset\s*=\s*[\w-]+", re.I)  # content="text/html; charset=x"


@dataclass(frozen=True)
class DemoFault:
    id: str
    agency_id: str
    column_id: str | None  # None: the agency's whole site; "homepage": its homepage
    mode: str
    param: float = 0.0

    @property
    def blocking(self) -> bool:
        """Whether the column cannot be read (its catalog items are `unreachable`)."""
        return self.mode in BLOCKING


DEFAULT_FAULTS: tuple[DemoFault, ...] = (
    DemoFault("soft404-notices-qx-czj", "qx-czj", "notices", "soft404"),
    DemoFault("waf-news-qx-rsj", "qx-rsj", "news", "waf"),
    DemoFault("unreachable-qx-hkz", "qx-hkz", None, "unreachable"),
)
FAULT_IDS = frozenset(fault.id for fault in DEFAULT_FAULTS)


def active_faults(fixes: frozenset[str]) -> tuple[DemoFault, ...]:
    return tuple(fault for fault in DEFAULT_FAULTS if fault.id not in fixes)


def fault_prefix(county: County, fault: DemoFault) -> str:
    """The path prefix a fault covers: the column's list pages, the homepage, or the site."""
    agency = county.agency(fault.agency_id)
    if fault.column_id is None:
        return f"/{agency.id}/"
    return urls.list_prefix(agency, agency.column(fault.column_id))


def column_faults(county: County) -> dict[tuple[str, str], DemoFault]:
    """(agency id, column id) → the fault that answers for the column's list pages: its own,
    else its site's (the server picks the longest prefix)."""
    found = {}
    for fault in sorted(county.faults, key=lambda f: f.column_id is not None):
        for column in county.agency(fault.agency_id).columns:
            if fault.column_id in (None, column.id):
                found[(fault.agency_id, column.id)] = fault
    return found


def write_faults(county: County, path: str | Path) -> Path:
    """`path` (JSON): every fault the county's sites inject, with the prefix it answers."""
    rows = [{**asdict(fault), "blocking": fault.blocking, "prefix": fault_prefix(county, fault)}
            for fault in county.faults]  # fmt: skip
    path = Path(path)
    path.write_text(json.dumps(rows, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return path


def unreachable_agencies(county: County) -> set[str]:
    return {f.agency_id for f in county.faults if f.mode == "unreachable" and f.column_id is None}


class FaultHandlers:
    """The request handlers of the modes; each returns True when it answered the request.

    A handler gets the server's request handler (demo/server.py `DemoHandler`): its
    `site_response()` is what the site would answer, `send_page()` answers."""

    def __init__(self):
        self.counts: dict[tuple[DemoFault, str], int] = {}
        self.lock = threading.Lock()

    def handler(self, fault: DemoFault) -> Callable:
        mode = getattr(self, fault.mode)

        def handle(request) -> bool:
            if request.command == "HEAD" and fault.mode not in HEAD_MODES:
                return False
            return mode(request, fault)

        return handle

    def soft404(self, request, _fault) -> bool:
        return _answer(request, Response(200, "text/html; charset=UTF-8", SOFT404_PAGE.encode()))

    def waf(self, request, _fault) -> bool:
        page = Response(403, "text/html; charset=UTF-8", WAF_PAGE.encode())
        return _answer(request, page, {"Server": "Safedog/4.0", "X-Safedog": "blocked"})

    def waf412(self, request, _fault) -> bool:
        page = Response(412, "text/html; charset=UTF-8", YUNSUO_PAGE.encode())
        cookie = "yunsuo_session_verify=4f1c2b9e; expires=Fri, 01-Jan-2100 00:00:00 GMT; path=/"
        return _answer(request, page, {"Set-Cookie": cookie})

    def unreachable(self, request, _fault) -> bool:
        return self.reset(request, _fault)

    def error500(self, request, _fault) -> bool:
        return _error(request, 500)

    def error502(self, request, _fault) -> bool:
        return _error(request, 502)

    def error503(self, request, _fault) -> bool:
        return _error(request, 503)

    def timeout(self, request, fault) -> bool:
        request.demo.stopping.wait(fault.param or 3.0)
        return _hang_up(request)

    def slow(self, request, fault) -> bool:
        if request.demo.stopping.wait(fault.param or SLOW_SECONDS):
            return _hang_up(request)  # the server is stopping
        return _answer(request, request.site_response())

    def reset(self, request, _fault) -> bool:
        _log(request, 0)
        linger = struct.pack("ii", 1, 0)  # close with RST, not FIN
        request.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
        request.close_connection = True
        return True

    def truncated(self, request, _fault) -> bool:
        page = request.site_response()
        _send_head(request, page, len(page.body))
        _write(request, page.body[: len(page.body) // 2])
        request.close_connection = True
        return True

    def redirect_self(self, request, _fault) -> bool:
        return _redirect(request, request.path)

    def redirect_loop(self, request, _fault) -> bool:
        parts = urlsplit(request.path)
        back = LOOP_QUERY in parts.query.split("&")
        return _redirect(request, parts.path if back else f"{parts.path}?{LOOP_QUERY}")

    def redirect_offsite(self, request, _fault) -> bool:
        port = request.server.server_address[1]
        return _redirect(request, f"http://localhost:{port}{OFFSITE_PREFIX}{request.path}")

    def huge(self, request, fault) -> bool:
        page = request.site_response()
        size = max(int(fault.param or HUGE_PAGE_BYTES), len(page.body) + len(PAD_START + PAD_END))
        _send_head(request, page, size)
        for chunk in padded(page.body, size):
            if not _write(request, chunk):
                break
        request.close_connection = True
        return True

    def malformed(self, request, _fault) -> bool:
        def broken(text: str) -> str:
            text = re.sub(r"</(li|td|tr|p)>", "", text, flags=re.I)  # optional end tags
            return text.replace("</body>", '<div class="x" <span>').replace("</html>", "")

        return _rewrite(request, broken)

    def wrong_charset(self, request, _fault) -> bool:
        def declared_utf8(text: str) -> str:
            return re.sub(r"charset=[\"']?[\w-]+", "charset=utf-8", text, count=1, flags=re.I)

        return _rewrite(request, declared_utf8, "gbk", "text/html; charset=UTF-8")

    def no_charset(self, request, _fault) -> bool:
        def undeclared(text: str) -> str:
            return CONTENT_CHARSET.sub("", ATTR_CHARSET.sub("", text))

        return _rewrite(request, undeclared, content_type=HTML)

    def delay(self, request, fault) -> bool:
        request.demo.stopping.wait(fault.param)
        return False

    def flaky(self, request, fault) -> bool:
        key = (fault, request.path)  # each injection counts afresh
        with self.lock:
            seen = self.counts[key] = self.counts.get(key, 0) + 1
        if seen > (fault.param or 1):
            return False
        return _error(request, 503)

    def no_head(self, request, _fault) -> bool:
        if request.command != "HEAD":
            return False
        return _answer(request, Response(405, "text/plain", b""), {"Allow": "GET"})


def padded(body: bytes, size: int) -> Iterator[bytes]:
    """`body` grown to `size` bytes by an inline image before `</body>`, in chunks."""
    cut = body.rfind(b"</body>")
    cut = len(body) if cut < 0 else cut
    filler = size - len(body) - len(PAD_START + PAD_END)
    yield body[:cut] + PAD_START
    block = b"A" * CHUNK
    for _ in range(filler // CHUNK):
        yield block
    yield block[: filler % CHUNK] + PAD_END + body[cut:]


def encoding_of(page: Response) -> str:
    return "utf-8" if "utf-8" in page.content_type.lower() else "gbk"


def _rewrite(request, change: Callable[[str], str], encoding=None, content_type=None) -> bool:
    """Answer with the page's text changed (HTML only: other answers are served as usual)."""
    page = request.site_response()
    if not page.content_type.startswith(HTML):
        return False
    text = change(page.body.decode(encoding_of(page)))
    body = text.encode(encoding or encoding_of(page), errors="replace")
    return _answer(request, Response(page.status, content_type or page.content_type, body))


def _error(request, status: int) -> bool:
    text = ERROR_PAGES[status]
    kind = "text/html" if text.startswith("<") else "text/plain"
    return _answer(request, Response(status, kind, text.encode()))


def _redirect(request, location: str) -> bool:
    return _answer(request, Response(302, "text/html", b""), {"Location": location})


def _hang_up(request) -> bool:
    """Close the connection without an answer."""
    _log(request, 0)
    request.close_connection = True
    return True


def _log(request, status: int) -> None:
    request.demo.log.append((request.command, request.path.split("?", 1)[0], status))


def _send_head(request, page: Response, length: int) -> None:
    """Status and headers with the given Content-Length, the body left to the caller."""
    _log(request, page.status)
    request.send_response(page.status)
    request.send_header("Content-Type", page.content_type)
    request.send_header("Content-Length", str(length))
    request.end_headers()


def _write(request, data: bytes) -> bool:
    """Send `data`; False when the client has gone (it gave up, or read enough)."""
    try:
        request.wfile.write(data)
    except OSError:
        request.close_connection = True
        return False
    return True


def _answer(request, response: Response, headers: dict | None = None) -> bool:
    try:
        request.send_page(response, headers or {})
    except OSError:  # the client gave up waiting
        request.close_connection = True
    return True
