"""Find an agency's disclosure columns from its 政府信息公开 entry page (`zwgk discover`).

A plain HTTP client (no Twisted reactor: the command may run in a process that crawls):
the entry page is fetched, the links of its catalog navigation are taken as candidate
columns (short link texts on the same site, never article links), and each candidate's first
page is fetched and parsed: its CMS family, how many items it lists and the newest date.
Requests go one at a time with a pause between them, and robots.txt is obeyed.
"""

from __future__ import annotations

import re
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

import yaml

from crawler.cms.base import Page
from crawler.config import USER_AGENT
from crawler.extract import extract, load_page
from crawler.links import link_url

ARTICLE_LINK = re.compile(r"/t\d{8}_\d+\.\w+$|/art_\d+_\d+\.\w+$|/art/\d{4}/")
NAME = re.compile(r"^[\u4e00-\u9fff（）()、·]{2,14}$")
SKIP_NAMES = ("首页", "网站地图", "联系我们", "更多", "返回", "上一页", "下一页", "尾页", "末页")
MAX_CANDIDATES = 60
CONTAINER = "ancestor::*[self::ul or self::ol or self::table or self::dl or self::nav][1]"
# the catalog column a name most likely is (config ids of the shipped catalogs)
COLUMN_IDS = (  # the more specific words first
    ("年度报告", "annual_report"), ("政策解读", "interpretation"), ("解读", "interpretation"),
    ("信箱", "mailbox"), ("网上咨询", "inquiry"), ("工作动态", "news"), ("政务要闻", "news"),
    ("动态", "news"), ("要闻", "news"), ("通知公告", "notices"), ("公告", "notices"),
    ("规范性文件", "normative"), ("政策文件", "policies"), ("政策", "policies"),
    ("公报", "gazette"), ("机构", "org"), ("预决算", "finance"), ("决算", "final_accounts"),
    ("预算", "budget"), ("人事", "personnel"), ("行政处罚", "penalties"),
    ("行政许可", "licensing"), ("执法", "enforcement"), ("常务会议", "meetings"),
    ("规划", "plans"), ("建议提案", "proposals"), ("预公开", "consultation"),
    ("民生", "livelihood"), ("文件", "documents"),
)  # fmt: skip


@dataclass
class FoundColumn:
    name: str
    url: str
    cms: str | None = None
    items: int = 0
    newest: date | None = None
    error: str | None = None

    @property
    def id(self) -> str:
        return guess_id(self.name, self.url)


def candidate_links(page: Page) -> list[tuple[str, str]]:
    """(name, url) of the catalog navigation's links: among the links that look like columns
    (short names, same site, never articles), those of the container holding the most."""
    host = urlsplit(page.url).hostname
    groups: dict[int, dict[str, str]] = {}
    for link in page.selector.css("a[href]"):
        name = "".join(link.css("::text").getall()).strip() or link.attrib.get("title", "")
        url = link_url(link.attrib["href"], page.url)
        if not url or not NAME.match(name) or name in SKIP_NAMES:
            continue
        path = urlsplit(url).path
        if urlsplit(url).hostname != host or ARTICLE_LINK.search(path):
            continue
        if url.split("#")[0] != page.url.split("#")[0]:
            container = link.xpath(CONTAINER)
            key = id(container[0].root) if container else 0
            groups.setdefault(key, {}).setdefault(url, name)
    best = max(groups.values(), key=len, default={})
    return [(name, url) for url, name in list(best.items())[:MAX_CANDIDATES]]


def probe_column(name: str, url: str, fetch: Callable[[str], Page]) -> FoundColumn:
    """Fetch and parse a candidate's first page (a failure is kept as its error)."""
    column = FoundColumn(name, url)
    try:
        listing = extract(fetch(url))
    except Exception as exc:  # one bad candidate never stops the discovery
        column.error = f"{type(exc).__name__}: {exc}"
        return column
    column.cms, column.items = listing.parser, len(listing.items)
    column.newest = max((item.date for item in listing.items if item.date), default=None)
    return column


def discover(url: str, delay: float = 0.5, fetch: Callable[[str], Page] | None = None):
    """The entry page's columns that a list parser reads (a generic finder's empty ones out)."""
    fetch = fetch or polite_fetcher(url, delay)
    entry = fetch(url)
    columns = [probe_column(name, link, fetch) for name, link in candidate_links(entry)]
    return [c for c in columns if c.error is None and (c.items or c.cms != "generic")]


def polite_fetcher(url: str, delay: float) -> Callable[[str], Page]:
    """A fetch function that obeys the site's robots.txt and pauses between requests."""
    robots = urllib.robotparser.RobotFileParser(f"{_origin(url)}/robots.txt")
    try:
        robots.read()
    except OSError:
        robots.allow_all = True
    last = [0.0]

    def fetch(target: str) -> Page:
        if not robots.can_fetch(USER_AGENT, target):
            raise PermissionError(f"robots.txt disallows {target}")
        time.sleep(max(0.0, last[0] + delay - time.monotonic()))
        last[0] = time.monotonic()
        return load_page(target)

    return fetch


def guess_id(name: str, url: str) -> str:
    """A config id: the catalog column the name suggests, else one made from the URL."""
    for word, column_id in COLUMN_IDS:
        if word in name:
            return column_id
    segments = [s for s in urlsplit(url).path.split("/") if s and "." not in s]
    slug = re.sub(r"[^a-z0-9_-]+", "-", (segments[-1] if segments else "column").lower())
    return slug.strip("-_") or "column"


def draft_yaml(columns: list[FoundColumn], agency_id: str | None = None) -> str:
    """A `columns:` snippet for zwgk.yaml (ids made unique; to be reviewed by hand)."""
    rows, taken = [], set()
    for column in columns:
        column_id, number = column.id, 2
        while column_id in taken:
            column_id, number = f"{column.id}-{number}", number + 1
        taken.add(column_id)
        row = {"id": column_id, "name": column.name, "url": column.url}
        if column.cms and column.cms != "generic":
            row["cms"] = column.cms
        rows.append(row)
    header = f"# columns discovered for {agency_id or 'the agency'}; review before use\n"
    return header + yaml.safe_dump({"columns": rows}, allow_unicode=True, sort_keys=False)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
