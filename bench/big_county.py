"""A generated county of any size for the crawl benches, served on 127.0.0.1.

    with BigCounty(pages=50_000).serving() as county:
        config = county.write_config(folder)

Agencies of `COLUMNS` columns each; a column lists `LIST_PAGES` pages of 20 publications in
the plain static shape `crawler.cms.plain` reads (`div.list` rows, 共N条 第K/M页 下一页), and
each publication has a detail page with the info-disclosure table (索引号, 发布机构, 生成日期,
发布日期, 文号) and a few paragraphs; each agency has a homepage linking its columns. Pages
are rendered on request from their path (nothing is held in memory) and never change: every
200 carries an ETag and a Last-Modified, and a matching conditional request gets 304.
"""

from __future__ import annotations

import hashlib
import re
import threading
from contextlib import contextmanager
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml

PAGE_SIZE = 20
COLUMNS = 10
LIST_PAGES = 25
AS_OF = date(2026, 11, 27)
LAST_MODIFIED = "Fri, 27 Nov 2026 00:00:00 GMT"
COLUMN_NAMES = ("工作动态", "通知公告", "政策文件", "政策解读", "人事信息", "财政资金", "规划计划",
                "统计信息", "应急管理", "行政执法")  # fmt: skip
WORDS = "推进 全面 落实 工作 会议 部署 开展 专项 检查 通知 关于 印发 实施 方案 意见 年度 民生"
WORDS = WORDS.split()
HOME = re.compile(r"^/a(\d+)/index\.html$")
LIST = re.compile(r"^/a(\d+)/c(\d+)/index(?:_(\d+))?\.html$")
ARTICLE = re.compile(r"^/a(\d+)/c(\d+)/art/(\d+)\.html$")
BENCH_CRAWL = {
    "obey_robots": False,
    "concurrency_per_domain": 16,
    "autothrottle": False,
    "download_delay": 0,
    "external_delay": 0,
    "timeout": 30,
    "retries": 0,
    "allow_private": ["127.0.0.1"],
}


