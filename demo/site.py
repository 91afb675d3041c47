"""Every page of the county by path: `Site(county).get(path)` / `.post(path, fields)`.

Pages are rendered on first request and kept; Hanweb and TRS pages are UTF-8, plain pages GBK
bytes served as `text/html` without a charset (the page's meta declares gb2312). The portal
and its directories: demo/portal.py; the column trees: demo/tree.py; a revamped site's old
addresses: demo/revamp.py."""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from html import escape

from demo import portal, render_hanweb, render_plain, render_trs, revamp, tree, urls
from demo.model import Agency, Column, County
from demo.response import NOT_FOUND, UTF8_HTML, Response, html
from demo.roster import HANWEB, PLAIN, REGION, TRS

__all__ = ["NOT_FOUND", "Response", "Site", "html"]
ROBOTS = "User-agent: *\nAllow: /\n"
STATIC = {
    "style/hanweb.css": ("text/css", "body{font-family:'Microsoft YaHei';margin:0}\n"),
    "script/jquery.min.js": ("application/javascript", "/* jQuery stub for the demo county */\n"),
    "script/jpage.js": ("application/javascript", "/* jpage: renders <datastore> records */\n"),
    "images/style.css": ("text/css", "body{font-size:12px;margin:0}\n"),
}


class Site:
    def __init__(self, county: County):
        self.county = county
        self._routes: dict[str, Callable[[], Response]] = {}
        self._cache: dict[str, Response] = {}
        self._lock = threading.Lock()
        self._route_root()
        for agency in county.agencies:
            self._route_agency(agency)

    def paths(self) -> list[str]:
        return list(self._routes)

    def get(self, path: str) -> Response:
        cached = self._cache.get(path)
        if cached is not None:
            return cached
        render = self._routes.get(path)
        if render is None:
            return NOT_FOUND
        response = render()
        with self._lock:
            self._cache[path] = response
        return response

    def post(self, path: str, fields: dict[str, str]) -> Response:
        for agency in self.county.agencies:
            if agency.family == HANWEB and path == urls.dataproxy(agency):
                return dataproxy(agency, fields)
        return NOT_FOUND

    def _route_root(self) -> None:
        self._routes["/robots.txt"] = lambda: Response(200, "text/plain", ROBOTS.encode())
        self._routes.update(portal.routes(self.county))

    def _route_agency(self, agency: Agency) -> None:
        renderer = FAMILY_PAGES[agency.family](self.county, agency)
        routes = self._routes
        routes[f"/{agency.id}/"] = routes[urls.home(agency)] = renderer.home
        routes[urls.disclosure_index(agency)] = renderer.disclosure_index
        if not tree.written_out(agency):
            for node in tree.nodes(agency):
                if not node.single:
                    routes[urls.group_page(agency, node.number)] = partial(renderer.group, node)
        if agency.revamped:
            for path, answer in revamp.old_pages(agency):
                routes[path] = partial(_answer, answer)
        routes[urls.sitemap(agency)] = renderer.sitemap
        routes[urls.contact(agency)] = renderer.contact
        for name, (kind, text) in STATIC.items():
            routes[f"/{agency.id}/{name}"] = partial(Response, 200, kind, text.encode())
        for column in agency.disclosure_columns():  # the homepage column is the homepage
            for path, render in renderer.column_routes(column):
                routes[path] = render
                if path.endswith("/index.html"):  # the folder URL serves its index page
                    routes[path.removesuffix("index.html")] = render
            for pub in column.publications:
                routes[urls.article(agency, column, pub)] = partial(renderer.article, column, pub)


def dataproxy(agency: Agency, fields: dict[str, str]) -> Response:
    column = _column_by_colid(agency, fields.get("columnid", ""))
    if column is None:
        return NOT_FOUND
    try:
        start, end = int(fields["startrecord"]), int(fields["endrecord"])
    except (KeyError, ValueError):
        return Response(400, UTF8_HTML, b"startrecord and endrecord are required")
    xml = render_hanweb.dataproxy_xml(agency, column, start, end)
    return Response(200, "text/xml; charset=UTF-8", xml.encode("utf-8"))


def _answer(response: Response) -> Response:
    return response


def _column_by_colid(agency: Agency, colid: str) -> Column | None:
    return next((c for c in agency.columns if str(c.colid) == colid.strip()), None)


