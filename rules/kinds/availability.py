"""`availability`: the homepage opens, within the time limit, on nearly every visit.

Basis: 《政府网站与政务新媒体检查指标》(国办秘函〔2019〕19号) 站点无法访问 — monitored for 1
week, visits that fail to open within 15 seconds making up 5% or more of all visits is a veto
(单项否决).

Site scope, judged from the homepage visits (`probes`) in the `window` before `as_of` (the
window's first day excluded, `as_of` included): a visit fails when it did not open or took
longer than `timeout_seconds`. Status `unavailable` when the failures are `max_failure_rate`
or more of the visits. Fewer than `min_visits` visits in the window: no finding. Unlike other
kinds this one judges unreachability itself, so no column's outcome stops it.
"""

from __future__ import annotations

from datetime import date

from pydantic import Field

from rules.base import ColumnView, Context, Probe, Rule
from rules.duration import Duration, DurationText
from rules.findings import Finding

EXAMPLES = 5  # failed visits listed in the evidence


class AvailabilityRule(Rule):
    kind = "availability"
    scope = "site"
    window: DurationText = Field(
        default=Duration(1, "weeks"), description="monitoring window before as_of"
    )
    timeout_seconds: float = Field(
        default=15, gt=0, description="a visit slower than this counts as not opening"
    )
    max_failure_rate: float = Field(
        default=0.05,
        ge=0,
        le=1,
        description="share of failed visits that makes the site unavailable",
    )
    min_visits: int = Field(
        default=1, ge=1, description="fewest visits in the window for a judgement"
    )

    def needed_columns(self, ctx: Context) -> tuple[ColumnView, ...]:
        """No unreachable-column guard: unreachability is what this kind judges."""
        return ()

    def since(self, ctx: Context) -> date:
        return self.window.before(ctx.as_of, ctx.calendar)

    def in_force(self, ctx: Context) -> list[str]:
        return [f"{self.since(ctx).isoformat()}后至{ctx.as_of.isoformat()}，首页打不开或超过"
                f"{self.timeout_seconds:g}秒未打开的访问不得达到{self.max_failure_rate:.0%}"]  # fmt: skip

    def failed(self, probe: Probe) -> bool:
        if not probe.opened:
            return True
        return probe.elapsed_ms is not None and probe.elapsed_ms > self.timeout_seconds * 1000

    def evaluate(self, ctx: Context) -> list[Finding]:
        since = self.since(ctx)
        visits = [p for p in ctx.probes if since < p.checked_on <= ctx.as_of]
        failures = sorted((p for p in visits if self.failed(p)), key=lambda p: p.checked_on)
        if len(visits) < self.min_visits or not failures:
            return []
        rate = len(failures) / len(visits)
        if rate < self.max_failure_rate:
            return []
        message = (
            f"{since.isoformat()}后至{ctx.as_of.isoformat()}共访问首页{len(visits)}次，"
            f"{len(failures)}次无法打开或超过{self.timeout_seconds:g}秒，占{rate:.1%}"
            f"（不得达到{self.max_failure_rate:.0%}），站点无法访问"
        )
        evidence = [{"label": "首页访问", "note": f"共{len(visits)}次，失败{len(failures)}次，"
                     f"失败率{rate:.1%}"}]  # fmt: skip
        evidence += [visit_evidence(probe) for probe in failures[-EXAMPLES:]]
        return [self.finding(ctx, "unavailable", message, evidence=evidence)]


def visit_evidence(probe: Probe) -> dict:
    note = f"耗时{probe.elapsed_ms / 1000:.1f}秒" if probe.opened else "未能打开"
    return {"label": "访问失败", "url": probe.url, "date": probe.checked_on.isoformat(),
            "note": note}  # fmt: skip
