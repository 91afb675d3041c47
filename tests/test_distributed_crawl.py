"""The distributed crawl on a real redis-server: workers (`zwgk crawl --redis`) and the one
writer (`zwgk ingest`), on the demo county served on 127.0.0.1."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest
import redis
from crawling import AS_OF, REPO, demo_config, query
from redis_server import redis_server, start_worker, stop_workers

from crawler.config import Column
from crawler.item_codec import item_from_json, item_to_json
from crawler.items import (
    ColumnDone,
    ColumnResult,
    DetailItem,
    FetchRecord,
    PageBody,
    PublicationItem,
)
from crawler.plan import ContentOptions, CrawlPlan, PendingDetail, Site
from crawler.plan_codec import merge_plans, plan_from_json, plan_to_json, site_shares
from crawler.redis_queue import Job, TaskQueue
from monitor.config import load_config
from monitor.ingest import NoWorkers, run_distributed_crawl

FIELDS = ("agency_id", "item_id", "kind", "status", "period")
SMALL = ("qx-czj", "qx-jyj")  # two departments whose sites have few list pages


def zwgk(*args: str, timeout: float = 400, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "monitor.cli", *args], cwd=REPO, text=True,
                          capture_output=True, timeout=timeout, env=env)  # fmt: skip


def duplicate_fetches(database: Path) -> list[tuple]:
    return query(database, """
        select crawl_id, agency_id, column_id, kind, method, url, count(*) from fetches
        group by crawl_id, agency_id, column_id, kind, method, url having count(*) > 1""")  # fmt: skip


def links_checked_twice(database: Path) -> list[tuple]:
    """Links checked more than once in a crawl, whichever agency's page named them."""
    return query(database, """
        select crawl_id, method, url, count(*) from fetches where kind = 'link'
        group by crawl_id, method, url having count(*) > 1""")  # fmt: skip


class Killer(threading.Thread):
    """SIGKILLs `worker` once it holds a batch and has sent part of its items to Redis."""

    def __init__(self, url: str, worker: subprocess.Popen):
        super().__init__(daemon=True)
        self.redis, self.worker = redis.Redis.from_url(url), worker
        self.name_ = f"{socket.gethostname()}-{worker.pid}"
        self.held_sites: list[str] = []
        self.sent_items = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        working, out = f"zwgk:working:{self.name_}", f"zwgk:out:{self.name_}"
        while not self.stopped.is_set():
            with self.redis.pipeline() as pipe:
                held, sent = pipe.lrange(working, 0, -1).llen(out).execute()
            if held and sent:
                os.kill(self.worker.pid, signal.SIGKILL)
                self.held_sites = [plan_from_json(task).sites[0].agency_id for task in held]
                self.sent_items = sent
                return
            time.sleep(0.005)


@pytest.mark.e2e
def test_demo_through_redis_equals_truth_with_a_worker_killed_mid_batch(tmp_path):
    out = tmp_path / "demo"
    with redis_server(tmp_path) as url:
        options = ("--batch", "2", "--heartbeat-ttl", "3")
        workers = [start_worker(url, tmp_path / f"worker{n}.log", *options) for n in (1, 2)]
        killer = Killer(url, workers[0])
        killer.start()
        try:
            done = zwgk("demo", "--out", str(out), "--as-of", AS_OF, "--redis", url)
        finally:
            killer.stopped.set()
            stop_workers(workers)
    assert done.returncode == 0, done.stderr[-3000:]
    assert killer.held_sites and killer.sent_items > 0  # killed holding sites, items sent
    assert workers[0].returncode == -signal.SIGKILL

    database = out / "zwgk.db"
    columns = len(query(database, "select 1 from columns"))
    states = query(database, "select crawl_id, count(*), count(distinct agency_id || '/' || "
                             "column_id) from column_states group by crawl_id")  # fmt: skip
    assert states == [(1, columns, columns), (2, columns, columns)]  # every column, once
    assert duplicate_fetches(database) == []  # the killed batch's items were never stored
    assert links_checked_twice(database) == []  # each link once, across the workers too
    held = query(
        database,
        f"select count(*) from column_states where crawl_id = 1 and agency_id "
        f"in ({', '.join('?' for _ in killer.held_sites)})",
        *killer.held_sites,
    )
    assert held[0][0] > 0  # the killed worker's sites were walked again by the other
    crawls = query(database, "select status, json_extract(summary, '$.distributed') from crawls")
    assert crawls == [("finished", 1), ("finished", 1)]

    listed = subprocess.run([sys.executable, "-m", "monitor.cli", "findings", "--json", "--config",
                             str(out / "zwgk.yaml")], capture_output=True, text=True, cwd=REPO)  # fmt: skip
    findings = {tuple(json.loads(line)[f] for f in FIELDS) for line in listed.stdout.splitlines()}
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    assert findings == {tuple(row[f] for f in FIELDS) for row in truth}


