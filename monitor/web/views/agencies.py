"""单位: the agencies, and one agency's columns, findings, notices and score history."""

from __future__ import annotations

from datetime import timedelta

from flask import abort, g, jsonify, redirect, render_template, request, url_for

from monitor.config import AgencyConfig
from monitor.findings import ACTIVE
from monitor.web.auth import require_agency
from monitor.web.context import config, store
from monitor.web.queries import agency_row, agency_rows, column_rows
from monitor.web.views.base import bp
from monitor.web.views.common import Pager, page_number, today
from reports.trend import trend_svg

AGENCIES_PER_PAGE = 100
HISTORY_DAYS = 84


@bp.route("/agencies")
def agencies():
    if g.user.role == "department":
        return redirect(url_for("views.agency", agency_id=g.user.agency_id))
    query = request.args.get("q", "").strip()
    rows = [row for row in agency_rows(config(), store().agency_tallies(), g.user)
            if not query or query in row.name or query in row.id]  # fmt: skip
    pager = Pager(page_number(), AGENCIES_PER_PAGE, len(rows))
    return render_template("agencies.html", rows=rows[pager.offset : pager.offset + pager.size],
                           pager=pager, query=query)  # fmt: skip


def agency_or_404(agency_id: str) -> AgencyConfig:
    require_agency(agency_id)
    try:
        return config().agency(agency_id)
    except KeyError:
        abort(404)


@bp.route("/agencies/<agency_id>")
def agency(agency_id: str):
    found = agency_or_404(agency_id)
    findings = store().findings(agency_id=agency_id)
    findings.sort(key=lambda f: (f.state not in ACTIVE, f.severity != "veto", f.item_id))
    history = store().score_history(agency_id, since=today() - timedelta(days=HISTORY_DAYS))
    chart = trend_svg([(s.as_of, s.points) for s in history], title="得分变化（近12周）",
                      y_label="得分（分）")  # fmt: skip
    return render_template(
        "agency.html",
        agency=found,
        row=agency_row(found, store().agency_tallies([agency_id]).get(agency_id)),
        columns=column_rows(store(), found),
        findings=findings,
        notices=list(reversed(store().notices(agency_id=agency_id))),
        history=history,
        chart=chart,
    )


@bp.route("/agencies/<agency_id>.json")
def agency_json(agency_id: str):
    found = agency_or_404(agency_id)
    row = agency_row(found, store().agency_tallies([agency_id]).get(agency_id))
    return jsonify(
        agency={"id": found.id, "name": found.name, "kind": found.kind},
        score={
            "points": row.points,
            "verdict": row.verdict,
            "vetoes": row.vetoes,
            "open_findings": row.open,
        },  # fmt: skip
        columns=[column_json(column) for column in column_rows(store(), found)],
        findings=[finding.to_json() for finding in store().findings(agency_id=agency_id)],
        notices=[notice.to_json() for notice in store().notices(agency_id=agency_id)],
        score_history=[
            {"as_of": s.as_of.isoformat(), "points": s.points, "verdict": s.verdict}
            for s in store().score_history(agency_id)
        ],  # fmt: skip
    )


def column_json(column) -> dict:
    summary = column.summary
    return {
        "id": column.id,
        "name": column.name,
        "url": column.url,
        "newest_publication": summary.newest if summary else None,
        "listed": summary.listed if summary else 0,
        "last_outcome": summary.outcome if summary else None,
        "last_checked_at": summary.checked_at if summary else None,
    }
