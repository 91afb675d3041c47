"""Assemble a rectification notice (整改通知书) from the stored notice and its findings."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from functools import partial
from pathlib import Path

from reports.labels import STATUS_LABELS, label
from reports.notice_docx import write_notice_docx
from reports.notice_html import write_notice_html
from reports.notice_model import NoticeDocument, NoticeProblem
from reports.notice_pdf import write_notice_pdf
from reports.rendered import Rendered

NOTICE_WRITERS = {"docx": write_notice_docx, "pdf": write_notice_pdf, "html": write_notice_html}
NOTICE_FORMATS = tuple(NOTICE_WRITERS)

ACTIONS = {
    "stale": "立即更新该栏目内容，建立栏目常态化更新机制，确保按规定频次更新。",
    "blank": "补充该栏目应公开的内容；确无内容的，按规定整合或关闭栏目。",
    "missing": "立即在规定栏目公开该事项，并书面说明未按时公开的原因。",
    "late": "书面说明逾期公开的原因，完善信息发布审核流程，确保今后按时公开。",
    "defective": "按国家规定格式修订并重新发布，补齐缺失部分和表格，核对数据。",
}
DEFAULT_ACTION = "对照公开依据逐项整改，并书面报送整改情况。"


def notice_document(
    notice: dict,
    findings: list[dict],
    *,
    region: str,
    recipient: str,
    issuer: str,
    deadline_workdays: int,
    contact: str | None,
) -> NoticeDocument:
    problems = [
        NoticeProblem(
            item_name=row["item_name"] + (f"（{row['period']}）" if row["period"] else ""),
            status_label=label(STATUS_LABELS, row["status"]),
            message=row["message"],
            basis=row["basis"],
            evidence=row["evidence"],
            action=ACTIONS.get(row["status"], DEFAULT_ACTION),
        )
        for row in findings
    ]
    return NoticeDocument(
        number=notice["number"],
        issuer=issuer,
        recipient=recipient,
        region=region,
        issue_date=date.fromisoformat(notice["issued_on"]),
        deadline=date.fromisoformat(notice["deadline"]),
        deadline_workdays=deadline_workdays,
        problems=problems,
        contact=contact,
    )


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
