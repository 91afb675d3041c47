"""Write a rectification notice (整改通知书) in each of its formats.

The shipped formats, one class each, in the order they are written: DOCX, PDF, HTML. A new
format is one more `NoticeFormat` subclass (see `reports.formats`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from reports.formats import NOTICE_FORMATS, NoticeFormat, write_formats
from reports.notice_docx import write_notice_docx
from reports.notice_html import write_notice_html
from reports.notice_model import NoticeDocument
from reports.notice_pdf import write_notice_pdf
from reports.rendered import Rendered

__all__ = ["NOTICE_FORMATS", "NoticeFormat", "notice_file_stem", "write_notice_files"]


class NoticeDocx(NoticeFormat):
    """Official-document layout (GB/T 9704) for the recipients' Word."""

    name = "docx"

    def write(self, model: NoticeDocument, path: Path) -> Path:
        return write_notice_docx(model, path)


class NoticePdf(NoticeFormat):
    """The HTML page laid out with its print CSS; skipped without a Chinese font."""

    name = "pdf"

    def write(self, model: NoticeDocument, path: Path) -> Path:
        return write_notice_pdf(model, path)


class NoticeHtml(NoticeFormat):
    """One self-contained page, linked from the weekly report."""

    name = "html"

    def write(self, model: NoticeDocument, path: Path) -> Path:
        return write_notice_html(model, path)


def write_notice_files(
    document: NoticeDocument, out_dir: Path, formats: Iterable[str] | None = None
) -> Rendered:
    """Write the notice in `formats` (default: every registered one) into `out_dir`.

    DOCX and HTML are always written; the PDF is skipped, with the reason, when this machine
    lacks a font or library for it.
    """
    stem = Path(out_dir) / notice_file_stem(document.number)
    return write_formats(NOTICE_FORMATS, document, stem, formats, "notice")


def notice_file_stem(number: str) -> str:
    """A file name from a notice number: 青溪公开整改〔2026〕7号 → 青溪公开整改2026-7号."""
    stem = number.replace("〔", "").replace("〕", "-")
    return re.sub(r"[\\/:*?\"<>|\s]+", "_", stem)
