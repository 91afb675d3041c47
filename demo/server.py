"""`DemoServer(county)`: the county's sites on a real HTTP server at 127.0.0.1, a free port.

    with DemoServer(build_county(date(2026, 11, 27))) as server:
        ...  # e.g. GET f"{server.base_url}/qx-gov/index.html"

`faults` maps a path prefix to a handler that may take over the response (for reliability
tests); it is empty unless a test fills it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from demo.model import County
from demo.site import Response, Site

# A fault handler gets the request handler; it returns True when it has answered the request.
Fault = Callable[[BaseHTTPRequestHandler], bool]
MAX_FORM_BYTES = 64 * 1024


class DemoServer:
    def __init__(self, county: County, port: int = 0):
        self.county = county
        self.port = port
        self.site = Site(county)
        self.faults: dict[str, Fault] = {}
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
                return ThreadingHTTPServer(("127.0.0.1", self.port), handler)
            except OSError:
                pass  # taken: fall back to a free port
        return ThreadingHTTPServer(("127.0.0.1", 0), handler)

    def stop(self) -> None:
        if self._httpd is not None:
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
        for prefix, fault in self.faults.items():
            if path.startswith(prefix):
                return fault
        return None


def _handler_for(server: DemoServer) -> type[BaseHTTPRequestHandler]:
    class Handler(DemoHandler):
        demo = server

    return Handler


class DemoHandler(BaseHTTPRequestHandler):
    demo: DemoServer
    protocol_version = "HTTP/1.1"  # keep-alive: a crawl reuses connections
    disable_nagle_algorithm = True  # headers and body go out in separate writes
    server_version = "zwgk-demo"
    sys_version = ""

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if not self._faulted(path):
            self._send(self.demo.site.get(path))

    def do_HEAD(self) -> None:
        path = urlsplit(self.path).path
        if not self._faulted(path):
            self._send(self.demo.site.get(path), body=False)

    def do_POST(self) -> None:
        parts = urlsplit(self.path)
        length = min(int(self.headers.get("Content-Length") or 0), MAX_FORM_BYTES)
        form = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        fields = dict(parse_qsl(form, keep_blank_values=True))
        fields.update(parse_qsl(parts.query, keep_blank_values=True))
        if not self._faulted(parts.path):
            self._send(self.demo.site.post(parts.path, fields))

    def _faulted(self, path: str) -> bool:
        fault = self.demo.fault_for(path)
        return bool(fault and fault(self))

    def _send(self, response: Response, body: bool = True) -> None:
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if body:
            self.wfile.write(response.body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        """Quiet: no request log on stderr."""
