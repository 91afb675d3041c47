"""Plain static sites (often GBK): `div.list` rows or an info-disclosure table, 下一页 paging.

Two list layouts share one pager (`共N条 第K/M页 … 下一页 …`):
- a list: `<div class="list"><ul><li><a …>title</a><span class="date">2026-11-20</span>`;
- an info-disclosure table with a header row 索引号 | 名称 | 生成日期 | 文号 — the title is
  the link in the 名称 column and the date the 生成日期 column.
An empty column shows `暂无信息` and `共0条`: it is recognised, with no items.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from parsel import Selector

from crawler.cms.base import MAX_NEXT, ListEntry, ListPage, ListParser, NextRequest, Page
from crawler.dates import parse_date

PAGER = re.compile(r"共\s*(\d+)\s*条")
PAGE_OF = re.compile(r"第\s*(\d+)\s*/\s*(\d+)\s*页")
EMPTY = "暂无信息"
TITLE_HEADERS = ("名称", "标题", "文件名称")
DATE_HEADERS = ("生成日期", "成文日期", "发布日期")
NEXT_TEXT = "下一页"
SPACES = re.compile(r"[ \t\r\n\xa0]+")


class PlainListParser(ListParser):
    """Static list pages: `div.list li` (link + span.date) or the 索引号/名称/生成日期 table."""

    kind = "plain"
    priority = 40

    @classmethod
    def detect(cls, page: Page) -> bool:
        sel = page.selector
        if disclosure_table(sel) is not None or sel.css("div.list li span.date"):
            return True
        pager = clean(" ".join(sel.css("div.page ::text").getall()))
        empty = EMPTY in " ".join(sel.css("body ::text").getall())
        return bool(PAGER.search(pager)) and (empty or bool(PAGE_OF.search(pager)))

    def parse(self, page: Page, max_next: int = MAX_NEXT) -> ListPage:
        sel = page.selector
        table = disclosure_table(sel)
        items = table_entries(table, page.url) if table is not None else list_entries(sel, page.url)
        return ListPage(self.kind, items, next_page(sel, page.url) if max_next > 0 else [])


def list_entries(sel: Selector, base_url: str) -> list[ListEntry]:
    entries = []
    for row in sel.css("div.list li"):
        link = row.css("a[href]")
        date_text = clean(" ".join(row.css("span.date ::text").getall()))
        if link and date_text:
            entries.append(entry(link[0], date_text, base_url))
    return entries


def disclosure_table(sel: Selector) -> tuple[Selector, int, int] | None:
    """The table whose header names a title and a date column, with their indexes."""
    for table in sel.css("table"):
        rows = own_rows(table)
        if not rows:
            continue
        header = [clean(" ".join(c.css("::text").getall())) for c in rows[0].xpath("./th|./td")]
        title = _index(header, TITLE_HEADERS)
        when = _index(header, DATE_HEADERS)
        if title is not None and when is not None and "索引号" in header:
            return table, title, when
    return None


def own_rows(table: Selector) -> list[Selector]:
    """The table's own rows, not those of tables nested in its cells (layout tables)."""
    return table.xpath("./tr|./thead/tr|./tbody/tr")


def table_entries(found: tuple[Selector, int, int], base_url: str) -> list[ListEntry]:
    table, title, when = found
    entries = []
    for row in own_rows(table)[1:]:
        cells = row.xpath("./td")
        if len(cells) <= max(title, when):
            continue
        link = cells[title].css("a[href]")
        if link:
            date_text = clean(" ".join(cells[when].css("::text").getall()))
            entries.append(entry(link[0], date_text, base_url))
    return entries


def entry(link: Selector, date_text: str, base_url: str) -> ListEntry:
    text = clean("".join(link.css("::text").getall()))
    title = clean(link.attrib.get("title", "")) or text
    href = urljoin(base_url, link.attrib["href"].strip())
    return ListEntry(title=title, href=href, date=parse_date(date_text), date_text=date_text)


def next_page(sel: Selector, base_url: str) -> list[NextRequest]:
    """The 下一页 link, unless it is a script or points back at this page."""
    for link in sel.css("a[href]"):
        if clean("".join(link.css("::text").getall())) != NEXT_TEXT:
            continue
        href = link.attrib["href"].strip()
        url = urljoin(base_url, href)
        if href.lower().startswith("javascript:") or url == base_url:
            return []
        current = PAGE_OF.search(clean(" ".join(sel.css("div.page ::text").getall())))
        return [NextRequest(url, page_number=int(current.group(1)) + 1 if current else None)]
    return []


def clean(text: str) -> str:
    return SPACES.sub(" ", text).strip()


def _index(header: list[str], names: tuple[str, ...]) -> int | None:
    for name in names:
        if name in header:
            return header.index(name)
    return None
