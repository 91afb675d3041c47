"""An agency's disclosure columns, from its 政府信息公开 entry page down its column tree.

Real entry pages show the tree in two shapes: written out (nested lists: a group's name, its
columns' links under it), or as the first level only, each group a link to a page listing its
columns. So every named link of the entry page is fetched: a page that lists publications is
a column (a leaf); a page that lists none but links two or more columns not seen before is a
group, whose new links are walked in turn, down to `MAX_DEPTH`; any other page is a leaf too
(an empty column, or a page that is no column: the classifier tells). Links of the site's
chrome (`chrome`: the portal's and the directories' links) are never candidates.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

import lxml.html
from lxml.etree import ParserError

from crawler.cms.base import Page
from crawler.extract import extract
from crawler.links import link_url
from crawler.urls import canonical_url

NAME = re.compile(r"^[\u4e00-\u9fff（）()、·]{2,16}$")
ARTICLE_LINK = re.compile(r"/t\d{8}_\d+\.\w+$|/art_\d+_\d+\.\w+$|/art/\d{4}/")
SKIP_NAMES = frozenset(("首页", "网站首页", "网站地图", "联系我们", "更多", "返回", "返回首页",
                        "上一页", "下一页", "尾页", "末页", "无障碍", "关怀版", "English"))  # fmt: skip
SITE_NAME = re.compile(r"(人民政府|门户网站|网站|局|委员会|管委会|办事处)$")  # a site, not a column
MAX_DEPTH = 2  # levels below the entry page
MIN_GROUP_LINKS = 2


@dataclass
class FoundColumn:
    name: str
    url: str
    parents: tuple[str, ...] = ()  # the names of the groups above it, outermost first
    cms: str | None = None
    items: int = 0
    newest: date | None = None
    error: str | None = None


@dataclass(frozen=True)
class Candidate:
    name: str
    url: str
    parents: tuple[str, ...]


def column_tree(
    entry: Page, fetch: Callable[[str], Page], chrome: frozenset[str] = frozenset()
) -> list[FoundColumn]:
    """The columns below `entry`, in page order (groups left out)."""
    seen = set(chrome) | {entry.url}
    level = new_candidates(entry, seen)
    columns: list[FoundColumn] = []
    for depth in range(MAX_DEPTH + 1):
        seen |= {candidate.url for candidate in level}
        below: list[Candidate] = []
        for candidate in level:
            column, page, listed = probe(candidate, fetch)
            children = group_children(page, seen, candidate) if page and depth < MAX_DEPTH else []
            if is_group(children, listed):
                below += children
                seen |= {child.url for child in children}
            else:
                columns.append(column)
        if not below:
            break
        level = below
    return columns


def is_group(children: list[Candidate], listed: set[str]) -> bool:
    """Two or more new column links, and nothing listed but them (a list parser may read a
    group's links as its items)."""
    return len(children) >= MIN_GROUP_LINKS and listed <= {child.url for child in children}


def probe(candidate: Candidate, fetch: Callable[[str], Page]):
    """(the column as its first page shows it, the page, the URLs it lists); a failure is
    kept as the column's error."""
    column = FoundColumn(candidate.name, candidate.url, candidate.parents)
    try:
        page = fetch(candidate.url)
    except Exception as exc:  # one bad candidate never stops the discovery
        column.error = f"{type(exc).__name__}: {exc}"
        return column, None, set()
    try:
        listing = extract(page)
    except Exception as exc:  # no list on it (a group, a guide), or a parser's fault
        column.error = f"{type(exc).__name__}: {exc}"
        return column, page, set()
    column.cms, column.items = listing.parser, len(listing.items)
    column.newest = max((item.date for item in listing.items if item.date), default=None)
    return column, page, {canonical_url(item.href) for item in listing.items}


def group_children(page: Page, seen: set[str], group: Candidate) -> list[Candidate]:
    parents = (*group.parents, group.name)
    return [
        Candidate(child.name, child.url, (*parents, *child.parents))
        for child in new_candidates(page, seen)
    ]


def new_candidates(page: Page, seen: set[str]) -> list[Candidate]:
    """The page's links that may be columns, each once, none of `seen`."""
    found: dict[str, Candidate] = {}
    for candidate in named_links(page):
        if candidate.url not in seen and may_be_column(candidate.name):
            found.setdefault(candidate.url, candidate)
    return list(found.values())


def may_be_column(name: str) -> bool:
    """Not a site's chrome (首页, 网站地图) and not a site's name (an agency, a portal)."""
    return name not in SKIP_NAMES and not SITE_NAME.search(name)


def named_links(page: Page) -> list[Candidate]:
    """Links on the page's own site whose text reads as a column name, with the names of the
    list items they are nested in (a tree written out in nested lists)."""
    try:
        root = lxml.html.document_fromstring(page.text)
    except (ParserError, ValueError):
        return []
    host = urlsplit(page.url).hostname
    links = []
    for anchor in root.iter("a"):
        name = anchor.text_content().strip() or (anchor.get("title") or "").strip()
        url = link_url(anchor.get("href") or "", page.url)
        if not url or not NAME.match(name) or urlsplit(url).hostname != host:
            continue
        if ARTICLE_LINK.search(urlsplit(url).path):
            continue
        links.append(Candidate(name, url, tree_parents(anchor, name)))
    return links


def tree_parents(anchor, name: str) -> tuple[str, ...]:
    """The labels of the `<li>`s around the link, outermost first: each one's own text before
    its nested list (a group name, linked or not); the link's own item is not a parent."""
    labels = []
    for item in anchor.iterancestors("li"):
        label = own_label(item)
        if label and label != name:
            labels.append(label)
    return tuple(reversed(labels))


def own_label(item) -> str:
    """The text of a list item before its first nested list."""
    parts = [item.text or ""]
    for child in item:
        if child.tag in ("ul", "ol", "dl"):
            break
        parts.append(child.text_content() + (child.tail or ""))
    text = "".join(parts).strip()
    return text if NAME.match(text) else ""
