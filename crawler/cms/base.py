"""The list-parser contract and registry.

A parser reads one list page (a column's index or a later page of it) and returns the
publications it lists and the requests that fetch the following pages — at most `max_next` of
them, however many pages the page declares (a hostile page may declare 10^8 records). Parsers register by
their `kind` name; `detect()` asks each, most specific first, whether it recognises a page
(`select.select_parser` adds a column's hint and selectors to that choice).
Parsers work on a `Page` (URL, decoded text, lxml/parsel selector) so they can be used on a
Scrapy response and on a saved file alike.

A list whose rows a script loads is read through its data API where the family is known: the
page's parser names the API request, with the parser of its answer (`NextRequest.parser`).
A parser that understands its family's scripts (`reads_scripts`) says when it cannot read
such a list (`ListPage.js_only`); for the others the crawl looks for list templates itself
(`crawler.cms.scripted`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import ClassVar

from parsel import Selector

PARSERS: dict[str, type[ListParser]] = {}
MAX_NEXT = 50  # following pages a parser names when its caller does not say


@dataclass(frozen=True)
class Page:
    url: str
    text: str  # decoded HTML (or a data API's XML/JSON answer)
    form: tuple[tuple[str, str], ...] = ()  # the form a POST sent: an API answer's arguments

    @cached_property
    def selector(self) -> Selector:
        """The page parsed once, shared by detection, parsing and the link checks."""
        return Selector(text=self.text)


@dataclass(frozen=True)
class ListEntry:
    title: str
    href: str  # absolute URL
    date: date | None
    date_text: str = ""  # the date as displayed, for evidence


@dataclass(frozen=True)
class NextRequest:
    url: str
    method: str = "GET"
    formdata: tuple[tuple[str, str], ...] = ()
    page_number: int | None = None
    parser: str | None = None  # the parser of the answer, when not the page's (a data API)


@dataclass
class ListPage:
    parser: str
    items: list[ListEntry] = field(default_factory=list)
    next: list[NextRequest] = field(default_factory=list)
    js_only: str | None = None  # why the rows, rendered by a script, could not be read
    by_api: bool = False  # the page holds no rows: the data API `next` names serves them


class ListParser:
    """Base class: subclasses set `kind` and `priority`, implement `detect` and `parse`."""

    kind: ClassVar[str]
    priority: ClassVar[int] = 50  # lower is asked first in detect()
    reads_scripts: ClassVar[bool] = False  # says itself when a list is script-only (js_only)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "kind" in cls.__dict__:
            PARSERS[cls.kind] = cls

    @classmethod
    def detect(cls, page: Page) -> bool:
        return False

    def parse(self, page: Page, max_next: int = MAX_NEXT) -> ListPage:
        """The page's entries and at most `max_next` requests for the following pages."""
        return ListPage(parser=self.kind)


def detect(page: Page) -> ListParser | None:
    """The most specific registered parser that recognises `page`, or None."""
    for cls in sorted(PARSERS.values(), key=lambda c: c.priority):
        if cls.detect(page):
            return cls()
    return None
