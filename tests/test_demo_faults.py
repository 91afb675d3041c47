"""`zwgk demo --faults RATE`: a seeded plan of faults over the county's columns and sites, each
mode served as described by the real demo server, and a faulty county audited end to end
whose findings still equal its truth."""

from __future__ import annotations

import http.client
import json
import sqlite3
import subprocess
import sys
import time
import tracemalloc
import urllib.error
import urllib.request
from collections import Counter
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
import test_demo_audit as audit
from click.testing import CliRunner

from common.errors import BadInputError
from crawler.config import CrawlSettings
from crawler.faults import is_waf
from demo import urls
from demo.catalog import SITE_KINDS, catalog_items
from demo.county import build_county
from demo.fault_plan import COLUMN_MODES, SITE_MODES, fault_plan
from demo.faults import (
    BLOCKING,
    DEFAULT_FAULTS,
    HUGE_PAGE_BYTES,
    LOOP_QUERY,
    READABLE,
    DemoFault,
    column_faults,
)
from demo.truth import blocked_columns, truth
from monitor.cli import main

AS_OF = date(2026, 11, 27)
RATE, SEED = 0.2, 3


# -- the plan ----------------------------------------------------------------------------


def test_the_plan_is_a_function_of_rate_and_seed():
    plan = fault_plan(RATE, SEED)
    assert plan == fault_plan(RATE, SEED)
    assert plan != fault_plan(RATE, SEED + 1)
    assert fault_plan(0, SEED) == ()
    assert len({fault.id for fault in plan}) == len(plan)


def test_the_plan_spreads_every_mode_over_columns_homepages_and_sites():
    plan = fault_plan(RATE, SEED)
    columns = [f for f in plan if f.column_id not in (None, "homepage")]
    sites = [f for f in plan if f.column_id is None]
    homepages = [f for f in plan if f.column_id == "homepage"]
    assert len(columns) == round(RATE * 268)  # the county's disclosure columns
    assert len(sites) + len(homepages) == round(RATE * 18) and sites and homepages
    assert {f.mode for f in columns} == set(COLUMN_MODES)
    assert {f.mode for f in sites} <= set(SITE_MODES)
    assert set(COLUMN_MODES) <= BLOCKING | READABLE
    assert max(Counter(f.mode for f in columns).values()) <= 3  # dealt in turn


def test_the_plan_leaves_the_default_faults_and_faulty_sites_alone():
    plan = fault_plan(1.0, SEED)
    defaults = {fault.agency_id for fault in DEFAULT_FAULTS}
    sites = {fault.agency_id for fault in plan if fault.column_id is None}
    assert not [f for f in plan if f.column_id in (None, "homepage") and f.agency_id in defaults]
    assert not [f for f in plan if f.agency_id in sites and f.column_id is not None]
    taken = {(f.agency_id, f.column_id) for f in DEFAULT_FAULTS}
    assert not [f for f in plan if (f.agency_id, f.column_id) in taken or f.agency_id == "qx-hkz"]


def test_a_rate_outside_zero_to_one_is_refused():
    with pytest.raises(BadInputError, match="between 0 and 1"):
        fault_plan(1.5, SEED)
    done = CliRunner().invoke(main, ["demo", "--faults", "1.5"])
    assert done.exit_code == 2 and "--faults" in done.output


def test_a_planned_fault_can_be_fixed():
    first = fault_plan(RATE, SEED)[0]
    county = build_county(AS_OF, fixes=[first.id], fault_rate=RATE, fault_seed=SEED)
    assert first not in county.faults
    assert len(county.faults) == len(DEFAULT_FAULTS) + len(fault_plan(RATE, SEED)) - 1


# -- the truth ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def faulty():
    return build_county(AS_OF, fault_rate=RATE, fault_seed=SEED)


def rows(county) -> set[tuple]:
    return {tuple(row[f] for f in audit.FIELDS) for row in truth(county)}


def test_faults_only_make_items_unreachable_and_homepages_unavailable(faulty):
    clean, blocked = rows(build_county(AS_OF)), blocked_columns(faulty)
    added, gone = rows(faulty) - clean, clean - rows(faulty)
    assert {row[3] for row in added} == {"unreachable", "unavailable"}
    carried = {(a.id, i.item_id): {i.column_id, i.interpretations} - {None}
               for a in faulty.agencies for i in catalog_items(a.catalog)}  # fmt: skip
    for agency_id, item_id, kind, _, _ in gone:
        if kind not in SITE_KINDS:
            assert {(agency_id, c) for c in carried[agency_id, item_id]} & blocked
    for agency_id, item_id, _, status, _ in added:
        columns = {(agency_id, c) for c in carried[agency_id, item_id]}
        assert columns & blocked if status == "unreachable" else (agency_id, "homepage") in blocked