class HanwebPages:
    def __init__(self, county: County, agency: Agency):
        self.county, self.agency = county, agency

    def home(self) -> Response:
        return html(self.agency, render_hanweb.home_page(self.county, self.agency))

    def column_routes(self, column: Column):
        render = partial(render_hanweb.column_page, self.agency, column)
        yield urls.column_page(self.agency, column), lambda: html(self.agency, render())

    def article(self, column: Column, pub) -> Response:
        page = render_hanweb.article_page(self.county, self.agency, column, pub)
        return html(self.agency, page)

    def disclosure_index(self) -> Response:
        body = tree.tree_html(self.agency, partial(urls.column_page, self.agency))
        return html(
            self.agency, render_hanweb.simple_page(self.agency, "政府信息公开", body, False)
        )

    def sitemap(self) -> Response:
        return self._simple("网站地图", column_links(self.agency, absolute=True))

    def contact(self) -> Response:
        return self._simple("联系我们", contact_text(self.agency))

    def _simple(self, title: str, body: str) -> Response:
        return html(self.agency, render_hanweb.simple_page(self.agency, title, body))


class PlainPages:
    def __init__(self, county: County, agency: Agency):
        self.county, self.agency = county, agency

    def home(self) -> Response:
        return html(self.agency, render_plain.home_page(self.agency))

    def column_routes(self, column: Column):
        for page in range(1, render_plain.page_count(column) + 1):
            render = partial(render_plain.column_page, self.agency, column, page)
            yield urls.column_page(self.agency, column, page), partial(self._html, render)

    def article(self, column: Column, pub) -> Response:
        return self._html(partial(render_plain.article_page, self.county, self.agency, column, pub))

    def disclosure_index(self) -> Response:
        links = render_plain.side_links(self.agency, "../")
        items = "".join(f'<li><a href="{href}">{escape(name)}</a></li>' for href, name in links)
        return self._simple("信息公开", f'<ul class="xxgk-nav">{items}</ul>')

    def group(self, node: tree.Node) -> Response:
        """A first-level node's page: its columns (from /{site}/xxgk/, one folder down)."""
        return self._simple(node.name, tree.group_html(node, self._href))

    def sitemap(self) -> Response:
        return self._simple("网站地图", column_links(self.agency, absolute=False))

    def _href(self, column: Column) -> str:
        return "../" + urls.rel(self.agency, urls.column_page(self.agency, column))

    def contact(self) -> Response:
        return self._simple("联系我们", contact_text(self.agency))

    def _simple(self, title: str, body: str) -> Response:
        return html(self.agency, render_plain.simple_page(self.agency, title, body))

    def _html(self, render: Callable[[], str]) -> Response:
        return html(self.agency, render())


class TrsPages(PlainPages):
    def home(self) -> Response:
        return html(self.agency, render_trs.home_page(self.agency))

    def column_routes(self, column: Column):
        for page in range(1, render_trs.page_count(column) + 1):
            render = partial(render_trs.column_page, self.agency, column, page)
            yield urls.column_page(self.agency, column, page), partial(self._html, render)

    def article(self, column: Column, pub) -> Response:
        return self._html(partial(render_trs.article_page, self.county, self.agency, column, pub))

    def sitemap(self) -> Response:
        return self._simple("网站地图", column_links(self.agency, absolute=True))

    def _href(self, column: Column) -> str:
        return urls.column_page(self.agency, column)

    def _simple(self, title: str, body: str) -> Response:
        return html(self.agency, render_trs.simple_page(self.agency, title, body))


FAMILY_PAGES = {HANWEB: HanwebPages, PLAIN: PlainPages, TRS: TrsPages}


def column_links(agency: Agency, absolute: bool) -> str:
    """The flat list of the disclosure columns (a site map)."""

    def href(column: Column) -> str:
        path = urls.column_page(agency, column)
        return path if absolute else "../" + urls.rel(agency, path)

    items = "".join(
        f'<li><a href="{href(column)}">{escape(column.name)}</a></li>'
        for column in agency.disclosure_columns()
    )
    return f'<ul class="column-list">{items}</ul>'


def contact_text(agency: Agency) -> str:
    return (
        f"<p>单位名称：{escape(agency.name)}</p><p>办公地址：{REGION}人民路{agency.webid % 100 + 1}号</p>"
        f"<p>办公时间：工作日上午8:30-12:00，下午14:30-17:30</p><p>联系电话：0570-68{agency.webid:04d}</p>"
    )
