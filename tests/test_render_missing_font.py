"""A machine without Chinese fonts still gets every format that needs none, and is told why the
PDF is missing. The renders run in a child process whose fontconfig sees an empty font folder
(FONTCONFIG_FILE), so nothing is uninstalled and nothing is faked in the code under test.

Run as a script (`python test_render_missing_font.py OUT_DIR FORMAT…`), this module is that child."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from builders import record_check, stale_finding, two_agency_config
from test_notice_render import problems

from monitor.store import Store
from monitor.weekly import build_weekly
from reports.notice_files import write_notice_files
from reports.notice_model import NoticeDocument
from reports.weekly_files import write_weekly_files

AS_OF = date(2026, 11, 27)
NOTICE_STEM = "青溪公开整改2026-7号"
FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig><dir>{fonts}</dir><cachedir>{cache}</cachedir></fontconfig>
"""


def notice_document():
    return NoticeDocument(
        number="青溪公开整改〔2026〕7号", issuer="青溪县人民政府办公室", recipient="青溪县教育局",
        region="青溪县", issue_date=AS_OF, deadline=date(2026, 12, 4), deadline_workdays=5,
        problems=problems(), contact=None,
    )  # fmt: skip


def weekly_report(folder: Path):
    config = two_agency_config(folder)
    store = Store(config.database)
    record_check(store, AS_OF, [stale_finding("qx-jyj")])
    return build_weekly(config, store, AS_OF)


def render_all(out_dir: Path, formats: list[str]) -> dict:
    """The child's work: the weekly report and a notice (only `formats`), as JSON-able dicts."""
    weekly = write_weekly_files(weekly_report(out_dir), out_dir / "weekly")
    notice = write_notice_files(notice_document(), out_dir / "notices", formats)
    return {name: {"files": {f: str(p) for f, p in r.files.items()}, "skipped": r.skipped}
            for name, r in (("weekly", weekly), ("notice", notice))}  # fmt: skip


def run_child(out_dir: Path, env: dict, formats: list[str]) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, str(out_dir), *formats],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def fontless_env(tmp_path: Path) -> dict:
    """The environment of a process whose fontconfig knows no font at all."""
    (tmp_path / "no-fonts").mkdir()
    conf = tmp_path / "fonts.conf"
    conf.write_text(FONTS_CONF.format(fonts=tmp_path / "no-fonts", cache=tmp_path / "fc-cache"))
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    listing = subprocess.run(["fc-list", ":lang=zh"], env=env, capture_output=True, text=True)
    assert listing.stdout.strip() == "", "the fonts.conf should hide every font"
    return env


@pytest.fixture
def fontless(tmp_path) -> tuple[Path, dict]:
    out = tmp_path / "out"
    out.mkdir()
    return out, run_child(out, fontless_env(tmp_path), ["docx", "pdf", "html"])


def test_weekly_report_without_fonts_writes_html_and_xlsx(fontless):
    out, result = fontless
    weekly = result["weekly"]
    assert sorted(weekly["files"]) == ["html", "xlsx"]
    assert sorted(p.name for p in (out / "weekly").iterdir()) == [
        "weekly-2026-11-27.html", "weekly-2026-11-27.xlsx"]  # fmt: skip
    assert "青溪县教育局" in (out / "weekly" / "weekly-2026-11-27.html").read_text("utf-8")
    assert list(weekly["skipped"]) == ["pdf"]
    assert "fonts-noto-cjk" in weekly["skipped"]["pdf"]
    assert "\n" not in weekly["skipped"]["pdf"]


def test_notice_without_fonts_writes_docx_and_html(fontless):
    out, result = fontless
    notice = result["notice"]
    assert sorted(notice["files"]) == ["docx", "html"]
    assert sorted(p.name for p in (out / "notices").iterdir()) == [
        f"{NOTICE_STEM}.docx",
        f"{NOTICE_STEM}.html",
    ]  # no PDF, and no temporary file left
    assert notice["skipped"] == {
        "pdf": "no Chinese (CJK) font installed; install the Debian package fonts-noto-cjk"
    }


def test_missing_pdf_is_rendered_later_alone(fontless):
    """Once the fonts are there, a caller renders only the format that was skipped."""
    out, _ = fontless
    docx = out / "notices" / f"{NOTICE_STEM}.docx"
    before = docx.stat().st_mtime_ns
    rendered = write_notice_files(notice_document(), out / "notices", ["pdf"])
    assert rendered.skipped == {}
    assert rendered.files == {"pdf": out / "notices" / f"{NOTICE_STEM}.pdf"}
    assert rendered.files["pdf"].read_bytes().startswith(b"%PDF-")
    assert docx.stat().st_mtime_ns == before


def test_unknown_notice_format_is_refused(tmp_path):
    with pytest.raises(ValueError, match="odt"):
        write_notice_files(notice_document(), tmp_path, ["odt"])
    assert not any(tmp_path.iterdir())


if __name__ == "__main__":
    result = render_all(Path(sys.argv[1]), sys.argv[2:])
    print(json.dumps(result, ensure_ascii=False))
