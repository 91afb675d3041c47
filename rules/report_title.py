"""The title of an annual report and the year it names.

The title is looked for in the `ArticleTitle` meta tag, in the short lines before the first
part (a PDF may break a long title over two lines), and in the page's headings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bs4 import BeautifulSoup

from rules.report_checks import Problem
from rules.report_tables import chinese_year, normalize

TITLE_WORDS = re.compile("年度报告|年报")
YEAR = re.compile(r"((?:19|20)\d{2}|[〇零一二三四五六七八九]{4})年")
MAX_TITLE = 80


def report_title(soup: BeautifulSoup, lines: list[str]) -> tuple[str | None, int | None]:
    """The title naming the report, and the year it names (None when it names none).

    `lines` are the text lines before the first part, in order.
    """
    candidates = list(title_candidates(soup, lines))
    for text in candidates:
        match = YEAR.search(text)
        if match:
            return text, chinese_year(match.group(1))
    return (candidates[0] if candidates else None), None


def title_candidates(soup: BeautifulSoup, lines: list[str]) -> Iterator[str]:
    meta = soup.find("meta", attrs={"name": re.compile("^articletitle$", re.IGNORECASE)})
    if meta and meta.get("content"):
        yield normalize(meta["content"])
    for index in range(len(lines) - 1, -1, -1):
        text = lines[index]
        if len(text) <= MAX_TITLE and TITLE_WORDS.search(text):
            yield text
        elif index and len(lines[index - 1] + text) <= MAX_TITLE:
            joined = lines[index - 1] + text  # a title broken over two lines
            if TITLE_WORDS.search(joined) and not TITLE_WORDS.search(lines[index - 1]):
                yield joined
    for tag in soup.find_all(["h1", "h2", "h3", "title"]):
        text = normalize(tag.get_text())
        if TITLE_WORDS.search(text):
            yield text


def year_problems(title: str | None, title_year: int | None, year: int) -> list[Problem]:
    if title_year == year:
        return []
    if title_year is None:
        message = f"标题未注明报告年度（应为{year}年度报告）"
    else:
        message = f"标题所列年度为{title_year}年，与应报告的{year}年度不符（标题：{title}）"
    return [Problem("标题", "year_mismatch", message)]
