"""Report formats are registries: the shipped ones are listed, and a new format is one class
that the weekly writer and the notice writers then write, after the shipped ones."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from builders import record_check, stale_finding, two_agency_config

from monitor.notices import issue_notices, render_missing_files
from monitor.store import Store
from monitor.weekly import build_weekly
from reports.formats import NOTICE_FORMATS, WEEKLY_FORMATS, NoticeFormat, WeeklyFormat
from reports.notice_files import write_notice_files
from reports.notice_model import NoticeDocument
from reports.rendered import atomic_path
from reports.weekly import WeeklyReport
from reports.weekly_files import write_weekly_files
from rules.calendar import WorkCalendar

AS_OF = date(2026, 11, 27)
SHIPPED_WEEKLY = ["html", "xlsx", "pdf"]  # in the order they are written
SHIPPED_NOTICE = ["docx", "pdf", "html"]


def write_text(path: Path, text: str) -> Path:
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(path)


@contextmanager
def txt_formats() -> Iterator[None]:
    """A plain-text format of both documents, registered for the block, removed after it."""

    class WeeklyTxt(WeeklyFormat):
        name = "txt"

        def write(self, model: WeeklyReport, path: Path) -> Path:
            return write_text(path, f"{model.region}政务公开监测周报 {model.as_of}")

    class NoticeTxt(NoticeFormat):
        name = "txt"

        def write(self, model: NoticeDocument, path: Path) -> Path:
            return write_text(path, f"{model.number} {model.recipient}")

    try:
        yield
    finally:
        WEEKLY_FORMATS.pop("txt", None)
        NOTICE_FORMATS.pop("txt", None)


@pytest.fixture
def setup(tmp_path):
    config = two_agency_config(tmp_path)
    store = Store(config.database)
    record_check(store, AS_OF, [stale_finding("qx-jyj")])
    return config, store


def test_the_registries_list_exactly_the_shipped_formats():
    assert list(WEEKLY_FORMATS) == SHIPPED_WEEKLY
    assert list(NOTICE_FORMATS) == SHIPPED_NOTICE
    for registry in (WEEKLY_FORMATS, NOTICE_FORMATS):
        assert all(fmt.name == name for name, fmt in registry.items())


def test_a_new_weekly_format_is_written_by_the_weekly_writer(setup, tmp_path):
    config, store = setup
    report = build_weekly(config, store, AS_OF)
    with txt_formats():
        rendered = write_weekly_files(report, tmp_path / "weekly")
    assert list(WEEKLY_FORMATS) == SHIPPED_WEEKLY
    assert [*rendered.files, *rendered.skipped] == [*SHIPPED_WEEKLY, "txt"]
    path = tmp_path / "weekly" / "weekly-2026-11-27.txt"
    assert rendered.files["txt"] == path
    assert path.read_text("utf-8") == "青溪县政务公开监测周报 2026-11-27"


def test_a_new_notice_format_is_written_and_rendered_when_missing(setup, tmp_path):
    config, store = setup
    [notice] = issue_notices(config, store, AS_OF, WorkCalendar())
    assert render_missing_files(config, store) == []
    docx = Path(store.notice(notice.id).files["docx"])
    before = docx.stat().st_mtime_ns
    with txt_formats():
        assert render_missing_files(config, store) == []  # only the new format was missing
        files = store.notice(notice.id).files
        assert list(files) == [*SHIPPED_NOTICE, "txt"]
        assert Path(files["txt"]).name == "青溪公开整改2026-1号.txt"
        assert Path(files["txt"]).read_text("utf-8") == "青溪公开整改〔2026〕1号 青溪县教育局"
        assert docx.stat().st_mtime_ns == before  # the others were not written again
        document = NoticeDocument(
            number="青溪公开整改〔2026〕9号", issuer="青溪县人民政府办公室",
            recipient="青溪县民政局", region="青溪县", issue_date=AS_OF,
            deadline=date(2026, 12, 4), deadline_workdays=5, problems=[],
        )  # fmt: skip
        rendered = write_notice_files(document, tmp_path / "direct", ["html", "txt"])
    assert list(NOTICE_FORMATS) == SHIPPED_NOTICE
    assert list(rendered.files) == ["html", "txt"]
    assert rendered.files["txt"].read_text("utf-8") == "青溪公开整改〔2026〕9号 青溪县民政局"


def test_unknown_formats_are_refused(setup, tmp_path):
    config, store = setup
    with pytest.raises(ValueError, match="unknown weekly report formats: \\['odt'\\]"):
        write_weekly_files(build_weekly(config, store, AS_OF), tmp_path, ["odt"])
    assert not any(tmp_path.glob("weekly-*"))
