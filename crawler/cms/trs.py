"""TRS WCM classic column lists: `./YYYYMM/tYYYYMMDD_id.html` rows and a `createPageHTML` pager.

Rows are table rows (the date in its own `<td>`) or `<li>` with a `<span>` date; the row
list is the container holding the TRS document links, and other links in it (external or
cross-column) are rows too. The pager is an inline script, either
`createPageHTML(countPage, currentPage, "index", "html")` or `var currentPage = 0; var
countPage = 2` with `document.write` links. Page 1 is `index.html` and page k+1 is
`index_k.html` (the suffix counts from 0). Dates come from the row, never from the URL
(the `tYYYYMMDD` of a link is often a re-publication date).
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from crawler.cms import dom
from crawler.cms.base import MAX_NEXT, ListPage, ListParser, NextRequest, Page
from crawler.cms.generic import entries, list_blocks
from crawler.cms.paging import index_page_url, index_suffix
from crawler.cms.rows import read_row, to_entries

CREATE_PAGE = re.compile(
    r"createPageHTML\(\s*(?:['\"][^'\"]*['\"]\s*,\s*)?(\d+)\s*,\s*(\d+)\s*,"
    r"\s*['\"](\w+)['\"]\s*,\s*['\"](\w+)['\"]"
)
COUNT_PAGE = re.compile(r"\bcountPage\s*=\s*['\"]?(\d+)")
CURRENT_PAGE = re.compile(r"\bcurrentPage\s*=\s*['\"]?(\d+)")
DOC_LINK = re.compile(r"(?:^|/)\d{6}/t\d{8}_\d+\.\w+$")
ROW_TAGS = ("tr", "li", "dd", "dt", "p")


class TrsListParser(ListParser):
    """TRS WCM classic list pages (createPageHTML/countPage pager, tYYYYMMDD_id.html rows)."""

    kind = "trs"
    priority = 30

    @classmethod
    def detect(cls, page: Page) -> bool:
        """The pager script is the signature: link shapes alone are shared by other CMSs."""
        return bool(CREATE_PAGE.search(page.text) or _count_and_current(page.text))

    def parse(self, page: Page, max_next: int = MAX_NEXT) -> ListPage:
        root = dom.parse_html(page.text)
        if root is None:
            return ListPage(self.kind)
        rows = [read_row(row, page.url) for row in list_rows(root)]
        items = to_entries(rows) or entries(list_blocks(page))
        return ListPage(self.kind, items, next_pages(page) if max_next > 0 else [])


def doc_anchors(root) -> list:
    return [a for a in root.iter("a") if DOC_LINK.match((a.get("href") or "").strip())]


def list_rows(root) -> list:
    """Every row of the containers that hold TRS document links, in page order."""
    containers = []
    for anchor in doc_anchors(root):
        row = _row_of(anchor)
        parent = row.getparent() if row is not None else None
        if parent is not None and all(parent is not c for c in containers):
            containers.append(parent)
    rows = []
    for container in containers:
        row_tag = next((el.tag for el in container if el.tag in ROW_TAGS), None)
        if row_tag:
            rows.extend(container.iterchildren(row_tag))
    return rows


def _row_of(anchor):
    return next((el for el in anchor.iterancestors(*ROW_TAGS)), None)


def _count_and_current(text: str) -> tuple[int, int] | None:
    count, current = COUNT_PAGE.search(text), CURRENT_PAGE.search(text)
    if not (count and current):
        return None
    return int(count.group(1)), int(current.group(1))


def next_pages(page: Page) -> list[NextRequest]:
    """The next static page, `index_{current+1}.{ext}`, while there is one."""
    found = CREATE_PAGE.search(page.text)
    if found:
        count, current, prefix, ext = found.groups()
        count, current = int(count), int(current)
        url = urljoin(page.url, f"{prefix}_{current + 1}.{ext}")
    else:
        numbers = _count_and_current(page.text)
        if not numbers:
            return []
        count, current = numbers
        current = max(current, index_suffix(page.url) or 0)
        url = index_page_url(page.url, current + 1)
    if current + 1 >= count:
        return []
    return [NextRequest(url, page_number=current + 2)]
