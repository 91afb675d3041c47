"""问题: the findings, filtered by agency, kind, status, severity and state, a page at a time,
as HTML and as JSON; and one finding with its evidence, timeline and forms."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from flask import g, jsonify, render_template, request, url_for

from monitor.findings import ACTIVE
from monitor.replies import finding_timeline
from monitor.store.dashboard import FindingQuery
from monitor.web.auth import require_agency
from monitor.web.context import config, store
from monitor.web.labels import RULE_KIND_LABELS, SEVERITY_CHOICES, STATE_CHOICES, STATUS_LABELS
from monitor.web.queries import finding_evidence, scope, visible_agencies
from monitor.web.views.base import bp
from monitor.web.views.common import PAGE_SIZE, Pager, agency_name, finding_or_404, page_number

OPEN_NOTICE_STATES = ("issued", "overdue")


@dataclass(frozen=True)
class Filters:
    agency: str = ""
    kind: str = ""
    status: str = ""
    severity: str = ""
    state: str = "active"

    def states(self) -> tuple[str, ...] | None:
        if self.state == "active":
            return ACTIVE
        return None if self.state == "all" else (self.state,)


def read_filters() -> Filters:
    """The filters of the query string; an agency the user may not see answers 404."""
    args = request.args
    agency = args.get("agency", "").strip()
    if agency:
        require_agency(agency)
    elif g.user.role == "department":
        agency = g.user.agency_id or ""
    severity = args.get("severity", "")
    state = args.get("state", "active")
    return Filters(agency, args.get("kind", "").strip(), args.get("status", "").strip(),
                   severity if severity in SEVERITY_CHOICES else "",
                   state if state in STATE_CHOICES else "active")  # fmt: skip


def selected_page(filters: Filters):
    number = page_number()
    scoped = (filters.agency,) if filters.agency else scope(g.user)
    query = FindingQuery(agency_ids=tuple(scoped) if scoped is not None else None,
                         kind=filters.kind or None, status=filters.status or None,
                         severity=filters.severity or None, states=filters.states(),
                         limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE)  # fmt: skip
    findings, total = store().finding_page(query)
    return findings, Pager(number, PAGE_SIZE, total)


@bp.route("/findings")
def findings():
    filters = read_filters()
    rows, pager = selected_page(filters)
    return render_template(
        "findings.html",
        findings=rows,
        pager=pager,
        filters=filters,
        agencies=visible_agencies(config(), g.user),
        kinds=RULE_KIND_LABELS,
        statuses=STATUS_LABELS,
        severities=SEVERITY_CHOICES,
        states=STATE_CHOICES,
    )


@bp.route("/findings.json")
def findings_json():
    filters = read_filters()
    rows, pager = selected_page(filters)
    return jsonify(
        filters=asdict(filters),
        page=pager.number,
        pages=pager.pages,
        total=pager.total,
        findings=[
            {
                **finding.to_json(),
                "agency_name": agency_name(finding.agency_id),
                "page": url_for("views.finding", finding_id=finding.id),
            }
            for finding in rows
        ],  # fmt: skip
    )


@bp.route("/findings/<finding_id>")
def finding(finding_id: str):
    return render_finding(finding_or_404(finding_id))


def render_finding(finding, error: str | None = None, status: int = 200):
    """The finding's page; a refused form shows it again with the error (and what was typed)."""
    replies = store().replies(finding_id=finding.id)
    notices = store().finding_notices(finding.id)
    page = render_template(
        "finding.html",
        finding=finding,
        evidence=finding_evidence(config(), store(), finding),
        timeline=finding_timeline(store(), finding, config().timezone),
        replies=replies,
        pending_appeals=[r for r in replies if r.kind == "appeal" and r.state == "submitted"],
        notices=notices,
        open_notices=[n for n in notices if n.state in OPEN_NOTICE_STATES],
        active=finding.state in ACTIVE,
        may_answer=g.user.role == "department" and g.user.sees(finding.agency_id),
        error=error,
        form=request.form if error else {},
    )
    return page, status
