"""周报 and 运行: the weekly reports to open or download, and the crawls and checks with their
figures and errors, a running crawl's progress among them (the page then reloads itself).
Both cover every agency, so departments get 403."""

from __future__ import annotations

from pathlib import Path

from flask import abort, current_app, g, render_template

from monitor.web.auth import supervisor_only
from monitor.web.context import config, now, store
from monitor.web.queries import column_names
from monitor.web.run_progress import running_progress
from monitor.web.views.base import bp
from monitor.web.views.common import back, not_for_departments
from monitor.web.views.files import REPORT_FORMATS, report_path

RUNS_SHOWN = 30


@bp.route("/reports")
@not_for_departments
def reports():
    rows = [(report, available_formats(report)) for report in store().reports_of("weekly")]
    return render_template("reports.html", reports=rows)


def available_formats(report) -> list[str]:
    return [fmt for fmt in REPORT_FORMATS
            if (path := report_path(report, fmt)) and Path(path).is_file()]  # fmt: skip


@bp.route("/runs")
@not_for_departments
def runs():
    crawls = store().recent_crawls(RUNS_SHOWN)
    return render_template(
        "runs.html",
        crawls=crawls,
        progress=running_progress(store(), crawls, now()),
        checks=store().recent_checks(RUNS_SHOWN),
        can_run_now=callable(current_app.config.get("RUN_NOW")),
    )


@bp.route("/runs/<int:crawl_id>")
@not_for_departments
def crawl_run(crawl_id: int):
    crawl = store().crawl(crawl_id)
    if crawl is None:
        abort(404)
    return render_template("run.html", crawl=crawl, tally=store().fetch_tally(crawl_id),
                           failed=store().failed_fetches(crawl_id),
                           progress=running_progress(store(), [crawl], now()),
                           column_names=column_names(config()))  # fmt: skip


@bp.post("/runs/now")
@supervisor_only
def run_now():
    queue = current_app.config.get("RUN_NOW")
    if not callable(queue):
        abort(404)
    queue()
    store().audit(g.user.username, "run_now", "cycle", "now")
    return back("views.runs", "run")
