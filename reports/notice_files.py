"""Write a rectification notice (整改通知书) in each of its formats."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import partial
from pathlib import Path

from reports.notice_docx import write_notice_docx
from reports.notice_html import write_notice_html
from reports.notice_model import NoticeDocument
from reports.notice_pdf import write_notice_pdf
from reports.rendered import Rendered

NOTICE_WRITERS = {"docx": write_notice_docx, "pdf": write_notice_pdf, "html": write_notice_html}
NOTICE_FORMATS = tuple(NOTICE_WRITERS)


def write_notice_files(
    document: NoticeDocument, out_dir: Path, formats: Iterable[str] = NOTICE_FORMATS
) -> Rendered:
    """Write the notice in `formats` (default: DOCX, PDF and HTML) into `out_dir`.

    DOCX and HTML are always written; the PDF is skipped, with the reason, when this machine
    lacks a font or library for it.
    """
    wanted = set(formats)
    unknown = wanted - set(NOTICE_FORMATS)
    if unknown:
        raise ValueError(f"unknown notice formats: {sorted(unknown)}")
    stem = Path(out_dir) / notice_file_stem(document.number)
    rendered = Rendered()
    for fmt in NOTICE_FORMATS:
        if fmt in wanted:
            rendered.attempt(fmt, partial(NOTICE_WRITERS[fmt], document, f"{stem}.{fmt}"))
    return rendered


def notice_file_stem(number: str) -> str:
    """A file name from a notice number: 青溪公开整改〔2026〕7号 → 青溪公开整改2026-7号."""
    stem = number.replace("〔", "").replace("〕", "-")
    return re.sub(r"[\\/:*?\"<>|\s]+", "_", stem)
