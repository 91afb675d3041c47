"""Downloader middleware: no request goes to a private address the config does not allow.

Every request passes here first — column pages, list entries, detail pages, link checks,
redirect targets and robots.txt alike — and only http(s) URLs pass at all. An IP-literal host
is judged at once; a host name is resolved through the crawl's resolver (`crawler.resolver`,
which refuses private answers and caches the rest, so the connection uses the answer judged
here). A refused request fails with `BlockedAddressError`: recorded as `blocked_address`,
never sent, never retried.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy.exceptions import CannotResolveHostError
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.error import DNSLookupError

from crawler.addresses import AddressPolicy, parse_ip
from crawler.faults import BlockedAddressError
from crawler.resolver import ALLOW_PRIVATE, RefusedLookupError

WEB_SCHEMES = ("http", "https")


class AddressGuardMiddleware:
    """Refuses requests to private addresses not listed in `crawl.allow_private`."""

    def __init__(self, policy: AddressPolicy):
        self.policy = policy

    @classmethod
    def from_crawler(cls, crawler):
        return cls(AddressPolicy(crawler.settings.getlist(ALLOW_PRIVATE)))

    async def process_request(self, request):
        parts = urlsplit(request.url)
        if parts.scheme not in WEB_SCHEMES:  # a 下一页 link to file:///etc/passwd, say
            raise BlockedAddressError(f"{parts.scheme}: URLs are not requested")
        host = parts.hostname or ""
        if parse_ip(host) is not None:
            if self.policy.refuses_literal(host):
                raise BlockedAddressError(f"{host} is a private address: not requested")
            return None
        await self.resolve(host)
        return None

    async def resolve(self, host: str) -> None:
        # imported here: at module load it would install Twisted's default reactor before
        # Scrapy installs the one its settings name
        from twisted.internet import reactor

        try:
            await maybe_deferred_to_future(reactor.resolve(host))
        except RefusedLookupError as exc:
            raise BlockedAddressError(f"{exc}: not requested") from None
        except DNSLookupError as exc:  # retried, then recorded as unreachable
            raise CannotResolveHostError(str(exc)) from None
