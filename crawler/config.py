"""The crawler's settings model: how politely and how far to crawl, and the columns to walk.

Validated with pydantic (`extra="forbid"`). These are the `crawl:` and `columns[]` keys of
zwgk.yaml, as the crawler reads them.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Annotated
from urllib.parse import urlsplit

from cssselect import SelectorError
from parsel import Selector
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from crawler.cms.select import UnknownParserError, parser_class

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def check_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {value!r}")
    if any(ch.isspace() for ch in value):
        raise ValueError(f"URL contains whitespace: {value!r}")
    try:
        _ = parts.port
    except ValueError as exc:
        raise ValueError(f"bad port in URL: {value!r}") from exc
    return value


def check_optional_url(value: str | None) -> str | None:
    return None if value is None else check_url(value)


def check_private_entry(value: str) -> str:
    """A host name, an IP address or a CIDR network, in its canonical spelling."""
    entry = value.strip().lower()
    try:
        if "/" in entry:
            return str(ipaddress.ip_network(entry))
        if re.fullmatch(r"[\d.]+|.*:.*", entry):  # spelled like an IPv4 or IPv6 address
            return str(ipaddress.ip_address(entry.strip("[]")))
    except ValueError as exc:
        raise ValueError(f"not an IP address or CIDR network: {value!r} ({exc})") from None
    if not re.fullmatch(r"[\w-]+(\.[\w-]+)*\.?", entry):
        raise ValueError(f"not a host name, IP address or CIDR network: {value!r}")
    return entry.rstrip(".")


def check_selector(value: str) -> str:
    """CSS, or XPath when it starts with `/`, `./` or `(` (as crawler.cms.selectors reads it)."""
    query = value.strip()
    page = Selector(text="<html></html>")
    try:
        page.xpath(query) if query.startswith(("/", "./", "(")) else page.css(query)
    except (SelectorError, ValueError) as exc:
        raise ValueError(f"bad selector {value!r}: {exc}") from exc
    return value


def check_cms(value: str) -> str:
    try:
        parser_class(value)
    except UnknownParserError as exc:
        raise ValueError(str(exc)) from None
    return value


SelectorText = Annotated[str, AfterValidator(check_selector)]


class Selectors(Model):
    """CSS or XPath selectors for a list page no parser recognises.

    Each is CSS, or XPath when it starts with `/`, `./` or `(`; all but `item` and `next` are
    relative to an item row.
    """

    item: SelectorText = Field(description="The item rows of the list.")
    title: SelectorText = Field(
        default="a",
        description="In a row: the title; an element is read like any list link (its `title=` "
        "when the text is cut), `::text`/`::attr()` values as they are.",
    )
    href: SelectorText = Field(
        default="a::attr(href)", description="In a row: the link to the publication."
    )
    date: SelectorText | None = Field(
        default=None,
        description="In a row: the publication date; a date without a year gets one from its "
        "neighbours. null: the items have no dates.",
    )
    next: SelectorText | None = Field(
        default=None,
        description="On the page: the link to the next list page. null: the list has one page.",
    )


class Column(Model):
    """A column (栏目) as the spider walks it."""

    id: str = Field(
        pattern=ID_PATTERN,
        description="Lower-case letters, digits, `-`, `_`; unique within the agency.",
    )
    name: str = Field(min_length=1, description="The column's name (栏目名称).")
    url: str = Field(description="The column's first list page (http or https).")
    cms: Annotated[str, AfterValidator(check_cms)] | None = Field(
        default=None,
        description="The parser of its list pages, one of those under Crawling; "
        "null: detected from the page.",
    )
    selectors: Selectors | None = Field(
        default=None,
        description="CSS/XPath selectors for a list page no parser recognises.",
    )
    max_pages: int = Field(
        default=50, ge=1, description="The most list pages walked, whatever a pager declares."
    )
    keep_content: bool = Field(
        default=False,
        description="Keep detail pages' body HTML, and read every listed publication's detail "
        "page whatever `crawl.detail_max_age_days` says. In zwgk.yaml the default is `true` "
        "for the `annual_report` column, whose pages are inspected for their format. A kept "
        "page that names a report (年度报告, 年报) but only frames or links it (a PDF, a pdf.js "
        "viewer, a .docx 附件) leads to one more request, under the same address rules and size "
        "limit: the document, read as HTML, becomes the publication's content (its address in "
        "`report_document`); one that is gone or unreadable leaves the page's own content.",
    )

    _url = field_validator("url")(check_url)


USER_AGENT = "zwgk/0.1 (government disclosure compliance monitor)"


class CrawlSettings(Model):
    """How politely and how far the crawler reads the sites."""

    obey_robots: bool = Field(default=True, description="Obey the sites' robots.txt.")
    concurrency_per_domain: int = Field(
        default=2, ge=1, le=32, description="The most requests in flight to one site."
    )
    autothrottle: bool = Field(
        default=True,
        description="Slow down for a site that answers slowly (Scrapy's AutoThrottle).",
    )
    download_delay: float = Field(
        default=0.5, ge=0, description="Seconds between requests to one site."
    )
    timeout: float = Field(
        default=30, gt=0, description="Seconds to wait for a DNS answer and for a response."
    )
    retries: int = Field(
        default=2, ge=0, description="Retries of a request that failed (5xx, 429, timeouts)."
    )
    retry_backoff: float = Field(
        default=1.0, ge=0, description="Seconds before the first retry, doubled each time."
    )
    user_agent: str = Field(
        default=USER_AGENT, description="The User-Agent header of every request."
    )
    full_crawl_days: int = Field(
        default=28,
        ge=0,
        description="Walk each column to its end this often (0: every crawl), and only then "
        "mark publications no longer listed removed; otherwise a crawl stops paginating at "
        "the first page whose items are all known.",
    )
    detail_pages: bool = Field(
        default=True,
        description="Read each new publication's detail page once "
        "(索引号, 发布机构, 生成日期, 文号).",
    )
    detail_max_age_days: int | None = Field(
        default=None,
        ge=0,
        description="Read detail pages only of publications dated within this many days; "
        "older ones are listed only. null: all.",
    )
    page_reader_process: bool = Field(
        default=True,
        description="Read detail pages (their metadata, the content checks) in a helper "
        "process, on another core, once a crawl has read 100 of them; false: all in the "
        "crawl's own process.",
    )
    check_links: bool = Field(
        default=True, description="Check the links on homepages and column pages."
    )
    max_links_per_page: int = Field(
        default=200, ge=0, description="The most links checked on one page."
    )
    external_delay: float = Field(
        default=2.0,
        ge=0,
        description="Seconds between requests to sites other than the configured ones "
        "(checked links), one at a time.",
    )
    max_page_bytes: int = Field(
        default=10 * 1024 * 1024,
        ge=1024,
        description="The most bytes read of one answer, decompressed (10 MB); a larger one is "
        "`too_large`, never parsed.",
    )
    redis: str | None = Field(
        default=None,
        description="A Redis server (`redis://host:6379/0`) to crawl through: the cycle "
        "publishes the crawl there and stores what the workers (`zwgk crawl --redis URL`, on "
        "any machines) send back. null: the crawl runs in the monitor's own process.",
    )
    allow_private: list[Annotated[str, AfterValidator(check_private_entry)]] = Field(
        default=[],
        description="Host names, IP addresses or CIDR networks (`10.0.0.0/8`) that may be "
        "requested although private. Every other loopback, private (RFC 1918, fc00::/7), "
        "link-local, multicast, unspecified or reserved address is never requested "
        "(`blocked_address`): also when a host name resolves to one, and even for a "
        "configured site (a site on the intranet must be listed; a proxy on a private "
        "address too).",
    )
