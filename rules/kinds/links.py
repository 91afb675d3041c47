"""`links`: links on the homepage and the other pages work.

Basis: 《政府网站与政务新媒体检查指标》(国办秘函〔2019〕19号) 扣分指标 网站可用性·链接可用性 —
links (pictures, attachments, external links) on the homepage and on other pages that do not
open or lead to the wrong page (链接不可用) deduct points.

Site scope, judged from the link checks of each page's latest reading within `window` (a
list page that answers 304 is not read again, so its links keep their last checks): the distinct broken
link targets found on the homepage (`page_kind` home) above `max_broken_home` give status
`broken_links` with period `home`; those found on other pages above `max_broken_other`,
status `broken_links` with period `other`. A link broken on many pages (a page footer) counts
once per group. No link checks recorded: no finding.
"""

from __future__ import annotations

from pydantic import Field

from rules.base import OUTCOME_WORDS, ColumnView, Context, LinkCheck, Rule
from rules.duration import Duration, DurationText
from rules.findings import Finding

LISTED = 20  # broken links listed in the evidence
GROUPS = {"home": "首页", "other": "其他页面"}


class LinksRule(Rule):
    kind = "links"
    scope = "site"
    max_broken_home: int = Field(
        default=0, ge=0, description="broken links allowed on the homepage"
    )
    max_broken_other: int = Field(
        default=5, ge=0, description="broken links allowed on all other pages together"
    )
    window: DurationText = Field(
        default=Duration(5, "weeks"), description="link checks older than this are forgotten"
    )

    def needed_columns(self, ctx: Context) -> tuple[ColumnView, ...]:
        """Link checks are their own evidence: a column unreachable today changes nothing."""
        return ()

    def in_force(self, ctx: Context) -> list[str]:
        return [f"首页不可用链接不得超过{self.max_broken_home}个，"
                f"其他页面不可用链接不得超过{self.max_broken_other}个"]  # fmt: skip

    def evaluate(self, ctx: Context) -> list[Finding]:
        since = self.window.before(ctx.as_of, ctx.calendar)
        checks = latest(ctx, since)
        findings = []
        for group, limit in (("home", self.max_broken_home), ("other", self.max_broken_other)):
            broken = distinct_broken(
                c for c in checks if (c.page_kind == "home") == (group == "home")
            )
            if len(broken) > limit:
                findings.append(self.report(ctx, group, broken, limit))
        return findings

    def report(self, ctx: Context, group: str, broken: list[LinkCheck], limit: int) -> Finding:
        where = GROUPS[group]
        message = f"{where}发现{len(broken)}个不可用链接（允许{limit}个）"
        evidence = [
            {
                "label": f"{where}不可用链接",
                "note": f"共{len(broken)}个，列出{min(len(broken), LISTED)}个",
            }
        ]
        evidence += [
            {"label": "不可用链接", "url": check.url, "date": check.checked_on.isoformat(),
             "note": f"所在页面：{check.source_url}；{failure(check)}",
             "page": check.source_url, "status": check.status}
            for check in broken[:LISTED]
        ]  # fmt: skip
        return self.finding(ctx, "broken_links", message, group, evidence)


def failure(check: LinkCheck) -> str:
    return (
        f"HTTP {check.status}" if check.status else OUTCOME_WORDS.get(check.outcome, check.outcome)
    )


def latest(ctx: Context, since) -> list[LinkCheck]:
    """The checks of each page's latest reading after `since`, on or before as_of.

    A page read again replaces its links (a link removed from it is gone); a page not read
    again keeps its last checks until they leave the window.
    """
    dated = [check for check in ctx.links if since < check.checked_on <= ctx.as_of]
    last_read: dict[str, object] = {}
    for check in dated:
        last_read[check.source_url] = max(last_read.get(check.source_url, check.checked_on),
                                          check.checked_on)  # fmt: skip
    return [check for check in dated if check.checked_on == last_read[check.source_url]]


def distinct_broken(checks) -> list[LinkCheck]:
    broken: dict[str, LinkCheck] = {}
    for check in checks:
        if not check.ok:
            broken.setdefault(check.url, check)
    return sorted(broken.values(), key=lambda check: (check.source_url, check.url))
