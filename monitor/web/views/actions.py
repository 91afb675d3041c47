"""The rectification loop's forms: a department's 整改回复 and 申诉; a supervisor's decision on
an 申诉, waiver of a finding and withdrawal of a notice. Each needs a reason, is written to
the audit log by the function it calls, and redirects back with a confirmation; a refused
one shows the page again, with the error in Chinese, as 400."""

from __future__ import annotations

from datetime import date

from flask import abort, g, request

from monitor.findings import FindingError, waive
from monitor.notices import NoticeError, withdraw_notice
from monitor.replies import ReplyError, decide_appeal, save_attachment, submit_appeal, submit_reply
from monitor.store import Attachment
from monitor.web.auth import supervisor_only
from monitor.web.context import config, store
from monitor.web.views.base import bp
from monitor.web.views.common import (
    back,
    finding_or_404,
    notice_or_404,
    reply_or_404,
    stripped,
    today,
)
from monitor.web.views.findings import render_finding
from monitor.web.views.notices import OPEN_STATES, render_notice


class Refused(Exception):
    """A form that cannot be accepted as sent; the message is shown to the user."""


def answering(finding) -> None:
    """Only the finding's own department answers it (supervisors decide, viewers read)."""
    if g.user.role != "department" or not g.user.sees(finding.agency_id):
        abort(403)


def required(name: str, message: str) -> str:
    value = stripped(name)
    if not value:
        raise Refused(message)
    return value


def uploaded(agency_id: str) -> Attachment | None:
    upload = request.files.get("attachment")
    if upload is None or not upload.filename:
        return None
    return save_attachment(config(), agency_id, upload.filename, upload.read())


@bp.post("/findings/<finding_id>/reply")
def submit_reply_view(finding_id: str):
    finding = finding_or_404(finding_id)
    answering(finding)
    try:
        body = required("body", "请填写整改情况。")
        submit_reply(store(), g.user, finding, body, stripped("url") or None,
                     uploaded(finding.agency_id))  # fmt: skip
    except (Refused, ReplyError) as exc:
        return render_finding(finding, str(exc), 400)
    return back("views.finding", "reply", finding_id=finding.id)


@bp.post("/findings/<finding_id>/appeal")
def submit_appeal_view(finding_id: str):
    finding = finding_or_404(finding_id)
    answering(finding)
    try:
        submit_appeal(store(), g.user, finding, required("reason", "请填写申诉理由。"))
    except (Refused, ReplyError) as exc:
        return render_finding(finding, str(exc), 400)
    return back("views.finding", "appeal", finding_id=finding.id)


@bp.post("/replies/<int:reply_id>/decide")
@supervisor_only
def decide_appeal_view(reply_id: int):
    reply = reply_or_404(reply_id)
    finding = finding_or_404(reply.finding_id)
    decision = request.form.get("decision")
    try:
        if reply.kind != "appeal" or decision not in ("accept", "reject"):
            raise Refused("请选择认定申诉成立或驳回申诉。")
        reason = required("reason", "请填写处理理由。")
        decide_appeal(store(), g.user, reply, decision == "accept", reason, today())
    except (Refused, ReplyError) as exc:
        return render_finding(finding, str(exc), 400)
    return back("views.finding", "accepted" if decision == "accept" else "rejected",
                finding_id=finding.id)  # fmt: skip


@bp.post("/findings/<finding_id>/waive")
@supervisor_only
def waive_view(finding_id: str):
    finding = finding_or_404(finding_id)
    try:
        if finding.state == "resolved":
            raise Refused("该问题已整改，无需豁免。")
        reason = required("reason", "豁免须填写理由。")
        until = waiver_until(stripped("until"))
        waive(store(), finding.id, reason, until, bool(request.form.get("false_positive")),
              today(), by=g.user.username)  # fmt: skip
    except Refused as exc:
        return render_finding(finding, str(exc), 400)
    except FindingError:
        return render_finding(finding, "无法豁免该问题，请刷新页面后重试。", 400)
    return back("views.finding", "waived", finding_id=finding.id)


def waiver_until(text: str) -> date | None:
    if not text:
        return None
    try:
        until = date.fromisoformat(text)
    except ValueError:
        raise Refused("豁免期限的日期格式应为 YYYY-MM-DD。") from None
    if until < today():
        raise Refused("豁免期限不能早于今天。")
    return until


@bp.post("/notices/<int:notice_id>/withdraw")
@supervisor_only
def withdraw_view(notice_id: int):
    notice = notice_or_404(notice_id)
    try:
        if notice.state not in OPEN_STATES:
            raise Refused("该整改通知书已不在整改中，不能撤回。")
        reason = required("reason", "撤回整改通知书须填写理由。")
        withdraw_notice(store(), str(notice.id), reason, today(), by=g.user.username)
    except Refused as exc:
        return render_notice(notice, str(exc), 400)
    except NoticeError:
        return render_notice(notice, "无法撤回该整改通知书，请刷新页面后重试。", 400)
    return back("views.notice", "withdrawn", notice_id=notice.id)
