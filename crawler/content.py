"""The kept body of a detail page (annual reports): the page without scripts, styles, comments,
forms or frames, with the head reduced to its `<title>` and the `ArticleTitle` meta tag."""

from __future__ import annotations

from html import escape

import lxml.html
from lxml.etree import ParserError

DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed", "form",
             "link", "input", "button", "select", "textarea")  # fmt: skip


def clean_content(text: str) -> str:
    """Cleaned HTML of a page (empty when the page cannot be parsed)."""
    try:
        root = lxml.html.document_fromstring(
            text.encode("utf-8"),
            parser=lxml.html.HTMLParser(encoding="utf-8", remove_comments=True),
        )
    except (ParserError, ValueError):
        return ""
    head = _head(root)
    body = root.find("body")
    if body is None:
        return head
    for element in list(body.iter(*DROP_TAGS)):
        if element.getparent() is not None:
            element.drop_tree()
    for element in body.iter():
        for name in [name for name in element.attrib if name.lower().startswith("on")]:
            del element.attrib[name]
    return head + lxml.html.tostring(body, encoding="unicode")


def _head(root) -> str:
    parts = []
    title = root.find(".//title")
    if title is not None and (title.text or "").strip():
        parts.append(f"<title>{escape(title.text.strip())}</title>")
    for meta in root.iter("meta"):
        if (meta.get("name") or "").lower() == "articletitle" and meta.get("content"):
            parts.append(f'<meta name="ArticleTitle" content="{escape(meta.get("content"))}">')
            break
    return f"<head>{''.join(parts)}</head>"
