"""A 改版 end to end: the demo's transport bureau rebuilds its site (`--revamp`), the monitor
reports one `site_changed` and no flood of `unreachable`, `zwgk discover --agency --diff`
shows every column moved, `--apply` mends zwgk.yaml in place (comments kept), and the next
cycle reads the new columns: the event resolves and the bureau's findings are its truth's."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from demo import reply as scripted
from demo import urls
from demo.config import write_config
from demo.county import build_county
from demo.server import DemoServer
from demo.truth import truth

pytestmark = pytest.mark.e2e

AS_OF = date(2026, 11, 27)
AGENCY = "qx-jtj"
REPO = Path(__file__).resolve().parents[1]
SKIPPED_KINDS = ("backdated",)  # needs a crawl history the moved columns do not have yet


def zwgk(*args: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "monitor.cli", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def agency_findings(config: Path) -> list[dict]:
    rows = zwgk("findings", "--json", "--all", "--config", str(config)).stdout.splitlines()
    return [row for row in map(json.loads, rows) if row["agency_id"] == AGENCY]


@pytest.fixture(scope="module")
def revamped(tmp_path_factory):
    """(findings before, the diff's output, config text after --apply, findings after,
    the rebuilt county)."""
    tmp = tmp_path_factory.mktemp("revamp")
    county = build_county(AS_OF, fixes=[scripted.FIX], revamp=[AGENCY])
    with DemoServer(county) as server:
        config = write_config(county, server.base_url, tmp)
        config.write_text(
            "# 青溪县 zwgk.yaml — kept by the 政务公开办\n" + config.read_text("utf-8")
        )
        zwgk("run", "--config", str(config), "--as-of", AS_OF.isoformat())
        before = agency_findings(config)
        diff = zwgk("discover", "--agency", AGENCY, "--diff", "--delay", "0", "--config",
                    str(config)).stdout  # fmt: skip
        zwgk("discover", "--agency", AGENCY, "--apply", "--delay", "0", "--config", str(config))
        zwgk("run", "--config", str(config), "--as-of", AS_OF.isoformat())
        after = agency_findings(config)
        base = server.base_url
    return before, diff, config.read_text("utf-8"), after, county, base


def test_a_revamp_is_one_site_changed_not_a_flood(revamped):
    before, *_ = revamped
    assert [row["status"] for row in before if row["status"] == "site_changed"] == ["site_changed"]
    assert not [row for row in before if row["status"] == "unreachable"]
    changed = next(row for row in before if row["status"] == "site_changed")
    assert f"zwgk discover --agency {AGENCY}" in changed["message"]


def test_the_diff_shows_every_column_moved(revamped):
    _, diff, _, _, county, base = revamped
    agency = county.agency(AGENCY)
    for column in agency.disclosure_columns():
        assert f"-> {base}{urls.column_page(agency, column)}" in diff, column.id
    moved = len(agency.disclosure_columns())
    assert f"{moved} moved, 0 added, 0 gone" in diff


def test_apply_writes_the_new_addresses_and_keeps_the_comments(revamped):
    _, _, text, _, county, base = revamped
    agency = county.agency(AGENCY)
    assert text.startswith("# 青溪县 zwgk.yaml — kept by the 政务公开办")
    for column in agency.disclosure_columns():
        assert base + urls.column_page(agency, column) in text
    assert text.count("moved on ") == len(agency.disclosure_columns())


def test_the_next_cycle_reads_the_new_columns(revamped):
    _, _, _, after, county, _ = revamped
    changed = [row for row in after if row["status"] == "site_changed"]
    assert changed and all(row["state"] == "resolved" for row in changed)
    open_rows = {(row["item_id"], row["status"]) for row in after
                 if row["state"] != "resolved" and row["kind"] not in SKIPPED_KINDS}  # fmt: skip
    unrevamped = build_county(AS_OF, fixes=[scripted.FIX])
    expected = {(row["item_id"], row["status"]) for row in truth(unrevamped)
                if row["agency_id"] == AGENCY and row["kind"] not in SKIPPED_KINDS}  # fmt: skip
    assert open_rows == expected
