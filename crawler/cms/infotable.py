"""Information-disclosure tables (信息公开目录): a header 索引号 | 名称 | 生成日期 | 文号.

Vendors write these tables as `<table>` rows, as `<ul><li><span>` grids or as `<div>` rows;
what they share is a header row whose cells name the columns. The header is any element
whose child cells carry at least three of the known labels (索引号/索取号, 名称/标题,
a date, 文号/发文字号); the data rows are the elements after it with the same tag. The
title is the link in the 名称 column; the date is the 发布日期 column when there is one (the
publish date), else 生成日期/成文日期.
"""

from __future__ import annotations

from dataclasses import dataclass

from crawler.cms import dom
from crawler.cms.base import MAX_NEXT, ListPage, ListParser, Page
from crawler.cms.paging import next_link_requests
from crawler.cms.rows import read_row, to_entries

INDEX_LABELS = ("索引号", "索取号", "信息索引")
TITLE_LABELS = ("名称", "标题", "文件名称", "信息名称", "文件标题")
DATE_LABELS = ("发布日期", "发布时间", "公开日期", "生成日期", "成文日期", "日期")
NUMBER_LABELS = ("文号", "发文字号", "文件编号")
MIN_LABELS = 3


@dataclass(frozen=True)
class Header:
    """The header row of a disclosure table and the positions of its columns."""

    element: object
    title: int
    date: int | None


class InfoTableParser(ListParser):
    """Disclosure catalogue tables (索引号 | 名称 | 生成日期 | 文号) in any vendor's markup."""

    kind = "infotable"
    priority = 45

    @classmethod
    def detect(cls, page: Page) -> bool:
        root = dom.parse_html(page.text)
        return root is not None and find_header(root) is not None

    def parse(self, page: Page, max_next: int = MAX_NEXT) -> ListPage:
        root = dom.parse_html(page.text)
        header = find_header(root) if root is not None else None
        if header is None:
            return ListPage(self.kind)
        rows = [_read(cells, header, page.url) for cells in data_rows(header)]
        following = next_link_requests(root, page.url) if max_next > 0 else []
        return ListPage(self.kind, to_entries(rows), following)


def find_header(root) -> Header | None:
    """The first element whose child cells name a title column and two more known columns."""
    for element in root.iter():
        cells = _cells(element)
        if len(cells) < MIN_LABELS:
            continue
        labels = [dom.text_of(cell).replace(" ", "").rstrip(":：") for cell in cells]
        title = _position(labels, TITLE_LABELS)
        groups = (INDEX_LABELS, DATE_LABELS, NUMBER_LABELS)
        known = sum(_position(labels, group) is not None for group in groups)
        if title is not None and known + 1 >= MIN_LABELS:
            return Header(element, title, _position(labels, DATE_LABELS))
    return None


def data_rows(header: Header) -> list[list]:
    """The cells of each row after the header: its siblings, or the next container's rows."""
    element = header.element
    width = len(_cells(element))
    rows = [el for el in element.itersiblings(element.tag)]
    if not rows and element.getparent() is not None:
        for container in element.getparent().itersiblings():
            rows.extend(container.iterchildren(element.tag))
    return [cells for cells in map(_cells, rows) if len(cells) == width]


def _read(cells: list, header: Header, base_url: str):
    date_cell = cells[header.date] if header.date is not None else None
    return read_row(cells[header.title], base_url, date_cell)


def _cells(element) -> list:
    if not isinstance(element.tag, str):
        return []
    return [child for child in element if isinstance(child.tag, str) and child.tag != "br"]


def _position(labels: list[str], names: tuple[str, ...]) -> int | None:
    for name in names:
        if name in labels:
            return labels.index(name)
    return None
