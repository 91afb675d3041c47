"""The content checks of a detail page as the crawl reads it (`rules.content_check`).

The checker is built once per crawl from the plan's `content` options (the shipped word lists
and the county's, its leaders, the columns where persons may be named), and each page read
gives its hits as plain dicts, kept in the publication's meta (`content_hits`): the rules turn
them into findings (`rules.kinds.content`). A page that cannot be checked (a parser fault on
hostile markup) gives none: the check never stops the crawl.
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from datetime import date
from pathlib import Path

from crawler.cms.base import Page
from crawler.plan import ContentOptions
from rules.content_check import ContentChecker, Leader, load_word_lists

log = logging.getLogger(__name__)
LINK_CHECKS = ("hidden_link", "blocked_link")


def build_checker(options: ContentOptions | None) -> ContentChecker | None:
    if options is None:
        return None
    lists = load_word_lists([Path(path) for path in options.word_lists])
    leaders = [Leader(name, title, former) for name, title, former in options.leaders]
    return ContentChecker(lists, leaders, options.personal_data_columns)


def page_hits(
    checker: ContentChecker, html: str, url: str, published: date | None, column_id: str | None
) -> list[dict]:
    try:
        hits = checker.check_html(html, url, published, column_id)
    except Exception:  # hostile markup: no hits rather than no crawl
        log.warning("content check failed on %s", url, exc_info=True)
        return []
    return [asdict(hit) for hit in hits]


def link_hits(checker: ContentChecker, page: Page) -> list[dict]:
    """A homepage's hidden and blocked links (its text is its publications' titles, each
    checked on its own page)."""
    hits = page_hits(checker, page.text, page.url, None, None)
    return [hit for hit in hits if hit["check"] in LINK_CHECKS]
