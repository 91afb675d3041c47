"""A rectification notice as PDF: the notice's HTML laid out with its print CSS (see pdf.py
for the fonts standing in for 小标宋, 仿宋, 黑体 and 楷体)."""

from __future__ import annotations

from pathlib import Path

from reports.notice_html import render_notice_html
from reports.notice_model import NoticeDocument
from reports.pdf import html_to_pdf
from reports.rendered import RenderError

__all__ = ["RenderError", "write_notice_pdf"]


def write_notice_pdf(doc: NoticeDocument, path: str | Path) -> Path:
    """Write the notice as PDF to `path` (atomically) and return the path."""
    return html_to_pdf(render_notice_html(doc), path)
