"""`not_blank`: a required column must hold at least one item.

Basis: 《政府网站与政务新媒体检查指标》(国办秘函〔2019〕19号) 空白栏目 — a column with no
content; five or more blank columns on one site is a veto (单项否决).
"""

from __future__ import annotations

from rules.base import Context, Rule
from rules.findings import Finding


class NotBlankRule(Rule):
    kind = "not_blank"

    def in_force(self, ctx: Context) -> list[str]:
        return ["栏目中须至少有一条信息，否则为空白栏目"]

    def evaluate(self, ctx: Context) -> list[Finding]:
        if any(column.listings for column in ctx.columns):  # counted, not read
            return []
        names = "、".join(f"「{column.name}」" for column in ctx.columns)
        evidence = [{"label": "空白栏目", "url": column.url} for column in ctx.columns]
        return [self.finding(ctx, "blank", f"栏目{names}无任何信息（空白栏目）", evidence=evidence)]
