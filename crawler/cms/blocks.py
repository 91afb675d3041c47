"""Candidate lists of a page: its titled links, each in its row, grouped by row signature.

A link's *row* is the largest element around it that links nowhere else (an `<li>`, a
`<tr>`, or the link itself when several share one line). Its *signature* is the path of
tags and classes from the page root to the row's parent, the row's tag (rows of one list
differ in class: `first`, `newYs`, `list_no_3`), then the tags down to the link, with
digits and tab-state classes (`on`, `hide`, `list-show`…) ignored: the rows of one list
share it, and so do the alike panels of a tab box, active or not. Each link also notes
whether it sits in a carousel: a box named so (`focus`/`slide`/`banner`/`swiper`… in an id
or class) or one a slider script animates (`new Swiper(…)`, `$(".tpxw").slide({autoPlay:
true})`: SuperSlide's `.slide()` also drives tab boxes, so only its autoplaying boxes count).
Which groups are publication lists is for `listness.py` to judge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from crawler.cms import dom
from crawler.cms.linkdates import title_and_date

STATE_CLASSES = {"on", "active", "current", "cur", "hide", "hidden", "show", "list-show"}
STATE_CLASSES |= {"selected", "sel", "first", "last", "odd", "even", "clearfix", "cf"}
STATE_CLASSES |= {"fl", "fr", "block", "none", "in", "open", "visible", "invisible"}
CAROUSEL_WORDS = ("focus", "slide", "banner", "carousel", "swiper", "lunbo", "owl-")
SLIDER_CALL = re.compile(
    r"""(?:\$|jQuery)\(\s*["']([.#][\w-]+)[^"']*["']\s*\)\s*\.\s*"""
    r"(slide|slider|flexslider|bxSlider|owlCarousel|carousel|cycle|slick|jCarouselLite|"
    r"unslider|responsiveSlides|kinMaxShow|KinSlideshow|myFocus|Xslider)\s*\(([^)]*)"
    r"""|new\s+(Swiper)\(\s*["']([.#][\w-]+)""",
    re.I,
)
AUTOPLAY = re.compile(r"autoPlay\s*:\s*(?:true|\d)", re.I)


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
    carousel: bool = False  # inside a slider box


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
    for link in find_links(root, url, slider_boxes(text)):
        groups.setdefault(link.signature, []).append(link)
    return tuple(Block(links) for links in groups.values())  # in page order


def find_links(root, base_url: str, sliders: frozenset[str] = frozenset()) -> list[Link]:
    """Every titled link of the page, in page order, with its row's date and signature;
    `sliders` names the boxes (`#id`, `.class`) a slider script animates."""
    anchors = [(a, dom.link_href(a, base_url)) for a in root.iter("a")]
    anchors = [(a, href) for a, href in anchors if href]
    hrefs_below = _hrefs_below(anchors)
    links = []
    for position, (anchor, href) in enumerate(anchors):
        if _image_only(anchor):
            continue
        row = row_of(anchor, hrefs_below)
        title, date_text = title_and_date(row, anchor)
        if dom.is_junk(title):
            continue
        sig = signature(row, anchor)
        pinned, carousel = dom.is_pinned(row), in_carousel(row, sliders)
        links.append(Link(href, title, date_text, pinned, sig, row.getparent(), position, carousel))
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


def slider_boxes(text: str) -> frozenset[str]:
    """The boxes (`#id`, `.class`) that the page's scripts turn into sliders."""
    boxes = set()
    for box, plugin, options, _, swiper_box in SLIDER_CALL.findall(text):
        if plugin.lower() != "slide" or AUTOPLAY.search(options):
            boxes.add((box or swiper_box).lower())
    return frozenset(boxes)


def in_carousel(row, sliders: frozenset[str] = frozenset()) -> bool:
    """Inside a slider: a carousel word in the id or class of the row or an element above,
    or a box a slider script animates."""
    for element in (row, *row.iterancestors()):
        if element.tag in ("body", "html"):
            break
        ident, classes = (element.get("id") or "").lower(), _classes(element)
        if any(word in name for name in (ident, *classes) for word in CAROUSEL_WORDS):
            return True
        if f"#{ident}" in sliders or any(f".{name}" in sliders for name in classes):
            return True
    return False
