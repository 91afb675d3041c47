"""A page's visible text and its links: hidden links and links to blocked sites.

Hidden links are the classic sign of a hacked site (黑链/暗链: links to gambling or other sites
planted out of the reader's sight). An anchor is hidden when inline CSS on it or on an
ancestor hides it: display:none, visibility:hidden, opacity:0, font-size:0 with no image,
width and height 0 (or one of them with overflow:hidden), text-indent or left/top far off
screen (≤ -999px), or the `hidden` attribute. Pages hide their own links too, so a hidden
link counts only when it points to another site that is none of: a government site (.gov.cn,
.gov), a trusted host (`wordlists/trusted_hosts.yaml`: a CMS vendor's hidden credit, share
buttons), a bare IP address (government systems run on them; a planted link wants a domain
name for its ranking). A hidden block (a tab, a menu) that also links to the page's own site or
a government site is the site's furniture: its links are not counted. Styles from stylesheets
are not evaluated (a class hiding links is not seen: the check errs on the quiet side).

Blocked links: any link whose host is on the blocked_domains list (`match: domain`: the host
or a subdomain of it; `match: keyword`: the word anywhere in the host).

Basis: 《政府网站与政务新媒体检查指标》(国办秘函〔2019〕19号) 单项否决 “安全防护”: 网站被攻击篡改、
出现暗链; 《政府网站发展指引》(国办发〔2017〕47号) 安全防护: 防篡改、防病毒、防攻击.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from lxml import etree

HIDDEN_BASIS = "《政府网站与政务新媒体检查指标》单项否决：网站被篡改、出现暗链（隐藏链接）"
SKIP_TAGS = frozenset(("script", "style", "noscript", "template", "head", "title", "select",
                       "textarea", "iframe", "object", "svg"))  # fmt: skip
BLOCK_TAGS = frozenset(("p", "div", "br", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5",
                        "h6", "table", "ul", "ol", "dl", "dt", "dd", "section", "article",
                        "header", "footer", "nav", "aside", "blockquote", "pre", "form", "hr",
                        "center", "tbody", "thead", "caption", "main", "option"))  # fmt: skip
NONE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|opacity\s*:\s*0*\.?0+\s*(?:;|$|!)")
ZERO_FONT = re.compile(r"font-size\s*:\s*0+(?:\.0+)?(?:px|pt|em|rem|%)?\s*(?:;|$|!)")
ZERO_WIDTH = re.compile(r"(?<![-\w])width\s*:\s*0+(?:px|pt|em|%)?\s*(?:;|$|!)")
ZERO_HEIGHT = re.compile(r"(?<![-\w])height\s*:\s*0+(?:px|pt|em|%)?\s*(?:;|$|!)")
OVERFLOW_HIDDEN = re.compile(r"overflow\s*:\s*hidden")
OFF_SCREEN = re.compile(r"(?:(?<![-\w])left|(?<![-\w])top|text-indent)\s*:\s*-\d{4,}")
IP_HOST = re.compile(r"^[\d.]+$|^\[?[0-9a-f:]+\]?$")
GOV_HOST = re.compile(r"(?:^|\.)(?:gov\.cn|gov|政务|公益|gov\.hk|gov\.mo)$")
SPACES = re.compile(r"\s+")
LINE_BREAKS = re.compile(r" *\n[\n ]*")
ANCHOR_TAGS = ("a", "area")
PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
UTF8_PARSER = etree.HTMLParser(
    encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True
)
ABSOLUTE = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:|//")


@dataclass
class Link:
    href: str  # as written
    host: str  # '' for a relative link (the page's own host)
    element: object = field(repr=False, default=None)
    page_url: str = ""
    hidden: str = ""  # why it is hidden ('' when visible)
    hider: object = field(repr=False, default=None)  # the element hiding it: itself or an ancestor
    own_style: bool = False  # hidden by its own style, not an ancestor's

    @property
    def url(self) -> str:
        try:
            return urljoin(self.page_url, self.href)
        except ValueError:
            return self.href

    @property
    def text(self) -> str:
        return SPACES.sub(" ", "".join(self.element.itertext())).strip()


@dataclass
class Page:
    text: str
    links: list[Link] = field(default_factory=list)


def read_page(html: str, page_url: str) -> Page:
    """The visible text of `html` (blocks on their own lines) and every link in it."""
    try:
        try:
            root = etree.fromstring(html, PARSER)
        except ValueError:  # text with an XML encoding declaration: parse its UTF-8 bytes
            root = etree.fromstring(html.encode("utf-8", "replace"), UTF8_PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return Page("")
    if root is None:
        return Page("")
    body = root.find("body")
    if body is None:
        body = root
    pieces: list[str] = []
    links: list[Link] = []
    walk(body, pieces, links, page_url)
    return Page(LINE_BREAKS.sub("\n", "".join(pieces)).strip(), links)


def walk(body, pieces: list[str], links: list[Link], page_url: str) -> None:
    """Depth first without recursion (hostile pages nest deeply): text of visible elements,
    links with the reason their own style or an ancestor's hides them."""
    stack: list[tuple[object, Hiding | None, bool]] = [(body, None, False)]
    while stack:
        element, hidden, closing = stack.pop()
        if closing:  # the tail of an element belongs to its parent's visibility
            tail = element.tail
            if tail and hidden is None:
                pieces.append(SPACES.sub(" ", tail))
            continue
        tag = element.tag
        stack.append((element, hidden, True))
        if tag in SKIP_TAGS or not isinstance(tag, str):
            continue
        own = hidden
        if own is None:
            reason = hiding(element)
            own = Hiding(reason, element) if reason else None
        if tag in BLOCK_TAGS and pieces and not pieces[-1].endswith("\n"):
            pieces.append("\n")
        if tag in ANCHOR_TAGS and element.get("href"):
            links.append(link_of(element, own, page_url))
        if element.text and own is None:
            pieces.append(SPACES.sub(" ", element.text))
        if tag in BLOCK_TAGS:
            stack.append((_BREAK, None, True))
        for child in reversed(element):
            stack.append((child, own, False))


