"""Notices across cycles on the demo county: rectified when fixed, overdue when not."""

import json
import subprocess
import sys

import pytest

pytestmark = pytest.mark.e2e


def zwgk(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "monitor.cli", *args],
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


def notices(out) -> dict[str, dict]:
    lines = zwgk("notices", "list", "--json", "--config", str(out / "zwgk.yaml")).splitlines()
    return {row["agency_id"]: row for row in map(json.loads, lines)}


def test_notice_rectified_after_fix_and_overdue_when_left(copy_demo_folder):
    tmp_path = copy_demo_folder  # after `zwgk demo --as-of 2026-11-27`
    first = notices(tmp_path)
    assert {row["state"] for row in first.values()} == {"issued"}
    mail = (tmp_path / "mail" / "index.txt").read_text(encoding="utf-8").splitlines()
    assert len(mail) == len(first)  # one digest per agency, not one per finding
    again = zwgk("demo", "--out", str(tmp_path), "--as-of", "2026-11-27")
    assert "alerts: 0 queued, 0 sent" in again  # a second cycle sends nothing twice
    assert first["qx-jyj"]["deadline"] == "2026-12-04"  # 5 working days after a Friday

    fixes = ("--fix", "stale-news-qx-jyj", "--fix", "content-hidden-link-qx-jyj")  # its notice's
    zwgk("demo", "--out", str(tmp_path), "--as-of", "2026-12-04", *fixes)
    on_deadline = notices(tmp_path)
    assert on_deadline["qx-jyj"]["state"] == "rectified"
    assert on_deadline["qx-jyj"]["rectified_on"] == "2026-12-04"
    assert on_deadline["qx-wjj"]["state"] == "issued"  # the deadline day itself is not past

    out = zwgk("demo", "--out", str(tmp_path), "--as-of", "2026-12-07", *fixes)
    after = notices(tmp_path)
    assert after["qx-wjj"]["state"] == "overdue" and after["qx-wjj"]["overdue_on"] == "2026-12-07"
    assert "notice overdue: " in out
    mail = (tmp_path / "mail" / "index.txt").read_text(encoding="utf-8").splitlines()
    escalations = [line for line in mail if line.split("\t")[1] == "gkb@qingxi.gov.cn"]
    assert len(escalations) == 1 and "逾期未整改" in escalations[0]
    assert len(after) == len(first)  # nothing re-issued for findings already on a notice
    report = (tmp_path / "weekly-2026-12-07.html").read_text(encoding="utf-8")
    assert "逾期未整改" in report and first["qx-wjj"]["number"] in report
