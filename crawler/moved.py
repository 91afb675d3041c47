"""Where a column's first page came from when its address redirected, and whether it moved.

A site rebuilt with new addresses (改版) often sends every old address to its new homepage.
Such an answer is the homepage, not the column: read as the column it would list the homepage's
news as the column's items, and a complete walk would mark the column's real publications
removed. A first list page redirected to a site's homepage or root is therefore the fault
`redirected`, never parsed. Any other redirect is followed as before; its target is kept on
the column's state, so that the monitor can tell several columns sent to one same page.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from crawler.urls import canonical_url

ROOT_PATHS = frozenset(
    {"/", "/index.html", "/index.htm", "/index.shtml", "/index.jsp", "/index.php", "/default.html",
     "/default.htm", "/default.aspx", "/index.aspx"}
)  # fmt: skip


def redirected_from(response) -> str | None:
    """The first URL of the redirect chain that ended at `response`, or None."""
    chain = response.meta.get("redirect_urls") or ()
    return chain[0] if chain else None


def is_homepage(url: str, homepages: frozenset[str]) -> bool:
    """Whether `url` is a configured homepage or a site's root page."""
    if canonical_url(url) in homepages:
        return True
    parts = urlsplit(url)
    return not parts.query and (parts.path or "/").lower() in ROOT_PATHS


def moved_to_homepage(response, homepages: frozenset[str]) -> bool:
    """A redirected answer that is a site's homepage, while the column was not one."""
    source = redirected_from(response)
    if source is None or is_homepage(source, homepages):
        return False
    return is_homepage(response.url, homepages)