def test_a_readable_fault_changes_nothing_and_a_faulty_site_blocks_every_column(faulty):
    faults = column_faults(faulty)
    readable = [key for key, fault in faults.items() if not fault.blocking]
    assert readable and not set(readable) & blocked_columns(faulty)
    (site, *_) = [f for f in faulty.faults if f.column_id is None and f.blocking
                  and f.mode != "unreachable"]  # fmt: skip
    statuses = {row["status"] for row in truth(faulty) if row["agency_id"] == site.agency_id}
    assert statuses == {"unreachable", "unavailable"}


# -- each mode over HTTP -----------------------------------------------------------------


@contextmanager
def opened(server, path: str, method: str = "GET", timeout: float = 5):
    """The answer to one request, its body left to read; the connection closed after."""
    host, port = server.base_url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        conn.request(method, path)
        yield conn.getresponse()
    finally:
        conn.close()


def fetch(server, path: str, method: str = "GET") -> tuple[int, str | None, bytes]:
    """(status, Location, body) of one request."""
    with opened(server, path, method) as answer:
        return answer.status, answer.getheader("Location"), answer.read()


def list_page(server, agency_id: str, column_id: str) -> str:
    agency = server.county.agency(agency_id)
    return urls.column_page(agency, agency.column(column_id))


def plain_page(server, path: str) -> bytes:
    return server.site.get(path).body


@pytest.mark.parametrize(("mode", "status"), [("error500", 500), ("error502", 502),
                                              ("error503", 503), ("waf412", 412)])  # fmt: skip
def test_error_statuses(demo_server, mode, status):
    fault, path = DemoFault(mode, "qx-slj", "org", mode), list_page(demo_server, "qx-slj", "org")
    with demo_server.injected(fault), opened(demo_server, path) as answer:
        headers = {name.lower(): value for name, value in answer.getheaders()}
        body = answer.read().decode()
    assert answer.status == status
    assert is_waf(status, headers, body) == (mode == "waf412")  # as the crawler tells a WAF


