"""Downloader middleware: which redirects are followed.

It sees a redirect before Scrapy's RedirectMiddleware does, and stops it when
- the target is off the sites (`offsite_redirect`): a target is on-site only when its origin
  — (scheme, host, port), the port made explicit — is the request's own or one of the
  configured sites'. One exception: the upgrade of an allowed `http://host` (port 80) to
  `https://host` (port 443), which sites do when they move to HTTPS. Another port of the
  same host is another site;
- the target was already requested in this chain of redirects (a redirect to the URL itself
  included), or the chain is longer than REDIRECT_MAX_TIMES (`redirect_loop`).
A target that passes is requested like any other URL, so `crawler.guard` judges its address.
"""

from __future__ import annotations

from urllib.parse import urljoin

from w3lib.url import safe_url_string

from crawler.faults import OffsiteRedirectError, RedirectLoopError
from crawler.urls import Origin, canonical_url, origin

SITE_ORIGINS = "ZWGK_SITE_ORIGINS"
CHAIN = "zwgk_redirect_chain"  # (method, canonical URL) of each request of the chain so far
REDIRECTS = frozenset({301, 302, 303, 307, 308})  # those Scrapy's RedirectMiddleware follows


class RedirectGuardMiddleware:
    """Stops redirects off the sites' origins and redirect loops (see the module)."""

    def __init__(self, origins: frozenset[Origin], max_redirects: int):
        self.origins, self.max_redirects = origins, max_redirects

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        origins = frozenset(origin(url) for url in settings.getlist(SITE_ORIGINS))
        return cls(origins, settings.getint("REDIRECT_MAX_TIMES"))

    def process_response(self, request, response):
        target = redirect_target(request, response)
        if target is None:
            return response
        chain = [*request.meta.get(CHAIN, []), (request.method, canonical_url(request.url))]
        if (method_after(request.method, response.status), canonical_url(target)) in chain:
            raise RedirectLoopError(f"HTTP {response.status} redirect loop back to {target}")
        if len(chain) > self.max_redirects:
            raise RedirectLoopError(f"more than {self.max_redirects} redirects, last to {target}")
        if not on_site(target, request.url, self.origins):
            raise OffsiteRedirectError(f"HTTP {response.status} redirect off the sites to {target}")
        request.meta[CHAIN] = chain  # the redirected request inherits a copy of the meta
        return response


def redirect_target(request, response) -> str | None:
    """The absolute URL a response redirects to, when Scrapy would follow it."""
    location = response.headers.get("Location")
    meta = request.meta
    if response.status not in REDIRECTS or not location or meta.get("dont_redirect"):
        return None
    if response.status in meta.get("handle_httpstatus_list", ()):
        return None
    return urljoin(request.url, safe_url_string(location))


def method_after(method: str, status: int) -> str:
    """The method of the redirected request, as Scrapy's RedirectMiddleware picks it."""
    if (status in (301, 302) and method == "POST") or (
        status == 303 and method not in ("GET", "HEAD")
    ):
        return "GET"
    return method


def on_site(target: str, source: str, origins: frozenset[Origin]) -> bool:
    """Whether `target` is at `source`'s origin or a site's (or an http → https upgrade)."""
    allowed = {*origins, origin(source)}
    found = origin(target)
    if found is None:
        return False
    if found in allowed:
        return True
    scheme, host, port = found
    return (scheme, port) == ("https", 443) and ("http", host, 80) in allowed
