"""Whether a group of alike links is a list of publications, judged the way a reader would.

A publication list has several distinct links with dates, or long titles pointing at
document pages. These do not qualify, however regular their markup:

- navigation, menus and tab labels: short titles, or links to column pages (`/col/col12/`,
  `/channels/12.html`, `index.php?a=lists&catid=12`, `news.php?cid=3`, folders, `index.html`);
- link directories (部门网站, 乡镇, 友情链接, service platforms): undated links whose titles
  are names of agencies or sites (…局, …人民政府, …办事处, …网), site roots, or pages of
  other sites that do not look like documents;
- carousels (boxes named focus/slide/banner…, or animated by a slider script: `blocks.py`);
- one URL behind many names.

Document pages are recognised by the URL shapes CMSs give them: Hanweb `/art/2024/3/10/
art_1_2.html`, TRS `t20240310_123.html`, 集约化 `content/post_123.html`, VSB `info/1034/5678.htm`,
SiteServer `/contents/12/345.html`, date folders (`/2024/0310/123.html`,
`/2024-03-10/123.html`, `/2024/3/10/hex.shtml`), numeric pages, `?id=123` queries.
"""

from __future__ import annotations

import re
from statistics import median
from urllib.parse import parse_qsl, urlsplit

from crawler.cms.blocks import Block, Link

MIN_LINKS = 3
MIN_TITLE = 6  # median title length (characters) below which a group is navigation
LONG_TITLE = 10
NAME_LENGTH = 12  # median title length (characters) up to which off-site links are names
LIST_WORDS = ("list", "more", "channel", "column", "lanmu")  # names of column pages
COLUMN_SEGMENTS = {"col", "cols", "channels", "channel", "column", "columns", "lanmu", "node"}
COLUMN_SEGMENTS |= {"category", "list", "lists"}
COLUMN_KEYS = {"catid", "classid", "cid", "tid", "typeid", "columnid", "channelid", "chnlid"}
COLUMN_KEYS |= {"colid", "lmid", "cateid", "nodeid", "cat_id", "class_id", "uid", "pagenum"}
ID_KEYS = {"id", "aid", "articleid", "newsid", "infoid", "docid", "contentid", "artid", "nid"}
ID_KEYS |= {"itemid", "wid", "formid", "article_id", "news_id", "info_id"}
ARTICLE_URL = re.compile(
    r"/art/\d{4}/\d{1,2}/\d{1,2}/art_\d+_\d+\."  # Hanweb
    r"|/t\d{8}_\d+\."  # TRS
    r"|/(?:post|content|article|art|news|info|detail|show|view|doc)[_-]?\d+\.\w+$"
    r"|/info/\d+/\d+\.\w+$"  # VSB
    r"|/contents/\d+/\d+\.\w+$"  # SiteServer
    r"|/(?:19|20)\d{2}[-/]?\d{1,2}[-/]?\d{1,2}/[^/]+\.\w+$"  # date folders
    r"|/\d{3,}\.\w+$",  # numeric pages
    re.I,
)
NAME_ENDINGS = re.compile(
    r"(?:局|委|委员会|办|办公室|厅|院|政府|中心|街道|办事处|镇|乡|网|网站|平台|系统|门户)$"
)
REGISTRY_SUFFIXES = ("gov.cn", "com.cn", "org.cn", "net.cn", "edu.cn")


def is_list(block: Block, site: str) -> bool:
    """Whether a block of alike links on the page at `site` is a list of publications."""
    links, hrefs = block.links, block.hrefs
    if len(links) == 1:
        return lone_publication(links[0])
    if len(hrefs) < 2 or len(hrefs) < 0.7 * len(links):
        return False  # one URL behind many names: a directory, not documents
    if _share(links, lambda link: site_root(link.href)) > 0.5:
        return False
    title_length = median(len(link.title) for link in links)
    if title_length < MIN_TITLE:
        return False
    dated = _share(links, lambda link: bool(link.date_text))
    if len(hrefs) >= MIN_LINKS and dated >= 0.5:
        return True
    if is_directory(links, site):
        return False
    documents = _share(links, lambda link: document_like(link.href))
    if len(hrefs) >= MIN_LINKS:
        return documents >= 0.6 and title_length >= LONG_TITLE
    return documents == 1 and title_length >= LONG_TITLE


