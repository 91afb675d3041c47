"""TRS lists with avalon.js "动静结合" (Fujian "trt" v2 templates, e.g. Pingtan).

The static HTML carries the first records in groups of five:
`<div ms-visible="$showStatic(1)"><ul><li><a href="./202601/t20260130_104907.htm" title=…>`
`…</a><span class="bf-pass">2026-01-30</span>`. A `<div ms-visible="!showStatic">` block
holds the unrendered `ms-repeat` templates the script fills later; they are not items. The
page script says how many records the column has and how paging continues:
`var pageChnlInfo = {quickMode:"动静结合", maxStaticIndex:5, recordCount:'11', prepage:15}` —
static pages `index_1.htm` … up to `maxStaticIndex`, then POSTs to the list API
(`/fjdzapp/search`) with the fields the page's `listArgs` name.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from crawler.cms import dom
from crawler.cms.base import MAX_NEXT, ListPage, ListParser, NextRequest, Page
from crawler.cms.paging import index_extension, index_page_url, index_suffix
from crawler.cms.rows import read_row, to_entries

STATIC_GROUP = "//*[starts-with(normalize-space(@ms-visible), '$showStatic(')]"
CHANNEL_INFO = re.compile(r"pageChnlInfo\s*=\s*\{(.*?)\}", re.S)
SETTING = r"\b{}\s*:\s*(?:\"\"\s*\|\|\s*)?['\"]?([^'\",\r\n]*)"
SEARCH_ID = re.compile(r"\bsearchId\s*:\s*['\"]?(\d+)")
LIST_API = re.compile(r"listApi\s*:\s*\{\s*url\s*:\s*['\"]([^'\"]+)")
DOC_EXTENSION = re.compile(r"/t\d{8}_\d+\.(s?html?)\"")


class AvalonListParser(ListParser):
    """TRS + avalon 动静结合 lists: `$showStatic(n)` groups, `pageChnlInfo` record count."""

    kind = "avalon"
    priority = 20

    @classmethod
    def detect(cls, page: Page) -> bool:
        return "$showStatic(" in page.text or bool(
            CHANNEL_INFO.search(page.text) and "动静结合" in page.text
        )

    def parse(self, page: Page, max_next: int = MAX_NEXT) -> ListPage:
        root = dom.parse_html(page.text)
        if root is None:
            return ListPage(self.kind)
        rows = [
            read_row(li, page.url, _date_span(li))
            for group in root.xpath(STATIC_GROUP)
            for li in group.iter("li")
        ]
        return ListPage(self.kind, to_entries(rows), next_pages(page) if max_next > 0 else [])


def _date_span(li):
    spans = li.xpath("./span[contains(@class, 'bf-pass')]")
    return spans[0] if spans else None


def channel_setting(text: str, name: str) -> str | None:
    """A value from the page's `pageChnlInfo = {…}` object."""
    block = CHANNEL_INFO.search(text)
    found = re.search(SETTING.format(name), block.group(1)) if block else None
    return found.group(1).strip() if found else None


def next_pages(page: Page) -> list[NextRequest]:
    """The next static page while within `maxStaticIndex`, else the list API's next page."""
    records = _int(channel_setting(page.text, "recordCount"))
    per_page = _int(channel_setting(page.text, "prepage")) or 15
    max_static = _int(channel_setting(page.text, "maxStaticIndex")) or 1
    if not records:
        return []
    current = (index_suffix(page.url) or 0) + 1
    if current >= -(-records // per_page):  # pages, in integers: a page may declare 10^400
        return []
    following = current + 1
    if following <= max_static:
        extension = index_extension(page.url) or _doc_extension(page.text)
        return [NextRequest(index_page_url(page.url, current, extension), page_number=following)]
    return [_api_request(page, following, per_page)]


def _api_request(page: Page, number: int, per_page: int) -> NextRequest:
    api = LIST_API.search(page.text)
    channel = SEARCH_ID.search(page.text)
    form = {
        "channelid": channel.group(1) if channel else "",
        "classsql": channel_setting(page.text, "classsql") or "",
        "sortfield": channel_setting(page.text, "sortfield") or "-docorderpri,-docreltime",
        "page": str(number),
        "prepage": str(per_page),
    }
    url = urljoin(page.url, api.group(1) if api else "/fjdzapp/search")
    return NextRequest(url, method="POST", formdata=tuple(form.items()), page_number=number)


def _doc_extension(text: str) -> str:
    found = DOC_EXTENSION.search(text)
    return found.group(1) if found else "html"


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None
