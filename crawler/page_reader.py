"""Detail pages read on the machine's other core: a helper process the crawl feeds by pipe.

A crawl is one process, and one core is busy with Scrapy's own work; reading a detail page
(decoding, the soft-404 test, its metadata, the content checks) is a third of the rest.
`PageReader` hands the pages to one long-lived helper (`python -m crawler.page_reader`):
length-prefixed pickled `DetailAnswer`s on its stdin, `DetailReading`s back on its stdout in
the same order, all on the crawl's event loop (no thread). Small crawls never start it: the
first `START_AFTER` pages are read in the crawl process, and so is every page while the
helper starts, and, if the helper dies, the pages it held and all after (none is lost). A
page the helper fails on is read again in the crawl process, which fails as it always did.
"""

from __future__ import annotations

import asyncio
import logging
import pickle
import struct
import sys
from collections import deque
from typing import BinaryIO

from crawler.detail_reading import DetailAnswer, DetailReading, read_detail
from crawler.page_checks import build_checker
from crawler.plan import ContentOptions
from rules.content_check import ContentChecker

log = logging.getLogger(__name__)
START_AFTER = 100  # pages read in the crawl process before the helper is worth its start-up
FRAME = struct.Struct("!I")  # each message: its length, then its pickle
HELPER = [sys.executable, "-m", "crawler.page_reader"]
STOP_WAIT = 10.0  # seconds the helper has to finish the pages it holds when the crawl ends


def frame(message) -> bytes:
    body = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
    return FRAME.pack(len(body)) + body


class PageReader:
    """Reads detail pages, in the helper process once the crawl has read `START_AFTER`."""

    def __init__(self, helper: bool = True, start_after: int = START_AFTER):
        self.helper_wanted, self.start_after = helper, start_after
        self.read_by_helper = 0
        self.options: ContentOptions | None = None
        self.checker: ContentChecker | None = None
        self.read_here = 0
        self.process: asyncio.subprocess.Process | None = None
        self.ready = False  # the helper has started and reads pages
        self.waiting: deque[asyncio.Future] = deque()  # pages the helper holds, in order
        self.collector: asyncio.Task | None = None

    def use(self, options: ContentOptions | None, checker: ContentChecker | None) -> None:
        """Check pages with `checker`, built from `options`, from now on (a new plan)."""
        self.options, self.checker = options, checker
        if self.process and self.helper_wanted:
            self.process.stdin.write(frame(("options", options)))

    async def read(self, answer: DetailAnswer) -> DetailReading:
        if self.ready:
            reading = await self.ask_helper(answer)
            if reading is not None:
                self.read_by_helper += 1
                return reading
        self.read_here += 1
        if self.read_here == self.start_after and self.helper_wanted and not self.process:
            self.collector = asyncio.ensure_future(self.run_helper())
        return read_detail(answer, self.checker)

    def ask_helper(self, answer: DetailAnswer) -> asyncio.Future:
        """The helper's reading of `answer`, to come (None: read it here)."""
        future = asyncio.get_running_loop().create_future()
        self.waiting.append(future)
        self.process.stdin.write(frame(("read", answer)))
        return future

    async def run_helper(self) -> None:
        """Start the helper, then hand each of its answers to the page waiting for it."""
        try:
            process = await asyncio.create_subprocess_exec(
                *HELPER, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE
            )
            self.process = process
            process.stdin.write(frame(("options", self.options)))
            await read_frame(process.stdout)  # ready: its imports done
            self.ready = True
            log.info("detail pages are read by a helper process (pid %d)", process.pid)
            while True:
                reading = await read_frame(process.stdout)
                future = self.waiting.popleft()
                if not future.done():
                    future.set_result(reading)
        except Exception as exc:  # the helper is a speed-up: any fault, and pages are read here
            if self.helper_wanted:
                log.warning("page reader helper stopped (%s): pages are read here", exc)
        finally:
            self.stop_using_helper()

    def stop_using_helper(self) -> None:
        self.helper_wanted, self.ready = False, False
        while self.waiting:
            future = self.waiting.popleft()
            if not future.done():
                future.set_result(None)  # read in the crawl process

    async def close(self) -> None:
        """Let the helper finish the pages it holds, then end it."""
        process, self.helper_wanted = self.process, False
        log.info("detail pages read: %d in the crawl process, %d by the helper",
                 self.read_here, self.read_by_helper)  # fmt: skip
        if process is None or process.returncode is not None:
            if self.collector:
                self.collector.cancel()
            return
        process.stdin.close()
        try:
            await asyncio.wait_for(process.wait(), STOP_WAIT)
        except TimeoutError:
            process.kill()
            await process.wait()
        if self.collector:
            await asyncio.gather(self.collector, return_exceptions=True)


async def read_frame(stream: asyncio.StreamReader):
    (size,) = FRAME.unpack(await stream.readexactly(FRAME.size))
    return pickle.loads(await stream.readexactly(size))


def serve(requests: BinaryIO, answers: BinaryIO) -> None:
    """The helper's loop: options and pages in, one reading (None: failed) out per page."""
    checker = None
    answers.write(frame("ready"))
    answers.flush()
    while header := requests.read(FRAME.size):
        kind, payload = pickle.loads(requests.read(FRAME.unpack(header)[0]))
        if kind == "options":
            checker = build_checker(payload)
            continue
        try:
            reading = read_detail(payload, checker)
        except Exception:  # read again in the crawl process, which reports it
            log.debug("reading %s failed", payload.url, exc_info=True)
            reading = None
        answers.write(frame(reading))
        answers.flush()


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s [%(name)s] %(message)s")
    serve(sys.stdin.buffer, sys.stdout.buffer)
