"""One audit cycle: crawl → evaluate → findings → notices → alerts → report.

The crawl runs in a child process (`monitor.child`). Every step after it reads what it needs
from the store, never from what an earlier step of the same process handed on: a cycle
killed at any point and run again ends as if it had never been interrupted.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from common.crashpoints import crashpoint
from monitor.alerts import build_digests
from monitor.child import crawl_in_child
from monitor.config import Config
from monitor.evaluate import evaluate, load_all_catalogs
from monitor.evidence import prune
from monitor.findings import ACTIVE, sync_findings
from monitor.lock import StoreLock
from monitor.notices import OPEN_STATES, issue_notices, render_missing_files, update_notices
from monitor.outbox import SendSummary, channel_resolver, enqueue, send_pending
from monitor.replies import verify_replies
from monitor.scores import check_scores
from monitor.store import Notice, Reply, Store
from monitor.weekly import build_weekly
from reports.weekly_files import write_weekly_files
from rules.base import Reminder
from rules.calendar import WorkCalendar

log = logging.getLogger(__name__)


@dataclass
class CheckSummary:
    check_id: int
    as_of: date
    open_findings: int
    by_status: dict[str, int]
    transitions: dict[str, int]
    unmapped: list[tuple[str, str]] = field(default_factory=list)
    reminders: list[Reminder] = field(default_factory=list)
    replies: list[Reply] = field(default_factory=list)  # 整改回复 this check verified (or not)


@dataclass
class CycleResult:
    """What one cycle after the crawl did."""

    check: CheckSummary
    issued: list[Notice]
    rectified: list[Notice]
    overdue: list[Notice]
    report_path: Path
    alerts_queued: int = 0
    alerts: SendSummary | None = None
    skipped: list[str] = field(default_factory=list)  # files not rendered, and why


def run_check(config: Config, store: Store, as_of: date) -> CheckSummary:
    """Evaluate every agency's catalog on the stored crawl, update the findings, record each
    agency's score, and verify the departments' replies this crawl can judge."""
    load_all_catalogs(config)
    latest = store.latest_crawl()
    check_id = store.start_check(as_of.isoformat(), latest.id if latest else None)
    calendar = WorkCalendar.from_file(config.holidays)
    evaluation = evaluate(config, store, as_of, calendar, config.alerts.remind_before_workdays)
    transitions = sync_findings(store, check_id, as_of, evaluation)
    active = store.findings(states=ACTIVE)
    store.save_scores(check_scores(config, check_id, as_of, active))
    replies = verify_replies(store, check_id, as_of, latest, config.timezone)
    return CheckSummary(
        check_id=check_id,
        as_of=as_of,
        open_findings=len(active),
        by_status=dict(Counter(finding.status for finding in active)),
        transitions=dict(transitions),
        unmapped=evaluation.unmapped,
        reminders=evaluation.reminders,
        replies=replies,
    )


def run_cycle(config: Config, as_of: date, lock: StoreLock, report_dir: Path | None = None):
    """Crawl (in a child process, under `lock`), then the rest of the cycle; returns both."""
    crawl = crawl_in_child(config, as_of, lock)
    crashpoint("cycle.crawled")
    store = Store(config.database)
    try:
        return crawl, after_crawl(config, store, as_of, report_dir)
    finally:
        store.close()


def after_crawl(
    config: Config,
    store: Store,
    as_of: date,
    report_dir: Path | None = None,
    send: bool = True,
) -> CycleResult:
    """Everything a cycle does once the crawl is stored; safe to run twice for a day."""
    check = run_check(config, store, as_of)
    crashpoint("cycle.checked")
    moved = update_notices(store, as_of)
    issued = []
    if config.notices.auto_issue:
        issued = issue_notices(config, store, as_of, WorkCalendar.from_file(config.holidays))
    crashpoint("cycle.issued")
    skipped = render_missing_files(config, store)
    crashpoint("cycle.rendered")
    queued = queue_alerts(config, store, as_of, check)
    crashpoint("cycle.queued")
    sent = send_pending(store, config, datetime.now(UTC)) if send else None
    report_path, report_skipped = write_weekly_report(config, store, as_of, report_dir)
    prune_evidence(config, store, as_of)
    issued = [store.notice(notice.id) for notice in issued]
    rectified, overdue = moved["rectified"], moved["overdue"]
    return CycleResult(check, issued, rectified, overdue, report_path, queued, sent,
                       skipped + report_skipped)  # fmt: skip


def prune_evidence(config: Config, store: Store, as_of: date) -> None:
    """Retention of the archived pages; a file that cannot be removed waits for the next cycle."""
    try:
        prune(config, store, as_of)
    except OSError as exc:
        log.warning("evidence retention: %s", exc)


def queue_alerts(config: Config, store: Store, as_of: date, check: CheckSummary) -> int:
    """One digest per agency with what it has not been told yet; escalations to supervisors.

    Notices are taken from the store, not from this cycle's issuing: a notice issued by a
    cycle that died before it queued the alert is announced by the next one.
    """
    notices = store.notices(states=OPEN_STATES)
    issued = [notice for notice in notices if notice.state == "issued"]
    overdue = [notice for notice in notices if notice.state == "overdue"]
    messages = build_digests(config, as_of, check.reminders, store.findings(states=ACTIVE),
                             issued, overdue, store.alert_event_keys())  # fmt: skip
    return enqueue(store, messages, channel_resolver(config))


def write_weekly_report(
    config: Config,
    store: Store,
    as_of: date,
    out_dir: Path | None = None,
    formats: list[str] | None = None,
) -> tuple[Path | None, list[str]]:
    """Write the weekly report in every registered format (HTML, XLSX, PDF), or `formats`;
    returns the HTML's path (else the first file's) and the formats that could not be
    rendered here (with the reason). Only a report with its HTML is recorded."""
    report = build_weekly(config, store, as_of)
    rendered = write_weekly_files(report, Path(out_dir or config.reports_dir), formats)
    crashpoint("report.written")
    path = rendered.files.get("html")
    if path is not None:
        store.record_report("weekly", as_of.isoformat(), str(path))
    path = path or next(iter(rendered.files.values()), None)
    skipped = [f"weekly report {fmt}: {why}" for fmt, why in rendered.skipped.items()]
    for line in skipped:
        log.warning("skipped %s", line)
    return path, skipped
