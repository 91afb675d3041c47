"""What every page module uses: the day, agency names, lookups that answer 404 for what the
user may not see, files served only from the folders the monitor writes, and pagination."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import wraps
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import abort, g, redirect, request, send_file, url_for

from monitor.store import Notice, Reply
from monitor.web.auth import require_agency
from monitor.web.context import config, now, store
from rules.findings import Finding

CONFIRMATIONS = {
    "reply": "整改回复已提交。问题将在下次抓取复查后更新状态。",
    "appeal": "申诉已提交，等待监督人员处理。",
    "accepted": "已认定申诉成立，该问题按误报处理。",
    "rejected": "已驳回申诉。",
    "waived": "已豁免该问题。",
    "withdrawn": "已撤回整改通知书。",
    "run": "已安排立即复查，完成后运行记录将更新。",
}
PAGE_SIZE = 50


def today() -> date:
    return now().astimezone(ZoneInfo(config().timezone)).date()


def agency_name(agency_id: str | None) -> str:
    try:
        return config().agency(agency_id or "").name
    except KeyError:  # an agency removed from the config: its rows still show, by id
        return agency_id or ""


def confirmation() -> str | None:
    return CONFIRMATIONS.get(request.args.get("done", ""))


def back(endpoint: str, done: str, **values):
    """POST/redirect/GET: back to the page, which shows the confirmation `done` names."""
    return redirect(url_for(endpoint, done=done, **values), code=303)


def finding_or_404(finding_id: str) -> Finding:
    finding = store().finding(finding_id)
    if finding is None:
        abort(404)
    require_agency(finding.agency_id)
    return finding


def notice_or_404(notice_id: int) -> Notice:
    notice = store().notice(notice_id)
    if notice is None:
        abort(404)
    require_agency(notice.agency_id)
    return notice


def reply_or_404(reply_id: int) -> Reply:
    reply = store().reply(reply_id)
    if reply is None:
        abort(404)
    require_agency(reply.agency_id)
    return reply


def not_for_departments(view):
    """Pages that cover every agency (the weekly report, the runs): 403 for departments."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if g.user is None or g.user.role == "department":
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def inside(path: Path, *roots: Path) -> bool:
    resolved = path.resolve()
    return any(resolved.is_relative_to(root.resolve()) for root in roots)


def send_stored_file(path: str | None, roots: list[Path], inline: bool = False):
    """A file the store names, only when it lies in one of `roots` and exists; an HTML file
    opens sandboxed (its own origin, no scripts), whatever it contains."""
    if not path or not inside(Path(path), *roots) or not Path(path).is_file():
        abort(404)
    response = send_file(Path(path).resolve(), as_attachment=not inline)
    if inline:
        response.headers["Content-Security-Policy"] = SANDBOX_POLICY
    return response


SANDBOX_POLICY = ("sandbox; default-src 'none'; style-src 'unsafe-inline'; "
                  "img-src data:; font-src data:")  # fmt: skip


@dataclass(frozen=True)
class Pager:
    number: int
    size: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    def url(self, number: int) -> str:
        args = {**request.args.to_dict(), "page": number}
        args.pop("done", None)
        return url_for(request.endpoint, **(request.view_args or {}), **args)


def page_number() -> int:
    try:
        return max(1, int(request.args.get("page", "1")))
    except ValueError:
        return 1


def stripped(name: str) -> str:
    return (request.form.get(name) or "").strip()