def test_truncated_body_stops_short_of_its_length(demo_server):
    path = list_page(demo_server, "qx-mzj", "news")
    whole = plain_page(demo_server, path)
    fault = DemoFault("t", "qx-mzj", "news", "truncated")
    with demo_server.injected(fault), opened(demo_server, path) as answer, \
            pytest.raises(http.client.IncompleteRead) as raised:  # fmt: skip
        answer.read()
    assert answer.getheader("Content-Length") == str(len(whole))
    assert raised.value.partial == whole[: len(whole) // 2]


def test_redirect_to_itself_and_a_to_b_to_a(demo_server):
    path = list_page(demo_server, "qx-gov", "news")
    with demo_server.injected(DemoFault("s", "qx-gov", "news", "redirect_self")):
        assert fetch(demo_server, path)[:2] == (302, path)
        with pytest.raises(urllib.error.HTTPError, match="infinite loop"):
            urllib.request.urlopen(demo_server.base_url + path, timeout=5)  # noqa: S310
    with demo_server.injected(DemoFault("l", "qx-gov", "news", "redirect_loop")):
        other = fetch(demo_server, path)[1]
        assert other == f"{path}?{LOOP_QUERY}"
        assert fetch(demo_server, other)[:2] == (302, path)


def test_no_answer_and_a_slow_answer(demo_server):
    path = list_page(demo_server, "qx-slj", "org")
    with demo_server.injected(DemoFault("t", "qx-slj", "org", "timeout", 1.0)), \
            pytest.raises(TimeoutError), opened(demo_server, path, timeout=0.3):  # fmt: skip
        pass
    with demo_server.injected(DemoFault("s", "qx-slj", "org", "slow", 1.0)):
        with pytest.raises(TimeoutError), opened(demo_server, path, timeout=0.3):
            pass
        started = time.monotonic()
        assert fetch(demo_server, path) == (200, None, plain_page(demo_server, path))
    assert time.monotonic() - started >= 1.0


def test_a_huge_page_is_streamed_not_built(demo_server):
    assert CrawlSettings().max_page_bytes < HUGE_PAGE_BYTES  # over the crawler's limit
    path = list_page(demo_server, "qx-gov", "notices")
    page, size = plain_page(demo_server, path), 4 * 1024 * 1024
    tracemalloc.start()
    try:
        with demo_server.injected(DemoFault("h", "qx-gov", "notices", "huge", size)), \
                opened(demo_server, path) as answer:  # fmt: skip
            head, total, tail = answer.read(len(page) // 2), len(page) // 2, b""
            while chunk := answer.read(64 * 1024):
                total, tail = total + len(chunk), (tail + chunk)[-100:]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert answer.getheader("Content-Length") == str(size) and total == size
    assert head == page[: len(page) // 2] and tail.endswith(page[page.rfind(b"</body>") :])
    assert peak < size / 4  # never the whole page in memory


def test_flaky_then_the_page(demo_server):
    path = list_page(demo_server, "qx-jtj", "org")
    with demo_server.injected(DemoFault("flaky-twice", "qx-jtj", "org", "flaky", 2.0)):
        statuses = [fetch(demo_server, path)[0] for _ in range(3)]
    assert statuses == [503, 503, 200]


@pytest.mark.parametrize(("agency_id", "encoding", "declared"), [
    ("qx-gov", "utf-8", ' charset="UTF-8"'), ("qx-mzj", "gbk", "; charset=gb2312")])  # fmt: skip
def test_no_charset_anywhere_same_bytes(demo_server, agency_id, encoding, declared):
    path = list_page(demo_server, agency_id, "news")
    text = plain_page(demo_server, path).decode(encoding)
    assert declared in text
    fault = DemoFault("c", agency_id, "news", "no_charset")
    with demo_server.injected(fault), opened(demo_server, path) as answer:
        body = answer.read()
    assert answer.getheader("Content-Type") == "text/html"
    assert body == text.replace(declared, "").encode(encoding)


def test_rewrites_leave_other_answers_alone(demo_server):
    """A malformed Hanweb site still pages its lists: the dataproxy XML (POST) is no HTML."""
    agency = demo_server.county.agency("qx-gov")
    column = agency.column("news")
    form = f"columnid={column.colid}&startrecord=46&endrecord=90"
    clean = post(demo_server, urls.dataproxy(agency), form)
    with demo_server.injected(DemoFault("m", "qx-gov", None, "malformed")):
        assert post(demo_server, urls.dataproxy(agency), form) == clean
        assert b"</li>" not in fetch(demo_server, urls.column_page(agency, column))[2]
    assert b"<record>" in clean[1]


def post(server, path: str, form: str) -> tuple[int, bytes]:
    request = urllib.request.Request(server.base_url + path, data=form.encode(), method="POST")
    with urllib.request.urlopen(request, timeout=5) as answer:  # noqa: S310
        return answer.status, answer.read()


def test_faults_answer_pages_not_link_checks_nor_articles(demo_server):
    """HEAD gets the plain answer (but from an unreachable site); a column's fault covers its
    list pages, not its articles; a homepage's, the homepage alone."""
    agency = demo_server.county.agency("qx-slj")
    column = agency.column("org")
    page = urls.column_page(agency, column)
    article = urls.article(agency, column, column.publications[0])
    with demo_server.injected(DemoFault("e", "qx-slj", "org", "error500")):
        assert [fetch(demo_server, page, "HEAD")[0], fetch(demo_server, page)[0]] == [200, 500]
        assert fetch(demo_server, article)[0] == 200
    with demo_server.injected(DemoFault("h", "qx-slj", "homepage", "error503")):
        assert fetch(demo_server, urls.home(agency))[0] == 503
        assert fetch(demo_server, page)[0] == 200
    unreachable = DemoFault("u", "qx-slj", None, "unreachable")
    with demo_server.injected(unreachable), pytest.raises(ConnectionError):
        fetch(demo_server, urls.home(agency), "HEAD")


# -- end to end --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def faulty_run(tmp_path_factory) -> Path:
    """`zwgk demo --faults 0.2 --fault-seed 3` into a new folder (two crawls of the county)."""
    out = tmp_path_factory.mktemp("faulty-demo")
    args = ["demo", "--out", str(out), "--as-of", AS_OF.isoformat(), "--faults", str(RATE),
            "--fault-seed", str(SEED)]  # fmt: skip
    done = subprocess.run([sys.executable, "-m", "monitor.cli", *args], capture_output=True,
                          text=True, timeout=1200)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert f"faults: {len(DEFAULT_FAULTS) + len(fault_plan(RATE, SEED))} injected" in done.stdout
    return out


@pytest.mark.slow
@pytest.mark.e2e
def test_faulty_county_findings_equal_truth(faulty_run):
    expected = audit.as_set(audit.truth(faulty_run))
    assert len([row for row in expected if row[3] == "unreachable"]) > 50
    assert audit.as_set(audit.findings(faulty_run)) == expected


@pytest.mark.slow
@pytest.mark.e2e
def test_each_fault_is_recorded_as_a_failure_or_read_in_both_crawls(faulty_run, faulty):
    listed = json.loads((faulty_run / "faults.json").read_text("utf-8"))
    assert {(row["id"], row["blocking"]) for row in listed} == {
        (fault.id, fault.blocking) for fault in faulty.faults
    }
    faults = column_faults(faulty)
    for week, states in enumerate(column_states(faulty_run / "zwgk.db")):
        outcomes = {(fault.mode, states[key] == "ok") for key, fault in faults.items()}
        assert outcomes == {(fault.mode, not fault.blocking) for fault in faults.values()}, week
        failed = {key for key, outcome in states.items() if outcome != "ok"}
        assert failed == blocked_columns(faulty), week


def column_states(database: Path) -> list[dict[tuple[str, str], str]]:
    """Each crawl's column outcomes, the week before as_of first."""
    with sqlite3.connect(database) as conn:
        rows = conn.execute("select crawl_id, agency_id, column_id, outcome from column_states "
                            "order by crawl_id").fetchall()  # fmt: skip
    crawls: dict[int, dict] = {}
    for crawl_id, agency_id, column_id, outcome in rows:
        crawls.setdefault(crawl_id, {})[(agency_id, column_id)] = outcome
    assert len(crawls) == 2
    return list(crawls.values())