class Arrivals(threading.Thread):
    """When each request reached the demo server (its log sampled every millisecond)."""

    def __init__(self, server):
        super().__init__(daemon=True)
        self.server, self.times, self.stopped = server, [], threading.Event()

    def run(self) -> None:
        seen = len(self.server.log)
        while not self.stopped.is_set():
            now, count = time.monotonic(), len(self.server.log)
            self.times += [now] * (count - seen)
            seen = count
            time.sleep(0.001)


@pytest.mark.e2e
def test_politeness_holds_across_workers(demo_server, tmp_path):
    delay = 0.2
    with redis_server(tmp_path) as url:
        config = demo_config(demo_server, tmp_path, SMALL, download_delay=delay, autothrottle=False,
                             detail_pages=False, check_links=False, redis=url)  # fmt: skip
        workers = [start_worker(url, tmp_path / f"worker{n}.log", "--batch", "1") for n in (1, 2)]
        arrivals = Arrivals(demo_server)
        arrivals.start()
        try:
            done = zwgk("ingest", "--config", str(config), "--as-of", AS_OF)
        finally:
            arrivals.stopped.set()
            stop_workers(workers)
    assert done.returncode == 0, done.stderr[-3000:]
    times = arrivals.times
    gaps = sorted(b - a for a, b in zip(times, times[1:], strict=False))
    assert len(times) >= 40
    # one host, two workers: `delay` apart whichever worker asks (each alone would keep it
    # only between its own requests); a request may go a little late and the next closer
    assert times[-1] - times[0] >= 0.9 * (len(times) - 1) * delay
    assert gaps[len(gaps) // 10] >= 0.8 * delay  # nine gaps in ten at least
    batches = query(config.parent / "zwgk.db", "select batch from ingested_batches")
    assert len({name.rsplit(":", 2)[1] for (name,) in batches}) == 2  # both workers took part


@pytest.mark.e2e
def test_a_writer_killed_after_storing_a_batch_resumes_and_stores_it_once(demo_server, tmp_path):
    with redis_server(tmp_path) as url:
        config = demo_config(demo_server, tmp_path, SMALL, redis=url)
        workers = [start_worker(url, tmp_path / "worker.log", "--batch", "1")]
        try:
            env = {**os.environ, "ZWGK_CRASH_AT": "ingest.stored"}
            killed = zwgk("ingest", "--config", str(config), "--as-of", AS_OF, env=env)
            resumed = zwgk("ingest", "--config", str(config), "--as-of", AS_OF)
        finally:
            stop_workers(workers)
    assert killed.returncode == -signal.SIGKILL
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    database = config.parent / "zwgk.db"
    assert query(database, "select id, status from crawls") == [(1, "finished")]
    assert query(database, "select count(*) from ingested_batches") == [(2,)]
    assert duplicate_fetches(database) == []
    assert json.loads(resumed.stdout)["columns"] == len(query(database, "select 1 from columns"))


def test_a_writer_without_workers_gives_up_and_marks_the_crawl_failed(demo_server, tmp_path):
    with redis_server(tmp_path) as url:
        config = load_config(demo_config(demo_server, tmp_path, SMALL))
        with pytest.raises(NoWorkers, match="no crawl worker"):
            run_distributed_crawl(config, date(2026, 11, 27), url, stall_limit=1)
        assert TaskQueue(url).job() is None  # nothing left for a worker to take later
    assert query(tmp_path / "zwgk.db", "select status from crawls") == [("failed",)]


def test_the_gate_spaces_one_hosts_requests_across_clients(tmp_path):
    with redis_server(tmp_path) as url:
        queues = [TaskQueue(url), TaskQueue(url)]
        starts: list[float] = []

        def ask(queue: TaskQueue) -> None:
            for _ in range(5):
                asked = time.monotonic()
                starts.append(asked + queue.gate_wait("gov.example", 0.1))

        threads = [threading.Thread(target=ask, args=(queue,)) for queue in queues]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        other = queues[0].gate_wait("other.example", 0.1)
    gaps = [b - a for a, b in zip(sorted(starts), sorted(starts)[1:], strict=False)]
    assert len(starts) == 10 and min(gaps) >= 0.09
    assert other == 0  # another host does not wait


def test_a_link_is_checked_once_by_the_site_that_named_it_first_and_never_if_read_as_a_page(
    tmp_path,
):
    x, y, z = (f"http://other.example/{name}.html" for name in "xyz")
    with redis_server(tmp_path) as url:
        one, two = TaskQueue(url), TaskQueue(url)  # two workers
        assert one.claim_links("qx-jyj", [x, y]) == [x, y]
        assert two.claim_links("qx-wjj", [y, z]) == [z]  # y is qx-jyj's
        assert two.claim_links("qx-jyj", [x, y]) == [x, y]  # qx-jyj walked again elsewhere
        assert one.claim_links("qx-wjj", []) == []
        page = "http://qx.gov.cn/art/1.html"  # read as a detail page by a worker
        assert one.claim_links("qx-jyj", [], pages=[page, x]) == []
        assert two.claim_links("qx-wjj", [page]) == []  # a page read is checked by no one
        assert two.claim_links("qx-jyj", [page, x]) == [x]  # a claim stays its site's
        one.publish(Job(2, "2026-12-04", {}, [], tasks=0, columns=0), [])  # the next crawl
        assert two.claim_links("qx-wjj", [y]) == [y]


def test_a_plan_cut_into_site_shares_and_back_is_the_same_plan():
    columns = {agency: tuple(Column(id=c, name=c, url=f"http://{agency}.gov.cn/{c}/")
                             for c in ("news", "policy")) for agency in ("a", "b")}  # fmt: skip
    plan = CrawlPlan(
        as_of=date(2026, 11, 27),
        sites=[Site(agency, f"http://{agency}.gov.cn/", cols) for agency, cols in columns.items()],
        known={
            ("a", "news"): {"http://a.gov.cn/news/1.html"},
            ("a", "policy"): set(),
            ("b", "news"): {"http://b.gov.cn/news/2.html", "http://b.gov.cn/news/3.html"},
            ("b", "policy"): set(),
        },  # fmt: skip
        detailed={"http://a.gov.cn/news/1.html", "http://b.gov.cn/news/2.html"},
        pending=[PendingDetail("http://b.gov.cn/news/3.html", "b", "news", date(2026, 11, 2))],
        validators={"http://a.gov.cn/news/": {"etag": '"x"', "last_modified": None}},
        full={("b", "policy")},
        detail_since=date(2026, 10, 28),
        content=ContentOptions(("county.yaml",), (("张三", "县长", False),), ("policy",)),
        mending={"http://b.gov.cn/news/3.html"},
    )
    shares = [plan_from_json(plan_to_json(share)) for share in site_shares(plan)]
    assert [[site.agency_id for site in share.sites] for share in shares] == [["a"], ["b"]]
    assert shares[0].pending == [] and shares[1].validators == {}  # each holds its own only
    merged = merge_plans(shares)
    for name in ("as_of", "sites", "known", "detailed", "pending", "validators", "full",
                 "detail_since", "content", "mending"):  # fmt: skip
        assert getattr(merged, name) == getattr(plan, name), name


def test_every_crawl_item_survives_the_queue():
    result = ColumnResult("a", "c", outcome="ok", pages=2, items=30, validators={"etag": "x"})
    items = [
        PublicationItem("a", "c", "http://g.cn/1.html", "通知", "2026-11-02", "2026-11-02", "l"),
        DetailItem("http://g.cn/1.html", {"index_no": "001", "content_hits": [{"word": "截止"}]}),
        FetchRecord(
            "a",
            None,
            "http://g.cn/",
            "GET",
            200,
            "ok",
            None,
            12,
            "2026-11-27T01:00:00",
            kind="home",
            content_hits=[{"kind": "hidden_link"}],
        ),  # fmt: skip
        ColumnDone(result, "http://g.cn/col/index.html"),
        PageBody(
            "http://g.cn/",
            "http://g.cn",
            "a",
            None,
            "home",
            200,
            [("Content-Type", "text/html")],
            b"\x00\xff<html>\xe6\x94\xbf</html>",
        ),  # fmt: skip
    ]
    assert [item_from_json(item_to_json(item)) for item in items] == items
