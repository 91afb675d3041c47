"""Generic lists: the publication lists of a page no CMS family claims (lists, homepages).

Works without selectors. `blocks.py` groups the page's titled links by row signature;
here each group is judged the way a reader would: a publication list has several distinct
links with dates, or long titles pointing at document pages. Navigation (short titles,
column links), friendly links and directories (other sites' home pages, one URL behind many
names) and carousels (image-only links; `focus`/`slide`/`banner` boxes) do not qualify;
`javascript:` links, commented-out HTML and unrendered templates never reach the judge.
Inactive tab panels share their active sibling's signature and are kept with it. Month-day
dates get their year per list, anchored on the latest full date shown on the page.
"""

from __future__ import annotations

from statistics import median
from urllib.parse import urlsplit

from crawler.cms import dom
from crawler.cms.base import MAX_NEXT, ListEntry, ListPage, ListParser, Page
from crawler.cms.blocks import Block, Link, page_blocks
from crawler.cms.paging import next_link_requests
from crawler.dates import infer_dates, parse_date

MIN_LINKS = 3
MIN_TITLE = 6  # median title length (characters) below which a group is navigation
LONG_TITLE = 10
CAROUSEL_WORDS = ("focus", "slide", "banner", "carousel", "swiper", "lunbo", "owl-")
LIST_WORDS = ("list", "more", "channel", "column", "lanmu")  # names of column pages


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
    panels of one tab box) is a publication list and half its own links are documents.
    """
    families = [f for f in page_blocks(page.url, page.text) if not _in_carousel(f)]
    kept = []
    for family in families:
        family_ok = is_list(family)
        for block in _by_container(family):
            if is_list(block) or (family_ok and _plausible(block)):
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
        and _article_like(link.href)
        and len(link.title) >= MIN_TITLE
    ]
    return [Block([link]) for link in extra]


def _in_carousel(block: Block) -> bool:
    steps = block.links[0].signature
    return any(word in step for step in steps for word in CAROUSEL_WORDS)


def _by_container(family: Block) -> list[Block]:
    lists: dict[int, list[Link]] = {}
    for link in family.links:
        lists.setdefault(id(link.container), []).append(link)
    return [Block(links) for links in lists.values()]


def _plausible(block: Block) -> bool:
    links = block.links
    return _share(links, lambda link: bool(link.date_text) or _article_like(link.href)) >= 0.5


def is_list(block: Block) -> bool:
    """Whether a block of alike links is a list of publications (not navigation or links)."""
    links, hrefs = block.links, block.hrefs
    if len(links) == 1:
        return _lone_publication(links[0])
    if len(hrefs) < 2 or len(hrefs) < 0.7 * len(links):
        return False  # one URL behind many names: a directory, not documents
    if _share(links, lambda link: _site_root(link.href)) > 0.5:
        return False
    title_length = median(len(link.title) for link in links)
    if title_length < MIN_TITLE:
        return False
    dated = _share(links, lambda link: bool(link.date_text))
    articles = _share(links, lambda link: _article_like(link.href))
    if len(hrefs) >= MIN_LINKS:
        return dated >= 0.5 or (articles >= 0.6 and title_length >= LONG_TITLE)
    return articles == 1 and title_length >= LONG_TITLE


def _lone_publication(link: Link) -> bool:
    """A column holding a single publication: one dated document link with a real title."""
    return bool(link.date_text) and _article_like(link.href) and len(link.title) >= LONG_TITLE


def _share(links: list[Link], test) -> float:
    return sum(1 for link in links if test(link)) / len(links)


def _site_root(href: str) -> bool:
    parts = urlsplit(href)
    return parts.path in ("", "/") and not parts.query


def _article_like(href: str) -> bool:
    """A link to a document rather than to a column, a directory or a site's home page."""
    parts = urlsplit(href)
    last = parts.path.rsplit("/", 1)[-1].lower()
    stem = last.split(".", 1)[0]
    if not stem or any(word in stem for word in LIST_WORDS):
        return False
    return stem not in ("index", "default") or bool(parts.query)


def entries(blocks: list[Block]) -> list[ListEntry]:
    """The blocks' links as list entries, years inferred per block, repeats dropped."""
    dated = [parse_date(link.date_text) for block in blocks for link in block.links]
    anchor = max((d for d in dated if d), default=None)
    seen: set[tuple] = set()
    result = []
    for block in blocks:
        links = [link for link in block.links if _worth_keeping(link)]
        raw = [link.date_text for link in links]
        pinned = [link.pinned for link in links]
        for link, when in zip(links, infer_dates(raw, pinned=pinned, anchor=anchor), strict=True):
            key = (link.href, link.title, when)
            if key not in seen:
                seen.add(key)
                result.append(ListEntry(link.title, link.href, when, link.date_text))
    return _drop_cut_copies(result)


def _worth_keeping(link: Link) -> bool:
    """Inside a list, a short link to a non-document (我也要说句话 → a form) is not an item."""
    return _article_like(link.href) or bool(link.date_text) or len(link.title) >= MIN_TITLE + 2


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
