"""Write the weekly report (周报) in each of its formats.

The shipped formats, one class each, in the order they are written: HTML, XLSX, PDF. A new
format is one more `WeeklyFormat` subclass (see `reports.formats`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from reports.formats import WEEKLY_FORMATS, WeeklyFormat, write_formats
from reports.html import write_weekly_html, write_weekly_pdf
from reports.rendered import Rendered
from reports.weekly import WeeklyReport
from reports.xlsx import write_weekly_xlsx

__all__ = ["WEEKLY_FORMATS", "WeeklyFormat", "weekly_file_stem", "write_weekly_files"]


class WeeklyHtml(WeeklyFormat):
    """The page users open in a browser; the report the cycle records."""

    name = "html"

    def write(self, model: WeeklyReport, path: Path) -> Path:
        return write_weekly_html(model, path)


class WeeklyXlsx(WeeklyFormat):
    """A workbook: 汇总, 问题明细, 整改通知书."""

    name = "xlsx"

    def write(self, model: WeeklyReport, path: Path) -> Path:
        return write_weekly_xlsx(model, path)


class WeeklyPdf(WeeklyFormat):
    """The HTML's print layout; skipped without a Chinese font."""

    name = "pdf"

    def write(self, model: WeeklyReport, path: Path) -> Path:
        return write_weekly_pdf(model, path)


def write_weekly_files(
    report: WeeklyReport, out_dir: Path, formats: Iterable[str] | None = None
) -> Rendered:
    """The weekly report in `formats` (default: every registered one) in `out_dir`.

    HTML and XLSX are always written; the PDF is skipped, with the reason, when this machine
    lacks a font or library for it.
    """
    stem = Path(out_dir) / weekly_file_stem(report)
    return write_formats(WEEKLY_FORMATS, report, stem, formats, "weekly report")


def weekly_file_stem(report: WeeklyReport) -> str:
    """weekly-2026-11-27: the file name of every format, without the suffix."""
    return f"weekly-{report.as_of.isoformat()}"
