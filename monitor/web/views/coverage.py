"""栏目覆盖: per agency, the catalog items no configured column carries, and an open 网站改版.

A department sees its own agency only; the page reads the config and the catalogs, and the
store for the open `site_changed` findings."""

from __future__ import annotations

from dataclasses import dataclass

from flask import g, render_template

from monitor.coverage import AgencyCoverage, coverage
from monitor.findings import ACTIVE
from monitor.site_change import SITE_CHANGED
from monitor.web.context import config, store
from monitor.web.queries import visible_agencies
from monitor.web.views.base import bp
from rules.findings import Finding
from rules.loader import RuleError


@dataclass(frozen=True)
class CoverageView:
    coverage: AgencyCoverage
    site_changed: Finding | None  # the agency's open 网站改版 finding


@bp.route("/coverage")
def coverage_page():
    agency_ids = {agency.id for agency in visible_agencies(config(), g.user)}
    changed = site_changes(agency_ids)
    try:
        found = coverage(config(), agency_ids)
    except RuleError as exc:  # a catalog broken since the service started: say so
        return render_template("coverage.html", rows=[], error=f"目录文件有误：{exc}")
    rows = [CoverageView(agency, changed.get(agency.agency_id)) for agency in found]
    return render_template("coverage.html", rows=rows)


def site_changes(agency_ids: set[str]) -> dict[str, Finding]:
    return {finding.agency_id: finding for finding in store().findings(states=ACTIVE)
            if finding.status == SITE_CHANGED and finding.agency_id in agency_ids}  # fmt: skip
