"""The weekly report as an Excel workbook: 汇总 (one row per agency, with last week's score),
问题明细, 整改通知书, 整改回复与申诉 (this week's), 得分趋势 (the last 12 weeks), 栏目覆盖 (the
catalog items each agency's columns carry, those none does, and an open 网站改版)."""

from __future__ import annotations

from copy import copy
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from reports.labels import state_label, status_label
from reports.rendered import atomic_path
from reports.weekly import AgencySection, WeeklyReport
from rules.base import severity_label
from rules.findings import Finding

HEADER_FILL = PatternFill("solid", fgColor="DDDDDD")
HEADER_FONT = Font(bold=True)
WRAPPED = Alignment(wrap_text=True, vertical="top")
FORMULA_STARTS = ("=", "+", "-", "@")  # crawled text must never become a formula

SUMMARY = [("排名", 6), ("单位", 28), ("类别", 10), ("得分", 8), ("结论", 8), ("存在问题", 10),
           ("单项否决", 10), ("本周新发现", 12), ("本周已整改", 12), ("无法访问", 10),
           ("上周得分", 10), ("较上周", 10)]  # fmt: skip
DETAILS = [("单位", 24), ("公开事项", 22), ("期次", 10), ("问题", 12), ("情况说明", 60),
           ("性质", 10), ("状态", 10), ("发现日期", 12), ("依据", 40), ("证据链接", 60)]  # fmt: skip
NOTICES = [("文号", 26), ("单位", 28), ("下发日期", 12), ("整改期限", 12), ("问题数", 8),
           ("状态", 20)]  # fmt: skip
REPLIES = [("类型", 10), ("单位", 28), ("问题", 36), ("提交时间", 18), ("提交人", 14),
           ("内容", 60), ("发布地址", 40), ("状态", 12), ("复查/审核意见", 40)]  # fmt: skip
COVERAGE = [("单位", 28), ("已设置栏目的事项数", 12), ("事项总数", 10), ("未设置栏目的事项", 60),
            ("网站改版", 60)]  # fmt: skip
TREND = [("周末日期", 12), ("检查单位数", 12), ("合格单位数", 12), ("合格率（%）", 12),
         ("平均得分", 10)]  # fmt: skip


def write_weekly_xlsx(report: WeeklyReport, path: str | Path) -> Path:
    """The workbook at `path` (atomically); crawled text is never a formula."""
    workbook = Workbook(write_only=True)  # rows streamed to the file: a province has 100,000s
    fill(workbook.create_sheet("汇总"), SUMMARY, [summary_row(a) for a in report.ranked])
    fill(workbook.create_sheet("问题明细"), DETAILS,
         [detail_row(a, f) for a in report.agencies for f in a.findings])  # fmt: skip
    fill(workbook.create_sheet("整改通知书"), NOTICES,
         [[n.number, n.agency_name, n.issued_on.isoformat(), n.deadline.isoformat(),
           n.findings, n.state_label] for n in report.notices])  # fmt: skip
    fill(workbook.create_sheet("整改回复与申诉"), REPLIES,
         [[r.kind_label, r.agency_name, r.problem, r.submitted, r.username, r.body, r.url or "",
           r.state_label, r.decision or ""] for r in report.replies])  # fmt: skip
    fill(workbook.create_sheet("得分趋势"), TREND,
         [[p.end.isoformat(), p.agencies, p.passing, p.pass_rate, p.mean_points]
          for p in report.trend])  # fmt: skip
    fill(workbook.create_sheet("栏目覆盖"), COVERAGE,
         [[c.agency_name, c.covered, c.total, "、".join(c.missing), c.site_changed or ""]
          for c in report.coverage])  # fmt: skip
    path = Path(path)
    with atomic_path(path) as tmp:
        workbook.save(tmp)
    return path


def summary_row(agency: AgencySection) -> list:
    return [agency.rank, agency.name, agency.kind_label, agency.score.points,
            agency.score.verdict, len(agency.findings), agency.veto_count, agency.new_count,
            len(agency.resolved_this_week), agency.unreachable_count,
            agency.previous.points if agency.previous else None,
            agency.points_change]  # fmt: skip


def detail_row(agency: AgencySection, finding: Finding) -> list:
    links = "\n".join(e["url"] for e in finding.evidence if e.get("url"))
    return [agency.name, finding.item_name, finding.period or "", status_label(finding.status),
            finding.message, severity_label(finding.severity), state_label(finding.state),
            finding.opened_on.isoformat(), finding.basis, links]  # fmt: skip


def fill(sheet, columns: list[tuple[str, int]], rows: list[list]) -> None:
    """A write-only sheet: widths and frozen header first, then the rows, then the filter."""
    for index, (_, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([header_cell(sheet, title) for title, _ in columns])
    wrapped = WriteOnlyCell(sheet)
    wrapped.alignment = WRAPPED
    for row in rows:
        sheet.append([data_cell(sheet, value, wrapped) for value in row])
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"


def header_cell(sheet, title: str):
    cell = WriteOnlyCell(sheet, title)
    cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    return cell


def data_cell(sheet, value, wrapped):
    """A top-aligned, wrapped cell; crawled text that starts like a formula stays text."""
    cell = WriteOnlyCell(sheet, value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
    cell._style = copy(wrapped._style)  # as openpyxl's own copier does: no style lookup per cell
    return cell
