"""A page as the demo's sites answer it: status, content type, body, and extra headers (a
redirect's Location); the site (demo/site.py), the portal and the faults build them."""

from __future__ import annotations

from dataclasses import dataclass

from demo.model import Agency
from demo.roster import PLAIN

UTF8_HTML = "text/html; charset=UTF-8"


@dataclass(frozen=True)
class Response:
    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()  # sent as they are, e.g. (("Location", "/"),)


def html(agency: Agency, text: str) -> Response:
    """An agency's page: UTF-8, but a plain site's GBK bytes (its meta declares gb2312)."""
    if agency.family != PLAIN:
        return Response(200, UTF8_HTML, text.encode("utf-8"))
    return Response(200, "text/html", text.encode("gbk"))


def utf8_page(text: str, status: int = 200) -> Response:
    return Response(status, UTF8_HTML, text.encode("utf-8"))


def redirect(location: str) -> Response:
    """HTTP 302 to `location` (a path of the same server)."""
    return Response(302, UTF8_HTML, b"", (("Location", location),))


NOT_FOUND = utf8_page("<html><body><h1>404 页面不存在</h1></body></html>", 404)
