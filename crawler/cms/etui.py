"""Shanghai government "ETUI" template lists: `ul.uli16 li` rows and a jQuery pager.

Rows are `<li><a title=…>…</a><span class="time">2022-04-27</span></li>` inside
`<ul class="uli16 nowrapli list-date">`, rendered server-side; internal and external
(`mp.weixin.qq.com`) links are both rows. Only the pager is script:
`$(".pagination").pagination({ totalPage: 54, … callBack … 'index_'+i+'.html' })`. Here the
suffix counts from 1 (`index_2.html` is page 2), unlike TRS where `index_1.html` is page 2.
The page URL is read from the callBack (`'index_'+i+'.html'`); the family's documented
`index_N.html` stands in only when the pager names totalPage but no callBack URL.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from crawler.cms import dom
from crawler.cms.base import MAX_NEXT, ListPage, ListParser, NextRequest, Page
from crawler.cms.paging import index_page_url, index_suffix
from crawler.cms.rows import read_row, to_entries

PAGINATION = re.compile(r"\.pagination\(\s*\{[^}]*?\btotalPage\s*:\s*['\"]?(\d+)", re.S)
CALLBACK_URL = re.compile(
    r"location\.href\s*=\s*(['\"])([^'\"]*)\1\s*\+\s*\w+\s*\+\s*(['\"])([^'\"]*)\3"
)
SET_PAGE = re.compile(r"\.pagination\(\s*['\"]setPage['\"]\s*,\s*(\d+)\s*,\s*(\d+)")
ROWS = (
    "//ul[contains(concat(' ', normalize-space(@class), ' '), ' uli16 ')]/li"
    " | //ul[contains(concat(' ', normalize-space(@class), ' '), ' list-date ')]/li"
)


class EtuiListParser(ListParser):
    """Shanghai ETUI lists (`ul.uli16 li` + `span.time`, `.pagination({totalPage})`)."""

    kind = "etui"
    priority = 25

    @classmethod
    def detect(cls, page: Page) -> bool:
        if PAGINATION.search(page.text):
            return True
        root = dom.parse_html(page.text)
        return root is not None and bool(root.xpath(ROWS + "/span[contains(@class, 'time')]"))

    def parse(self, page: Page, max_next: int = MAX_NEXT) -> ListPage:
        root = dom.parse_html(page.text)
        if root is None:
            return ListPage(self.kind)
        rows = [read_row(li, page.url, _time_span(li)) for li in root.xpath(ROWS)]
        return ListPage(self.kind, to_entries(rows), next_pages(page) if max_next > 0 else [])


def _time_span(li):
    spans = li.xpath("./span[contains(@class, 'time')]")
    return spans[0] if spans else None


def next_pages(page: Page) -> list[NextRequest]:
    """`index_{current+1}.html` while the pager's totalPage allows."""
    found = PAGINATION.search(page.text)
    if not found:
        return []
    total = int(found.group(1))
    set_page = SET_PAGE.search(page.text)
    current = int(set_page.group(1)) if set_page else index_suffix(page.url) or 1
    if current >= total:
        return []
    return [NextRequest(page_url(page, current + 1), page_number=current + 1)]


def page_url(page: Page, number: int) -> str:
    """Page `number` as the pager's callBack builds it (`'index_'+i+'.html'`)."""
    template = CALLBACK_URL.search(page.text)
    if template is None:
        return index_page_url(page.url, number)
    return urljoin(page.url, f"{template.group(2)}{number}{template.group(4)}")
