"""How far a crawl has come: columns done of the plan's, requests made, errors, the rate and
the time left, told every few seconds to the reporters named in `ZWGK_PROGRESS_REPORTERS`.

`ProgressExtension` counts from Scrapy's signals: a request is counted when it leaves the
downloader (answered or not, robots.txt and retries included), an error is a fetch record
whose outcome is neither ok nor not_modified (the dashboard's 失败的请求). The columns are read
from the spider's `results` at every tick, as a plan may gain columns while the crawl runs.

A reporter is a class built by `from_crawler` (raising `NotConfigured` to stay off) with an
`interval` in seconds, `report(progress)` and `close(progress)` for the last word.
`TerminalReporter` redraws one line on a terminal and logs a line at INFO otherwise; the store's
reporter is `monitor.crawl_progress.StoreProgressReporter`.
"""

from __future__ import annotations

import logging
import sys
import time
from collections import deque
from dataclasses import asdict, dataclass

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import create_looping_call
from scrapy.utils.misc import build_from_crawler, load_object

from crawler import faults
from crawler.items import FetchRecord

PROGRESS_REPORTERS = "ZWGK_PROGRESS_REPORTERS"  # dotted paths of reporter classes
TTY_INTERVAL = "ZWGK_PROGRESS_TTY_INTERVAL"  # seconds between redraws on a terminal
LOG_INTERVAL = "ZWGK_PROGRESS_LOG_INTERVAL"  # seconds between log lines otherwise
TERMINAL_REPORTER = "crawler.progress.TerminalReporter"
RATE_WINDOW = 60.0  # seconds: the rate is that of the last minute
OK_OUTCOMES = frozenset({faults.OK, faults.NOT_MODIFIED})
logger = logging.getLogger("zwgk.progress")


@dataclass(frozen=True)
class Progress:
    columns_total: int
    columns_done: int
    requests: int
    errors: int
    rate: float  # requests per second over the last minute
    eta_s: int | None  # seconds to the last column at the pace so far; None: no pace yet

    def as_dict(self) -> dict:
        return asdict(self)


def eta_seconds(done: int, total: int, elapsed: float) -> int | None:
    """Seconds until `total` columns are done, at the pace of the `done` ones so far."""
    if done >= total:
        return 0
    if done == 0 or elapsed <= 0:
        return None
    return round((total - done) * elapsed / done)


