"""A finding's life, and a notice's, as one list of dated events in Chinese.

found → alerted → on a notice → replied (整改回复 / 申诉) → re-checked → resolved, or
reopened; with the supervisors' decisions (申诉 accepted or rejected, waivers, notices
withdrawn), each with who and why from the audit log. A check's events carry its day; a
person's action or a message its time. Events of one day keep the loop's order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from monitor.store import Notice, OutboxEntry, Reply, Store
from reports.labels import status_label, waiver_label
from rules.findings import Finding

SYSTEM = "监测系统"
OFFICE = "政务公开办"
ORDER = ("found", "alerted", "notice", "notice_alert", "reply", "decided", "waived",
         "verified", "resolved", "notice_closed")  # fmt: skip
RANK = {kind: rank for rank, kind in enumerate(ORDER)}
CHECK_EVENTS = {
    "new": ("found", "监测发现问题"),
    "open": ("found", "复查：问题仍存在"),
    "reopened": ("found", "问题再次出现"),
    "resolved": ("resolved", "复查：问题已整改"),
}
REPLY_KIND_LABELS = {"reply": "整改回复", "appeal": "申诉"}
REPLY_STATE_LABELS = {
    ("reply", "submitted"): "待复查",
    ("reply", "verified"): "复查通过",
    ("reply", "not_verified"): "复查未通过",
    ("appeal", "submitted"): "待审核",
    ("appeal", "accepted"): "申诉成立",
    ("appeal", "rejected"): "申诉驳回",
}
DECISION_LABELS = {
    "verified": "复查通过：整改回复属实",
    "not_verified": "复查未通过：问题仍然存在",
    "accepted": "申诉成立，认定为误报",
    "rejected": "申诉驳回",
}
ALERT_LABELS = {
    "overdue": "发送逾期提醒",
    "notice": "发送整改通知书",
    "escalation": "逾期未整改，上报督办",
}
SEND_STATES = {"sent": "", "dead": "（发送失败）"}
NOTICE_CLOSINGS = (("rectified_on", "整改通知书所列问题已全部整改"),
                   ("overdue_on", "整改通知书逾期未整改，已上报"),
                   ("withdrawn_on", "整改通知书已撤回"))  # fmt: skip


@dataclass(frozen=True)
class TimelineEvent:
    at: str  # an ISO date (a check's day, a notice's date) or a UTC ISO timestamp
    day: date  # the local day, for the order
    kind: str  # one of ORDER
    label: str
    who: str
    detail: str = ""


def reply_state_label(kind: str, state: str) -> str:
    return REPLY_STATE_LABELS.get((kind, state), state)


def finding_timeline(store: Store, finding: Finding,
                     timezone: str = "Asia/Shanghai") -> list[TimelineEvent]:  # fmt: skip
    """Everything that happened to one finding, oldest first."""
    zone = ZoneInfo(timezone)
    notices = store.finding_notices(finding.id)
    events = [*check_events(store, finding), *finding_alerts(store, finding, notices, zone)]
    for notice in notices:
        events += [dated(notice.issued_on, "notice", "列入整改通知书", OFFICE,
                         f"{notice.number}，整改期限{notice.deadline.isoformat()}")]  # fmt: skip
        events += notice_closings(store, notice, zone)
    for reply in store.replies(finding_id=finding.id):
        events += reply_events(reply, zone)
    events += waiver_events(store, finding, zone)
    return ordered(events)


def notice_timeline(store: Store, notice: Notice,
                    timezone: str = "Asia/Shanghai") -> list[TimelineEvent]:  # fmt: skip
    """A notice: issued, sent, the findings it lists resolved, replies to it, closed."""
    zone = ZoneInfo(timezone)
    listed = store.notice_findings(notice.id)
    events = [
        dated(
            notice.issued_on,
            "notice",
            "下发整改通知书",
            OFFICE,
            f"{notice.number}：{len(listed)}个问题，整改期限{notice.deadline.isoformat()}",
        )
    ]
    keys = [f"notice:{notice.id}", f"escalation:{notice.id}"]
    events += alert_events(store.outbox_for_events(keys, []), set(keys), zone)
    events += [dated(f.resolved_on, "resolved", "复查：问题已整改", SYSTEM, problem(f))
               for f in listed if f.state == "resolved" and f.resolved_on]  # fmt: skip
    names = {f.id: f.item_name for f in listed}
    for reply in store.replies(agency_id=notice.agency_id):
        if reply.notice_id == notice.id:
            events += reply_events(reply, zone, about=names.get(reply.finding_id))
    events += notice_closings(store, notice, zone)
    return ordered(events)


def ordered(events: Iterable[TimelineEvent]) -> list[TimelineEvent]:
    return sorted(events, key=lambda e: (e.day, RANK[e.kind], e.at))


def check_events(store: Store, finding: Finding) -> list[TimelineEvent]:
    events = []
    for row in store.finding_events(finding.id):
        kind, label = CHECK_EVENTS.get(row["state"], ("found", row["state"]))
        detail = problem(finding) if row["state"] in ("new", "reopened") else ""
        events.append(dated(date.fromisoformat(row["as_of"]), kind, label, SYSTEM, detail))
    return events


def problem(finding: Finding) -> str:
    return f"{finding.item_name}「{status_label(finding.status)}」：{finding.message}"


def finding_alerts(store: Store, finding: Finding, notices: list[Notice],
                   zone: ZoneInfo) -> list[TimelineEvent]:  # fmt: skip
    """The messages that told of the finding: its overdue alerts, its notices' messages."""
    keys = [f"{kind}:{n.id}" for n in notices for kind in ("notice", "escalation")]
    prefix = f"overdue:{finding.id}:"
    entries = store.outbox_for_events(keys, [prefix])
    return alert_events(entries, {*keys, prefix}, zone)


