"""One audit cycle: crawl → evaluate → findings → notices → alerts → report.

The crawl runs in a child process: Twisted's reactor cannot be restarted, and the scheduler
and the demo run many cycles in one process.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from common.errors import ZwgkError
from monitor.alerts import build_digests
from monitor.config import Config
from monitor.evaluate import evaluate, load_all_catalogs
from monitor.findings import ACTIVE, sync_findings
from monitor.notices import issue_notices, update_notices
from monitor.outbox import SendSummary, channel_resolver, enqueue, send_pending
from monitor.store import Store
from rules.base import Reminder
from rules.calendar import WorkCalendar


class CrawlError(ZwgkError):
    """The crawl child process failed as a whole (not one site: those are recorded data)."""


@dataclass
class CheckSummary:
    check_id: int
    as_of: date
    open_findings: int
    by_status: dict[str, int]
    transitions: dict[str, int]
    unmapped: list[tuple[str, str]] = field(default_factory=list)
    reminders: list[Reminder] = field(default_factory=list)


@dataclass
class CycleResult:
    """What one cycle after the crawl did."""

    check: CheckSummary
    issued: list[dict]
    rectified: list[dict]
    overdue: list[dict]
    report_path: Path
    alerts_queued: int = 0
    alerts: SendSummary | None = None


def crawl_in_child(config: Config, as_of: date) -> dict:
    """Run `zwgk crawl` in a fresh interpreter and return its summary."""
    command = [sys.executable, "-m", "monitor.cli", "crawl",
               "--config", str(config.path), "--as-of", as_of.isoformat()]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise CrawlError(f"crawl failed (exit {done.returncode}): {done.stderr.strip()[-2000:]}")
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    return json.loads(lines[-1]) if lines else {}


def run_check(config: Config, store: Store, as_of: date) -> CheckSummary:
    """Evaluate every agency's catalog on the stored crawl and update the findings."""
    load_all_catalogs(config)
    latest = store.latest_crawl()
    check_id = store.start_check(as_of.isoformat(), latest["id"] if latest else None)
    calendar = WorkCalendar.from_file(config.holidays)
    evaluation = evaluate(config, store, as_of, calendar, config.alerts.remind_before_workdays)
    transitions = sync_findings(store, check_id, as_of, evaluation)
    active = store.findings(states=ACTIVE)
    return CheckSummary(
        check_id=check_id,
        as_of=as_of,
        open_findings=len(active),
        by_status=dict(Counter(row["status"] for row in active)),
        transitions=dict(transitions),
        unmapped=evaluation.unmapped,
        reminders=evaluation.reminders,
    )


def after_crawl(
    config: Config,
    store: Store,
    as_of: date,
    report_dir: Path | None = None,
    send: bool = True,
) -> CycleResult:
    """Everything a cycle does once the crawl is stored; safe to run twice for a day."""
    check = run_check(config, store, as_of)
    moved = update_notices(store, as_of)
    issued = []
    if config.notices.auto_issue:
        issued = issue_notices(config, store, as_of, WorkCalendar.from_file(config.holidays))
    queued = queue_alerts(config, store, as_of, check, issued, moved["overdue"])
    sent = send_pending(store, config, datetime.now(UTC)) if send else None
    report_path = write_weekly_report(config, store, as_of, report_dir)
    rectified, overdue = moved["rectified"], moved["overdue"]
    return CycleResult(check, issued, rectified, overdue, report_path, queued, sent)


def queue_alerts(
    config: Config,
    store: Store,
    as_of: date,
    check: CheckSummary,
    issued: list[dict],
    overdue: list[dict],
) -> int:
    """One digest per agency with what it has not been told yet; escalations to supervisors."""
    findings = store.findings(states=ACTIVE)
    already_sent = store.alert_event_keys()
    messages = build_digests(
        config, as_of, check.reminders, findings, issued, overdue, already_sent
    )
    return enqueue(store, messages, channel_resolver(config))


def write_weekly_report(
    config: Config, store: Store, as_of: date, out_dir: Path | None = None
) -> Path:
    """Write the weekly report as HTML, XLSX and PDF; returns the HTML's path."""
    from reports.html import write_weekly_html, write_weekly_pdf
    from reports.weekly import build_weekly
    from reports.xlsx import write_weekly_xlsx

    report = build_weekly(config, store, as_of)
    out_dir = Path(out_dir or config.reports_dir)
    path = write_weekly_html(report, out_dir)
    write_weekly_xlsx(report, out_dir)
    write_weekly_pdf(report, out_dir)
    store.record_report("weekly", as_of.isoformat(), str(path))
    return path
