"""Generic lists: the publication lists of a page no CMS family claims (lists, homepages).

Works without selectors. `blocks.py` groups the page's titled links by row signature (each
link with the date its layout shows, read by `linkdates.py`); `listness.py` judges each
group the way a reader would, so navigation, tab labels, link directories, friendly links
and carousels are left out; `javascript:` links, commented-out HTML and unrendered
templates never reach the judge. Inactive tab panels share their active sibling's signature
and are kept with it. Month-day dates get their year per list, anchored on the latest full
date shown on the page and never after the day the page is read (`crawler.dates.as_of`).
"""

from __future__ import annotations

from crawler.cms import dom
from crawler.cms.base import MAX_NEXT, ListEntry, ListPage, ListParser, Page
from crawler.cms.blocks import Block, Link, page_blocks
from crawler.cms.listness import (
    MIN_LINKS,
    MIN_TITLE,
    document_like,
    is_list,
    plausible,
    worth_keeping,
)
from crawler.cms.paging import next_link_requests
from crawler.dates import infer_dates, parse_date


class GenericListParser(ListParser):
    """Any page with repeated title links (lists, homepages with tabbed blocks); asked last."""

    kind = "generic"
    priority = 90

    @classmethod
    def detect(cls, page: Page) -> bool:
        """Any repeated links at all, or a publication list (a column may hold one item)."""
        blocks = page_blocks(page.url, page.text)
        return any(len(block.hrefs) >= MIN_LINKS for block in blocks) or bool(list_blocks(page))

    def parse(self, page: Page, max_next: int = MAX_NEXT) -> ListPage:
        items = entries(list_blocks(page))
        root = dom.parse_html(page.text)
        following = next_link_requests(root, page.url) if root is not None and max_next else []
        return ListPage(self.kind, items, following)


def list_blocks(page: Page) -> list[Block]:
    """The lists of `page` judged to hold publications, in page order.

    Each list (links sharing a signature and a container) is judged on its own; a list too
    small to judge alone is kept when its family (all lists of that signature, such as the
    panels of one tab box) is a publication list and half its own links look like items.
    """
    families = [f for f in page_blocks(page.url, page.text) if not f.links[0].carousel]
    kept = []
    for family in families:
        family_ok = is_list(family, page.url)
        for block in _by_container(family):
            if is_list(block, page.url) or (family_ok and plausible(block)):
                kept.append(block)
    return sorted(kept + _headlines(families, kept), key=lambda block: block.position)


def _headlines(families: list[Block], kept: list[Block]) -> list[Block]:
    """Lone document links in a kept list's container (a headline above its dated rows)."""
    containers = {id(link.container) for block in kept for link in block.links}
    kept_ids = {id(link) for block in kept for link in block.links}
    extra = [
        link
        for family in families
        for link in family.links
        if id(link) not in kept_ids
        and id(link.container) in containers
        and document_like(link.href)
        and len(link.title) >= MIN_TITLE
    ]
    return [Block([link]) for link in extra]


def _by_container(family: Block) -> list[Block]:
    lists: dict[int, list[Link]] = {}
    for link in family.links:
        lists.setdefault(id(link.container), []).append(link)
    return [Block(links) for links in lists.values()]


def entries(blocks: list[Block]) -> list[ListEntry]:
    """The blocks' links as list entries, years inferred per block, repeats dropped."""
    dated = [parse_date(link.date_text) for block in blocks for link in block.links]
    anchor = max((d for d in dated if d), default=None)
    seen: set[tuple] = set()
    result = []
    for block in blocks:
        dated_list = sum(1 for link in block.links if link.date_text) >= len(block.links) / 2
        links = [link for link in block.links if worth_keeping(link, dated_list)]
        raw = [link.date_text for link in links]
        pinned = [link.pinned for link in links]
        for link, when in zip(links, infer_dates(raw, pinned=pinned, anchor=anchor), strict=True):
            key = (link.href, link.title, when)
            if key not in seen:
                seen.add(key)
                result.append(ListEntry(link.title, link.href, when, link.date_text))
    return _drop_cut_copies(result)


def _drop_cut_copies(items: list[ListEntry]) -> list[ListEntry]:
    """A cut title (`…（征求意见稿...`) repeated in full elsewhere for the same URL is a copy."""
    full = {}
    for item in items:
        full.setdefault(item.href, []).append(item.title)

    def is_copy(item: ListEntry) -> bool:
        stem = item.title.rstrip(".…。 ")
        others = [t for t in full[item.href] if t != item.title]
        return dom.is_truncated(item.title) and any(t.startswith(stem) for t in others)

    return [item for item in items if not is_copy(item)]
