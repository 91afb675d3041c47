"""A tiny county in the demo markup contract (notes: Hanweb XML lists, plain GBK pages).

Page builders for parser tests, and a real HTTP server (a thread on 127.0.0.1:0) for crawls.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from scrapy.http import Request, Response
from scrapy.responsetypes import responsetypes

WEBNAME = "%E9%9D%92%E6%BA%AA%E5%8E%BF%E4%BA%BA%E6%B0%91%E6%94%BF%E5%BA%9C"  # 青溪县人民政府
NAV = """<div class="nav"><a href="/qx-gov/index.html">首页</a>
<a href="/qx-gov/col/col1001/index.html">通知公告</a><ul><li><a href="/about.html">关于我们</a>
<span class="date">2026-01-01</span></li></ul></div>"""
FOOTER = '<div class="footer"><a href="/sitemap.html">网站地图</a> <a href="#">联系我们</a></div>'


@dataclass(frozen=True)
class Article:
    title: str
    day: date
    art_id: int


def articles(count: int, newest: date, first_id: int, long_every: int = 4) -> list[Article]:
    """`count` articles, newest first, one a day; every `long_every`-th has a long title."""
    result = []
    for i in range(count):
        title = f"青溪县关于第{i + 1}批事项的通知"
        if i % long_every == 1:
            title = (
                f"青溪县人民政府办公室关于印发青溪县第{i + 1}批政务公开重点工作任务分工方案的通知"
            )
        result.append(Article(title, newest - timedelta(days=i), first_id - i))
    return result


def shown(title: str) -> str:
    return title if len(title) <= 30 else title[:30] + "..."


def hanweb_href(site: str, colid: int, art: Article) -> str:
    d = art.day
    return f"/{site}/art/{d.year}/{d.month}/{d.day}/art_{colid}_{art.art_id}.html"


def hanweb_record(site: str, colid: int, art: Article) -> str:
    href = hanweb_href(site, colid, art)
    return (
        f'<record><![CDATA[\n<li class="clearfix"><a target="_blank" href="{href}" '
        f'title="{art.title}">{shown(art.title)}</a> <b>{art.day.isoformat()}</b></li>]]></record>'
    )


def hanweb_column(site: str, colid: int, arts: list[Article], per_page: int = 15) -> str:
    records = "\n".join(hanweb_record(site, colid, a) for a in arts[: per_page * 3])
    proxy = f"/{site}/module/web/jpage/dataproxy.jsp"
    query = (
        f"page=1&appid=1&webid=3&path=/&columnid={colid}&unitid=77&webname={WEBNAME}"
        "&permissiontype=0"
    )
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>通知公告</title></head>
<body>{NAV}<div id="{colid}"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="{proxy}?{query}"></a>]]></nextgroup>
<recordset>
{records}
</recordset></datastore></script></div>
<script type="text/javascript">$(document).ready(function(){{ $('#{colid}').jpage({{
dataStore: null, perPage: {per_page}, totalRecord: {len(arts)}, groupSize: 3,
proxyUrl: '{proxy}' }}); }});</script>{FOOTER}</body></html>"""


def hanweb_proxy_answer(site: str, colid: int, arts: list[Article], start: int, end: int) -> str:
    records = "".join(hanweb_record(site, colid, a) for a in arts[start - 1 : end])
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<datastore><totalrecord>{len(arts)}</totalrecord><recordset>{records}"
        "</recordset></datastore>"
    )


def plain_href(art: Article) -> str:
    return f"./{art.day:%Y%m}/t{art.day:%Y%m%d}_{art.art_id}.html"


def pager(total: int, k: int, n: int) -> str:
    links = ['<a href="index.html">首页</a>']
    if k > 1:
        links.append(f'<a href="index{"" if k == 2 else f"_{k - 1}"}.html">上一页</a>')
    if k < n:
        links.append(f'<a href="index_{k + 1}.html">下一页</a>')
    links.append(f'<a href="index{"" if n == 1 else f"_{n}"}.html">尾页</a>')
    return f'<div class="page">共{total}条 第{k}/{n}页 {" ".join(links)}</div>'


def plain_list_rows(arts: list[Article]) -> str:
    rows = "".join(
        f'<li><a href="{plain_href(a)}" target="_blank" title="{a.title}">{a.title}</a>'
        f'<span class="date">{a.day.isoformat()}</span></li>\n'
        for a in arts
    )
    empty = "" if arts else '<p class="empty">暂无信息</p>'
    return f'<div class="list"><ul>\n{rows}</ul>{empty}</div>'


def plain_table_rows(arts: list[Article]) -> str:
    rows = "".join(
        f"<tr><td>11330000MB1234567X/2026-{a.art_id:05d}</td>"
        f'<td><a href="{plain_href(a)}" target="_blank">{a.title}</a></td>'
        f"<td>{a.day.isoformat()}</td><td>青发改〔2026〕{a.art_id % 100}号</td></tr>\n"
        for a in arts
    )
    header = "<tr><th>索引号</th><th>名称</th><th>生成日期</th><th>文号</th></tr>"
    return f'<table class="xxgk-list">{header}\n{rows}</table>'


def plain_page(arts: list[Article], k: int = 1, per_page: int = 20, table: bool = False) -> str:
    """Page k of a plain column holding `arts` (newest first), as text to encode in GBK."""
    n = max(1, -(-len(arts) // per_page))
    rows = arts[(k - 1) * per_page : k * per_page]
    body = plain_table_rows(rows) if table else plain_list_rows(rows)
    return f"""<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>政策文件</title>
</head><body>{NAV}{body}{pager(len(arts), k, n)}{FOOTER}</body></html>"""


def response(url: str, body: bytes, content_type: str = "text/html") -> Response:
    """The response Scrapy builds for these bytes and this Content-Type header."""
    headers = {"Content-Type": content_type}
    cls = responsetypes.from_args(headers=headers, url=url, body=body)
    return cls(url=url, body=body, headers=headers, request=Request(url))


class CountyHandler(BaseHTTPRequestHandler):
    """Serves `server.routes` (path → (content type, bytes) or a status) and the dataproxy."""

    def do_GET(self):
        route = self.server.routes.get(urlsplit(self.path).path)
        if route is None:
            self.send_error(404)
        elif isinstance(route, int):
            self.send_error(route)
        else:
            self.reply(*route)

    def do_POST(self):
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length", 0))
        form = parse_qs(self.rfile.read(length).decode("ascii"))
        self.server.posts.append((self.path, form))
        proxy = self.server.proxies.get(parts.path)
        query = parse_qs(parts.query)
        if proxy is None or "columnid" not in form:
            self.send_error(400)
            return
        start, end = int(query["startrecord"][0]), int(query["endrecord"][0])
        self.reply("text/xml; charset=UTF-8", proxy(start, end).encode("utf-8"))

    def reply(self, content_type: str, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class ServedInThread(ThreadingHTTPServer):
    """An HTTP server on a thread of its own for the length of a `with` block."""

    def __enter__(self):
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()


class CountyServer(ServedInThread):
    """The HTTP server with its routes, dataproxy answers and the POST bodies it received."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), CountyHandler)
        self.routes: dict[str, tuple[str, bytes] | int] = {}
        self.proxies: dict = {}
        self.posts: list = []

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"