def format_eta(seconds: int | None) -> str:
    """`0:14:05`; `--:--:--` while there is no pace to go by."""
    if seconds is None:
        return "--:--:--"
    hours, rest = divmod(int(seconds), 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"


def format_line(progress: Progress) -> str:
    """`columns 12/240  requests 3,410  errors 7  18.2 req/s  ETA 0:14:05`"""
    return (
        f"columns {progress.columns_done}/{progress.columns_total}  "
        f"requests {progress.requests:,}  errors {progress.errors:,}  "
        f"{progress.rate:.1f} req/s  ETA {format_eta(progress.eta_s)}"
    )


class Tally:
    """Requests and errors so far, and the last minute's requests (when, how many)."""

    def __init__(self, clock=time.monotonic, requests: int = 0, errors: int = 0):
        self.clock = clock
        self.started = clock()
        self.requests, self.errors = requests, errors
        self.recent: deque[tuple[float, int]] = deque()

    def request(self, count: int = 1) -> None:
        now = self.clock()
        self.requests += count
        self.recent.append((now, count))
        self.forget_before(now - RATE_WINDOW)

    def error(self, count: int = 1) -> None:
        self.errors += count

    def forget_before(self, moment: float) -> None:
        while self.recent and self.recent[0][0] < moment:
            self.recent.popleft()

    def progress(self, results) -> Progress:
        """The progress now, `results` being the spider's column results (each `.done`)."""
        return self.progress_of(len(results), sum(1 for result in results if result.done))

    def progress_of(self, total: int, done: int, done_before: int = 0) -> Progress:
        """The progress now, of `done` columns out of `total`; the ETA from the pace of the
        columns done since the tally started (`done_before` were done when it did)."""
        now = self.clock()
        self.forget_before(now - RATE_WINDOW)
        elapsed = now - self.started
        span = min(RATE_WINDOW, elapsed)
        rate = round(sum(count for _, count in self.recent) / span, 2) if span > 0 else 0.0
        eta = eta_seconds(done - done_before, total - done_before, elapsed)
        return Progress(total, done, self.requests, self.errors, rate, eta)


class ProgressExtension:
    """Counts the crawl's progress from Scrapy's signals and tells each reporter at its own
    interval, and once more when the spider closes. A reporter's fault never stops the crawl."""

    def __init__(self, crawler, reporters: list):
        self.crawler, self.reporters = crawler, reporters
        self.tally = Tally()
        self.tasks: list = []

    @classmethod
    def from_crawler(cls, crawler):
        reporters = [reporter for path in crawler.settings.getlist(PROGRESS_REPORTERS)
                     if (reporter := build_reporter(path, crawler)) is not None]  # fmt: skip
        if not reporters:
            raise NotConfigured(f"no {PROGRESS_REPORTERS}")
        extension = cls(crawler, reporters)
        connect = crawler.signals.connect
        connect(extension.spider_opened, signal=signals.spider_opened)
        connect(extension.spider_closed, signal=signals.spider_closed)
        connect(extension.request_left, signal=signals.request_left_downloader)
        connect(extension.item_scraped, signal=signals.item_scraped)
        return extension

    def spider_opened(self, spider) -> None:
        self.tally = Tally()
        for reporter in self.reporters:
            task = create_looping_call(self.tell, reporter, "report")
            task.start(reporter.interval, now=False)
            self.tasks.append(task)

    def spider_closed(self, spider, reason: str) -> None:
        for task in self.tasks:
            if task.running:
                task.stop()
        for reporter in self.reporters:
            self.tell(reporter, "close")

    def request_left(self, request, spider) -> None:
        self.tally.request()

    def item_scraped(self, item, response, spider) -> None:
        if isinstance(item, FetchRecord) and item.outcome not in OK_OUTCOMES:
            self.tally.error()

    def progress(self) -> Progress:
        results = getattr(self.crawler.spider, "results", None) or {}
        return self.tally.progress(list(results.values()))

    def tell(self, reporter, how: str) -> None:
        try:
            getattr(reporter, how)(self.progress())
        except Exception:
            logger.warning("progress reporter %s failed", type(reporter).__name__, exc_info=True)


def build_reporter(path: str, crawler):
    """The reporter class at `path` built for `crawler`, or None when it is not configured."""
    try:
        return build_from_crawler(load_object(path), crawler)
    except NotConfigured:
        return None


class TerminalReporter:
    """On a terminal, one line redrawn in place; otherwise a log line at INFO on
    `zwgk.progress`, shown whatever the crawl's log level (WARNING by default)."""

    def __init__(self, stream, tty: bool, interval: float, log_format: str | None = None):
        self.stream, self.tty, self.interval = stream, tty, interval
        if not tty:
            log_to(stream, log_format)

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        return cls.on_stderr(settings.getfloat(TTY_INTERVAL, 2.0),
                             settings.getfloat(LOG_INTERVAL, 30.0), settings.get("LOG_FORMAT"))  # fmt: skip

    @classmethod
    def on_stderr(cls, tty_interval: float = 2.0, log_interval: float = 30.0,
                  log_format: str | None = None) -> TerminalReporter:  # fmt: skip
        """Redrawn every `tty_interval` seconds on a terminal, else a log line every
        `log_interval` seconds."""
        tty = sys.stderr.isatty()
        return cls(sys.stderr, tty, tty_interval if tty else log_interval, log_format)

    def report(self, progress: Progress) -> None:
        if self.tty:
            self.stream.write(f"\r{format_line(progress)}\x1b[K")  # erase what a longer line left
            self.stream.flush()
        else:
            logger.info(format_line(progress))

    def close(self, progress: Progress) -> None:
        self.report(progress)
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


def log_to(stream, log_format: str | None) -> None:
    """`zwgk.progress` at INFO to `stream` alone: Scrapy's root handler drops INFO at WARNING."""
    if any(getattr(handler, "stream", None) is stream for handler in logger.handlers):
        return
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(log_format or "%(asctime)s [%(name)s] %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
