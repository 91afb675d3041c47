"""Next-page requests that can be read from a page: 下一页 links and static `index_N` pages."""

from __future__ import annotations

import re
from itertools import islice
from urllib.parse import urljoin, urlsplit

from crawler.cms import dom
from crawler.cms.base import NextRequest

NEXT_TEXTS = {
    "下一页",
    "下页",
    "下一页>",
    "下一页>>",
    "下一页»",
    "后一页",
    "后页",
    "next",
    "nextpage",
}
ARROWS = {">", ">>", "›", "»", "＞"}
PAGER_WORDS = ("上一页", "首页", "尾页", "末页", "上页", "页次")
NEXT_CLASSES = ("next", "nextpage", "next-page", "page-next", "pgnext")
INDEX_PAGE = re.compile(r"/index(?:_(\d+))?\.(s?html?|jsp|php|aspx?)$", re.I)
CURRENT_PAGE_OF = re.compile(r"第\s*(\d+)\s*/\s*\d+\s*页|当前\s*第?\s*(\d+)\s*页")


def next_link_requests(root, base_url: str) -> list[NextRequest]:
    """The page's 下一页 (next page) link, unless it is a script or leads back to this page."""
    for anchor in root.iter("a"):
        if not _says_next(anchor):
            continue
        url = dom.link_href(anchor, base_url)
        if url and _strip_fragment(url) != _strip_fragment(base_url):
            return [NextRequest(url, page_number=_page_number_after(root))]
    return []


def _says_next(anchor) -> bool:
    text = dom.text_of(anchor).lower().replace(" ", "")
    if text in NEXT_TEXTS:
        return True
    classes = (anchor.get("class") or "").lower().split()
    if any(name in NEXT_CLASSES for name in classes):
        return True
    return text in ARROWS and _in_pager(anchor)


def _in_pager(anchor) -> bool:
    """An arrow link is a pager's only when it sits next to 上一页/首页/尾页 (not a 更多 >>)."""
    for ancestor in islice(anchor.iterancestors(), 3):
        if any(word in dom.text_of(ancestor) for word in PAGER_WORDS):
            return True
    return False


def _page_number_after(root) -> int | None:
    body = root.find("body")
    match = CURRENT_PAGE_OF.search(dom.text_of(root if body is None else body))
    if not match:
        return None
    return int(next(group for group in match.groups() if group)) + 1


def _strip_fragment(url: str) -> str:
    return url.split("#", 1)[0]


def index_page_url(base_url: str, suffix: int | None, extension: str | None = None) -> str:
    """`index.html` (suffix None) or `index_{suffix}.html` next to the current list page."""
    extension = extension or index_extension(base_url) or "html"
    name = "index" if suffix is None else f"index_{suffix}"
    return urljoin(base_url, f"{name}.{extension}")


def index_extension(url: str) -> str | None:
    """The extension of an `index[_N].ext` URL (`html`, `htm`, `shtml`…), if it is one."""
    match = INDEX_PAGE.search(urlsplit(url).path)
    return match.group(2) if match else None


def index_suffix(url: str) -> int | None:
    """N in `…/index_N.html`; None for `index.html` or a directory URL."""
    match = INDEX_PAGE.search(urlsplit(url).path)
    return int(match.group(1)) if match and match.group(1) else None
