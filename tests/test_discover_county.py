"""`zwgk discover --county` on the demo county's portal, against the demo's own config.

The demo serves 青溪县 with its portal, directories and column trees (demo/portal.py); one
discovery from the portal's address must find every agency, and the columns and the catalog
columns they carry as the demo's config has them (precision and recall ≥ 0.95). Then the
discovered config, with the demo's crawl settings, leaders and catalog files, audits the county as the
demo does (a crawl a week before, then the cycle) and finds what the truth lists.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml

from demo import reply as scripted
from demo.config import DEMO_CRAWL, PREVIOUS_CRAWL_DAYS, write_config
from demo.county import build_county
from demo.faults import unreachable_agencies
from demo.server import DemoServer
from demo.truth import truth

pytestmark = pytest.mark.e2e

AS_OF = date(2026, 11, 27)
FIELDS = ("agency_id", "item_id", "kind", "status", "period")
REPO = Path(__file__).resolve().parents[1]


def zwgk(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "monitor.cli", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=timeout)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def discover(server: DemoServer, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return zwgk("discover", "--county", server.base_url + "/", "--out", str(out / "zwgk.yaml"),
                "--catalog", "department=qingxi-department.yaml",
                "--catalog", "township=qingxi-township.yaml",
                "--allow-private", "127.0.0.1", "--delay", "0", *extra)  # fmt: skip


@pytest.fixture(scope="module")
def discovered(tmp_path_factory):
    """(the demo's config, the discovered config, discovery's stderr, findings, truth rows)."""
    tmp = tmp_path_factory.mktemp("discover")
    options = {"fixes": [scripted.FIX]}
    county = build_county(AS_OF, **options)
    before = AS_OF - timedelta(days=PREVIOUS_CRAWL_DAYS)
    with DemoServer(county) as server:
        demo_path = write_config(county, server.base_url, tmp / "demo")
        out = tmp / "found"
        out.mkdir()
        for name in ("qingxi-department.yaml", "qingxi-township.yaml"):
            shutil.copy(tmp / "demo" / name, out / name)
        done = discover(server, out)
        found_path = out / "zwgk.yaml"
        draft = found_path.read_text(encoding="utf-8")
        audited = with_demo_crawl(found_path, demo_path)
        with server.serving(build_county(AS_OF, shown_on=before, **options)):
            zwgk("crawl", "--config", str(audited), "--as-of", before.isoformat())
        zwgk("run", "--config", str(audited), "--as-of", AS_OF.isoformat())
    rows = zwgk("findings", "--json", "--config", str(audited)).stdout.splitlines()
    demo = yaml.safe_load(demo_path.read_text(encoding="utf-8"))
    found = yaml.safe_load(draft)
    return demo, found, draft, done.stderr, [json.loads(r) for r in rows], truth(county)


def with_demo_crawl(path: Path, demo_path: Path) -> Path:
    """The discovered config with the demo's crawl settings and the county's leaders (what
    an operator adds: no site lists its leaders for a discovery to find)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["crawl"] = dict(DEMO_CRAWL)
    data["content"] = yaml.safe_load(demo_path.read_text(encoding="utf-8"))["content"]
    audited = path.with_name("audited.yaml")
    audited.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return audited


def columns(config: dict, with_id: bool) -> set[tuple]:
    return {(agency["id"], column["url"], column["id"] if with_id else None)
            for agency in config["agencies"] for column in agency["columns"]}  # fmt: skip


def precision_recall(found: set, wanted: set) -> tuple[float, float]:
    right = len(found & wanted)
    return right / max(len(found), 1), right / max(len(wanted), 1)


def test_every_agency_is_found_with_its_kind(discovered):
    demo, found, *_ = discovered

    def agencies(config):
        return {(a["id"], a["name"], a["kind"], a["catalog"], a.get("homepage"))
                for a in config["agencies"]}  # fmt: skip

    assert agencies(found) == agencies(demo)


@pytest.mark.parametrize("with_id", [False, True], ids=["columns", "items"])
def test_columns_and_their_items_match_the_demo(discovered, with_id):
    demo, found, *_ = discovered
    precision, recall = precision_recall(columns(found, with_id), columns(demo, with_id))
    assert precision >= 0.95 and recall >= 0.95, (precision, recall)


def test_each_guess_is_commented_and_progress_shown(discovered):
    _, found, draft, stderr, *_ = discovered
    assert draft.startswith("# Drafted by `zwgk discover --county")
    news = [line for line in draft.splitlines() if line.strip().startswith("- {id: news,")]
    assert len(news) == len(found["agencies"]) - 1  # all but the township that is down
    assert all(re.search(r"# 0\.\d\d 「.+」 [=~] .+ → news", line) for line in news), news
    total = len(found["agencies"])
    assert f"[{total}/{total}]" in stderr and "requests" in stderr


def test_the_discovered_config_audits_as_the_truth_says(discovered):
    """Exactly, but for the township whose site is down: discovery found none of its columns,
    so each of its items is `unreachable` as a column-less item (kind `coverage`), not under
    its rule's kind as with the demo's configured columns; status and period agree."""
    *_, findings, expected = discovered
    down = {a for a in unreachable_agencies(build_county(AS_OF))}

    def rows(items, fields=FIELDS):
        return {tuple(row[field] for field in fields) for row in items}

    def on(items, agencies, inside=True):
        return [row for row in items if (row["agency_id"] in agencies) == inside]

    assert rows(on(findings, down, False)) == rows(on(expected, down, False))
    unkinded = ("agency_id", "item_id", "status", "period")
    assert rows(on(findings, down), unkinded) == rows(on(expected, down), unkinded)
    assert "unreachable" in {row["status"] for row in on(findings, down)}


def test_a_second_discovery_resumes_from_what_it_kept(discovered, tmp_path):
    county = build_county(AS_OF)
    with DemoServer(county) as server:
        out = tmp_path / "again"
        out.mkdir()
        for name in ("qingxi-department.yaml", "qingxi-township.yaml"):
            (out / name).write_text("catalog: x\nextends: department\n", "utf-8")
        first = discover(server, out)
        requests_before = len(server.log)
        second = discover(server, out)
        asked_again = len(server.log) - requests_before
    assert "0 requests" not in first.stderr
    assert asked_again < requests_before / 10, (asked_again, requests_before)
    assert second.stderr.splitlines()[-2:] and (out / "zwgk.yaml").exists()
