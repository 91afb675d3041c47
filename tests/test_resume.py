"""A crawl killed with SIGKILL midway loses nothing it stored, and the next run finishes the
job: the store then equals that of an uninterrupted crawl, and detail pages already read are
not fetched again.

The demo site is slowed down (every answer 50 ms late) so that the kill lands midway: once
the store holds a third of the publications and some detail pages, the crawl is killed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time

import pytest
from crawling import REPO, crawl, crawl_command, demo_config, query

from demo.faults import DemoFault

AGENCIES = ("qx-gov", "qx-mzj", "qx-slj")
SLOW = DemoFault("slow-everything", "qx-gov", None, "delay", 0.05)
KILL_TIMEOUT = 60


def expected_publications(server) -> int:
    agencies = [a for a in server.county.agencies if a.id in AGENCIES]
    return len({p.artid for a in agencies for c in a.columns for p in c.publications})


def kill_midway(config, database, total: int) -> None:
    """Start `zwgk crawl`; SIGKILL it once a third of the publications and a detail are stored."""
    child = subprocess.Popen(crawl_command(config), cwd=REPO, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + KILL_TIMEOUT
    try:
        while time.monotonic() < deadline and child.poll() is None:
            publications, details = stored(database)
            if publications >= total // 3 and details:
                break
            time.sleep(0.02)
    finally:
        if child.poll() is None:
            os.kill(child.pid, signal.SIGKILL)
        child.wait()
    assert child.returncode == -signal.SIGKILL, "the crawl ended before it could be killed"


def stored(database) -> tuple[int, int]:
    """(publications, publications with their detail page read) in the store so far."""
    if not database.exists():
        return 0, 0
    try:
        sql = "select count(*), count(meta) from publications"
        return query(database, sql)[0]
    except Exception:  # the schema is still being created
        return 0, 0


def snapshot(database) -> dict:
    return {
        "publications": set(query(database, "select url, title, publish_date from publications")),
        "listings": set(query(database, "select agency_id, column_id, url, first_seen, "
                              "last_seen, removed_on from listings")),
        "detailed": set(query(database, "select url, meta from publications "
                              "where meta is not null")),
    }  # fmt: skip


@pytest.fixture(scope="module")
def runs(demo_server, tmp_path_factory):
    interrupted = demo_config(demo_server, tmp_path_factory.mktemp("killed"), AGENCIES)
    database = interrupted.parent / "zwgk.db"
    total = expected_publications(demo_server)
    with demo_server.injected(SLOW, prefix="/"):
        kill_midway(interrupted, database, total)
    before = snapshot(database)
    resumed = crawl(interrupted)
    fresh = demo_config(demo_server, tmp_path_factory.mktemp("fresh"), AGENCIES)
    crawl(fresh)
    return database, total, before, resumed, fresh.parent / "zwgk.db"


def test_the_kill_landed_midway(runs):
    _, total, before, _, _ = runs
    assert 0 < len(before["publications"]) < total


def test_resumed_store_equals_an_uninterrupted_crawl(runs):
    database, total, _, _, fresh = runs
    resumed, uninterrupted = snapshot(database), snapshot(fresh)
    assert len(resumed["publications"]) == total
    assert resumed["publications"] == uninterrupted["publications"]
    assert resumed["listings"] == uninterrupted["listings"]
    assert {url for url, _ in resumed["detailed"]} == {url for url, _ in uninterrupted["detailed"]}


def test_detail_pages_read_before_the_kill_are_not_fetched_again(runs):
    database, _, before, resumed, _ = runs
    read = {url for url, _ in before["detailed"]}
    assert read
    again = query(database, "select url from fetches where crawl_id = ? and kind = 'detail'",
                  resumed["crawl_id"])  # fmt: skip
    assert read.isdisjoint(url for (url,) in again)


def test_the_killed_crawl_is_marked_interrupted(runs):
    database, _, _, resumed, _ = runs
    statuses = dict(query(database, "select id, status from crawls"))
    assert resumed["interrupted_crawls"] == [1]
    assert statuses == {1: "interrupted", 2: "finished"}
