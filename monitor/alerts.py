"""Alert messages (逾期提醒): one digest per agency per cycle, one for the supervisors.

Pure functions: events come in (coming deadlines, overdue findings, notices issued, notices
gone overdue), messages in Simplified Chinese come out. Each event has a key; an event whose
key was already sent is left out, so a finding is alerted once per opening.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath

from monitor.config import Config
from monitor.findings import ACTIVE
from monitor.store import Notice
from reports.labels import status_label
from rules.base import Reminder
from rules.findings import Finding

OVERDUE_STATUSES = ("missing", "late", "stale", "blank")
AGENCY, SUPERVISORS = "agency", "supervisors"
KIND_ORDER = ("overdue", "reminder", "notice", "escalation")
SECTION_TITLES = {
    "overdue": ("逾期事项", "项"),
    "reminder": ("即将到期", "项"),
    "notice": ("整改通知书", "份"),
    "escalation": ("逾期未整改的整改通知书", "份"),
}
SUBJECT_PARTS = {"overdue": "{n}项逾期", "reminder": "{n}项即将到期", "notice": "{n}份整改通知书"}
NUMERALS = "一二三四五六"
MAX_EVIDENCE = 3


@dataclass(frozen=True)
class Event:
    key: str
    kind: str  # reminder | overdue | notice | escalation
    agency_id: str
    lines: tuple[str, ...]  # first line: the event; more lines: evidence, links


@dataclass(frozen=True)
class Message:
    audience: str  # agency | supervisors
    agency_id: str | None  # None for the supervisors' digest
    subject: str
    body: str
    events: tuple[Event, ...]

    @property
    def event_keys(self) -> list[str]:
        return sorted(event.key for event in self.events)

    @property
    def dedupe_key(self) -> str:
        return hashlib.sha256("\n".join(self.event_keys).encode("utf-8")).hexdigest()[:32]


# -- event keys -------------------------------------------------------------


def reminder_key(item: Reminder) -> str:
    return f"reminder:{item.agency_id}:{item.item_id}:{item.period or '-'}:{item.due.isoformat()}"


def overdue_key(finding: Finding) -> str:
    return f"overdue:{finding.id}:{finding.opened_on.isoformat()}"


def notice_key(notice: Notice) -> str:
    return f"notice:{notice.id}"


def escalation_key(notice: Notice) -> str:
    return f"escalation:{notice.id}"


# -- events -----------------------------------------------------------------


def is_overdue(finding: Finding) -> bool:
    return finding.status in OVERDUE_STATUSES and finding.state in ACTIVE


def item_title(name: str, period: str | None) -> str:
    return f"{name}（{period}）" if period else name


def reminder_event(item: Reminder, as_of: date) -> Event:
    days = (item.due - as_of).days
    left = "今天到期" if days <= 0 else f"还剩{days}天"
    title = item_title(item.item_name, item.period_name)
    line = f"{title}：应于{item.due.isoformat()}前公开，{left}"
    return Event(reminder_key(item), "reminder", item.agency_id, (line,))


def overdue_event(finding: Finding, as_of: date, dashboard_url: str | None = None) -> Event:
    days = (as_of - finding.opened_on).days
    since = f"{finding.opened_on.isoformat()}发现" + (f"，已{days}天未整改" if days > 0 else "")
    title = item_title(finding.item_name, finding.period)
    line = f"{title}：{status_label(finding.status)}。{finding.message}；{since}"
    links = [e["url"] for e in finding.evidence if e.get("url")][:MAX_EVIDENCE]
    evidence = tuple(f"证据：{url}" for url in links)
    page = (f"查看与整改回复：{finding_page(dashboard_url, finding)}",) if dashboard_url else ()
    return Event(overdue_key(finding), "overdue", finding.agency_id, (line, *evidence, *page))


def finding_page(dashboard_url: str, finding: Finding) -> str:
    """The finding's page on the dashboard, where its department answers it."""
    return f"{dashboard_url.rstrip('/')}/findings/{finding.id}"


def notice_event(notice: Notice, report_url: str | None, dashboard_url: str | None = None) -> Event:
    line = f"{notice.number}，请于{notice.deadline.isoformat()}前完成整改并反馈"
    links = tuple(f"文书：{url}" for url in notice_links(notice, report_url))
    if dashboard_url:
        links += (f"查看与整改回复：{dashboard_url.rstrip('/')}/notices/{notice.id}",)
    return Event(notice_key(notice), "notice", notice.agency_id, (line, *links))


