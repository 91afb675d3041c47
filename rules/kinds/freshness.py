"""`freshness`: the newest item of a column is no older than `max_age`.

Basis: 《政府网站与政务新媒体检查指标》(国办秘函〔2019〕19号) 栏目不更新 — 动态要闻 2 weeks,
通知公告/政策文件 6 months; "未注明信息发布时间的视为不更新": an item without a publish date
does not count as an update.
"""

from __future__ import annotations

from pydantic import Field

from rules.base import Context, Rule, listing_evidence
from rules.duration import DurationText
from rules.findings import Finding
from rules.listing_sets import listing_set


class FreshnessRule(Rule):
    kind = "freshness"
    max_age: DurationText = Field(
        description="longest allowed age of the newest item: `2 weeks`, `6 months`, `14 days`, `5 workdays`"
    )

    def in_force(self, ctx: Context) -> list[str]:
        max_age = self.max_age
        cutoff = max_age.before(ctx.as_of, ctx.calendar)
        return [f"最新一条信息的发布日期不得早于{cutoff.isoformat()}（{max_age}内须有更新）"]

    def evaluate(self, ctx: Context) -> list[Finding]:
        max_age = self.max_age
        columns = [listing_set(column.listings) for column in ctx.columns]
        cutoff = max_age.before(ctx.as_of, ctx.calendar)
        if any(column.has_dated(cutoff, ctx.as_of) for column in columns):
            return []
        dates = [column.newest_date(ctx.as_of) for column in columns]
        latest = max(filter(None, dates), default=None)
        # the first column's first item of that date, as one list of them all would give
        newest = columns[dates.index(latest)].newest(ctx.as_of) if latest else None
        column_names = "、".join(f"「{column.name}」" for column in ctx.columns)
        if newest is None:
            message = f"栏目{column_names}没有注明发布日期的信息，视为不更新（要求{max_age}内更新）"
            evidence = [{"label": "栏目", "url": column.url} for column in ctx.columns]
        else:
            days = (ctx.as_of - newest.date).days
            message = (
                f"栏目{column_names}最近更新于{newest.date.isoformat()}，"
                f"已{days}天未更新（要求{max_age}内更新）"
            )
            evidence = [listing_evidence(newest, "最新一条信息")]
        return [self.finding(ctx, "stale", message, evidence=evidence)]