def alert_events(entries: list[OutboxEntry], wanted: set[str],
                 zone: ZoneInfo) -> list[TimelineEvent]:  # fmt: skip
    """One event per message (sent on one channel or several) and event kind it carried."""
    messages: dict[str, list[OutboxEntry]] = {}
    for entry in entries:
        messages.setdefault(entry.dedupe_key, []).append(entry)
    events = []
    for copies in messages.values():
        sent = [c for c in copies if c.state == "sent"]
        first = min(sent or copies, key=lambda c: c.sent_at or c.created_at)
        state = "sent" if sent else first.state
        kinds = {
            key.split(":")[0] for key in first.events if any(key.startswith(w) for w in wanted)
        }
        for kind in sorted(kinds, key=list(ALERT_LABELS).index):
            label = ALERT_LABELS[kind] + SEND_STATES.get(state, "（待发送）")
            event_kind = "alerted" if kind == "overdue" else "notice_alert"
            events.append(stamped(first.sent_at or first.created_at, zone, event_kind, label,
                                  SYSTEM, first.subject))  # fmt: skip
    return events


def notice_closings(store: Store, notice: Notice, zone: ZoneInfo) -> list[TimelineEvent]:
    events = []
    audit = {e.action: e for e in store.audit_entries("notice", notice.id)}
    for field, label in NOTICE_CLOSINGS:
        day = getattr(notice, field)
        if day is None:
            continue
        withdrawal = audit.get("withdraw") if field == "withdrawn_on" else None
        who = withdrawal.username if withdrawal else (OFFICE if field == "withdrawn_on" else SYSTEM)
        reason = notice.withdraw_reason if field == "withdrawn_on" else ""
        detail = f"{notice.number}" + (f"，理由：{reason}" if reason else "")
        events.append(dated(day, "notice_closed", label, who, detail))
    return events


def reply_events(reply: Reply, zone: ZoneInfo, about: str | None = None) -> list[TimelineEvent]:
    """A reply submitted and, once settled, its verification or decision."""
    name = REPLY_KIND_LABELS.get(reply.kind, reply.kind)
    events = [stamped(reply.created_at, zone, "reply", f"提交{name}", reply.username,
                      reply_detail(reply, about))]  # fmt: skip
    if reply.state == "submitted":
        return events
    label = DECISION_LABELS.get(reply.state, reply.state)
    who = SYSTEM if reply.decided_by == "check" else (reply.decided_by or "")
    kind = "verified" if reply.kind == "reply" else "decided"
    if reply.checked_on:
        events.append(dated(date.fromisoformat(reply.checked_on), kind, label, who,
                            reply.decision_reason or ""))  # fmt: skip
    elif reply.decided_at:
        events.append(stamped(reply.decided_at, zone, kind, label, who,
                              reply.decision_reason or ""))  # fmt: skip
    return events


def reply_detail(reply: Reply, about: str | None) -> str:
    parts = [f"{about}：{reply.body}" if about else reply.body]
    if reply.url:
        parts.append(f"发布地址：{reply.url}")
    if reply.attachment_name:
        parts.append(f"附件：{reply.attachment_name}")
    return " ".join(parts)


def waiver_events(store: Store, finding: Finding, zone: ZoneInfo) -> list[TimelineEvent]:
    events = []
    for entry in store.audit_entries("finding", finding.id):
        if entry.action != "waive":
            continue
        kind, until = entry.detail.get("waiver", "waived"), entry.detail.get("until")
        label = "认定为误报" if kind == "false_positive" else waiver_label(kind)
        label += f"（至{until}）" if until else ""
        events.append(stamped(entry.at, zone, "waived", label, entry.username, entry.reason or ""))
    return events


def dated(day: date, kind: str, label: str, who: str, detail: str = "") -> TimelineEvent:
    return TimelineEvent(day.isoformat(), day, kind, label, who, detail)


def stamped(moment: str, zone: ZoneInfo, kind: str, label: str, who: str,
            detail: str = "") -> TimelineEvent:  # fmt: skip
    local = datetime.fromisoformat(moment).astimezone(zone)
    return TimelineEvent(moment, local.date(), kind, label, who, detail)