@dataclass(frozen=True)
class Hiding:
    reason: str  # display:none, left:-9999px …
    element: object  # the element whose style hides (the link itself, or an ancestor)


class _BlockEnd:
    """Stands for the end of a block element on the stack: its tail is a line break."""

    tail = "\n"


_BREAK = _BlockEnd()


def hiding(element) -> str:
    """Why the element's own attributes hide it ('' when they do not)."""
    if element.get("hidden") is not None:
        return "hidden"
    style = element.get("style")
    if not style:
        return ""
    style = style.lower()
    found = NONE.search(style) or OFF_SCREEN.search(style)
    if found:
        return found.group().rstrip(";! ")
    width, height = ZERO_WIDTH.search(style), ZERO_HEIGHT.search(style)
    if (width and height) or ((width or height) and OVERFLOW_HIDDEN.search(style)):
        return "width/height:0"
    if ZERO_FONT.search(style) and element.find(".//img") is None:
        return "font-size:0"
    return ""


def link_of(element, hidden: Hiding | None, page_url: str) -> Link:
    """The link of an anchor; its host read only from an absolute href (cheap: pages have
    hundreds of relative links)."""
    href = element.get("href").strip()
    host = ""
    if ABSOLUTE.match(href):
        try:
            host = (urlsplit(href).hostname or "").rstrip(".")
        except ValueError:
            host = ""
    if hidden is None:
        return Link(href, host, element, page_url)
    return Link(href, host, element, page_url, hidden.reason, hidden.element,
                hidden.element is element)  # fmt: skip


def site_of(host: str) -> str:
    """The registrable part of a host, roughly: a.b.gov.cn → b.gov.cn, x.example.com →
    example.com (the county's own sites share it)."""
    labels = host.split(".")
    keep = 3 if len(labels) > 2 and labels[-2] in ("gov", "com", "net", "org", "edu") else 2
    return ".".join(labels[-keep:])


def suspicious_hidden(links: list[Link], page_url: str, trusted=()) -> Iterator[Link]:
    """Hidden links to another site that is neither a government site nor trusted; a hidden
    block (a tab, a menu) that also links to the site itself or a government site is the
    site's own furniture: its links are not counted."""
    page_site = site_of((urlsplit(page_url).hostname or "").rstrip("."))

    def ours(link: Link) -> bool:
        return not link.host or site_of(link.host) == page_site or bool(GOV_HOST.search(link.host))

    furniture = {
        id(link.hider) for link in links if link.hidden and not link.own_style and ours(link)
    }
    for link in links:
        if not link.hidden or ours(link) or not link.href.lower().startswith(("http", "//")):
            continue
        if id(link.hider) in furniture or on_list(link.host, trusted) or IP_HOST.match(link.host):
            continue
        yield link


def on_list(host: str, domains) -> bool:
    return any(host == domain or host.endswith("." + domain) for domain, _ in domains)


def blocked_match(host: str, domains: list[tuple[str, object]], keywords: list[tuple[str, object]]):
    """The (pattern, value) that blocks `host`, or None."""
    for domain, value in domains:
        if host == domain or host.endswith("." + domain):
            return domain, value
    if GOV_HOST.search(host):
        return None  # a keyword never blocks a government host
    for keyword, value in keywords:
        if keyword in host:
            return keyword, value
    return None
