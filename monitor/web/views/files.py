"""Downloads: a notice's DOCX/PDF/HTML, the weekly report's HTML/XLSX/PDF, and a reply's
attachment. Each is a path the store names, served only from the folder the monitor writes
it to, and only to a user who may see its agency."""

from __future__ import annotations

import re
from pathlib import Path

from flask import abort, send_file

from monitor.web.context import config, store
from monitor.web.views.base import bp
from monitor.web.views.common import (
    SANDBOX_POLICY,
    inside,
    not_for_departments,
    notice_or_404,
    reply_or_404,
    send_stored_file,
)
from reports.agency_pages import agency_folder

REPORT_FORMATS = ("html", "xlsx", "pdf")
ATTACHMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "jpg": "image/jpeg",
}
AGENCY_PAGE = re.compile(r"[a-z0-9][a-z0-9_-]*\.html")  # agency ids: lower case, digits, - _
UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|]+')


@bp.route("/notices/<int:notice_id>/<fmt>")
def notice_file(notice_id: int, fmt: str):
    notice = notice_or_404(notice_id)
    return send_stored_file(notice.files.get(fmt), [config().reports_dir], inline=fmt == "html")


def report_roots() -> list[Path]:
    """The reports folder, and the database's (the demo writes its weekly report there)."""
    return [config().reports_dir, config().database.parent]


def report_path(report, fmt: str) -> str | None:
    if fmt not in REPORT_FORMATS or not Path(report.path).name.startswith("weekly-"):
        return None
    return str(Path(report.path).with_suffix(f".{fmt}"))


@bp.route("/reports/<int:report_id>/<fmt>")
@not_for_departments
def report_file(report_id: int, fmt: str):
    report = store().report(report_id)
    if report is None or report.kind != "weekly":
        abort(404)
    return send_stored_file(report_path(report, fmt), report_roots(), inline=fmt == "html")


@bp.route("/reports/<int:report_id>/<folder>/<page>")
@not_for_departments
def report_agency_page(report_id: int, folder: str, page: str):
    """An agency's page of a province-scale report (the summary links `weekly-DATE/ID.html`
    relative to itself, which the browser resolves to here)."""
    report = store().report(report_id)
    if report is None or report.kind != "weekly" or not AGENCY_PAGE.fullmatch(page):
        abort(404)
    summary = Path(report.path)
    pages = agency_folder(summary)
    if folder != pages.name or not summary.name.startswith("weekly-"):
        abort(404)
    return send_stored_file(str(pages / page), report_roots(), inline=True)


@bp.route("/replies/<int:reply_id>/attachment")
def attachment(reply_id: int):
    reply = reply_or_404(reply_id)
    found = reply.attachment
    root = config().dashboard.attachments_dir
    if found is None or found.type not in ATTACHMENT_TYPES:
        abort(404)
    path = Path(found.path)
    if not inside(path, root) or not path.is_file():
        abort(404)
    response = send_file(path.resolve(), mimetype=ATTACHMENT_TYPES[found.type], as_attachment=True,
                         download_name=download_name(found.name, found.type))  # fmt: skip
    response.headers["Content-Security-Policy"] = SANDBOX_POLICY
    return response


def download_name(name: str, kind: str) -> str:
    """The department's file name without what a header or a file system would misread,
    always ending in the checked type."""
    stem = UNSAFE_NAME.sub("_", Path(name or "").stem).strip(" ._") or "附件"
    return f"{stem[:80]}.{kind}"
