"""Which list parser reads a page: one choice for the crawl, `zwgk extract` and `zwgk discover`.

Configured selectors win. A CMS hint is a claim about the site, checked on every page: its
parser is used only when it recognises the page. Without a hint, the most specific parser
that recognises the page is used. A page no parser recognises is not read at all (the crawl
records it as unparsed), never read as an empty list.
"""

from __future__ import annotations

from common.errors import BadInputError
from crawler.cms.base import PARSERS, ListParser, Page, detect
from crawler.cms.selectors import SelectorParser


class ParserChoiceError(BadInputError):
    """No list parser reads the page as asked."""


class UnknownParserError(ParserChoiceError, LookupError):
    """A CMS hint names no registered parser."""


class UnrecognisedPageError(ParserChoiceError):
    """The hinted parser, or every parser, does not recognise the page."""


def parser_class(kind: str) -> type[ListParser]:
    """The registered parser named `kind`."""
    if kind not in PARSERS:
        known = ", ".join(sorted(PARSERS))
        raise UnknownParserError(f"unknown cms {kind!r} (known: {known})")
    return PARSERS[kind]


def select_parser(page: Page, hint: str | None = None, selectors=None) -> ListParser:
    """The parser that reads `page`: the `selectors` (a `Selectors` or a mapping) if given,
    else the `hint`ed parser if it recognises the page, else the detected one."""
    if selectors is not None:
        return SelectorParser(selectors)
    if hint:
        cls = parser_class(hint)
        if not cls.detect(page):
            raise UnrecognisedPageError(f"the page is not a {hint!r} list page")
        return cls()
    parser = detect(page)
    if parser is None:
        raise UnrecognisedPageError("no list parser recognised the page")
    return parser
