"""A report held in a JavaScript string rather than in the page's markup.

Some CMS templates ship the article body as `var content = "<p>一、总体情况…<\\/p>";` (or as a
JSON field, or as `document.write("…")`) and let a script write it into the page; the served
HTML then holds no report at all. The string literals are decoded as JavaScript would —
`\\"`, `\\/`, `\\n`, `\\uXXXX` (surrogate pairs included), `\\xXX`, `+`-joined pieces — and the
longest one that reads as a report is the page's body.
"""

from __future__ import annotations

import re
from html import unescape

from bs4 import BeautifulSoup

_LITERAL = r""""(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'"""
CHAIN = re.compile(rf"(?:{_LITERAL})(?:\s*\+\s*(?:{_LITERAL}))*", re.DOTALL)
LITERAL = re.compile(_LITERAL, re.DOTALL)
ESCAPE = re.compile(r"\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\r\n|.)", re.DOTALL)
SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
SIMPLE_ESCAPES |= {"\n": "", "\r\n": "", "\r": ""}  # a line continuation
REPORT_WORDS = re.compile("总体情况|主动公开政府信息情况|收到和处理")
# a `pre[data-script]` holds a script's source that the crawl kept inert (crawler.content)
SCRIPT_HOLDERS = ("script", "pre")


def decode_js_string(literal: str) -> str:
    """The value of one quoted JavaScript string literal."""
    body = literal[1:-1]
    decoded = ESCAPE.sub(_unescape, body)
    # \uD83D\uDE00: two escapes for one character beyond the BMP
    return decoded.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _unescape(match: re.Match) -> str:
    code = match.group(1)
    if code.startswith("u{"):
        return chr(int(code[2:-1], 16))
    if len(code) > 1 and code[0] in "ux":
        return chr(int(code[1:], 16))
    return SIMPLE_ESCAPES.get(code, code)


def script_strings(source: str) -> list[str]:
    """Every string expression of a script: literals joined by `+` are one string."""
    return [
        "".join(decode_js_string(piece.group()) for piece in LITERAL.finditer(chain.group()))
        for chain in CHAIN.finditer(source)
    ]


def script_report_html(soup: BeautifulSoup) -> str | None:
    """The longest string in the page's scripts that reads as a report, as HTML."""
    found = [
        text
        for holder in soup.find_all(SCRIPT_HOLDERS)
        if holder.name == "script" or holder.has_attr("data-script")
        for text in script_strings(holder.get_text())
        if REPORT_WORDS.search(text)
    ]
    if not found:
        return None
    html = max(found, key=len)
    if "<" not in html and "&lt;" in html:  # the markup itself escaped as entities
        html = unescape(html)
    return html
