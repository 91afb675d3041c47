"""Faults the demo county can inject, for reliability tests and the default demo.

A fault applies to one column of an agency, or to its whole site (`column_id` None), and has a
mode. The default county carries three (`DEFAULT_FAULTS`): a column answering a soft 404, a
column behind a WAF's 403, and a township whose site is unreachable (its config URLs point at
a closed port). Every blocking fault makes the column's catalog items `unreachable` in the
truth; `--fix ID` leaves a fault out like a violation. Tests add more through
`DemoServer.inject(fault)`:

- `soft404`: HTTP 200 saying 您访问的页面不存在;      - `waf`: a 安全狗-style HTTP 403 block page;
- `unreachable`: the config points at a closed port; - `error500`: HTTP 500;
- `timeout`: no answer for `param` seconds (3);      - `reset`: the connection is reset;
- `malformed`: the page without its optional end tags (`</li>`, `</td>` …), with a stray
  unclosed tag and no `</body></html>` (readable);
- `wrong_charset`: the page in GBK bytes declaring UTF-8 (readable);
- `delay`: every answer `param` seconds late (readable);
- `redirect_offsite`: HTTP 302 to the same path on `localhost` (another host);
- `flaky`: the first `param` requests of each path answer 503, then the page (readable);
- `no_head`: HEAD requests are refused (405), GET answers as usual (readable).
"""

from __future__ import annotations

import re
import socket
import struct
import threading
import time
from dataclasses import dataclass

from demo import urls
from demo.model import County
from demo.site import Response

BLOCKING = frozenset({"soft404", "waf", "unreachable", "error500", "timeout", "reset",
                      "redirect_offsite"})  # fmt: skip
READABLE = frozenset({"malformed", "wrong_charset", "delay", "flaky", "no_head"})
CLOSED_PORT = 9  # discard: nothing listens on it on a test machine
OFFSITE_PREFIX = "/offsite"  # where `redirect_offsite` sends a request (on host `localhost`)
SOFT404_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>提示信息</title></head>
<body><div class="error"><h2>您访问的页面不存在</h2><p>可能已被删除或移动，
<a href="/">返回首页</a></p></div></body></html>"""
WAF_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>网站防火墙</title></head>
<body><div class="safedog"><h1>您的请求带有不合法参数，已被网站管理员设置拦截！</h1>
<p>可能原因：您提交的内容包含危险的攻击请求</p><p>如何解决：检查提交内容；如网站托管，请联系空间提供商；
普通网站访客，请联系网站管理员</p><p>网站防火墙 · 安全狗</p></div></body></html>"""


@dataclass(frozen=True)
class DemoFault:
    id: str
    agency_id: str
    column_id: str | None  # None: the agency's whole site
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
    """The path prefix a fault covers: the column's folder, or the agency's site."""
    agency = county.agency(fault.agency_id)
    if fault.column_id is None:
        return f"/{agency.id}/"
    return urls.column_prefix(agency, agency.column(fault.column_id))


def unreachable_agencies(county: County) -> set[str]:
    return {f.agency_id for f in county.faults if f.mode == "unreachable" and f.column_id is None}


class FaultHandlers:
    """The request handlers of the modes; each returns True when it answered the request."""

    def __init__(self):
        self.counts: dict[str, int] = {}
        self.lock = threading.Lock()

    def handler(self, fault: DemoFault):
        mode = getattr(self, fault.mode)
        return lambda request: mode(request, fault.param)

    def soft404(self, request, _param) -> bool:
        return _answer(request, Response(200, "text/html; charset=UTF-8", SOFT404_PAGE.encode()))

    def waf(self, request, _param) -> bool:
        page = Response(403, "text/html; charset=UTF-8", WAF_PAGE.encode())
        return _answer(request, page, {"Server": "Safedog/4.0", "X-Safedog": "blocked"})

    def unreachable(self, request, _param) -> bool:
        return self.reset(request, _param)

    def error500(self, request, _param) -> bool:
        return _answer(request, Response(500, "text/plain", b"Internal Server Error"))

    def timeout(self, request, param) -> bool:
        _log(request, 0)
        time.sleep(param or 3.0)
        request.close_connection = True
        return True

    def reset(self, request, _param) -> bool:
        _log(request, 0)
        linger = struct.pack("ii", 1, 0)  # close with RST, not FIN
        request.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
        request.close_connection = True
        return True

    def malformed(self, request, _param) -> bool:
        page = _site_page(request)
        text = page.body.decode("utf-8" if "UTF-8" in page.content_type else "gbk")
        broken = re.sub(r"</(li|td|tr|p)>", "", text, flags=re.I)  # optional end tags
        broken = broken.replace("</body>", '<div class="x" <span>').replace("</html>", "")
        body = broken.encode("utf-8" if "UTF-8" in page.content_type else "gbk")
        return _answer(request, Response(page.status, page.content_type, body))

    def wrong_charset(self, request, _param) -> bool:
        page = _site_page(request)
        text = page.body.decode("utf-8" if "UTF-8" in page.content_type else "gbk")
        text = re.sub(r"charset=[\"']?[\w-]+", "charset=utf-8", text, count=1, flags=re.I)
        body = text.encode("gbk", errors="replace")
        return _answer(request, Response(page.status, "text/html; charset=UTF-8", body))

    def delay(self, request, param) -> bool:
        time.sleep(param)
        return False

    def redirect_offsite(self, request, _param) -> bool:
        port = request.server.server_address[1]
        target = f"http://localhost:{port}{OFFSITE_PREFIX}{request.path}"
        return _answer(request, Response(302, "text/html", b""), {"Location": target})

    def flaky(self, request, param) -> bool:
        with self.lock:
            seen = self.counts[request.path] = self.counts.get(request.path, 0) + 1
        if seen > (param or 1):
            return False
        return _answer(request, Response(503, "text/plain", b"Service Unavailable"))

    def no_head(self, request, _param) -> bool:
        if request.command != "HEAD":
            return False
        return _answer(request, Response(405, "text/plain", b""), {"Allow": "GET"})


def _log(request, status: int) -> None:
    request.demo.log.append((request.command, request.path.split("?", 1)[0], status))


def _site_page(request) -> Response:
    return request.demo.site.get(request.path.split("?", 1)[0])


def _answer(request, response: Response, headers: dict | None = None) -> bool:
    request.send_page(response, headers or {})
    return True
