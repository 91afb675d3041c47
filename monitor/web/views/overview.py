"""总览: every agency the user may see, with its score and verdict, the open 单项否决 items,
open findings by kind, the trend of the last 12 weeks, and the last and next runs."""

from __future__ import annotations

from flask import current_app, g, render_template

from monitor.web.context import config, store
from monitor.web.queries import agency_rows, scope, weekly_trend
from monitor.web.views.base import bp
from monitor.web.views.common import Pager, page_number, today
from reports.trend import trend_svg

AGENCIES_PER_PAGE = 200
VETOES_SHOWN = 30


@bp.route("/")
def overview():
    counts = store().open_counts(scope(g.user))
    rows = agency_rows(config(), counts.tallies, g.user)
    pager = Pager(page_number(), AGENCIES_PER_PAGE, len(rows))
    weeks = weekly_trend(store(), g.user, today())
    return render_template(
        "overview.html",
        rows=rows[pager.offset : pager.offset + pager.size],
        pager=pager,
        failing=sum(row.failing for row in rows),
        total=len(rows),
        vetoes=store().open_vetoes(scope(g.user), limit=VETOES_SHOWN),
        by_status=counts.by_status,
        veto_total=sum(tally.vetoes for tally in counts.tallies.values()),
        weeks=[week for week in weeks if week.day],
        charts=trend_charts(weeks, g.user.role == "department"),
        runs=last_runs(),
    )


def trend_charts(weeks, one_agency: bool) -> list:
    if not any(week.day for week in weeks):
        return []
    title = "得分（近12周）" if one_agency else "平均得分（近12周）"
    charts = [trend_svg([(w.end, w.mean_points) for w in weeks], title=title,
                        y_label="得分（分）")]  # fmt: skip
    if not one_agency:
        charts.append(trend_svg([(w.end, w.pass_rate) for w in weeks], title="合格率（近12周）",
                                y_label="合格率（%）", unit="%"))  # fmt: skip
    return charts


def last_runs() -> dict:
    next_run = current_app.config.get("NEXT_RUN")
    return {
        "crawl": store().latest_crawl(),
        "check": store().latest_check(),
        "next": next_run() if callable(next_run) else None,
        "scheduled": callable(next_run),
        "can_run_now": callable(current_app.config.get("RUN_NOW")),
    }
