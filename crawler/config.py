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
    """CSS selectors for a list page no parser recognises."""

    item: SelectorText
    title: SelectorText = "a"
    href: SelectorText = "a::attr(href)"
    date: SelectorText | None = None
    next: SelectorText | None = None


class Column(Model):
    """A column (栏目) as the spider walks it."""

    id: str = Field(pattern=ID_PATTERN)
    name: str = Field(min_length=1)
    url: str
    cms: Annotated[str, AfterValidator(check_cms)] | None = None
    selectors: Selectors | None = None
    max_pages: int = Field(default=50, ge=1)
    keep_content: bool = False  # keep detail pages' body HTML

    _url = field_validator("url")(check_url)


USER_AGENT = "zwgk/0.1 (government disclosure compliance monitor)"


class CrawlSettings(Model):
    obey_robots: bool = True
    concurrency_per_domain: int = Field(default=2, ge=1, le=32)
    autothrottle: bool = True
    download_delay: float = Field(default=0.5, ge=0)
    timeout: float = Field(default=30, gt=0)
    retries: int = Field(default=2, ge=0)
    retry_backoff: float = Field(default=1.0, ge=0)  # seconds before a retry, doubled each time
    user_agent: str = USER_AGENT
    full_crawl_days: int = Field(default=28, ge=0)  # walk a column fully this often; 0: always
    detail_pages: bool = True  # read new publications' detail pages (metadata) once
    detail_max_age_days: int | None = Field(default=None, ge=0)  # older ones: list only
    check_links: bool = True
    max_links_per_page: int = Field(default=200, ge=0)
    external_delay: float = Field(default=2.0, ge=0)  # seconds between requests off the sites
    max_page_bytes: int = Field(default=10 * 1024 * 1024, ge=1024)  # larger answers: too_large

    # private addresses (loopback, RFC 1918, link-local…) the crawler may request anyway:
    # host names, IP addresses or CIDR networks; everything else private is blocked_address
    allow_private: list[Annotated[str, AfterValidator(check_private_entry)]] = []
