"""网页快照: a finding's cited pages as the archive holds them, and one archived page.

The page is shown as escaped text (its visible text, or its source with `?view=source`),
never rendered: nothing of it runs or loads. A department sees only its own agency's
findings and snapshots (404 otherwise), as on the finding's own page.
"""

from __future__ import annotations

from flask import abort, g, render_template, request

from monitor.evidence import (
    EvidenceError,
    finding_pages,
    page_html,
    page_text,
    printable,
    read_page,
    url_forms,
)
from monitor.web.auth import require_agency
from monitor.web.context import config, store
from monitor.web.views.base import bp
from monitor.web.views.common import finding_or_404


@bp.route("/evidence/<finding_id>")
def finding_snapshots(finding_id: str):
    finding = finding_or_404(finding_id)
    pages = finding_pages(store(), finding, config())
    return render_template("evidence.html", finding=finding, pages=pages)


@bp.route("/snapshot/<int:snapshot_id>")
def snapshot(snapshot_id: int):
    found = store().snapshot(snapshot_id)
    if found is None:
        abort(404)
    require_agency(found.agency_id)
    source = request.args.get("view") == "source"
    error, content = None, ""
    try:
        page = read_page(store(), config().evidence_folder, found)
        content = printable(page_html(page) if source else page_text(page))
    except EvidenceError as exc:
        error = str(exc)
    others = [s for s in store().snapshots_of(url_forms(found.url)) if g.user.sees(s.agency_id)]
    return render_template("snapshot.html", snapshot=found, content=content, source=source,
                           error=error, others=others)  # fmt: skip
