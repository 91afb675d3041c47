"""Crawl progress (`crawler.progress`, `monitor.crawl_progress`): the line's figures, and
`zwgk crawl` on the demo county telling its progress on stderr (log lines when stderr is a
pipe, one line redrawn when it is a terminal) and on its row in the store."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
from urllib.parse import urlsplit

import pytest
import yaml
from crawling import REPO, crawl_command, demo_config, query, zwgk

from crawler.items import ColumnDone, ColumnResult, FetchRecord
from crawler.progress import Progress, Tally, eta_seconds, format_eta, format_line
from demo.faults import DemoFault
from monitor.ingest import IngestTally

FAULTED = ("qx-czj", "qx-rsj")  # soft 404s and a firewall: fetches that fail
LINE = re.compile(
    r"columns (\d+)/(\d+)  requests ([\d,]+)  errors (\d+)  ([\d.]+) req/s  ETA (\S+)"
)


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Result:
    def __init__(self, done: bool):
        self.done = done


def figures(text: str) -> list[tuple[int, int, int, int]]:
    """(done, total, requests, errors) of every progress line in `text`."""
    return [(int(d), int(t), int(r.replace(",", "")), int(e))
            for d, t, r, e, _, _ in LINE.findall(text)]  # fmt: skip


def test_the_line_reads_columns_requests_errors_rate_and_eta():
    progress = Progress(240, 12, 3410, 7, 18.24, 845)
    assert format_line(progress) == (
        "columns 12/240  requests 3,410  errors 7  18.2 req/s  ETA 0:14:05"
    )
    assert format_eta(None) == "--:--:--" and format_eta(0) == "0:00:00"
    assert format_eta(3 * 3600 + 61) == "3:01:01"


def test_a_resumed_ingester_counts_on_and_paces_only_the_columns_it_saw_done():
    clock = FakeClock()
    tally = IngestTally(columns_total=100, columns_done=60, requests=500, errors=7, clock=clock)
    clock.now += 20
    fetches = [FetchRecord("a", "c", "u", "GET", 200, "ok", None, 5, "t", None, 0, "list")] * 39
    failed = FetchRecord("a", "c", "u", "GET", 500, "http_error", "500", 5, "t", None, 0, "list")
    tally.add([*fetches, failed, ColumnDone(ColumnResult("a", "c"), "u")] * 2)
    progress = tally.progress()
    assert (progress.requests, progress.errors) == (580, 9)
    assert (progress.columns_done, progress.columns_total) == (62, 100)
    assert progress.rate == 4.0  # 80 requests stored in the 20 s since it started
    assert progress.eta_s == 380  # 38 columns left at 10 s each (2 done in 20 s)


def test_the_eta_follows_the_pace_of_the_columns_done():
    assert eta_seconds(12, 240, 45.0) == 855  # 228 columns left at 3.75 s each
    assert eta_seconds(0, 240, 45.0) is None  # no column done yet: no pace
    assert eta_seconds(240, 240, 45.0) == 0
    assert eta_seconds(0, 0, 0.0) == 0


def test_the_rate_is_that_of_the_last_minute():
    clock = FakeClock()
    tally = Tally(clock)
    for _ in range(30):  # 30 requests in the first 10 s
        clock.now += 1 / 3
        tally.request()
    assert tally.progress([]).rate == 3.0  # over the 10 s elapsed
    clock.now += 120  # two quiet minutes later
    tally.request()
    tally.error()
    progress = tally.progress([Result(True), Result(False), Result(True)])
    assert progress.rate == round(1 / 60, 2) and progress.requests == 31 and progress.errors == 1
    assert (progress.columns_done, progress.columns_total) == (2, 3)
    assert progress.eta_s == round(130 / 2)  # one column left at 65 s a column


@pytest.fixture(scope="module")
def crawled(demo_server, tmp_path_factory):
    """`zwgk crawl` of two faulty agencies with stderr a pipe: (stderr, summary, database)."""
    config = demo_config(demo_server, tmp_path_factory.mktemp("progress"), FAULTED)
    done = zwgk("crawl", "--config", str(config), "--as-of", "2026-11-27")
    return done.stderr, json.loads(done.stdout), config.parent / "zwgk.db"


def test_a_piped_crawl_logs_its_progress_to_the_end(crawled):
    stderr, summary, _ = crawled
    lines = [line for line in stderr.splitlines() if "[zwgk.progress] INFO: columns" in line]
    assert lines and "\r" not in stderr
    done, total, requests, errors = figures(lines[-1])[0]
    assert done == total == summary["columns"] > 0
    assert requests >= summary["requests"] > 0  # robots.txt and retries count too
    assert errors > 0


def test_the_store_keeps_the_progress_on_the_crawl_row(crawled):
    stderr, summary, database = crawled
    ((stored,),) = query(database, "select progress from crawls where id = ?", summary["crawl_id"])
    progress = json.loads(stored)
    assert set(progress) == {"columns_total", "columns_done", "requests", "errors", "rate",
                             "eta_s", "updated_at"}  # fmt: skip
    assert progress["columns_done"] == progress["columns_total"] == summary["columns"]
    assert progress["requests"] > 0 and progress["eta_s"] == 0
    ((failed,),) = query(database, "select count(*) from fetches where crawl_id = ? and "
                         "outcome not in ('ok', 'not_modified')", summary["crawl_id"])  # fmt: skip
    assert progress["errors"] == failed > 0
    last = figures(stderr)[-1]
    assert last == (progress["columns_done"], progress["columns_total"], progress["requests"],
                    progress["errors"])  # fmt: skip


def test_on_a_terminal_one_line_is_redrawn(demo_server, tmp_path):
    """stderr a pseudo-terminal, and one column's first page answering 3 s late: a redraw
    at 2 s while that column runs, no log lines, and a newline after the last draw."""
    config = demo_config(demo_server, tmp_path, ["qx-mzj"])
    late = DemoFault("late", "qx-mzj", None, "delay", 3.0)
    with demo_server.injected(late, prefix=first_column_path(config)):
        output = run_on_terminal(crawl_command(config))
    draws = [draw for draw in output.split("\r") if LINE.match(draw)]
    assert len(draws) >= 2, output
    assert "[zwgk.progress]" not in output
    done, total, requests, _ = figures(draws[-1])[0]
    assert done == total > 0 and requests > 0
    assert figures(draws[0])[0][0] < total  # the first drawn while the late column ran
    assert re.search(r"columns (\d+)/\1 .*\x1b\[K\n", output)  # the last line is ended


def first_column_path(config) -> str:
    """The path of the first page of the config's first column (its later pages differ)."""
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    return urlsplit(data["agencies"][0]["columns"][0]["url"]).path


def run_on_terminal(command: list[str]) -> str:
    """What `command` wrote to its stderr, a pseudo-terminal (stdout a pipe, dropped)."""
    main, terminal = pty.openpty()
    child = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=terminal)
    os.close(terminal)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:  # EIO: the child has closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    assert child.wait(timeout=120) == 0
    return b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")
