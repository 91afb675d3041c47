"""TRS lists with avalon.js "动静结合" (Fujian "trt" v2 templates, e.g. Pingtan).

The static HTML carries the first records in groups of five:
`<div ms-visible="$showStatic(1)"><ul><li><a href="./202601/t20260130_104907.htm" title=…>`
`…</a><span class="bf-pass">2026-01-30</span>`. A `<div ms-visible="!showStatic">` block
holds the unrendered `ms-repeat` templates the script fills later; they are not items. The
page script says how many records the column has:
`var pageChnlInfo = {quickMode:"动静结合", maxStaticIndex:5, recordCount:'11', prepage:15}`.
The JS pager only shows and hides the static groups; records past them come from the list
API (`POST /fjdzapp/search`, `trt.py`), from the page holding the first record the HTML does
not carry. No static `index_N` page is assumed: the page names none (one with 18 records
in four groups and `prepage` 15 has its page 2 in the HTML already).
"""

from __future__ import annotations

import re

from crawler.cms import dom
from crawler.cms.base import MAX_NEXT, ListPage, ListParser, Page
from crawler.cms.rows import read_row, to_entries
from crawler.cms.trt import list_api

STATIC_GROUP = "//*[starts-with(normalize-space(@ms-visible), '$showStatic(')]"
CHANNEL_INFO = re.compile(r"pageChnlInfo\s*=\s*\{(.*?)\}", re.S)
SETTING = r"\b{}\s*:\s*(?:\"\"\s*\|\|\s*)?['\"]?([^'\",\r\n]*)"
UNREAD = "records past the static ones come from a list API whose arguments are set at run time"


class AvalonListParser(ListParser):
    """TRS + avalon 动静结合 lists: `$showStatic(n)` groups, `pageChnlInfo` record count."""

    kind = "avalon"
    priority = 20
    reads_scripts = True

    @classmethod
    def detect(cls, page: Page) -> bool:
        return "$showStatic(" in page.text or bool(
            CHANNEL_INFO.search(page.text) and "动静结合" in page.text
        )

    def parse(self, page: Page, max_next: int = MAX_NEXT) -> ListPage:
        root = dom.parse_html(page.text)
        if root is None:
            return ListPage(self.kind)
        static = [li for group in root.xpath(STATIC_GROUP) for li in group.iter("li")]
        items = to_entries([read_row(li, page.url, _date_span(li)) for li in static])
        records = _int(channel_setting(page.text, "recordCount")) or 0
        if len(static) >= records:
            return ListPage(self.kind, items)
        api = list_api(page)
        if api is None:
            return ListPage(self.kind, items, js_only=UNREAD)
        following = [api.request(len(static) // api.per_page + 1)] if max_next > 0 else []
        return ListPage(self.kind, items, following)


def _date_span(li):
    spans = li.xpath("./span[contains(@class, 'bf-pass')]")
    return spans[0] if spans else None


def channel_setting(text: str, name: str) -> str | None:
    """A value from the page's `pageChnlInfo = {…}` object."""
    block = CHANNEL_INFO.search(text)
    found = re.search(SETTING.format(name), block.group(1)) if block else None
    return found.group(1).strip() if found else None


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None
