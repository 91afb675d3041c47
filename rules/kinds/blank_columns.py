"""`blank_columns`: a site holds fewer blank columns (空白栏目) than the veto threshold.

Basis: 《政府网站与政务新媒体检查指标》(国办秘函〔2019〕19号) 栏目不更新 —
空白栏目（有栏目无内容）数量超过（含）5个 is a veto (单项否决).

Site scope: the agency's columns read successfully with no item at all are counted; status
`too_many_blank` when there are `threshold` or more. A column that could not be fetched is
not counted as blank, so it never tips the count; the single blank column is the `not_blank`
item's finding.
"""

from __future__ import annotations

from pydantic import Field

from rules.base import ColumnView, Context, Rule
from rules.findings import Finding


class BlankColumnsRule(Rule):
    kind = "blank_columns"
    scope = "site"
    threshold: int = Field(
        default=5, ge=1, description="this many blank columns or more is a finding"
    )

    def needed_columns(self, ctx: Context) -> tuple[ColumnView, ...]:
        """Unreachable columns are left out of the count rather than stopping it."""
        return ()

    def in_force(self, ctx: Context) -> list[str]:
        return [f"空白栏目（有栏目无内容）不得达到{self.threshold}个"]

    def evaluate(self, ctx: Context) -> list[Finding]:
        blank = [column for column in ctx.columns if column.reachable and not column.listings]
        if len(blank) < self.threshold:
            return []
        names = "、".join(f"「{column.name}」" for column in blank)
        message = f"网站有{len(blank)}个空白栏目（不得达到{self.threshold}个）：{names}"
        evidence = [{"label": "空白栏目", "url": column.url, "title": column.name}
                    for column in blank]  # fmt: skip
        return [self.finding(ctx, "too_many_blank", message, evidence=evidence)]