def escalation_event(notice: Notice, as_of: date, config: Config) -> Event:
    days = (as_of - notice.deadline).days
    line = (
        f"{agency_name(config, notice.agency_id)} {notice.number}："
        f"整改期限{notice.deadline.isoformat()}，已逾期{days}天未整改"
    )
    return Event(escalation_key(notice), "escalation", notice.agency_id, (line,))


def notice_links(notice: Notice, report_url: str | None) -> list[str]:
    """Links to the notice's PDF (else any file) under report_url/notices/."""
    files = notice.files
    if not report_url or not files:
        return []
    path = files.get("pdf") or next(iter(files.values()))
    return [f"{report_url.rstrip('/')}/notices/{PurePath(path).name}"]


def agency_name(config: Config, agency_id: str) -> str:
    try:
        return config.agency(agency_id).name
    except KeyError:
        return agency_id


# -- digests ----------------------------------------------------------------


def build_digests(
    config: Config,
    as_of: date,
    reminders: Iterable[Reminder],
    findings: Iterable[Finding],
    issued_notices: Iterable[Notice],
    overdue_notices: Iterable[Notice],
    already_sent_keys: set[str],
) -> list[Message]:
    """One digest per agency with new events, then one for the supervisors' escalations."""
    report_url, dashboard_url = config.alerts.report_url, config.dashboard.url
    agency_events = [
        *(
            overdue_event(finding, as_of, dashboard_url)
            for finding in findings
            if is_overdue(finding)
        ),
        *(reminder_event(item, as_of) for item in sorted(reminders, key=lambda r: r.due)),
        *(notice_event(notice, report_url, dashboard_url) for notice in issued_notices),
    ]
    escalations = [escalation_event(notice, as_of, config) for notice in overdue_notices]
    fresh = unsent(agency_events, already_sent_keys)
    messages = [
        agency_digest(config, as_of, agency_id, events)
        for agency_id, events in group_by_agency(config, fresh)
    ]
    new_escalations = unsent(escalations, already_sent_keys)
    if new_escalations:
        messages.append(supervisors_digest(config, as_of, new_escalations))
    return messages


def unsent(events: list[Event], already_sent_keys: set[str]) -> list[Event]:
    """The events not sent before, each key once."""
    return list({e.key: e for e in events if e.key not in already_sent_keys}.values())


def group_by_agency(config: Config, events: list[Event]) -> list[tuple[str, list[Event]]]:
    """Events by agency, in config order (agencies not in the config last)."""
    order = {agency.id: index for index, agency in enumerate(config.agencies)}
    grouped: dict[str, list[Event]] = {}
    for event in events:
        grouped.setdefault(event.agency_id, []).append(event)
    return sorted(grouped.items(), key=lambda pair: (order.get(pair[0], len(order)), pair[0]))


def agency_digest(config: Config, as_of: date, agency_id: str, events: list[Event]) -> Message:
    name = agency_name(config, agency_id)
    counts = {kind: sum(e.kind == kind for e in events) for kind in SUBJECT_PARTS}
    summary = "、".join(SUBJECT_PARTS[k].format(n=n) for k, n in counts.items() if n)
    subject = f"【政务公开提醒】{name}：{summary}"
    intro = f"{name}：\n经{config.region}政务公开监测，以下事项请及时处理："
    body = compose(config, as_of, intro, events, "请按要求及时公开、整改。")
    return Message(AGENCY, agency_id, subject, body, tuple(events))


def supervisors_digest(config: Config, as_of: date, events: list[Event]) -> Message:
    subject = f"【政务公开督办】{len(events)}份整改通知书逾期未整改"
    intro = "以下整改通知书已过整改期限仍未整改，请督办："
    body = compose(config, as_of, intro, events, "")
    return Message(SUPERVISORS, None, subject, body, tuple(events))


def compose(config: Config, as_of: date, intro: str, events: list[Event], closing: str) -> str:
    lines = [intro]
    kinds = [kind for kind in KIND_ORDER if any(e.kind == kind for e in events)]
    for numeral, kind in zip(NUMERALS, kinds, strict=False):
        lines += ["", *section(numeral, kind, [e for e in events if e.kind == kind])]
    lines.append("")
    if closing:
        lines.append(closing)
    if config.alerts.report_url:
        lines.append(f"详情：{config.alerts.report_url}")
    lines += [config.alerts.sender or f"{config.region}政务公开办", as_of.isoformat()]
    return "\n".join(lines)


def section(numeral: str, kind: str, events: list[Event]) -> list[str]:
    title, unit = SECTION_TITLES[kind]
    lines = [f"{numeral}、{title}（{len(events)}{unit}）"]
    for number, event in enumerate(events, start=1):
        first, *more = event.lines
        lines.append(f"{number}. {first}")
        lines += [f"   {line}" for line in more]
    return lines
