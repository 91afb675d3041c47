"""Lists read with selectors from the config, for a layout no parser recognises.

A column's `selectors:` names the item rows and, relative to each row, the title, the link
and the date (`Selectors(item, title="a", href="a::attr(href)", date=None, next=None)`).
Each is CSS, or XPath when it starts with `/`, `./` or `(`. A title that selects an element
is read like any list link (its `title=` when the text is cut); `::text`/`::attr()` values are
used as they are. Dates shown without a year get one from their neighbours.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urljoin

from parsel import Selector, SelectorList

from crawler.cms import dom
from crawler.cms.base import MAX_NEXT, ListEntry, ListPage, ListParser, NextRequest, Page
from crawler.dates import find_date_text, infer_dates

FIELDS = {"item": None, "title": "a", "href": "a::attr(href)", "date": None, "next": None}


class SelectorParser(ListParser):
    """A list read with configured CSS/XPath selectors (never chosen by detection)."""

    kind = "selectors"
    priority = 1000

    def __init__(self, selectors=None):
        self.spec = spec_of(selectors) if selectors is not None else None

    @classmethod
    def detect(cls, page: Page) -> bool:
        return False

    def parse(self, page: Page, max_next: int = MAX_NEXT) -> ListPage:
        if self.spec is None or not self.spec["item"]:
            raise ValueError("the selectors parser needs an `item` selector")
        rows = [row for row in _select(page.selector, self.spec["item"]) if self._href(row, page)]
        raw_dates = [self._date_text(row) for row in rows]
        items = [
            ListEntry(self._title(row), self._href(row, page), when, raw)
            for row, raw, when in zip(rows, raw_dates, infer_dates(raw_dates), strict=True)
        ]
        following = self._next(page) if max_next > 0 else []
        return ListPage(self.kind, [i for i in items if i.title], following)

    def _title(self, row: Selector) -> str:
        found = _select(row, self.spec["title"])
        if not found:
            return ""
        if isinstance(found[0].root, str):
            return dom.clean(" ".join(found.getall()))
        return dom.link_title(found[0].root)

    def _href(self, row: Selector, page: Page) -> str | None:
        found = _select(row, self.spec["href"])
        if not found:
            return None
        root = found[0].root
        value = root if isinstance(root, str) else found[0].attrib.get("href", "")
        return _absolute(value, page.url)

    def _date_text(self, row: Selector) -> str:
        if not self.spec["date"]:
            return ""
        return find_date_text(dom.clean(" ".join(_select(row, self.spec["date"]).getall()))) or ""

    def _next(self, page: Page) -> list[NextRequest]:
        if not self.spec["next"]:
            return []
        for found in _select(page.selector, self.spec["next"]):
            value = found.root if isinstance(found.root, str) else found.attrib.get("href")
            url = _absolute(value or "", page.url)
            if url and url != page.url:
                return [NextRequest(url)]
        return []


def spec_of(selectors) -> dict[str, str | None]:
    """The selector fields of a `crawler.config.Selectors` or a mapping."""
    if isinstance(selectors, Mapping):
        return {name: selectors.get(name, default) for name, default in FIELDS.items()}
    return {name: getattr(selectors, name, default) for name, default in FIELDS.items()}


def _select(selector: Selector, query: str) -> SelectorList:
    query = query.strip()
    if query.startswith(("/", "./", "(")):
        return selector.xpath(query)
    return selector.css(query)


def _absolute(value: str, base_url: str) -> str | None:
    value = value.strip()
    if not value or value.lower().startswith(dom.NOT_LINKS):
        return None
    return urljoin(base_url, value)
