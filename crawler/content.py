"""The kept body of a detail page (annual reports): the page without scripts, styles, comments,
forms or frames, with the head reduced to its `<title>` and the `ArticleTitle` meta tag.

Two things of a report page survive, inert, for the reader (`rules.annual_report`): a frame's
address, as an empty `<iframe src>` (the report may be the framed document), and the source
of a script that carries the report in a string (`var content="…一、总体情况…"`), as the text
of a hidden `<pre data-script>`: never run, and never dropped for a missing report."""

from __future__ import annotations

from html import escape

import lxml.html
from lxml.etree import ParserError

DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed", "form",
             "link", "input", "button", "select", "textarea")  # fmt: skip
FRAME_TAGS = ("iframe", "frame", "object", "embed")
REPORT_MARKS = ("总体情况", "\\u603b\\u4f53\\u60c5\\u51b5")  # as written, or \u-escaped


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
            _replace_kept(element)
    for element in body.iter():
        for name in [name for name in element.attrib if name.lower().startswith("on")]:
            del element.attrib[name]
    return head + lxml.html.tostring(body, encoding="unicode")


def _replace_kept(element) -> None:
    """Drop the element, leaving a frame's address or a report-carrying script's source."""
    kept = None
    source = element.get("src") or element.get("data")
    if element.tag in FRAME_TAGS and source:
        kept = lxml.html.Element("iframe", src=source)
    elif element.tag == "script" and any(m in (element.text or "").lower() for m in REPORT_MARKS):
        kept = lxml.html.Element("pre", hidden="hidden")
        kept.set("data-script", "")
        kept.text = element.text
    if kept is not None:
        kept.tail = element.tail
        element.getparent().replace(element, kept)
    else:
        element.drop_tree()


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
