"""A whole county's agencies and their columns, from its portal (`zwgk discover --county`).

The walk is the one an inspector makes by hand: the portal's 政府信息公开 entry; there, the
county government's own disclosure page (县政府信息公开) and the agency directories (部门信息
公开, 乡镇（街道）信息公开, 机构导航); in each directory, the agencies by their full names;
for each agency, its disclosure entry — the page the directory links to, or, when that is the
agency's own homepage, the page its 信息公开 link leads to — and its column tree
(`crawler.discover_tree`). A site that cannot be reached is kept, with its error: its agency
is written to the config all the same, its columns still to be found.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from crawler.cms.base import Page
from crawler.discover_tree import FoundColumn, column_tree, named_links
from crawler.links import link_url

ENTRY = re.compile(r"^(政府)?信息公开(平台|专栏|目录)?$|^政务公开$")
OWN_ENTRY = re.compile(
    r"^(本级|(县|市|区|旗)(政府|人民政府)?)信息公开$|^(县|市|区)政府信息公开目录$"
)
DIRECTORIES = (  # (kind of the agencies listed, the directory's link text); townships first:
    # 乡镇（街道）部门信息公开 would match both
    ("township", re.compile(r"(乡镇|街道|镇街|乡镇（街道）|镇（街道）)(政府)?信息公开")),
    ("department", re.compile(r"部门信息公开|(县|市|区)直(部门|单位)信息公开|部门公开|机构导航")),
)
AGENCY_NAME = re.compile(
    r"^[\u4e00-\u9fff（）()]{3,30}(局|委员会|委|办公室|办|中心|院|人民政府|政府|办事处|街道|管委会|"
    r"管理委员会|馆|队|所|站|社|会|处)$"
)
HOME_NAMES = ("首页", "网站首页", "返回首页")
PORTAL_SUFFIX = re.compile(r"(门户网站|政府网|网站|首页)$")


@dataclass
class FoundAgency:
    name: str
    link: str  # where the portal's directory points
    directory: str  # county, department or township: the directory it was listed in
    homepage: str | None = None
    entry: str | None = None  # its 政府信息公开 page
    columns: list[FoundColumn] = field(default_factory=list)
    error: str | None = None


@dataclass
class FoundCounty:
    name: str  # the county government, as the portal's title names it
    portal: str
    entry: str
    agencies: list[FoundAgency] = field(default_factory=list)


Fetch = Callable[[str], Page]
Progress = Callable[[int, int, FoundAgency], None]


def discover_county(portal_url: str, fetch: Fetch, progress: Progress | None = None):
    """The county's agencies, each with its columns (agencies in directory order)."""
    portal = fetch(portal_url)
    entry_link = first_link(portal, ENTRY)
    entry = fetch(entry_link) if entry_link else portal
    county = FoundCounty(portal_name(portal), portal.url, entry.url)
    chrome = frozenset(c.url for page in (portal, entry) for c in named_links(page))
    listed = list(listed_agencies(county, entry, fetch))
    for number, agency in enumerate(listed, 1):
        discover_agency(agency, fetch, chrome)
        county.agencies.append(agency)
        if progress:
            progress(number, len(listed), agency)
    return county


def listed_agencies(county: FoundCounty, entry: Page, fetch: Fetch):
    """The county government first, then the directories' agencies, each once."""
    own = first_link(entry, OWN_ENTRY)
    if own:
        yield FoundAgency(county.name, own, "county")
    seen = {own}
    directories = directory_links(entry)
    for kind in ("department", "township"):
        for link in directories.get(kind, []):
            for name, url in directory_agencies(fetch(link)):
                if url not in seen:
                    seen.add(url)
                    yield FoundAgency(name, url, kind)


def directory_links(entry: Page) -> dict[str, list[str]]:
    """The entry page's directory links by the kind of agency they list."""
    found: dict[str, list[str]] = {}
    for link in named_links(entry):
        kind = next((kind for kind, pattern in DIRECTORIES if pattern.search(link.name)), None)
        if kind and link.url not in found.get(kind, []):
            found.setdefault(kind, []).append(link.url)
    return found


def directory_agencies(page: Page) -> list[tuple[str, str]]:
    """(name, link) of the agencies a directory page lists, by their full names; links to
    other sites count (an agency on its own site)."""
    found: dict[str, str] = {}
    for anchor in page.selector.css("a[href]"):
        name = "".join(anchor.css("::text").getall()).strip()
        url = link_url(anchor.attrib["href"], page.url) if AGENCY_NAME.match(name) else None
        if url:
            found.setdefault(url, name)
    return [(name, url) for url, name in found.items()]


def discover_agency(agency: FoundAgency, fetch: Fetch, chrome: frozenset[str]) -> None:
    """The agency's entry page, homepage and columns; an error if its site cannot be read."""
    try:
        page = fetch(agency.link)
        own_entry = first_link(page, ENTRY)
        if own_entry and own_entry != page.url:  # the link led to the agency's homepage
            agency.homepage = page.url
            page = fetch(own_entry)
        agency.entry = page.url
    except OSError as exc:
        agency.error = f"{type(exc).__name__}: {exc}"
        agency.homepage = agency.homepage or agency.link
        return
    agency.homepage = agency.homepage or site_home(page)
    agency.columns = column_tree(page, fetch, chrome - {agency.entry})


def site_home(page: Page) -> str | None:
    """The page's link to its own site's homepage: the 首页 link deepest in its folders."""
    own_root = _first_segment(page.url)
    homes = [link.url for link in named_links_all(page) if link.text in HOME_NAMES]
    same_site = [url for url in homes if _first_segment(url) == own_root]
    return (same_site or homes or [None])[0]


@dataclass(frozen=True)
class Link:
    text: str
    url: str


def named_links_all(page: Page) -> list[Link]:
    """Every link of the page with a text, short names included (首页)."""
    links = []
    for anchor in page.selector.css("a[href]"):
        text = "".join(anchor.css("::text").getall()).strip()
        url = link_url(anchor.attrib["href"], page.url) if text else None
        if url:
            links.append(Link(text, url))
    return links


def first_link(page: Page, pattern: re.Pattern) -> str | None:
    """The first link whose text matches `pattern`, on the page's own site or not."""
    for link in named_links_all(page):
        if pattern.search(link.text):
            return link.url
    return None


def portal_name(page: Page) -> str:
    """The county government's name, from the portal's title (门户网站 and the like cut)."""
    title = (page.selector.css("title::text").get() or "").strip()
    name = re.split(r"[-_|－—\s]+", title)[0] if title else ""
    return PORTAL_SUFFIX.sub("", name) or name


def _first_segment(url: str) -> str:
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    return f"{parts.netloc}/{segments[0] if len(segments) > 1 else ''}"
