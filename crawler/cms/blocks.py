"""Candidate lists of a page: its titled links, each in its row, grouped by row signature.

A link's *row* is the largest element around it that links nowhere else (an `<li>`, a
`<tr>`, or the link itself when several share one line). Its *signature* is the path of
tags and classes from the page root to the row's parent, the row's tag (rows of one list
differ in class: `first`, `newYs`, `list_no_3`), then the tags down to the link, with
digits and tab-state classes (`on`, `hide`, `list-show`…) ignored: the rows of one list
share it, and so do the alike panels of a tab box, active or not. Which groups are
publication lists is for `generic.py` to judge.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from crawler.cms import dom

STATE_CLASSES = {"on", "active", "current", "cur", "hide", "hidden", "show", "list-show"}
STATE_CLASSES |= {"selected", "sel", "first", "last", "odd", "even", "clearfix", "cf"}
STATE_CLASSES |= {"fl", "fr", "block", "none", "in", "open", "visible", "invisible"}


@dataclass
class Link:
    """One link of a candidate list, with the row it sits in."""

    href: str
    title: str
    date_text: str
    pinned: bool
    signature: tuple[str, ...]
    container: object  # the row's parent element: links sharing it form one list
    position: int  # order of the link in the page


@dataclass
class Block:
    """Links that share one structural signature: a list, or several alike (tab panels)."""

    links: list[Link]

    @property
    def hrefs(self) -> set[str]:
        return {link.href for link in self.links}

    @property
    def position(self) -> int:
        return self.links[0].position


@lru_cache(maxsize=8)
def page_blocks(url: str, text: str) -> tuple[Block, ...]:
    """The page's titled links grouped by signature (cached: detect and parse both ask)."""
    root = dom.parse_html(text)
    if root is None:
        return ()
    groups: dict[tuple[str, ...], list[Link]] = {}
    for link in find_links(root, url):
        groups.setdefault(link.signature, []).append(link)
    return tuple(Block(links) for links in groups.values())  # in page order


def find_links(root, base_url: str) -> list[Link]:
    """Every titled link of the page, in page order, with its row's date and signature."""
    anchors = [(a, dom.link_href(a, base_url)) for a in root.iter("a")]
    anchors = [(a, href) for a, href in anchors if href]
    hrefs_below = _hrefs_below(anchors)
    links = []
    for position, (anchor, href) in enumerate(anchors):
        title = dom.link_title(anchor)
        if dom.is_junk(title) or _image_only(anchor):
            continue
        row = row_of(anchor, hrefs_below)
        date_text = dom.row_date_text(row, anchor)
        sig = signature(row, anchor)
        pinned = dom.is_pinned(row)
        links.append(Link(href, title, date_text, pinned, sig, row.getparent(), position))
    return links


def _hrefs_below(anchors) -> dict:
    below: dict = {}
    for anchor, href in anchors:
        for ancestor in anchor.iterancestors():
            below.setdefault(ancestor, set()).add(href)
    return below


def row_of(anchor, hrefs_below: dict):
    """The largest element around `anchor` that links nowhere else: its list row."""
    row = anchor
    for parent in anchor.iterancestors():
        if parent.tag in ("body", "html") or len(hrefs_below.get(parent, ())) > 1:
            break
        row = parent
    return row


def signature(row, anchor) -> tuple[str, ...]:
    """Tags and classes from the root to the row, then the tags from the row to the link."""
    upward = [row.tag] + [_step(el) for el in row.iterancestors()]  # row classes vary
    downward = [el.tag for el in anchor.iterancestors() if el is not row and _within(el, row)]
    return (*reversed(upward), *reversed(downward), "a")


def _step(element) -> str:
    classes = {"".join(ch for ch in name if not ch.isdigit()) for name in _classes(element)}
    kept = sorted(name for name in classes - STATE_CLASSES if name.strip("-_"))
    return ".".join([element.tag, *kept])


def _classes(element) -> list[str]:
    return (element.get("class") or "").lower().split()


def _within(element, row) -> bool:
    return any(ancestor is row for ancestor in element.iterancestors())


def _image_only(anchor) -> bool:
    return not dom.text_of(anchor) and any(True for _ in anchor.iter("img"))
