"""The metadata of a publication's detail page: `extract_detail(text) -> dict`.

Fields (each present only when found), named as `rules.base.Listing.meta` reads them:
`title`, `published` (发布日期), `created` (生成日期/成文日期), `index_no` (索引号/索取号/
信息索引), `publisher` (发布机构/发文机构/发文机关), `doc_no` (文号/发文字号/文件编号),
`topic` (主题分类/信息类别), `source` (来源), `open_mode` (公开方式), `decision_date`,
`reply_date` (a message's 答复时间/回复时间, absent while it is unanswered); dates as `YYYY-MM-DD`.

Visible text wins over meta tags: the metadata table (horizontal or vertical) and `label：
value` text first; then, for the publish date, a date element or the date printed just after
the title; the `ArticleTitle`, `PubDate` and `ContentSource` meta tags only as a last resort
(PubDate is often the time a page was regenerated).
"""

from __future__ import annotations

import re

from lxml import etree

from crawler.dates import parse_date
from crawler.labels import Pair, cell_text, page_pairs

DATE_FIELDS = ("published", "created", "decision_date", "reply_date")
TEXT_FIELDS = ("index_no", "publisher", "doc_no", "topic", "source", "open_mode")
DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "select")
TITLE_XPATH = "//h1|//h2|//h3|//ucaptitle|//*[contains(@class, 'title') or contains(@id, 'title')]"
DATE_XPATH = "//*[contains(@id, 'date') or contains(@class, 'date') or contains(@id, 'time')]"
TITLE_SEPARATORS = re.compile(r"__|_|\s+[-|–—]\s+|\s*\|\s*|--")
META_DATES = ("pubdate", "firstpublishedtime", "publishdate", "releasedate")
NO_SPACE = re.compile(r"[\s\u3000\xa0]+")
AFTER_TITLE_CHARS = 60
MIN_PREFIX_SHARE = 0.5
# plain elements: lxml.html's classes cost a Python lookup per element visited
PARSER = etree.HTMLParser(encoding="utf-8", remove_comments=True)


def parse_tree(text: str):
    """A tree of `text` without scripts, styles, comments and Angular-hidden blocks."""
    try:
        root = etree.fromstring(text.encode("utf-8"), PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
    if root is None:
        return None
    for element in list(root.iter(*DROP_TAGS)):
        _drop(element)
    for element in root.xpath("//*[contains(concat(' ', @class, ' '), ' ng-hide ')]"):
        _drop(element)
    return root


def _drop(element) -> None:
    """Remove the element and its children, keeping its tail (as lxml.html's drop_tree)."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is None:
            parent.text = (parent.text or "") + element.tail
        else:
            previous.tail = (previous.tail or "") + element.tail
    parent.remove(element)


def meta_tags(root) -> dict[str, str]:
    """`<meta name=… content=…>` by lower-case name (the first of each name)."""
    found: dict[str, str] = {}
    for meta in root.iter("meta"):
        name, content = (meta.get("name") or "").lower(), (meta.get("content") or "").strip()
        if name and content:
            found.setdefault(name, content)
    return found


def extract_detail(text: str) -> dict:
    """The metadata fields found on a detail page (see the module docstring)."""
    root = parse_tree(text)
    if root is None:
        return {}
    meta, pairs = meta_tags(root), page_pairs(root)
    fields = labelled_fields(pairs)
    title_element, title = find_title(root, meta, pairs)
    if title:
        fields["title"] = title
    if "published" not in fields:
        found = visible_date(root, title_element) or meta_date(meta)
        if found:
            fields["published"] = found
    if "publisher" not in fields and "source" not in fields and meta.get("contentsource"):
        fields["publisher"] = meta["contentsource"]  # nothing visible names who published it
    return fields


def labelled_fields(pairs: list[Pair]) -> dict:
    """The first usable value of each field among the pairs (tables before text)."""
    fields: dict[str, str] = {}
    for pair in pairs:
        if pair.field in fields or not pair.value or "{{" in pair.value:
            continue
        if pair.field in DATE_FIELDS:
            day = parse_date(pair.value)
            if day:
                fields[pair.field] = day.isoformat()
        elif pair.field in TEXT_FIELDS:
            fields[pair.field] = pair.value
    return fields


def title_references(meta: dict[str, str], root, pairs: list[Pair]) -> list[str]:
    """What the title should read like: ArticleTitle, 信息名称, then the `<title>`'s first part."""
    refs = [meta.get("articletitle", "")]
    refs += [pair.value for pair in pairs if pair.field == "title"]
    head_title = root.find(".//title")
    if head_title is not None:
        refs.append(TITLE_SEPARATORS.split(cell_text(head_title))[0])
    return [ref for ref in refs if key_of(ref)]


def key_of(text: str) -> str:
    return NO_SPACE.sub("", text)


def find_title(root, meta: dict[str, str], pairs: list[Pair]):
    """(element, title): the visible heading that matches a reference best, else a reference."""
    refs = title_references(meta, root, pairs)
    candidates = [
        (element, lines)
        for element in root.xpath(TITLE_XPATH)
        if not _in_link(element) and (lines := text_lines(element))
    ]
    for ref in refs:
        found = _matching(candidates, key_of(ref))
        if found:
            return found
    return None, (tidy_title(refs[0]) if refs else None)


def _matching(candidates, ref_key: str):
    """An exact match, else the longest candidate that begins the reference (most of it)."""
    best, best_len = None, 0
    for element, lines in candidates:
        for count in range(len(lines), 0, -1):
            text = "".join(lines[:count])
            key = key_of(text)
            if key == ref_key:
                return element, tidy_title(text)
            long_enough = len(key) >= MIN_PREFIX_SHARE * len(ref_key)
            if ref_key.startswith(key) and long_enough and len(key) > best_len:
                best, best_len = (element, tidy_title(text)), len(key)
    return best


def _in_link(element) -> bool:
    """A heading inside or around a link is a list entry (a related item), not the title."""
    return any(True for _ in element.iterancestors("a")) or any(True for _ in element.iter("a"))


def text_lines(element) -> list[str]:
    text = "".join(element.itertext())
    return [line.strip() for line in text.splitlines() if line.strip()]


def tidy_title(text: str) -> str:
    """Full-width spaces (line-break leftovers) removed, other spaces kept as shown."""
    return text.replace("\u3000", "").replace("\xa0", " ").strip()


def visible_date(root, title_element) -> str | None:
    """A date element's date (`<small id="ivs_date">`), else the date printed after the title."""
    for element in root.xpath(DATE_XPATH):
        day = parse_date(cell_text(element))
        if day:
            return day.isoformat()
    if title_element is None:
        return None
    day = parse_date(text_after(title_element, AFTER_TITLE_CHARS))
    return day.isoformat() if day else None


def text_after(element, limit: int) -> str:
    """Up to `limit` characters of the text that follows `element` in the page."""
    collected, size = [], 0
    for following in element.itersiblings():
        piece = cell_text(following)
        collected.append(piece)
        size += len(piece)
        if size >= limit:
            break
    tail = (element.tail or "").strip()
    return " ".join([tail, *collected])[:limit]


def meta_date(meta: dict[str, str]) -> str | None:
    for name in META_DATES:
        day = parse_date(meta.get(name))
        if day:
            return day.isoformat()
    return None
