"""Component-based CMS lists (`<!--start component …-->` blocks, e.g. 丰城市): a `goPub()` pager.

Rows are plain `<li><span>[2017-10-13]</span><a href="../../n3/n13/c672769/content.html">`
links, read like any list (`generic.py`). The pager is script only:
`var purl="../../n3/n13/index_958"`, `createUrl(pName)` returning `purl+"_"+pName+".html"`,
`maxPageNum = 199`, and `writePaging()` linking 下页 to `createUrl(pageName-1)`. Numbering
runs backwards: the page itself is page 1 (the script starts at `pageName = maxPageNum`), so
page 2 is `index_958_198.html` and the last page `index_958_1.html`. The direction, the start,
the URL scheme and the count are all read from the script; a page whose script does not
say them gets no following page. The following pages are fragments the script loads into
the list's `<div>`: they are read as generic lists, in order, as far as the walk goes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from urllib.parse import urljoin, urlsplit

from crawler.cms.base import MAX_NEXT, ListPage, ListParser, NextRequest, Page
from crawler.cms.generic import entries, list_blocks
from crawler.cms.jsvalues import STRING, last_assignment, page_script, resolve, unquote

URL_TEMPLATE = re.compile(rf"\b(\w+)\s*\+\s*({STRING})\s*\+\s*(\w+)\s*\+\s*({STRING})")
NEXT_CALL = re.compile(r"\b\w+\(\s*(\w+)\s*([+-])\s*1\s*\)\s*;[^;]{0,200}?下一?页")
START = re.compile(r"if\s*\(\s*(\w+)\s*==\s*0\s*\)\s*\1\s*=\s*(\w+)")
GENERIC = "generic"  # the parser of the fragments the pager loads


@dataclass(frozen=True)
class ScriptPager:
    """What a `createUrl`/`writePaging` pager script says: page file n is
    `base + sep + n + ext`, `count` files, and whether 下页 counts down."""

    base: str
    sep: str
    ext: str
    count: int
    step: int  # -1: the next page is file n-1 (reverse numbering), +1: file n+1
    start: int  # the file number of the page carrying the script

    def url(self, number: int, page_url: str) -> str:
        return urljoin(page_url, f"{self.base}{self.sep}{number}{self.ext}")

    def following(self, page_url: str) -> Iterator[tuple[int, int]]:
        """(file number, page number) of each page after this one, in walk order."""
        current = self.current(page_url)
        numbers = range(current - 1, 0, -1) if self.step < 0 else range(current + 1, self.count + 1)
        for number in numbers:
            yield number, (number - self.start) * self.step + 1

    def current(self, page_url: str) -> int:
        """The file number of `page_url` when it is one of the pager's files, else `start`."""
        path = urlsplit(page_url).path
        own = urlsplit(urljoin(page_url, self.base)).path
        found = re.fullmatch(rf"{re.escape(own + self.sep)}(\d+){re.escape(self.ext)}", path)
        return int(found.group(1)) if found else self.start


class ComponentListParser(ListParser):
    """Lists paged by a `createUrl`/`writePaging` script (`goPub('…index_958_198.html')`)."""

    kind = "component"
    priority = 60

    @classmethod
    def detect(cls, page: Page) -> bool:
        return "writePaging" in page.text and script_pager(page.text) is not None

    def parse(self, page: Page, max_next: int = MAX_NEXT) -> ListPage:
        items = entries(list_blocks(page))
        pager = script_pager(page.text)
        if pager is None:
            return ListPage(self.kind, items)
        pages = islice(pager.following(page.url), max(max_next, 0))
        following = [
            NextRequest(pager.url(number, page.url), page_number=position, parser=GENERIC)
            for number, position in pages
        ]
        return ListPage(self.kind, items, following)


def script_pager(text: str) -> ScriptPager | None:
    """The pager the page's script describes, or None when it does not say all of it."""
    script = page_script(text)
    step = NEXT_CALL.search(script)
    found = ((m, resolve(m.group(1), script)) for m in URL_TEMPLATE.finditer(script))
    template, base = next(((m, base) for m, base in found if base), (None, None))
    if step is None or template is None:
        return None
    count = _int(resolve(_count_name(script, step.group(1)), script))
    if not count:
        return None
    start = START.search(script)
    first = _int(resolve(start.group(2), script)) if start else 1
    sep, ext = unquote(template.group(2)), unquote(template.group(4))
    direction = -1 if step.group(2) == "-" else 1
    return ScriptPager(base, sep, ext, count, direction, first or 1)


def _count_name(script: str, current: str) -> str | None:
    """The variable holding the page count: what the current page starts at, or is
    compared with (`if (pageName<maxPageNum)`)."""
    start = START.search(script)
    if start and start.group(1) == current:
        return start.group(2)
    bound = re.search(rf"\b{re.escape(current)}\s*<=?\s*(\w+)", script)
    return bound.group(1) if bound and last_assignment(script, bound.group(1)) else None


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None
