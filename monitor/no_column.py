"""栏目缺失: a catalog item that no configured column of the agency's site carries.

The catalog names a channel for every item (公开渠道和载体); a site without a column for it
does not publish it. Each such item is one `no_column` finding, scored as the item's severity
says, resolved once a column carrying the item is configured. A site that could not be
reached at all in the last crawl proves nothing missing: the finding is then `unreachable`.
Site-wide rules (homepage checks and the like) need no column and never yield one.
"""

from __future__ import annotations

from collections.abc import Sequence

from monitor.config import AgencyConfig
from rules.base import ColumnView, Probe, Rule
from rules.findings import Finding

NO_COLUMN, COVERAGE_KIND = "no_column", "coverage"
CHANNEL_BASIS = "《主动公开事项目录》所列公开渠道和载体"
# Outcomes where the site answered the column's address with a page (whatever it was).
ANSWERED = ("ok", "not_modified", "unparsed", "unparsed_suspect", "js_only", "soft404",
            "redirected", "too_large")  # fmt: skip


def site_down(columns: Sequence[ColumnView], probes: Sequence[Probe]) -> bool:
    """Whether the last crawl could not reach the site at all: its homepage did not open,
    or no configured column's address answered."""
    if probes:
        last = max(probe.checked_on for probe in probes)
        if not any(probe.opened for probe in probes if probe.checked_on == last):
            return True
    return bool(columns) and not any(column.outcome in ANSWERED for column in columns)


def no_column_finding(agency: AgencyConfig, rule: Rule, down: bool) -> Finding:
    """The item's `no_column` finding, or its `unreachable` one when the site is down."""
    if down:
        status, severity = "unreachable", "warning"
        message = f"网站本期无法访问，未能核实是否设置承载「{rule.name}」的栏目"
    else:
        status, severity = NO_COLUMN, rule.severity
        message = f"网站未设置承载「{rule.name}」的栏目"
    return Finding(
        agency_id=agency.id,
        item_id=rule.id,
        kind=COVERAGE_KIND,
        status=status,
        period=None,
        severity=severity,
        item_name=rule.name,
        basis=f"{rule.basis}；{CHANNEL_BASIS}",
        message=message,
        evidence=(evidence(agency),),
    )


def evidence(agency: AgencyConfig) -> dict:
    found = {"label": "网站栏目中没有承载该事项的栏目（按监测配置）"}
    return {**found, "url": agency.homepage} if agency.homepage else found
