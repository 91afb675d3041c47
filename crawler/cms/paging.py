"""Next-page requests that can be read from a page: 下一页 links, numbered pager links, and
static `index_N` pages for the families whose pager script documents them.

A link counts when the page shows it: its `href`, or the URL a `javascript:goPub('…')`
link passes to its script. A `javascript:` link that names no URL, a link back to the page
itself, and links outside a pager box are never taken for the next page; nothing is ever
guessed from the page's own URL alone.
"""

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
SCRIPT_URL = re.compile(
    r"""^javascript:.*?\(\s*['"]([^'"()\s]*(?:/|\.(?:s?html?|jsp|php|aspx?)\b|\?)[^'"()\s]*)['"]""",
    re.I | re.S,
)
PAGER_BOX_WORDS = {"page", "pages", "pager", "paging", "pagination", "pagebar", "pagenav", "fenye"}
CURRENT_CLASSES = {"cur", "current", "active", "on", "selected", "now", "curr", "thispage"}
MAX_PAGER_BOX = 80  # elements: a pager is small, a layout wrapper named "page" is not
NUMBER = re.compile(r"\d{1,5}")


def next_link_requests(root, base_url: str) -> list[NextRequest]:
    """The page's 下一页 (next page) link, else the pager's link numbered after the current
    page; never a link leading back to this page or a script naming no URL."""
    for anchor in root.iter("a"):
        if not _says_next(anchor):
            continue
        url = shown_url(anchor, base_url)
        if url and _strip_fragment(url) != _strip_fragment(base_url):
            return [NextRequest(url, page_number=_page_number_after(root))]
    return numbered_link_requests(root, base_url)


def shown_url(anchor, base_url: str) -> str | None:
    """The link's URL, or the URL its `javascript:` href hands to a script, if it names one."""
    url = dom.link_href(anchor, base_url)
    if url:
        return url
    found = SCRIPT_URL.match((anchor.get("href") or "").strip())
    return urljoin(base_url, found.group(1)) if found else None


def numbered_link_requests(root, base_url: str) -> list[NextRequest]:
    """In a pager box, the link numbered one more than the current (unlinked) page number."""
    for box in root.iter():
        if not _is_pager_box(box):
            continue
        current, links = _numbers(box, base_url)
        url = links.get(current + 1) if current else None
        if url and _strip_fragment(url) != _strip_fragment(base_url):
            return [NextRequest(url, page_number=current + 1)]
    return []


def _is_pager_box(element) -> bool:
    if not isinstance(element.tag, str):
        return False
    names = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
    words = set(re.split(r"[\s_-]+", names))
    return bool(words & PAGER_BOX_WORDS) and sum(1 for _ in element.iter()) <= MAX_PAGER_BOX


def _numbers(box, base_url: str) -> tuple[int | None, dict[int, str]]:
    """The current page number (marked, or shown without a link) and the numbered links."""
    current, links = None, {}
    for element in box.iter("a", "span", "strong", "b", "em", "font", "li"):
        text = dom.text_of(element)
        if not NUMBER.fullmatch(text):
            continue
        number = int(text)
        url = shown_url(element, base_url) if element.tag == "a" else None
        classes = set((element.get("class") or "").lower().split())
        if url and not classes & CURRENT_CLASSES:
            links.setdefault(number, url)
        elif current is None and (classes & CURRENT_CLASSES or not _holds_link(element)):
            current = number
    return current, links


def _holds_link(element) -> bool:
    return element.tag == "a" or any(True for _ in element.iter("a"))


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
