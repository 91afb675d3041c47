"""Name what went wrong with a request: the outcomes a column state and a fetch record use."""

from __future__ import annotations

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as net
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

OK = "ok"
UNPARSED = "unparsed"
HTTP_ERROR = "http_error"
TIMEOUT = "timeout"
UNREACHABLE = "unreachable"
ERROR = "error"

TIMEOUTS = (DownloadTimeoutError, net.TimeoutError, net.TCPTimedOutError)
UNREACHABLE_ERRORS = (
    DownloadConnectionRefusedError,
    CannotResolveHostError,
    DownloadFailedError,
    ResponseDataLossError,
    net.ConnectError,
    net.DNSLookupError,
    net.ConnectionLost,
    net.ConnectionDone,
    ResponseFailed,
    ResponseNeverReceived,
)


def classify(failure: Failure) -> tuple[str, int | None, str]:
    """(outcome, HTTP status or None, error text) of a failed request."""
    exc = failure.value
    retries = failure.request.meta.get("retry_times", 0) if hasattr(failure, "request") else 0
    note = f" ({retries + 1} attempts)" if retries else ""
    if isinstance(exc, HttpError):
        status = exc.response.status
        return HTTP_ERROR, status, f"HTTP {status}{note}"
    if isinstance(exc, TIMEOUTS):
        return TIMEOUT, None, f"{_describe(exc)}{note}"
    if isinstance(exc, UNREACHABLE_ERRORS):
        return UNREACHABLE, None, f"{_describe(exc)}{note}"
    if isinstance(exc, IgnoreRequest):
        return ERROR, None, f"request ignored: {_describe(exc)}"
    return ERROR, None, f"{_describe(exc)}{note}"


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
