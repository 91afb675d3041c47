"""`timeliness`: each publication appears within `within` of the day it was formed.

Basis: 《中华人民共和国政府信息公开条例》(2019) 第二十六条 — proactively disclosed information
is published within 20 working days of being formed or changed (working days on the official
calendar, with holidays and 调休); catalogs set shorter limits for some items (行政执法结果:
7 working days).

For every publication of the item's columns published in the `lookback` before `as_of`, the
发布日期 (`meta["published"]`, else the listed date) is compared with the 生成日期/成文日期
(`meta["created"]`): status `late` when it is more than `within` after it. A publication
exactly `within` after its 生成日期 is on time; one without a 生成日期 is not judged. Each late
publication is its own finding, its period the URL's path and query.
"""

from __future__ import annotations

from datetime import date

from pydantic import Field

from rules.base import Context, Listing, Rule, book_title, listing_evidence
from rules.duration import Duration, DurationText
from rules.findings import Finding
from rules.listing_sets import listing_set


class TimelinessRule(Rule):
    kind = "timeliness"
    within: DurationText = Field(
        default=Duration(20, "workdays"),
        description="longest time from 生成日期 to 发布日期: `20 workdays`, `7 workdays`, "
        "`20 days` (calendar days)",
    )
    lookback: DurationText = Field(
        default=Duration(1, "years"),
        description="only publications published this long before as_of",
    )

    def since(self, ctx: Context) -> date:
        return self.lookback.before(ctx.as_of, ctx.calendar)

    def in_force(self, ctx: Context) -> list[str]:
        return [f"信息应自形成（生成日期）之日起{self.within}内公开；"
                f"检查{self.since(ctx).isoformat()}以来发布且注明生成日期的信息"]  # fmt: skip

    def evaluate(self, ctx: Context) -> list[Finding]:
        findings: dict[str, Finding] = {}
        detailed = (
            item for column in ctx.columns for item in listing_set(column.listings).detailed()
        )
        for listing in detailed:  # a 生成日期 is on the detail page
            finding = self.judge(listing, ctx)
            if finding and finding.period not in findings:
                findings[finding.period] = finding
        return list(findings.values())

    def judge(self, listing: Listing, ctx: Context) -> Finding | None:
        created = listing.meta_date("created")
        published = listing.published_on
        if not created or not published or not self.since(ctx) <= published <= ctx.as_of:
            return None
        within = self.within
        due = within.after(created, ctx.calendar)
        if published <= due:
            return None
        counted = elapsed(within, created, published, ctx)
        message = (
            f"{book_title(listing.title)}生成于{created.isoformat()}，{published.isoformat()}才公开，"
            f"历时{counted}，超过规定的{within}（应于{due.isoformat()}前公开）"
        )
        evidence = [
            listing_evidence(listing, "逾期公开的信息"),
            {"label": "生成日期", "date": created.isoformat()},
            {"label": "发布日期", "date": published.isoformat()},
            {"label": "历时", "note": f"{counted}（应于{due.isoformat()}前公开）"},
        ]
        return self.finding(ctx, "late", message, listing.path, evidence)


def elapsed(within: Duration, start: date, end: date, ctx: Context) -> str:
    """The time from start to end in the limit's own unit: working days or calendar days."""
    if within.unit == "workdays":
        return f"{ctx.calendar.workdays_between(start, end)}个工作日"
    return f"{(end - start).days}天"
