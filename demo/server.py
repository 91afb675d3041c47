"""`DemoServer(county)`: the county's sites on a real HTTP server at 127.0.0.1, a free port.

    with DemoServer(build_county(date(2026, 11, 27))) as server:
        ...  # e.g. GET f"{server.base_url}/qx-gov/index.html"

`faults` maps a path prefix to a handler that may take over the response: the county's own
faults (demo/faults.py) are installed at start, and a test adds more with `inject(fault)`;
`stop()` wakes the handlers that keep a client waiting (timeouts, slow answers).
Every 200 answer to a GET carries an ETag and a Last-Modified, and a conditional request
whose validator matches gets 304 (set `validators = False` to serve neither). `log` keeps
(method, path, status) of every answer, for tests to count requests. A page that prints a
visit counter (demo/widgets.py) changes with every answer, as on old sites.
"""

from __future__ import annotations

import hashlib
import sys
import threading
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, time
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from demo.faults import DemoFault, FaultHandlers, fault_prefix
from demo.model import County
from demo.response import Response
from demo.site import Site
from demo.widgets import VISITS

# A fault handler gets the request handler; it returns True when it has answered the request.
Fault = Callable[[BaseHTTPRequestHandler], bool]
MAX_FORM_BYTES = 64 * 1024


class QuietServer(ThreadingHTTPServer):
    """A client that hangs up (a crawl killed, a timeout given up) is no error of the site."""

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class DemoServer:
    def __init__(self, county: County, port: int = 0):
        self.county = county
        self.port = port
        self.site = Site(county)
        self.faults: dict[str, Fault] = {}
        self.fault_handlers = FaultHandlers()
        self.validators = True
        self.log: list[tuple[str, str, int]] = []
        self.visits = 0  # the visit counter some pages print
        self.lock = threading.Lock()
        self.stopping = threading.Event()  # wakes the fault handlers that keep a client waiting
        self.last_modified = http_date(county.day)
        for fault in county.faults:
            self.inject(fault)
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        if self._httpd is None:
            raise RuntimeError("the demo server is not running")
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> str:
        """Bind 127.0.0.1 (the given port, else a free one), serve in a thread, return the URL.

        A site's URLs are its publications' identity: the demo asks for the port it used
        last time, so a re-run into the same folder sees the same site.
        """
        if self._httpd is None:
            self.stopping.clear()
            self._httpd = self._bind()
            self._httpd.daemon_threads = True
            self._thread = threading.Thread(
                target=self._httpd.serve_forever, name="zwgk-demo-server", daemon=True
            )
            self._thread.start()
        return self.base_url

    def _bind(self) -> ThreadingHTTPServer:
        handler = _handler_for(self)
        if self.port:
            try:
                return QuietServer(("127.0.0.1", self.port), handler)
            except OSError:
                pass  # taken: fall back to a free port
        return QuietServer(("127.0.0.1", 0), handler)

    def stop(self) -> None:
        if self._httpd is not None:
            self.stopping.set()
            self._httpd.shutdown()
            self._httpd.server_close()
            self._thread.join(timeout=5)
            self._httpd = self._thread = None

    def __enter__(self) -> DemoServer:
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def fault_for(self, path: str) -> Fault | None:
        """The handler of the longest fault prefix `path` starts with."""
        matches = [prefix for prefix in self.faults if path.startswith(prefix)]
        return self.faults[max(matches, key=len)] if matches else None

    def inject(self, fault: DemoFault, prefix: str | None = None) -> str:
        """Serve `fault` on its column or site (or on `prefix`); returns the prefix."""
        prefix = prefix or fault_prefix(self.county, fault)
        self.faults[prefix] = self.fault_handlers.handler(fault)
        return prefix

    @contextmanager
    def injected(self, fault: DemoFault, prefix: str | None = None):
        """`inject` for the duration of a `with` block."""
        prefix = self.inject(fault, prefix)
        try:
            yield prefix
        finally:
            self.faults.pop(prefix, None)

    @contextmanager
    def serving(self, county: County):
        """Serve another state of the county (same URLs) for the duration of a `with` block."""
        saved = self.county, self.site, self.last_modified
        self.county, self.site = county, Site(county)
        self.last_modified = http_date(county.day)
        try:
            yield self
        finally:
            self.county, self.site, self.last_modified = saved

    def counted(self, response: Response) -> Response:
        """The page with its visit counter, if it prints one, advanced by this visit."""
        marker = VISITS.encode()
        if marker not in response.body:
            return response
        with self.lock:
            self.visits += 1
            count = 102400 + self.visits
        return replace(response, body=response.body.replace(marker, str(count).encode()))

    def requests(self, prefix: str = "/", method: str | None = None) -> list[tuple]:
        """The logged answers under `prefix` (of one method, if given)."""
        return [row for row in list(self.log)
                if row[1].startswith(prefix) and method in (None, row[0])]  # fmt: skip


