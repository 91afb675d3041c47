"""Decode the bytes of a government page: UTF-8 or the GB family, whatever it declares.

Chinese sites declare their charset in the HTTP header, in a `<meta>` tag, in an XML
declaration, or nowhere — and the declaration is often wrong (a GBK page served as UTF-8,
a UTF-8 page whose template still says gb2312). Like a browser, we read every GB label as
GB18030, the superset of GB2312 and GBK. A declaration is believed only when the bytes
decode cleanly under it and the result is not mojibake; otherwise UTF-8 and GB18030 are
tried in turn.
"""

from __future__ import annotations

import codecs
import re

UTF8 = "utf-8"
GB18030 = "gb18030"
GB_LABELS = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "ms936", "windows-936", "euc-cn"}
GB_LABELS |= {"gb_2312-80", "gb_2312", "csgb2312", "iso-ir-58", "chinese", "hz-gb-2312"}
SINGLE_BYTE = {codecs.lookup(name).name for name in ("latin-1", "ascii", "cp1252")}
SNIFF_BYTES = 4096
META_CHARSET = re.compile(rb"<meta[^>]+?charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
XML_ENCODING = re.compile(rb"<\?xml[^>]+encoding\s*=\s*[\"']([\w.:-]+)", re.I)
HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
MIN_CJK_FOR_STATS = 10
COMMON_SHARE = 0.6  # real Chinese text: most CJK characters are GB2312 level-1 characters


def header_charset(content_type: str) -> str | None:
    """The charset a Content-Type header names, if any."""
    declared = HEADER_CHARSET.search(content_type)
    return declared.group(1) if declared else None


def decode_answer(body: bytes, content_type: str) -> str:
    """The text of an HTTP answer's body, its Content-Type's charset checked against the bytes."""
    return decode_html(body, header_charset(content_type))[0]


def decode_html(body: bytes, header_charset: str | None = None) -> tuple[str, str]:
    """The page's text and the encoding it was decoded with (`utf-8`, `gb18030`, …)."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16")):
        if body.startswith(bom):
            return body.decode(name, errors="replace"), name
    for encoding in candidates(body, header_charset):
        text = _strict(body, encoding)
        if text is not None and not looks_wrong(text, encoding, body):
            return text, encoding
    return _best_effort(body)


def candidates(body: bytes, header_charset: str | None) -> list[str]:
    """Encodings to try, declared ones first, each normalised and listed once."""
    declared = [header_charset, declared_charset(body)]
    names = [normalise(name) for name in declared if name] + [UTF8, GB18030]
    return list(dict.fromkeys(name for name in names if name))


def declared_charset(body: bytes) -> str | None:
    """The charset named by a `<meta>` tag or an XML declaration near the top of the page."""
    head = body[:SNIFF_BYTES]
    match = META_CHARSET.search(head) or XML_ENCODING.search(head)
    return match.group(1).decode("ascii", errors="ignore") if match else None


def normalise(name: str) -> str | None:
    """A codec name Python knows; every GB label becomes gb18030; unknown names are dropped."""
    label = name.strip().strip("\"'").lower()
    if label in GB_LABELS:
        return GB18030
    if label in ("utf8", "utf-8", "unicode-1-1-utf-8"):
        return UTF8
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def looks_wrong(text: str, encoding: str, body: bytes) -> bool:
    """True when a clean decode is still mojibake (UTF-8 read as GBK, GBK read as latin-1)."""
    if codecs.lookup(encoding).name in SINGLE_BYTE:
        return any("\x80" <= ch <= "\xff" for ch in text)
    if encoding == GB18030:
        return _is_multibyte_utf8(body) or _rare_share(text) > 1 - COMMON_SHARE
    return False


def _strict(body: bytes, encoding: str) -> str | None:
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _is_multibyte_utf8(body: bytes) -> bool:
    return _strict(body, UTF8) is not None and any(byte >= 0x80 for byte in body)


def _rare_share(text: str) -> float:
    """The share of CJK characters outside GB2312 level 1 (0 when there are too few to tell)."""
    cjk = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    if len(cjk) < MIN_CJK_FOR_STATS:
        return 0.0
    return sum(1 for ch in cjk if not _is_common(ch)) / len(cjk)


def _is_common(ch: str) -> bool:
    try:
        lead = ch.encode("gb2312")[0]
    except UnicodeEncodeError:
        return False
    return 0xB0 <= lead <= 0xD7


def _best_effort(body: bytes) -> tuple[str, str]:
    """Neither decodes cleanly: take the one with fewer replacement characters."""
    decoded = {name: body.decode(name, errors="replace") for name in (UTF8, GB18030)}
    best = min(decoded, key=lambda name: decoded[name].count("\ufffd"))
    return decoded[best], best
