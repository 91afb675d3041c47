"""Where the report is when the page only frames it or links to it.

Real report pages often hold no report: an <iframe> shows a PDF (directly, or through a viewer
such as pdf.js: `viewer.html?file=/u/2024nb.pdf`) or another page, or a link offers it as an
attachment (附件下载). The reader names the document to follow, best candidate first: a link
whose text or address names the report (年度报告, 年报), then a framed document, then any other
attachment that can be read (PDF, Word .docx, a web page). Old .doc/.wps, .ofd, spreadsheets
and archives are listed as attachments but are not followed: they cannot be read.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

ATTACHMENT = re.compile(r"\.(pdf|docx?|wps|ofd|xlsx?|zip|rar)(\?|#|$)", re.IGNORECASE)
READABLE = re.compile(r"\.(pdf|docx|s?html?)(\?|#|$)", re.IGNORECASE)
DOCUMENT = re.compile(r"\.(pdf|docx)(\?|#|$)", re.IGNORECASE)
REPORT_NAME = re.compile("年度报告|年报")
FRAMES = ("iframe", "frame", "embed", "object")
VIEWER_PARAMS = ("file", "url", "src", "path")
NOT_DOCUMENTS = ("javascript:", "about:", "data:", "mailto:", "#")


def attachment_links(soup: BeautifulSoup) -> list[str]:
    """The addresses of the attachments linked on the page, as written."""
    return [link["href"] for link in soup.find_all("a", href=ATTACHMENT)]


def frame_sources(soup: BeautifulSoup) -> list[str]:
    """The documents the page frames; a viewer's own address is replaced by its document's."""
    sources = []
    for frame in soup.find_all(FRAMES):
        source = (frame.get("src") or frame.get("data") or "").strip()
        if source and not source.lower().startswith(NOT_DOCUMENTS):
            sources.append(viewer_document(source))
    return sources


def viewer_document(source: str) -> str:
    query = parse_qs(urlsplit(source).query)
    for name in VIEWER_PARAMS:
        if query.get(name) and READABLE.search(query[name][0]):
            return unquote(query[name][0])
    return source


def followable(soup: BeautifulSoup) -> list[str]:
    """The documents that may hold the report, best first, as written on the page."""
    named, documents, pages = [], [], []
    for link in soup.find_all("a", href=READABLE):
        href, names = link["href"].strip(), REPORT_NAME.search(link.get_text() + link["href"])
        if DOCUMENT.search(href):
            (named if names else documents).append(href)
        elif names:
            pages.append(href)
    return list(dict.fromkeys(frame_sources(soup) + named + documents + pages))


def absolute(base_url: str | None, href: str) -> str:
    return urljoin(base_url, href) if base_url else href
