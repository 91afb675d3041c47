"""One document fetched outside a crawl (`zwgk inspect annual-report URL`), under the crawl's
address rules: only http(s), never a private address that the policy does not allow
(`crawler.addresses`, as in `crawler.guard`), and never more than `max_bytes`.

The host name is resolved once and the connection goes to the address judged, so a name
cannot answer a public address to the check and a private one to the connection. Redirects
are followed by hand, each target judged again. The page a user names is theirs to name: the
command allows its host, so a link found in it may go back to that host but nowhere private.
"""

from __future__ import annotations

import http.client
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from crawler.addresses import AddressPolicy, parse_ip
from crawler.config import USER_AGENT

MAX_BYTES = 10 * 1024 * 1024  # as crawl.max_page_bytes's default
MAX_REDIRECTS = 5
TIMEOUT = 30.0
REDIRECTS = (301, 302, 303, 307, 308)


class RefusedFetchError(OSError):
    """The address may not be requested, or the answer is not one to read."""


@dataclass(frozen=True)
class Document:
    url: str  # after redirects
    data: bytes
    content_type: str


def fetch_document(
    url: str, policy: AddressPolicy, max_bytes: int = MAX_BYTES, timeout: float = TIMEOUT
) -> Document:
    for _ in range(MAX_REDIRECTS + 1):
        response, connection = _request(url, policy, timeout)
        try:
            location = response.getheader("Location")
            if response.status in REDIRECTS and location:
                url = urljoin(url, location)
                continue
            if response.status >= 400:
                raise RefusedFetchError(f"HTTP {response.status} from {url}")
            data = response.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise RefusedFetchError(f"{url} is larger than {max_bytes} bytes: not read")
            return Document(url, data, response.getheader("Content-Type") or "")
        finally:
            connection.close()
    raise RefusedFetchError(f"more than {MAX_REDIRECTS} redirects from {url}")


def _request(url: str, policy: AddressPolicy, timeout: float):
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RefusedFetchError(f"{url}: only http(s) URLs are requested")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    address = judged_address(parts.hostname, port, policy)
    kind = PinnedHTTPSConnection if parts.scheme == "https" else PinnedHTTPConnection
    connection = kind(parts.hostname, port, address=address, timeout=timeout)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    connection.request("GET", path, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    return connection.getresponse(), connection


def judged_address(host: str, port: int, policy: AddressPolicy) -> str:
    """The address to connect to; refused when any answer for the name is private."""
    if parse_ip(host) is not None:
        answers = [host.strip("[]")]
    else:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise RefusedFetchError(f"cannot resolve {host}: {exc}") from exc
        answers = list(dict.fromkeys(info[4][0] for info in infos))
    for answer in answers:
        ip = parse_ip(answer)
        if ip is None or policy.refuses(host, ip):
            raise RefusedFetchError(f"{host} is (or resolves to) private address {answer}")
    return answers[0]


class PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the judged address, whatever the name resolves to now."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class PinnedHTTPSConnection(http.client.HTTPSConnection):
    """As `PinnedHTTPConnection`, with the certificate checked against the host name."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address = address

    def connect(self) -> None:
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)
