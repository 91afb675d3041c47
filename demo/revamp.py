"""A rebuilt site (改版, `zwgk demo --revamp ID`): its columns and articles moved to new
addresses (demo/urls.py), and its old addresses answer as a rebuilt site's do.

Most old column pages and every old article answer a soft 404 (HTTP 200, 您访问的页面不存在);
the old pages of every `REDIRECT_EVERY`-th column (the second, the sixth …) redirect (302)
to the homepage. The homepage and the 信息公开 index keep their addresses and link the new
columns; the config the demo writes keeps the old ones (it predates the revamp), so a correct
monitor reports the site as changed (site_changed), not its columns as unreachable.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from demo import render_plain, render_trs, urls
from demo.faults import SOFT404_PAGE
from demo.model import Agency, Column
from demo.response import Response, redirect, utf8_page
from demo.roster import PLAIN, TRS

REDIRECT_EVERY = 4  # columns 1, 5, 9 … (0-based, of the disclosure columns) redirect


def before(agency: Agency) -> Agency:
    """The agency as its site stood before the revamp (its old addresses)."""
    return replace(agency, revamped=False)


def redirects(agency: Agency, column: Column) -> bool:
    """Whether the column's old pages redirect to the homepage (else: a soft 404)."""
    position = [c.id for c in agency.disclosure_columns()].index(column.id)
    return position % REDIRECT_EVERY == 1


def old_pages(agency: Agency) -> Iterator[tuple[str, Response]]:
    """(old path, its answer now) of every list page and article of the old site."""
    old, gone = before(agency), utf8_page(SOFT404_PAGE)
    for column in agency.disclosure_columns():
        answer = redirect(urls.home(agency)) if redirects(agency, column) else gone
        for page in range(1, _page_count(agency, column) + 1):
            path = urls.column_page(old, column, page)
            yield path, answer
            if page == 1:
                yield path.removesuffix("index.html"), answer  # the folder's address
        for pub in column.publications:
            yield urls.article(old, column, pub), gone


def _page_count(agency: Agency, column: Column) -> int:
    if agency.family == PLAIN:
        return render_plain.page_count(column)
    if agency.family == TRS:
        return render_trs.page_count(column)
    return 1  # Hanweb: one page, the rest through dataproxy.jsp
