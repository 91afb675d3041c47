"""HTML helpers the list parsers share: a cleaned lxml tree, link titles, hrefs, row dates.

Everything here works on lxml elements, so a parser can walk the tree freely. The tree is
cleaned of what a browser would not show as content: scripts, styles, comments (lxml keeps
commented-out HTML out of the element tree), and unrendered template rows (avalon `ms-*`,
Vue `v-for`, Angular `ng-repeat`, `{{…}}` placeholders).
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

import lxml.html
from lxml.etree import ParserError

from crawler.dates import find_date_text

SPACES = re.compile(r"[\s\u3000\xa0\u2002\u2003\u200b]+")
TRUNCATION = ("...", "…", "。。。", "..")
TITLE_LABEL = re.compile(
    r"(?:文章)?标题[:：]\s*(.+?)(?:\s+(?:作者|更新时间|发布时间|点击)[:：]|$)", re.S
)
DETAIL_SUFFIX = re.compile(r"\s*[\[【(（]\s*(?:查看)?(?:详情|详细|全文|更多)\s*[\]】)）]\s*$")
JUNK_TEXT = re.compile(
    r"^(?:[\[【(（<《]?\s*(?:更多|查看更多|more|详情|详细|查看详情|查看详细|全文|进入)\s*[\]】)）>》]?"
    r"[>»›\s]*|首页|上一页|下一页|下页|末页|尾页|第?\d+页?|[<>«»‹›]+|GO|go|确定)$",
    re.I,
)
NOT_LINKS = ("javascript:", "mailto:", "tel:", "data:", "about:", "#")
DROP_TAGS = ("script", "style", "noscript", "template", "select", "textarea", "iframe", "object")
MAX_DATE_LABEL = 15  # characters beside a date in its text run (来源/发布时间 labels, brackets)
TEMPLATE_ATTRS = ("ms-repeat", "ms-for", "ms-each", "v-for", "ng-repeat", "x-for", "*ngfor")


def parse_html(text: str) -> lxml.html.HtmlElement | None:
    """A cleaned element tree of `text`, or None for an empty or unparseable page."""
    try:
        root = lxml.html.document_fromstring(
            text.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8")
        )
    except (ParserError, ValueError):
        return None
    for element in list(root.iter(*DROP_TAGS)):
        _remove(element)
    for element in [el for el in root.iter() if isinstance(el.tag, str) and is_template(el)]:
        _remove(element)
    return root


def is_template(element) -> bool:
    """An unrendered template row: a repeat directive or a `{{…}}` placeholder."""
    for name in element.attrib:
        lowered = name.lower()
        if any(lowered.startswith(prefix) for prefix in TEMPLATE_ATTRS):
            return True
    return "{{" in (element.get("href") or "")


def clean(text: str | None) -> str:
    """Whitespace (incl. full-width spaces and `&nbsp;`) collapsed to single spaces."""
    return SPACES.sub(" ", text or "").strip()


def text_of(element) -> str:
    return clean(element.text_content()) if element is not None else ""


def is_truncated(text: str) -> bool:
    return text.rstrip().endswith(TRUNCATION)


def is_junk(text: str) -> bool:
    """Link texts that are never a publication title: 更多, 详情, page numbers, arrows."""
    return not text or bool(JUNK_TEXT.match(text))


def link_title(anchor, text: str | None = None) -> str:
    """The full title of a list link: its text, or its `title=` when the text is cut or empty.

    Handles CMS title attributes such as `文章标题：…  作者：…`, empty links whose title sits
    in a hidden sibling `<ins>` (copied in by page script), and `【详情】` tails. `text` is
    the link's text when a part of it is not the title (a date written inside the link).
    """
    text = DETAIL_SUFFIX.sub("", clean(text) if text is not None else text_of(anchor))
    attr = labelled_title(anchor.get("title"))
    if not text:
        return attr or sibling_ins_text(anchor)
    if attr and _fuller(attr, text):
        return attr
    return text


def labelled_title(attr: str | None) -> str:
    value = clean(attr)
    match = TITLE_LABEL.match(value)
    return clean(match.group(1)) if match else value


def _fuller(attr: str, text: str) -> bool:
    """The attribute is the full form of a text that was cut (`…`) or decorated (`【…】`)."""
    if attr == text:
        return False
    stem = text.rstrip(".…。 ")
    if is_truncated(text):
        return _overlaps(stem, attr)
    if len(attr) > len(text):
        return stem in attr
    return attr in text and len(attr) >= 0.6 * len(text)  # text = a label (通知：) + title


def _overlaps(stem: str, attr: str, width: int = 4) -> bool:
    if len(stem) < width:
        return stem in attr
    return any(stem[i : i + width] in attr for i in range(len(stem) - width + 1))


def sibling_ins_text(anchor) -> str:
    parent = anchor.getparent()
    if parent is None:
        return ""
    return next((text_of(ins) for ins in parent.iterchildren("ins") if text_of(ins)), "")


def link_href(anchor, base_url: str) -> str | None:
    """The absolute URL a link points to, or None for script, mail and in-page links."""
    href = (anchor.get("href") or "").strip()
    if not href or href.lower().startswith(NOT_LINKS) or "{{" in href:
        return None
    try:
        return urljoin(base_url, href)
    except ValueError:
        return None


def texts_outside(row, anchor) -> list[str]:
    """The row's visible text runs, the link's own text left out (titles often hold dates)."""
    parts: list[str] = []
    collect_text(row, anchor, parts)
    return [text for text in map(clean, parts) if text]


def collect_text(node, skip, parts: list[str]) -> None:
    """Append the visible text runs of `node`, leaving out the element `skip`."""
    if node is skip or is_hidden(node):
        return
    parts.append(node.text or "")
    for child in node:
        if isinstance(child.tag, str):
            collect_text(child, skip, parts)
        parts.append(child.tail or "")


def is_hidden(element) -> bool:
    """Hidden by its own inline style (`display:none`), as title holders and copies are."""
    style = (element.get("style") or "").replace(" ", "").lower()
    return "display:none" in style


def row_date_text(row, anchor) -> str:
    """The date shown in a list row outside its link, as displayed ('' when none).

    Only a text run that is mostly the date counts (`2018-03-20`, `[03-20]`, `发布时间：…`):
    a date inside a summary sentence is not the list date.
    """
    for text in texts_outside(row, anchor):
        found = find_date_text(text)
        if found and len(text) - len(found) <= MAX_DATE_LABEL:
            return found
    return ""


def is_pinned(row) -> bool:
    """A row marked 置顶 (pinned to the top of the list, out of date order)."""
    if "置顶" in text_of(row):
        return True
    return any("置顶" in (el.get("alt") or el.get("title") or "") for el in row.iter("img"))


def _remove(element) -> None:
    if element.getparent() is not None:
        element.drop_tree()  # keeps the tail text, like a browser ignoring the element