def is_directory(links: list[Link], site: str) -> bool:
    """Undated links named after agencies and sites, or with short names pointing to other
    sites (services, friendly links; articles of other sites have sentences for titles)."""
    if _share(links, lambda link: bool(NAME_ENDINGS.search(link.title))) >= 0.5:
        return True
    elsewhere = _share(links, lambda link: off_site(link.href, site) and not article_url(link.href))
    return elsewhere > 0.5 and median(len(link.title) for link in links) <= NAME_LENGTH


def plausible(block: Block) -> bool:
    """A list too small to judge alone, in a family of lists: half its links look like items."""
    return _share(block.links, looks_like_item) >= 0.5


def looks_like_item(link: Link) -> bool:
    return bool(link.date_text) or (document_like(link.href) and len(link.title) >= MIN_TITLE)


def lone_publication(link: Link) -> bool:
    """A column holding a single publication: one dated document link with a real title."""
    return bool(link.date_text) and document_like(link.href) and len(link.title) >= LONG_TITLE


def worth_keeping(link: Link, dated_list: bool) -> bool:
    """Inside a list, a link is an item unless it is a label: in a dated list, an undated
    link to a column (a tab label, 政策解读与回应关切 heading its own list); elsewhere a
    short link to a non-document (我也要说句话 → a form)."""
    if link.date_text:
        return True
    if dated_list:
        return document_like(link.href)
    return document_like(link.href) or len(link.title) >= MIN_TITLE + 2


def document_like(href: str) -> bool:
    """A link to a document rather than to a column, a directory or a site's home page."""
    return article_url(href) or not column(href)


def article_url(href: str) -> bool:
    """A URL shape some CMS gives its documents (or `?id=` on a page that is not a list)."""
    parts = urlsplit(href)
    if _column_path(parts.path):
        return False
    keys = {key.lower() for key, _ in parse_qsl(parts.query)}
    return bool(ARTICLE_URL.search(parts.path) or keys & ID_KEYS)


def column(href: str) -> bool:
    """A link to a column page, a folder or a list (not to a document)."""
    parts = urlsplit(href)
    if _column_path(parts.path):
        return True
    query = parse_qsl(parts.query)
    keys = {key.lower() for key, _ in query}
    if keys & ID_KEYS:
        return False
    if keys & COLUMN_KEYS or any(value.lower() == "lists" for _, value in query):
        return True
    stem = parts.path.rsplit("/", 1)[-1].split(".", 1)[0].lower()
    return stem in ("index", "default") and not query


def _column_path(path: str) -> bool:
    """A folder, a list page (`newslist.asp`) or a page under a column folder (`/col/col12/`)."""
    segments = [segment.lower() for segment in path.split("/")]
    stem = segments[-1].split(".", 1)[0]
    if not stem or any(word in stem for word in LIST_WORDS):
        return True
    return any(s in COLUMN_SEGMENTS or re.fullmatch(r"col\d+", s) for s in segments[:-1])


def site_root(href: str) -> bool:
    parts = urlsplit(href)
    return parts.path in ("", "/") and not parts.query


def off_site(href: str, site: str) -> bool:
    """Whether `href` is on another site than `site` (subdomains of one site are the site)."""
    home = urlsplit(site).hostname
    return bool(home) and _registered(urlsplit(href).hostname) != _registered(home)


def _registered(host: str | None) -> str:
    labels = (host or "").lower().split(".")
    keep = 3 if ".".join(labels[-2:]) in REGISTRY_SUFFIXES else 2
    return ".".join(labels[-keep:])


def _share(links: list[Link], test) -> float:
    return sum(1 for link in links if test(link)) / len(links)
