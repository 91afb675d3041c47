"""Where every page of the demo county lives (paths, relative to the server root).

Hanweb: /{site}/col/col{COLID}/index.html and /{site}/art/{Y}/{M}/{D}/art_{COLID}_{ARTID}.html;
plain: /{site}/{column}/index.html, index_{k}.html and /{site}/{column}/{YYYYMM}/t{YYYYMMDD}_{ARTID}.html;
TRS: /{site}/xxgk/{column}/index.html, index_{k-1}.html (page k; the suffix counts from 0) and
/{site}/xxgk/{column}/{YYYYMM}/t{YYYYMMDD}_{ARTID}.html.
"""

from __future__ import annotations

from urllib.parse import quote

from demo.model import Agency, Column, Publication
from demo.roster import HANWEB, PLAIN, TRS

PLAIN_PAGE_SIZE = 20
TRS_PAGE_SIZE = 15
HANWEB_PER_PAGE = 15
HANWEB_GROUP = 3  # pages per group: the column page carries 45 records
HOME_ITEMS = {HANWEB: 8, TRS: 6, PLAIN: 7}  # items of each homepage block
HOME_COLUMNS = {"county": ("news", "normative")}  # homepage blocks (default: news only)


def home_columns(kind: str) -> tuple[str, ...]:
    """The columns whose latest items the homepage shows, in page order."""
    return HOME_COLUMNS.get(kind, ("news",))


def home_block(agency: Agency, column: Column) -> tuple[Publication, ...]:
    return column.publications[: HOME_ITEMS[agency.family]]


def home(agency: Agency) -> str:
    return f"/{agency.id}/index.html"


def column_page(agency: Agency, column: Column, page: int = 1) -> str:
    if column.id == "homepage":  # the homepage's own list of latest items
        return home(agency)
    if agency.family == HANWEB:
        return f"/{agency.id}/col/col{column.colid}/index.html"
    if agency.family == TRS:
        return f"{trs_column_dir(agency, column)}{trs_page_name(page)}"
    return f"/{agency.id}/{column.id}/{plain_page_name(page)}"


def column_prefix(agency: Agency, column: Column) -> str:
    """The folder of a column's list pages (and, but for Hanweb, of its articles)."""
    if agency.family == HANWEB:
        return f"/{agency.id}/col/col{column.colid}/"
    if agency.family == TRS:
        return trs_column_dir(agency, column)
    return f"/{agency.id}/{column.id}/"


def list_prefix(agency: Agency, column: Column) -> str:
    """The prefix of a column's list pages alone: a column's fault never reaches its articles
    (Hanweb keeps them elsewhere anyway), nor the homepage's links to them."""
    if column.id == "homepage":
        return home(agency)
    if agency.family == HANWEB:
        return column_prefix(agency, column)
    return column_prefix(agency, column) + "index"  # index.html, index_2.html …


def trs_column_dir(agency: Agency, column: Column) -> str:
    return f"/{agency.id}/xxgk/{column.id}/"


def trs_page_name(page: int) -> str:
    """Page 1 is index.html; page k is index_{k-1}.html (TRS counts the suffix from 0)."""
    return "index.html" if page <= 1 else f"index_{page - 1}.html"


def plain_page_name(page: int) -> str:
    """Page 1 is index.html (never index_1.html); page k is index_k.html."""
    return "index.html" if page <= 1 else f"index_{page}.html"


def article(agency: Agency, column: Column, pub: Publication) -> str:
    """A publication's page, in the column it belongs to (the homepage only lists it)."""
    if pub.column_id != column.id:
        column = agency.column(pub.column_id)
    day = pub.date
    if agency.family == HANWEB:
        return (
            f"/{agency.id}/art/{day.year}/{day.month}/{day.day}/art_{column.colid}_{pub.artid}.html"
        )
    if agency.family == TRS:
        return f"{trs_column_dir(agency, column)}{plain_article_href(pub)[2:]}"
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
