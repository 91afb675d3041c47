"""The crawl's DNS resolver: Scrapy's caching resolver that refuses private answers.

Installed as `TWISTED_DNS_RESOLVER`, it is the one place every connection's host name is
resolved (cached answers included), so a name that resolves to a private address the config
does not allow (`crawl.allow_private`) is never connected to — whatever the page, the link or
the redirect that named it. The downloader middleware (`crawler.guard`) asks it first and
records such a request as `blocked_address`; when the connection itself asks, the refusal
shows as a failed lookup.
"""

from __future__ import annotations

from scrapy.resolver import CachingThreadedResolver
from twisted.internet.error import DNSLookupError

from crawler.addresses import AddressPolicy, parse_ip

ALLOW_PRIVATE = "ZWGK_ALLOW_PRIVATE"


class RefusedLookupError(DNSLookupError):
    """The name resolves to a private address the config does not allow."""


class GuardedResolver(CachingThreadedResolver):
    """`CachingThreadedResolver` (IPv4, DNS_TIMEOUT, cache) that refuses private answers."""

    def __init__(self, reactor, cache_size: int, timeout: float, policy=None):
        super().__init__(reactor, cache_size, timeout)
        self.policy: AddressPolicy = policy or AddressPolicy()

    @classmethod
    def from_crawler(cls, crawler, reactor):
        resolver = super().from_crawler(crawler, reactor)
        resolver.policy = AddressPolicy(crawler.settings.getlist(ALLOW_PRIVATE))
        return resolver

    def getHostByName(self, name: str, timeout=()):  # noqa: N802  (Twisted's interface)
        return super().getHostByName(name, timeout).addCallback(self._checked, name)

    def _checked(self, address: str, name: str) -> str:
        ip = parse_ip(address)
        if ip is not None and self.policy.refuses(name, ip):
            raise RefusedLookupError(f"{name} resolves to private address {address}")
        return address
