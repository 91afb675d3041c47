"""Where every page of the demo county lives (paths, relative to the server root).

Hanweb: /{site}/col/col{COLID}/index.html and /{site}/art/{Y}/{M}/{D}/art_{COLID}_{ARTID}.html;
plain: /{site}/{column}/index.html, index_{k}.html and /{site}/{column}/{YYYYMM}/t{YYYYMMDD}_{ARTID}.html;
TRS: /{site}/xxgk/{column}/index.html, index_{k-1}.html (page k; the suffix counts from 0) and
/{site}/xxgk/{column}/{YYYYMM}/t{YYYYMMDD}_{ARTID}.html.

A revamped site (`Agency.revamped`, `zwgk demo --revamp`) keeps its homepage, its 信息公开
index and its group pages, and moves its columns and articles under /{site}/zwgk/: Hanweb
/{site}/zwgk/col{COLID}/index.html and /{site}/zwgk/art/{Y}/{M}/{D}/art_{COLID}_{ARTID}.html,
the others /{site}/zwgk/{column}/ with their own page and article names. A plain or TRS site
shows its column tree as group pages, /{site}/xxgk/group_{n}.html (demo/tree.py).

The county portal: /, /xxgk/index.html (政府信息公开), /xxgk/bmxxgk/index.html (部门信息公开),
/xxgk/xzxxgk/index.html (乡镇（街道）信息公开) and a few pages about disclosure (`PORTAL_PAGES`).
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
REVAMP_FOLDER = "zwgk"  # a revamped site's columns and articles live under /{site}/zwgk/
PORTAL = "/index.html"
PORTAL_ENTRY = "/xxgk/index.html"
DEPARTMENT_DIRECTORY = "/xxgk/bmxxgk/index.html"
TOWNSHIP_DIRECTORY = "/xxgk/xzxxgk/index.html"
PORTAL_PAGES = {  # the portal's pages about disclosure (no columns): path → title
    "/xxgk/gkzn/index.html": "政府信息公开指南",
    "/xxgk/gkzd/index.html": "政府信息公开制度",
    "/xxgk/ysqgk/index.html": "依申请公开",
    "/xxgk/gknb/index.html": "政府信息公开年报",
}


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
        return f"{column_prefix(agency, column)}index.html"
    if agency.family == TRS:
        return f"{column_prefix(agency, column)}{trs_page_name(page)}"
    return f"{column_prefix(agency, column)}{plain_page_name(page)}"


def column_prefix(agency: Agency, column: Column) -> str:
    """The folder of a column's list pages (and, but for Hanweb, of its articles)."""
    if agency.revamped:
        leaf = f"col{column.colid}" if agency.family == HANWEB else column.id
        return f"/{agency.id}/{REVAMP_FOLDER}/{leaf}/"
    if agency.family == HANWEB:
        return f"/{agency.id}/col/col{column.colid}/"
    if agency.family == TRS:
        return f"/{agency.id}/xxgk/{column.id}/"
    return f"/{agency.id}/{column.id}/"


def list_prefix(agency: Agency, column: Column) -> str:
    """The prefix of a column's list pages alone: a column's fault never reaches its articles
    (Hanweb keeps them elsewhere anyway), nor the homepage's links to them."""
    if column.id == "homepage":
        return home(agency)
    if agency.family == HANWEB:
        return column_prefix(agency, column)
    return column_prefix(agency, column) + "index"  # index.html, index_2.html …


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
        folder = f"/{agency.id}/{REVAMP_FOLDER}" if agency.revamped else f"/{agency.id}"
        return f"{folder}/art/{day.year}/{day.month}/{day.day}/art_{column.colid}_{pub.artid}.html"
    return f"{column_prefix(agency, column)}{plain_article_href(pub)[2:]}"


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


def group_page(agency: Agency, number: int) -> str:
    """The page listing the columns of the `number`-th first-level node of a column tree."""
    return f"/{agency.id}/xxgk/group_{number}.html"


def rel(agency: Agency, path: str) -> str:
    """A path of the agency's site relative to its root folder, /{site}/."""
    return path.removeprefix(f"/{agency.id}/")


def up(agency: Agency, path: str) -> str:
    """From the page at `path` up to its site's root folder: one '../' per folder."""
    return "../" * rel(agency, path).count("/")
