"""Rows out of the command line: a table aligned for CJK, JSON lines, CSV for Excel."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from monitor.cli import main
from monitor.cli.output import display_width, emit_rows

ROWS = [
    {"id": "a1", "agency": "青溪县教育局", "message": "栏目「通知公告」已40天未更新", "extra": [1]},
    {"id": "b22", "agency": "edu", "message": "line one\nline two", "extra": None},
]


def emitted(capsys, fmt):
    emit_rows(ROWS, fmt, "finding", ("id", "agency", "message"))
    return capsys.readouterr().out


def test_the_table_aligns_wide_characters_and_keeps_rows_on_one_line(capsys):
    header, first, second, count = emitted(capsys, None).splitlines()
    assert count == "2 finding(s)"
    starts = [display_width(line[: line.index(word)]) for line, word in
              ((header, "message"), (first, "栏目"), (second, "line one"))]  # fmt: skip
    assert len(set(starts)) == 1, (header, first, second)
    assert second.endswith("line one line two")


def test_json_lines_carry_every_key(capsys):
    lines = [json.loads(line) for line in emitted(capsys, "json").splitlines()]
    assert lines == ROWS


def test_csv_has_a_header_and_the_table_columns(capsys):
    rows = list(csv.reader(io.StringIO(emitted(capsys, "csv"))))
    assert rows[0] == ["id", "agency", "message"]
    assert rows[1] == ["a1", "青溪县教育局", "栏目「通知公告」已40天未更新"]
    assert len(rows) == 3


@pytest.mark.e2e
def test_findings_in_three_formats_agree(demo_folder):
    config = str(demo_folder / "zwgk.yaml")
    outputs = {fmt: CliRunner().invoke(main, ["findings", "--config", config, *flag]).output
               for fmt, flag in (("table", []), ("json", ["--json"]), ("csv", ["--csv"]))}  # fmt: skip
    found = [json.loads(line) for line in outputs["json"].splitlines()]
    table = list(csv.DictReader(io.StringIO(outputs["csv"])))
    assert found and [row["id"] for row in table] == [f["id"] for f in found]
    assert outputs["table"].splitlines()[-1] == f"{len(found)} finding(s)"
    assert all(f["id"] in outputs["table"] for f in found)
