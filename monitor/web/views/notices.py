"""整改通知书: the notices the user may see, and one notice with its findings, the replies to
them, its files and its timeline."""

from __future__ import annotations

from pathlib import Path

from flask import g, render_template, request

from monitor.notices import OPEN_STATES
from monitor.replies import notice_timeline
from monitor.web.context import config, store
from monitor.web.labels import NOTICE_STATE_LABELS
from monitor.web.queries import scope
from monitor.web.views.base import bp
from monitor.web.views.common import PAGE_SIZE, Pager, notice_or_404, page_number

__all__ = ["OPEN_STATES", "render_notice"]


@bp.route("/notices")
def notices():
    state = request.args.get("state", "")
    states = [state] if state in NOTICE_STATE_LABELS else None
    ids = scope(g.user)
    rows = store().notices(states=states, agency_id=ids[0] if ids else None)
    rows = [notice for notice in reversed(rows) if g.user.sees(notice.agency_id)]
    pager = Pager(page_number(), PAGE_SIZE, len(rows))
    return render_template(
        "notices.html",
        notices=rows[pager.offset : pager.offset + pager.size],
        pager=pager,
        state=state if states else "",
        states=NOTICE_STATE_LABELS,
        counts=store().notice_finding_counts(),
    )


@bp.route("/notices/<int:notice_id>")
def notice(notice_id: int):
    return render_notice(notice_or_404(notice_id))


def render_notice(notice, error: str | None = None, status: int = 200):
    findings = store().notice_findings(notice.id)
    replies = [reply for finding in findings for reply in store().replies(finding_id=finding.id)]
    page = render_template(
        "notice.html",
        notice=notice,
        findings=findings,
        replies=sorted(replies, key=lambda reply: reply.created_at),
        files={fmt: path for fmt, path in notice.files.items() if Path(path).is_file()},
        timeline=notice_timeline(store(), notice, config().timezone),
        open=notice.state in OPEN_STATES,
        error=error,
        form=request.form if error else {},
    )
    return page, status
