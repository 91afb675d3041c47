"""Anticipated faults end as one line and an exit status, never a traceback; a missing font
costs only the PDF, which a later run renders once the font is there."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from builders import record_check, stale_finding
from test_render_missing_font import fontless_env

from monitor.store import Store

AS_OF = date(2026, 11, 27)
CONFIG = """\
region: 青溪县
database: zwgk.db
crawl: {{allow_private: [127.0.0.1], retries: 0, timeout: 2}}
notices: {{number_pattern: "青溪公开整改〔{{year}}〕{{seq}}号"}}
agencies:
  - id: qx-jyj
    name: 青溪县教育局
    kind: department
    catalog: department
    columns: [{{id: news, name: 工作动态, url: "http://127.0.0.1:{port}/news/"}}]
"""


def write_config(folder: Path, port: int = 9) -> Path:
    path = folder / "zwgk.yaml"
    path.write_text(CONFIG.format(port=port), encoding="utf-8")
    return path


def zwgk(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "monitor.cli", *args], env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip


def test_a_crawl_child_that_dies_is_one_line_and_nothing_is_checked(tmp_path):
    config = write_config(tmp_path)
    env = {**os.environ, "ZWGK_CRASH_AT": "crawl.item"}
    done = zwgk("run", "--as-of", AS_OF.isoformat(), "--config", str(config), env=env)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == ["error: crawl failed (killed by SIGKILL)"]
    assert not (tmp_path / "reports").exists()
    store = Store(tmp_path / "zwgk.db")
    assert store.findings() == []
    store.close()


def test_without_fonts_the_pdfs_are_skipped_and_rendered_later(tmp_path):
    config = write_config(tmp_path)
    store = Store(tmp_path / "zwgk.db")
    record_check(store, AS_OF, [stale_finding("qx-jyj")])
    store.close()
    fontless = fontless_env(tmp_path)
    args = ("--as-of", AS_OF.isoformat(), "--config", str(config))

    issued = zwgk("notices", "issue", *args, env=fontless)
    report = zwgk("report", "weekly", *args, env=fontless)
    for done in (issued, report):
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
        assert (
            "pdf: no Chinese (CJK) font installed; install the Debian package fonts-noto-cjk"
            in (done.stderr)
        )
    weekly = tmp_path / "reports" / f"weekly-{AS_OF}"
    assert weekly.with_suffix(".html").is_file() and weekly.with_suffix(".xlsx").is_file()
    assert not weekly.with_suffix(".pdf").exists()
    assert sorted(notice_files(config)) == ["docx", "html"]

    again = zwgk("notices", "issue", *args)  # the fonts are back: nothing new to issue
    assert again.returncode == 0 and "0 notice(s) issued" in again.stdout
    files = notice_files(config)
    assert sorted(files) == ["docx", "html", "pdf"]
    assert Path(files["pdf"]).read_bytes().startswith(b"%PDF-")


def notice_files(config: Path) -> dict:
    done = zwgk("notices", "list", "--json", "--config", str(config))
    (notice,) = [json.loads(line) for line in done.stdout.splitlines()]
    return notice["files"]
