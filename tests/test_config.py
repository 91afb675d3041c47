"""Config validation: every fault names the file and line, exits 2 and writes nothing."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from monitor.config import ConfigError, load_config

GOOD = """\
region: 青溪县
database: zwgk.db
agencies:
  - id: qx-gov
    name: 青溪县人民政府
    kind: county
    catalog: county
    columns:
      - id: news
        name: 政务要闻
        url: http://127.0.0.1:9/qx-gov/col/col1/index.html
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "zwgk.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def run_zwgk(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "monitor.cli", *args], cwd=cwd, capture_output=True, text=True
    )


def test_good_config_loads_and_resolves_paths(tmp_path):
    config = load_config(write(tmp_path, GOOD))
    assert config.agencies[0].columns[0].id == "news"
    assert config.database == tmp_path / "zwgk.db"


@pytest.mark.parametrize(
    ("bad", "line", "fault"),
    [
        (GOOD.replace("    kind: county", "    kind: county\n    colour: red"), 7, "unknown key"),
        (GOOD.replace("url: http://127.0.0.1:9/", "url: ftp//nowhere/"), 11, "not an http(s) URL"),
        (GOOD.replace("    name: 青溪县人民政府", "    name: [青溪县"), 6, "started on line 5"),
        (GOOD.replace("kind: county", "kind: city"), 6, "agencies.0.kind"),
        (GOOD + "      - id: news\n        name: x\n        url: http://a.b/\n", 12, "duplicate"),
    ],
)
def test_bad_config_names_file_line_and_fault(tmp_path, bad, line, fault):
    path = write(tmp_path, bad)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert caught.value.line == line
    assert fault in str(caught.value)
    assert str(path) in str(caught.value)


@pytest.mark.parametrize("command", [["check"], ["crawl"], ["findings"], ["report", "weekly"]])
def test_cli_refuses_bad_config_with_exit_2_and_writes_nothing(tmp_path, command):
    path = write(tmp_path, GOOD.replace("    kind: county", "    kind: county\n    colour: red"))
    done = run_zwgk(*command, "--config", str(path), cwd=tmp_path)
    assert done.returncode == 2
    assert f"{path}:7: agencies.0.colour: unknown key" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["zwgk.yaml"]


def test_cli_refuses_missing_catalog_before_writing(tmp_path):
    path = write(tmp_path, GOOD.replace("catalog: county", "catalog: nosuch"))
    done = run_zwgk("check", "--config", str(path), cwd=tmp_path)
    assert done.returncode == 2
    assert "nosuch" in done.stderr
    assert not (tmp_path / "zwgk.db").exists()