def _handler_for(server: DemoServer) -> type[BaseHTTPRequestHandler]:
    class Handler(DemoHandler):
        demo = server

    return Handler


class DemoHandler(BaseHTTPRequestHandler):
    demo: DemoServer
    form: dict[str, str]  # a POST's fields (set by do_POST)
    protocol_version = "HTTP/1.1"  # keep-alive: a crawl reuses connections
    disable_nagle_algorithm = True  # headers and body go out in separate writes
    server_version = "zwgk-demo"
    sys_version = ""

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if not self._faulted(path):
            self._send_conditional(self.demo.counted(self.demo.site.get(path)))

    def do_HEAD(self) -> None:
        path = urlsplit(self.path).path
        if not self._faulted(path):
            self._send_conditional(self.demo.counted(self.demo.site.get(path)), body=False)

    def do_POST(self) -> None:
        parts = urlsplit(self.path)
        length = min(int(self.headers.get("Content-Length") or 0), MAX_FORM_BYTES)
        form = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        self.form = dict(parse_qsl(form, keep_blank_values=True))
        self.form.update(parse_qsl(parts.query, keep_blank_values=True))
        if not self._faulted(parts.path):
            self._send(self.site_response())

    def site_response(self) -> Response:
        """What the site answers this request, faults aside."""
        path = urlsplit(self.path).path
        if self.command == "POST":
            return self.demo.site.post(path, self.form)
        return self.demo.site.get(path)

    def _faulted(self, path: str) -> bool:
        fault = self.demo.fault_for(path)
        return bool(fault and fault(self))

    def _send_conditional(self, response: Response, body: bool = True) -> None:
        if response.status != 200 or not self.demo.validators:
            self._send(response, body=body)
            return
        validators = {"ETag": etag(response.body), "Last-Modified": self.demo.last_modified}
        if self._not_modified(validators):
            self._send(Response(304, response.content_type, b""), validators, body=False)
        else:
            self._send(response, validators, body=body)

    def _not_modified(self, validators: dict[str, str]) -> bool:
        match = self.headers.get("If-None-Match")
        if match is not None:
            return validators["ETag"] in {tag.strip() for tag in match.split(",")} or match == "*"
        since = self.headers.get("If-Modified-Since")
        try:
            return bool(since) and parsedate_to_datetime(since) >= parsedate_to_datetime(
                validators["Last-Modified"]
            )
        except (TypeError, ValueError):
            return False

    def send_page(self, response: Response, headers: dict[str, str]) -> None:
        """Answer with `response` and extra `headers` (fault handlers use this)."""
        self._send(response, headers, body=self.command != "HEAD")

    def _send(self, response: Response, headers: dict | None = None, body: bool = True) -> None:
        self.demo.log.append((self.command, urlsplit(self.path).path, response.status))
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        for name, value in [*response.headers, *(headers or {}).items()]:
            self.send_header(name, value)
        if response.status != 304:
            self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if body:
            self.wfile.write(response.body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        """Quiet: no request log on stderr."""


def etag(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=8).hexdigest() + '"'


def http_date(day) -> str:
    return format_datetime(datetime.combine(day, time(), UTC), usegmt=True)
