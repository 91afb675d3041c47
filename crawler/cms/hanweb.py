"""Hanweb / 大汉 JCMS column lists: `<datastore>` XML read by jpage.js.

A column page holds its first records (perPage × groupSize, usually 45) as CDATA inside
`<script type="text/xml"><datastore>…`; the rest come from POSTs to `dataproxy.jsp`
(`?startrecord=&endrecord=&perpage=`, form fields from the `<nextgroup>` link), whose answer
is a bare `<datastore>` with `<totalrecord>`. The same parser reads both. The groups are built
lazily and only as many as asked for: a page may declare any `totalRecord`.

Some column pages carry no `<datastore>` at all: jpage.js fetches every record, with the
form its call names (`proxyUrl: '/module/web/jpage/dataproxy.jsp'`, `ajaxParam: {columnid,
unitid, webid…}`) or a `dataproxy.jsp?…&columnid=&unitid=` link in the page. Those lists
are read through the same POSTs from record 1; an answer names the group after it (its
form is the one the request sent). A jpage list whose columnid/unitid are not literal is
`js_only`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from itertools import islice
from urllib.parse import parse_qs, parse_qsl, urlencode, urljoin, urlsplit

from parsel import Selector

from crawler.cms.base import MAX_NEXT, ListEntry, ListPage, ListParser, NextRequest, Page
from crawler.cms.jsvalues import call_object, page_script, properties, resolve
from crawler.dates import parse_date

DATASTORE = re.compile(r"<datastore>(.*?)</datastore>", re.S | re.I)
RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S | re.I)
NEXTGROUP = re.compile(r"<nextgroup>\s*<!\[CDATA\[(.*?)\]\]>", re.S | re.I)
TOTAL_TAG = re.compile(r"<totalrecord>\s*(\d+)\s*</totalrecord>", re.I)
JPAGE_CALL = re.compile(r"""\$\(\s*['"]#([\w-]+)['"]\s*\)\.jpage\(\s*\{(.*?)\}\s*\)""", re.S)
OPTION = r"\b{}\s*:\s*['\"]?(\d+)"
FORM_FIELDS = ("col", "appid", "webid", "path", "columnid", "sourceContentType", "unitid",
               "webname", "permissiontype")  # fmt: skip
PROXY_LINK = re.compile(r"""["']([^"'\s<>]*dataproxy\.jsp\?[^"'\s<>]*)["']""", re.I)
KEY_FIELDS = ("columnid", "unitid")
TRUNCATION = ("...", "…")
DATE_CELLS = "//*[(self::b or self::span) and not(ancestor::a)]//text()"
OUTSIDE_LINK = "//body//text()[not(ancestor::a)]"
SPACES = re.compile(r"[ \t\r\n\xa0]+")

DEFAULT_PER_PAGE = 15
DEFAULT_GROUP_SIZE = 3


@dataclass(frozen=True)
class JpageOptions:
    """What the page's `jpage({...})` call (or the dataproxy URL) says about paging."""

    per_page: int = DEFAULT_PER_PAGE
    group_size: int = DEFAULT_GROUP_SIZE
    total: int | None = None
    list_id: str | None = None

    @property
    def group(self) -> int:
        return self.per_page * self.group_size


class HanwebListParser(ListParser):
    """Hanweb/大汉 column pages and dataproxy answers (records in `<datastore>` CDATA)."""

    kind = "hanweb"
    priority = 10

    reads_scripts = True

    @classmethod
    def detect(cls, page: Page) -> bool:
        if DATASTORE.search(page.text):
            return "<recordset" in page.text.lower()
        return bool(JPAGE_CALL.search(page.text) or proxy_link(page.text))

    def parse(self, page: Page, max_next: int = MAX_NEXT) -> ListPage:
        options = jpage_options(page)
        store = main_datastore(page.text, options.list_id)
        if not store:
            return self.script_only(page, options, max_next)
        records = RECORD.findall(store)
        items = [entry for entry in (record_entry(r, page.url) for r in records) if entry]
        held = records_held(page.url, len(records))
        following = next_groups(page.url, store, held, options, max_next)
        if not following and max_next > 0:
            following = answer_next(page, len(records))
        return ListPage(self.kind, items, following)

    def script_only(self, page: Page, options: JpageOptions, max_next: int) -> ListPage:
        """A page whose records jpage.js fetches: the dataproxy POSTs from record 1."""
        source = proxy_source(page)
        if source is None:
            return ListPage(self.kind, js_only="the jpage list names no literal columnid/unitid")
        proxy, form = source
        groups = record_groups(proxy, form, 0, options.total or 1, options)
        requests = [replace(n, parser=self.kind) for n in islice(groups, max(max_next, 0))]
        return ListPage(self.kind, [], requests, by_api=True)


def jpage_options(page: Page) -> JpageOptions:
    """Paging options from the jpage call, the dataproxy query and `<totalrecord>`."""
    call = JPAGE_CALL.search(page.text)
    script = call.group(2) if call else ""
    query = parse_qs(urlsplit(page.url).query)
    per_page = _option(script, "perPage") or _int(query.get("perpage", [None])[0])
    total_tag = TOTAL_TAG.search(page.text)
    total = int(total_tag.group(1)) if total_tag else _option(script, "totalRecord")
    return JpageOptions(
        per_page=per_page or DEFAULT_PER_PAGE,
        group_size=_option(script, "groupSize") or DEFAULT_GROUP_SIZE,
        total=total,
        list_id=call.group(1) if call else None,
    )


def main_datastore(text: str, list_id: str | None) -> str:
    """The datastore of the list jpage renders (inside `<div id=list_id>`), else the first."""
    start = 0
    if list_id:
        anchor = re.search(rf"""(?<![\w-])id\s*=\s*["']?{re.escape(list_id)}["'\s>]""", text)
        start = anchor.end() if anchor else 0
    match = DATASTORE.search(text, start) or DATASTORE.search(text)
    return match.group(1) if match else ""


def record_entry(record: str, base_url: str) -> ListEntry | None:
    """One `<li>` record: full title (from `title=` when the text is cut), href, date."""
    row = Selector(text=record)
    link = row.css("a[href]")
    if not link:
        return None
    href = link[0].attrib["href"].strip()
    if not href or href.lower().startswith(("javascript:", "#")):
        return None
    date_text = clean(" ".join(row.xpath(DATE_CELLS).getall()))
    outside = clean(" ".join(row.xpath(OUTSIDE_LINK).getall()))  # a title may hold a date
    return ListEntry(
        title=link_title(link[0]),
        href=urljoin(base_url, href),
        date=parse_date(date_text) or parse_date(outside),
        date_text=date_text,
    )


def link_title(link: Selector) -> str:
    text = clean("".join(link.css("::text").getall()))
    full = clean(link.attrib.get("title", ""))
    cut = text.endswith(TRUNCATION) or (full.startswith(text) and len(full) > len(text))
    return full if full and (not text or cut) else text


def records_held(url: str, count: int) -> int:
    """The last record number this page holds (a dataproxy answer says so in its URL)."""
    query = parse_qs(urlsplit(url).query)
    start = _int(query.get("startrecord", [None])[0])
    return start - 1 + count if start else count


def next_groups(
    url: str, store: str, held: int, options: JpageOptions, limit: int = MAX_NEXT
) -> list[NextRequest]:
    """POSTs for the record groups after `held`, while endrecord < total (endrecord capped):
    the first `limit` of them, built one by one, whatever total the page declares."""
    link = NEXTGROUP.search(store)
    href = Selector(text=link.group(1)).css("a::attr(href)").get() if link else None
    if not href:
        return []
    total = options.total
    if total is None:  # a bare fragment: ask for one more group when this one is full
        total = held + 1 if held and held % options.group == 0 else held
    proxy = urljoin(url, urlsplit(href).path)
    groups = record_groups(proxy, proxy_form(href), held, total, options)
    return list(islice(groups, max(limit, 0)))


def record_groups(proxy: str, form, held: int, total: int, options: JpageOptions) -> Iterator:
    """The dataproxy POST of each group of records from `held + 1` to `total`, lazily."""
    group = options.group
    for start in range(held + 1, total + 1, group):
        end = min(start + group - 1, options.total or start + group - 1)
        query = urlencode({"startrecord": start, "endrecord": end, "perpage": options.per_page})
        yield NextRequest(f"{proxy}?{query}", "POST", form, start // group + 1)


def proxy_form(href: str) -> tuple[tuple[str, str], ...]:
    """The form jpage.js posts: the nextgroup query fields, each once, `col=1` first.

    Values are decoded once, so that form-encoding them again sends each exactly as the
    link gives it (the double-encoded `webname` stays encoded once, as Hanweb expects).
    """
    fields = dict(parse_qsl(urlsplit(href).query, keep_blank_values=True))
    fields.setdefault("col", "1")
    return tuple((name, fields[name]) for name in FORM_FIELDS if name in fields)


def proxy_source(page: Page) -> tuple[str, tuple[tuple[str, str], ...]] | None:
    """The dataproxy URL and form of a script-only list: from the jpage call's `proxyUrl` and
    `ajaxParam`, else from a `dataproxy.jsp?…` link naming columnid and unitid."""
    script = page_script(page.text)
    call = call_object(script, "jpage")
    options = properties(call) if call else {}
    proxy = resolve(options.get("proxyUrl"), script)
    if not proxy or "dataproxy" not in proxy:
        link = proxy_link(page.text)
        return (urljoin(page.url, urlsplit(link).path), proxy_form(link)) if link else None
    params = properties(options["ajaxParam"]) if "ajaxParam" in options else {}
    fields = {**dict(parse_qsl(urlsplit(proxy).query)), "col": "1"}
    fields.update((name, resolve(expr, script)) for name, expr in params.items())
    if any(not fields.get(name) for name in KEY_FIELDS):
        return None
    ordered = [name for name in FORM_FIELDS if fields.get(name) is not None]
    ordered += [name for name in fields if name not in FORM_FIELDS and fields[name] is not None]
    return urljoin(page.url, urlsplit(proxy).path), tuple((n, fields[n]) for n in ordered)


def proxy_link(text: str) -> str | None:
    """A `dataproxy.jsp?…` URL in the page that names its columnid and unitid."""
    for found in PROXY_LINK.finditer(text):
        query = parse_qs(urlsplit(html.unescape(found.group(1))).query)
        if all(query.get(name) for name in KEY_FIELDS):
            return html.unescape(found.group(1))
    return None


def answer_next(page: Page, count: int) -> list[NextRequest]:
    """A dataproxy answer's following group (same proxy and form), while records remain."""
    query = parse_qs(urlsplit(page.url).query)
    start = _int(query.get("startrecord", [None])[0])
    end = _int(query.get("endrecord", [None])[0])
    if not page.form or not start or not end or end < start:
        return []
    size, total_tag = end - start + 1, TOTAL_TAG.search(page.text)
    total = int(total_tag.group(1)) if total_tag else None
    following = end + 1
    if (total is not None and following > total) or (total is None and count < size):
        return []
    last = min(following + size - 1, total) if total is not None else following + size - 1
    per_page = query.get("perpage", [str(DEFAULT_PER_PAGE)])[0]
    fields = urlencode({"startrecord": following, "endrecord": last, "perpage": per_page})
    url = urljoin(page.url, urlsplit(page.url).path) + "?" + fields
    return [NextRequest(url, "POST", page.form, following // size + 1)]


def clean(text: str) -> str:
    return SPACES.sub(" ", text).strip()


def _option(script: str, name: str) -> int | None:
    match = re.search(OPTION.format(name), script)
    return int(match.group(1)) if match else None


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None
