"""Where every page of the demo county lives (paths, relative to the server root).

Hanweb: /{site}/col/col{COLID}/index.html and /{site}/art/{Y}/{M}/{D}/art_{COLID}_{ARTID}.html;
plain: /{site}/{column}/index.html, index_{k}.html and /{site}/{column}/{YYYYMM}/t{YYYYMMDD}_{ARTID}.html.
"""

from __future__ import annotations

from urllib.parse import quote

from demo.model import Agency, Column, Publication
from demo.roster import HANWEB

PLAIN_PAGE_SIZE = 20
HANWEB_PER_PAGE = 15
HANWEB_GROUP = 3  # pages per group: the column page carries 45 records


def home(agency: Agency) -> str:
    return f"/{agency.id}/index.html"


def column_page(agency: Agency, column: Column, page: int = 1) -> str:
    if agency.family == HANWEB:
        return f"/{agency.id}/col/col{column.colid}/index.html"
    return f"/{agency.id}/{column.id}/{plain_page_name(page)}"


def plain_page_name(page: int) -> str:
    """Page 1 is index.html (never index_1.html); page k is index_k.html."""
    return "index.html" if page <= 1 else f"index_{page}.html"


def article(agency: Agency, column: Column, pub: Publication) -> str:
    day = pub.date
    if agency.family == HANWEB:
        return (
            f"/{agency.id}/art/{day.year}/{day.month}/{day.day}/art_{column.colid}_{pub.artid}.html"
        )
    return f"/{agency.id}/{column.id}/{plain_article_href(pub)[2:]}"


def plain_article_href(pub: Publication) -> str:
    """The link from a plain column page (in the same folder as the article's month folder)."""
    return f"./{pub.date:%Y%m}/t{pub.date:%Y%m%d}_{pub.artid}.html"


def dataproxy(agency: Agency) -> str:
    return f"/{agency.id}/module/web/jpage/dataproxy.jsp"


def nextgroup_href(agency: Agency, column: Column) -> str:
    return (
        f"{dataproxy(agency)}?page=1&appid=1&webid={agency.webid}&path=/"
        f"&columnid={column.colid}&unitid={column.unitid}"
        f"&webname={quote(agency.name)}&permissiontype=0"
    )


def sitemap(agency: Agency) -> str:
    return f"/{agency.id}/wzdt/index.html"


def contact(agency: Agency) -> str:
    return f"/{agency.id}/lxwm/index.html"


def disclosure_index(agency: Agency) -> str:
    """The 政府信息公开 overview page: links to the disclosure columns."""
    return f"/{agency.id}/xxgk/index.html"
