"""The rule and document commands as an operator runs them."""

import json
import subprocess
import sys

from test_catalog_import import ROWS, write_sheet

from demo.annual_report import render_annual_report


def zwgk(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "monitor.cli", *args],
                          capture_output=True, text=True, timeout=120, cwd=cwd)  # fmt: skip


def test_inspect_annual_report_json_ok_and_defective(tmp_path):
    good, bad = tmp_path / "good.html", tmp_path / "bad.html"
    good.write_text(render_annual_report("青溪县教育局", 2025), encoding="utf-8")
    bad.write_text(render_annual_report("青溪县教育局", 2025, "unbalanced"), encoding="utf-8")
    ok = zwgk("inspect", "annual-report", str(good), "--year", "2025", "--json")
    assert ok.returncode == 0 and json.loads(ok.stdout) | {"title": None, "table3": None} == {
        "ok": True, "year": 2025, "problems": [], "title": None, "table3": None}  # fmt: skip
    defective = zwgk("inspect", "annual-report", str(bad), "--year", "2025", "--json")
    result = json.loads(defective.stdout)
    assert defective.returncode == 0 and result["ok"] is False
    assert {p["part"] for p in result["problems"]} == {"三"}
    assert (
        zwgk("inspect", "annual-report", str(tmp_path / "none.html"), "--year", "2025").returncode
        == 2
    )


def test_rules_import_writes_a_loadable_rule_file_and_lists_unreadable_rows(tmp_path):
    sheet = write_sheet(tmp_path / "目录.xlsx", ROWS)
    done = zwgk("rules", "import", str(sheet), "--out", str(tmp_path / "catalog.yaml"))
    assert done.returncode == 0, done.stderr
    assert "row 10: " in done.stderr  # 招生政策 按有关规定: not a deadline it can read
    assert "catalog.yaml" in done.stdout


def test_rules_validate_refuses_a_broken_file_with_its_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("items:\n  - id: news\n    name: 动态\n    kind: freshness\n"
                    "    max_age: 2 fortnights\n    basis: 检查指标\n", encoding="utf-8")  # fmt: skip
    done = zwgk("rules", "validate", str(path))
    assert done.returncode == 2 and f"{path}:5: " in done.stderr and "bad duration" in done.stderr
    assert zwgk("rules", "validate").returncode == 0


def test_rules_kinds_and_explain():
    kinds = zwgk("rules", "kinds").stdout
    for kind in ("freshness", "not_blank", "periodic", "timeliness", "backdated", "paired",
                 "availability", "links", "annual_report", "response", "blank_columns"):  # fmt: skip
        assert f"\n{kind}\n" in f"\n{kinds}"
    explained = zwgk("rules", "explain", "annual-report", "--catalog", "county",
                     "--as-of", "2026-02-15").stdout  # fmt: skip
    assert "2025年：应于2026-03-31前公开（尚未到期）" in explained
    assert "依据：《中华人民共和国政府信息公开条例》" in explained
