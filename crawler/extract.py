"""Extract the publications listed on one page, as the crawl reads it, and report as JSON.

`zwgk extract FILE_OR_URL` and `zwgk discover` read a page with the parser the crawl would
pick (`crawler.cms.select.select_parser`): a page the crawl records as unparsed is refused
here with the same reason.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from crawler.addresses import AddressPolicy
from crawler.cms.base import ListPage, Page
from crawler.cms.select import select_parser
from crawler.encoding import decode_html, header_charset
from crawler.fetch_document import fetch_document


def extract(page: Page, hint: str | None = None, selectors=None) -> ListPage:
    """The items and next-page requests of `page` (`ListPage.parser` names the parser used);
    raises `ParserChoiceError` when no parser reads the page as asked."""
    return select_parser(page, hint, selectors).parse(page)


def extract_to_json(listpage: ListPage) -> dict:
    """The JSON shape of a result: `{"parser", "items": [{"title", "date", "href"}],
    "next": [{"url", "method", "formdata"}]}`, dates as `YYYY-MM-DD` or null."""
    return {
        "parser": listpage.parser,
        "items": [
            {
                "title": item.title,
                "date": item.date.isoformat() if item.date else None,
                "href": item.href,
            }
            for item in listpage.items
        ],
        "next": [
            {"url": n.url, "method": n.method, "formdata": dict(n.formdata)} for n in listpage.next
        ],
    }


def load_page(
    source: str | Path | bytes, url: str | None = None, charset: str | None = None
) -> Page:
    """A `Page` from a saved file, an http(s) URL or raw bytes, decoded with `decode_html`.

    `url` is the address the page was served at, used to resolve relative links; it
    defaults to the URL fetched, or the file's `file://` URL. `charset` is the HTTP
    header's charset, if known (a fetch reads it from `Content-Type`).
    """
    if isinstance(source, bytes):
        body, default_url = source, "http://localhost/"
    elif str(source).startswith(("http://", "https://")):
        body, default_url, header = fetch(str(source))
        charset = charset or header
    else:
        path = Path(source)
        body, default_url = path.read_bytes(), path.resolve().as_uri()
    text, _ = decode_html(body, charset)
    return Page(url=url or default_url, text=text)


def fetch(url: str) -> tuple[bytes, str, str | None]:
    """One page for `zwgk extract URL`: its bytes, its final URL and the header charset; under
    the crawl's address rules (`crawler.fetch_document`): the host the user named is allowed,
    a redirect to any other private address is refused, an answer over 10 MB is not read."""
    document = fetch_document(url, AddressPolicy([urlsplit(url).hostname or ""]))
    return document.data, document.url, header_charset(document.content_type)