class BigCounty:
    """`pages` pages at least, in whole agencies (5,251 pages each): COLUMNS columns ×
    LIST_PAGES list pages, each list page with PAGE_SIZE detail pages, and a homepage."""

    def __init__(self, pages: int = 50_000):
        per_agency = 1 + COLUMNS * LIST_PAGES * (1 + PAGE_SIZE)
        self.agencies = max(1, -(-pages // per_agency))
        self.pages = self.agencies * per_agency
        self.base_url = ""

    @contextmanager
    def serving(self):
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(self))
        server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{server.server_address[1]}"
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            server.shutdown()
            server.server_close()

    def write_config(self, folder: Path, **crawl) -> Path:
        """`folder/zwgk.yaml` crawling every column, every detail page read, politeness off."""
        folder.mkdir(parents=True, exist_ok=True)
        agencies = [self.agency(a) for a in range(1, self.agencies + 1)]
        data = {"region": "大县", "database": "zwgk.db",
                "crawl": {**BENCH_CRAWL, **crawl},
                "notices": {"number_pattern": "大县公开整改〔{year}〕{seq}号"},
                "agencies": agencies}  # fmt: skip
        path = folder / "zwgk.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        return path

    def agency(self, a: int) -> dict:
        columns = [{"id": f"c{c:02d}", "name": COLUMN_NAMES[c - 1], "cms": "plain",
                    "url": f"{self.base_url}/a{a}/c{c}/index.html"}
                   for c in range(1, COLUMNS + 1)]  # fmt: skip
        return {"id": f"bx-a{a:03d}", "name": f"大县第{a}局", "kind": "department",
                "catalog": "department", "homepage": f"{self.base_url}/a{a}/index.html",
                "columns": columns}  # fmt: skip

    def page(self, path: str) -> str | None:
        """The HTML at `path`, or None."""
        if found := HOME.match(path):
            return home_page(int(found[1])) if int(found[1]) <= self.agencies else None
        if found := LIST.match(path):
            a, c, k = int(found[1]), int(found[2]), int(found[3] or 0)
            ok = a <= self.agencies and c <= COLUMNS and k < LIST_PAGES
            return list_page(a, c, k) if ok else None
        if found := ARTICLE.match(path):
            a, c, n = (int(part) for part in found.groups())
            ok = a <= self.agencies and c <= COLUMNS and n < LIST_PAGES * PAGE_SIZE
            return article_page(a, c, n) if ok else None
        return None


def title(a: int, c: int, n: int) -> str:
    seed = (a * 7919 + c * 104729 + n * 31) % 9973
    words = [WORDS[(seed + i * 5) % len(WORDS)] for i in range(6)]
    return f"大县第{a}局{''.join(words)}（第{n + 1:05d}号）"  # never a bare 404


def day_of(n: int) -> date:
    return AS_OF - timedelta(days=n // 3)


def frame(name: str, main: str) -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{name}</title></head>'
            f'<body><div class="head"><a href="/">大县人民政府</a></div>\n{main}\n'
            f'<div class="foot">大县人民政府办公室 主办</div></body></html>')  # fmt: skip


def home_page(a: int) -> str:
    links = "".join(f'<li><a href="c{c}/index.html">{COLUMN_NAMES[c - 1]}</a></li>'
                    for c in range(1, COLUMNS + 1))  # fmt: skip
    return frame(f"大县第{a}局", f'<ul class="nav">{links}</ul>')


def list_page(a: int, c: int, k: int) -> str:
    first = k * PAGE_SIZE
    rows = "\n".join(
        f'<li><a href="art/{n}.html" target="_blank" title="{title(a, c, n)}">{title(a, c, n)}'
        f'</a><span class="date">{day_of(n).isoformat()}</span></li>'
        for n in range(first, first + PAGE_SIZE)
    )
    return frame(COLUMN_NAMES[c - 1], f'<div class="list"><ul>\n{rows}\n</ul></div>\n{pager(k)}')


def page_name(k: int) -> str:
    return "index.html" if k == 0 else f"index_{k}.html"


def pager(k: int) -> str:
    links = [f'<a href="{page_name(0)}">首页</a>']
    if k > 0:
        links.append(f'<a href="{page_name(k - 1)}">上一页</a>')
    if k < LIST_PAGES - 1:
        links.append(f'<a href="{page_name(k + 1)}">下一页</a>')
    links.append(f'<a href="{page_name(LIST_PAGES - 1)}">尾页</a>')
    total = LIST_PAGES * PAGE_SIZE
    return f'<div class="page">共{total}条 第{k + 1}/{LIST_PAGES}页 {" ".join(links)}</div>'


def article_page(a: int, c: int, n: int) -> str:
    day = day_of(n).isoformat()
    info = (f'<table class="xxgk-info"><tr><th>索引号：</th><td>BX{a:03d}-{c:02d}-{n:05d}</td>'
            f"<th>发布机构：</th><td>大县第{a}局</td></tr><tr><th>生成日期：</th><td>{day}</td>"
            f"<th>发布日期：</th><td>{day}</td></tr><tr><th>文号：</th>"
            f"<td>大{a}发〔2026〕{n + 1}号</td><th>公开方式：</th><td>主动公开</td></tr></table>")  # fmt: skip
    body = "".join(f"<p>{title(a, c, n + i)}，现将有关事项通知如下。请各单位认真贯彻执行。</p>"
                   for i in range(8))  # fmt: skip
    main = (f'{info}\n<h1 class="title">{title(a, c, n)}</h1>\n'
            f'<div class="TRS_Editor">{body}</div><a href="../index.html">返回列表</a>')  # fmt: skip
    return frame(title(a, c, n), main)


def handler_for(county: BigCounty) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as a crawl uses
        disable_nagle_algorithm = True

        def do_GET(self) -> None:
            self.answer(body=True)

        def do_HEAD(self) -> None:
            self.answer(body=False)

        def answer(self, body: bool) -> None:
            html = county.page(self.path.split("?")[0])
            if html is None:
                self.send_bytes(404, b"not found", {}, body)
                return
            data = html.encode("utf-8")
            tag = '"' + hashlib.blake2b(data, digest_size=8).hexdigest() + '"'
            validators = {"ETag": tag, "Last-Modified": LAST_MODIFIED}
            if self.headers.get("If-None-Match") == tag:
                self.send_bytes(304, b"", validators, False)
            else:
                self.send_bytes(200, data, validators, body)

        def send_bytes(self, status: int, data: bytes, headers: dict, body: bool) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            for name, value in headers.items():
                self.send_header(name, value)
            if status != 304:
                self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if body:
                self.wfile.write(data)

        def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
            """Quiet."""

    return Handler
