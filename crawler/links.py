"""The links of a page worth checking: absolute http(s) URLs of its `<a href>`, each once.

Scripts, mail and phone links, in-page anchors and template placeholders are not links a
visitor can follow; a page's own list entries are left to the detail fetch.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from crawler.cms.base import Page
from crawler.urls import canonical_url

NOT_LINKS = ("javascript:", "mailto:", "tel:", "data:", "about:", "#", "vbscript:")


def page_links(page: Page, limit: int, skip: set[str] = frozenset()) -> list[str]:
    """Up to `limit` canonical link URLs of `page`, in page order, none of `skip`."""
    found: dict[str, None] = {}
    if limit <= 0:
        return []
    for href in page.selector.css("a::attr(href)").getall():
        url = link_url(href, page.url)
        if url and url not in skip and url != canonical_url(page.url):
            found.setdefault(url)
            if len(found) >= limit:
                break
    return list(found)


def link_url(href: str, base_url: str) -> str | None:
    """The canonical absolute URL of an href, or None when it is no followable link."""
    href = href.strip()
    if not href or href.lower().startswith(NOT_LINKS) or "{{" in href:
        return None
    try:
        url = urljoin(base_url, href)
        parts = urlsplit(url)
        _ = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return canonical_url(url)


def is_external(url: str, hosts: frozenset[str]) -> bool:
    return (urlsplit(url).hostname or "").lower() not in hosts
