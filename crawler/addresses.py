"""Which addresses the crawler may request: public ones, and the private ones the config lists.

Sites and pages are hostile input: a list entry, a link or a redirect may point at the
monitor's own machine or its network (loopback, RFC 1918 and fc00::/7, link-local, multicast,
unspecified, reserved, shared and documentation ranges — anything not globally reachable).
Such an address is refused unless `crawl.allow_private` lists it, its network (CIDR) or the
host name it was reached by. Pure: the downloader middleware and the DNS resolver use it.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def parse_ip(text: str) -> IpAddress | None:
    """The address an IP literal (`10.0.0.1`, `::1`, `[::1]`) names, else None."""
    try:
        ip = ipaddress.ip_address(text.strip("[]"))
    except ValueError:
        return None
    mapped = getattr(ip, "ipv4_mapped", None)  # ::ffff:127.0.0.1 is 127.0.0.1
    return mapped or ip


def is_private(ip: IpAddress) -> bool:
    """Not an address of the public internet (multicast is never a web server either)."""
    return not ip.is_global or ip.is_multicast


class AddressPolicy:
    """Refuses private addresses, except the listed hosts, addresses and networks."""

    def __init__(self, allowed: Iterable[str] = ()):
        self.hosts: set[str] = set()
        self.networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = []
        for entry in allowed:
            entry = entry.strip().lower()
            if "/" in entry or parse_ip(entry):
                self.networks.append(ipaddress.ip_network(parse_ip(entry) or entry, strict=False))
            elif entry:
                self.hosts.add(entry)

    def refuses(self, host: str, ip: IpAddress) -> bool:
        """Whether `host`, found at `ip`, must not be requested."""
        if not is_private(ip) or host.lower().strip("[]") in self.hosts:
            return False
        return not any(ip in network for network in self.networks)

    def refuses_literal(self, host: str) -> bool:
        """Whether `host` is an IP literal that must not be requested (names: see the DNS)."""
        ip = parse_ip(host)
        return ip is not None and self.refuses(host, ip)
