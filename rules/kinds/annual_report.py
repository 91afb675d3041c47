"""`annual_report`: the published annual report follows the national format.

Basis: 《中华人民共和国政府信息公开条例》(2019) 第五十条 (the report's contents) and
国办公开办函〔2021〕30号 (the national format, which replaced the 2019 trial format): six parts,
parts 二、三、四 as tables, and in table 三 新收 + 上年结转 = 办理结果总计 + 结转下年度 for
every applicant column.

For each of the latest `periods` years whose report is due (`due` in the next year, default
31 January), the report whose title matches `match` is inspected when its page was fetched:
status `defective` when it is not in the format. A missing or late report is the `periodic`
rule's finding, and a report whose page was not fetched is not judged.
"""

from __future__ import annotations

import re
from datetime import date

from pydantic import Field, field_validator

from rules.annual_report import AnnualReportInspection
from rules.base import Context, Listing, Rule, listing_evidence
from rules.findings import Finding
from rules.kinds.periodic import DueDate, normalize_title
from rules.report_kept import inspect

AnnualReportPick = tuple[Listing, AnnualReportInspection]


class AnnualReportRule(Rule):
    kind = "annual_report"
    reports_unreachable = False  # the `periodic` rule's finding says the column is unreachable
    match: str = Field(description="regex on titles; `{year}` is filled in with the report year")
    due: DueDate = Field(
        default=DueDate(month=1, day=31),
        description="`{month: M, day: D}` of the following year (county government: 3月31日)",
    )
    periods: int = Field(default=1, ge=1, description="how many past report years are checked")

    @field_validator("match")
    @classmethod
    def _match(cls, value: str) -> str:
        try:
            re.compile(value.replace("{year}", "2000"))
        except re.error as exc:
            raise ValueError(f"bad regular expression {value!r}: {exc}") from exc
        return value

    def check(self, ctx: Context) -> list[Finding]:
        """An unreachable column is the `periodic` rule's finding; here it means: no judgement."""
        if not ctx.columns or not all(column.reachable for column in ctx.columns):
            return []
        return self.evaluate(ctx)

    def years_due(self, as_of: date) -> list[int]:
        """The latest `periods` report years whose due date has passed, newest first."""
        latest = as_of.year - 1
        if date(as_of.year, self.due.month, self.due.day) >= as_of:
            latest -= 1
        return [latest - offset for offset in range(self.periods)]

    def in_force(self, ctx: Context) -> list[str]:
        return [f"{year}年度报告应于{date(year + 1, self.due.month, self.due.day).isoformat()}前"
                "公开，并符合国办公开办函〔2021〕30号格式（六部分，二、三、四为表格，表三数据平衡）"
                for year in self.years_due(ctx.as_of)]  # fmt: skip

    def evaluate(self, ctx: Context) -> list[Finding]:
        findings = []
        for year in self.years_due(ctx.as_of):
            finding = self.judge(year, ctx)
            if finding:
                findings.append(finding)
        return findings

    def judge(self, year: int, ctx: Context) -> Finding | None:
        inspected = self.inspected(year, ctx)
        if not inspected or any(inspection.ok for _, inspection in inspected):
            return None  # not fetched, or a (corrected) report in the format is online
        listing, inspection = max(inspected, key=lambda pick: _published(pick[0]))
        problems = "；".join(problem.message for problem in inspection.problems)
        message = f"{year}年{self.name}不符合国办公开办函〔2021〕30号规定的格式：{problems}"
        evidence = [listing_evidence(listing, "年度报告")] + [
            {"label": f"问题（{_part_label(problem.part)}）", "note": problem.message,
             "code": problem.code}
            for problem in inspection.problems
        ]  # fmt: skip
        return self.finding(ctx, "defective", message, str(year), evidence)

    def inspected(self, year: int, ctx: Context) -> list[AnnualReportPick]:
        """The year's reports whose page was fetched and could be judged, with the inspection."""
        pattern = re.compile(self.match.replace("{year}", str(year)))
        picks = []
        for listing in ctx.listings():
            if listing.content and pattern.search(normalize_title(listing.title)):
                inspection = inspect(listing.content, year)  # parsed once, then kept
                if inspection.checkable:
                    picks.append((listing, without_unnamed_year(inspection)))
        return picks


def without_unnamed_year(inspection: AnnualReportInspection) -> AnnualReportInspection:
    """The listed title already names the year (it matched); a page naming none is no fault."""
    if inspection.title_year is None:
        problems = [p for p in inspection.problems if p.code != "year_mismatch"]
        inspection.problems = problems
    return inspection


def _published(listing: Listing) -> date:
    return listing.date or listing.first_seen or date.min


def _part_label(part: str) -> str:
    return f"第{part}部分" if part in tuple("一二三四五六") else part
