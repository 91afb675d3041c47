"""Build the weekly audit report (周报) from the config and the store, for `reports` to render."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from monitor.config import AgencyConfig, Config
from monitor.coverage import coverage
from monitor.evidence import with_snapshots
from monitor.findings import ACTIVE
from monitor.scores import scores_on, weekly_trend
from monitor.site_change import SITE_CHANGED
from monitor.store import Crawl, Notice, Reply, Store
from monitor.timeline import REPLY_KIND_LABELS, reply_state_label
from reports.agency_pages import grouped
from reports.labels import (
    AGENCY_KIND_LABELS,
    CRAWL_STATUS_LABELS,
    NOTICE_STATE_LABELS,
    label,
    status_label,
)
from reports.weekly import (
    AgencySection,
    CoverageRow,
    CrawlLine,
    NoticeRow,
    PastScore,
    ReplyRow,
    WeeklyReport,
)
from rules.calendar import WorkCalendar
from rules.findings import Finding
from rules.scoring import FAIL, score


def build_weekly(config: Config, store: Store, as_of: date) -> WeeklyReport:
    week_start = as_of - timedelta(days=6)
    findings = grouped(with_snapshots(store, store.findings(), config.dashboard.url))
    sections = [agency_section(agency, findings.get(agency.id, []), week_start)
                for agency in config.agencies]  # fmt: skip
    rank_sections(sections)
    compare_with_last_week(store, sections, as_of)
    notices = [notice_row(config, store, notice) for notice in store.notices()
               if not (notice.closed_on and notice.closed_on < week_start)]  # fmt: skip
    return WeeklyReport(config.region, as_of, week_start, sections,
                        crawl_line(store.latest_crawl(), config.timezone), notices,
                        approximate_years(config, as_of),
                        weekly_trend(store, [agency.id for agency in config.agencies], as_of),
                        week_replies(config, store, week_start, as_of),
                        coverage_rows(config, sections),
                        len(config.agencies) > config.report.split_above_agencies)  # fmt: skip


def coverage_rows(config: Config, sections: list[AgencySection]) -> list[CoverageRow]:
    """栏目覆盖: each agency's items with and without a column, and an open 网站改版."""
    events = {section.id: section.events for section in sections}
    return [
        CoverageRow(found.agency_id, found.agency_name, len(found.covered),
                    tuple(item.item_name for item in found.missing),
                    next((f.message for f in events.get(found.agency_id, ())), None))
        for found in coverage(config)
    ]  # fmt: skip


def compare_with_last_week(store: Store, sections: list[AgencySection], as_of: date) -> None:
    """Each agency's score by its last check on or before as_of - 7, from the score history."""
    before = scores_on(store, as_of - timedelta(days=7))
    for section in sections:
        past = before.get(section.id)
        if past is not None:
            section.previous = PastScore(past.as_of, past.points, past.verdict)


def week_replies(config: Config, store: Store, week_start: date, as_of: date) -> list[ReplyRow]:
    """The 整改回复 and 申诉 received from week_start to as_of (local days)."""
    zone = ZoneInfo(config.timezone)
    since = datetime.combine(week_start, time(), zone).astimezone(UTC).isoformat()
    return [reply_row(config, store, reply) for reply in store.replies(since=since)
            if local_day(reply.created_at, zone) <= as_of]  # fmt: skip


def reply_row(config: Config, store: Store, reply: Reply) -> ReplyRow:
    finding = store.finding(reply.finding_id)
    problem = reply.finding_id
    if finding is not None:
        period = f"（{finding.period}）" if finding.period else ""
        problem = f"{finding.item_name}{period}「{status_label(finding.status)}」"
    return ReplyRow(
        kind_label=label(REPLY_KIND_LABELS, reply.kind), agency_name=agency_name(config, reply),
        problem=problem, submitted=local_time(reply.created_at, config.timezone),
        username=reply.username, body=reply.body, url=reply.url,
        state_label=reply_state_label(reply.kind, reply.state), decision=reply.decision_reason,
        agency_id=reply.agency_id,
    )  # fmt: skip


def agency_name(config: Config, reply: Reply) -> str:
    try:
        return config.agency(reply.agency_id).name
    except KeyError:  # an agency removed from the config since
        return reply.agency_id


def local_day(utc_iso: str, zone: ZoneInfo) -> date:
    return datetime.fromisoformat(utc_iso).astimezone(zone).date()


def agency_section(
    agency: AgencyConfig, findings: list[Finding], week_start: date
) -> AgencySection:
    """One agency's score and findings: active, waived, and resolved since week_start."""
    section = AgencySection(
        agency.id, agency.name, AGENCY_KIND_LABELS[agency.kind], score(findings)
    )
    active = [f for f in findings if f.state in ACTIVE]
    section.findings = [f for f in active if f.status != SITE_CHANGED]
    section.events = [f for f in active if f.status == SITE_CHANGED]
    section.waived = [f for f in findings if f.state == "waived"]
    section.resolved_this_week = [
        f for f in findings if f.state == "resolved" and week_start <= f.resolved_on
    ]
    return section


def rank_sections(sections: list[AgencySection]) -> None:
    """Rank by verdict, then points; equal results share a rank."""

    def key(section):
        return (section.score.verdict == FAIL, -section.score.points)

    ordered = sorted(sections, key=key)
    for index, section in enumerate(ordered):
        same = index and key(ordered[index - 1]) == key(section)
        section.rank = ordered[index - 1].rank if same else index + 1


def notice_row(config: Config, store: Store, notice: Notice) -> NoticeRow:
    return NoticeRow(
        number=notice.number, agency_name=config.agency(notice.agency_id).name,
        issued_on=notice.issued_on, deadline=notice.deadline, state=notice.state,
        state_label=label(NOTICE_STATE_LABELS, notice.state), closed_on=notice.closed_on,
        findings=len(store.notice_findings(notice.id)), files=notice.files,
        agency_id=notice.agency_id,
    )  # fmt: skip


def crawl_line(crawl: Crawl | None, timezone: str) -> CrawlLine | None:
    if crawl is None:
        return None
    return CrawlLine(local_time(crawl.started_at, timezone),
                     label(CRAWL_STATUS_LABELS, crawl.status))  # fmt: skip


def local_time(utc_iso: str | None, timezone: str) -> str:
    if not utc_iso:
        return ""
    moment = datetime.fromisoformat(utc_iso).astimezone(ZoneInfo(timezone))
    return moment.strftime("%Y-%m-%d %H:%M")


def approximate_years(config: Config, as_of: date) -> list[int]:
    """Years around as_of whose holidays neither the calendar package nor holidays.yaml
    knows: working-day deadlines there were counted Monday to Friday."""
    calendar = WorkCalendar.from_file(config.holidays)
    for year in (as_of.year - 1, as_of.year, as_of.year + 1):
        calendar.is_workday(date(year, 1, 1))
    return sorted(calendar.fallback_years)
