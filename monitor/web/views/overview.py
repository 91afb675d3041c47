"""总览: every agency the user may see, with its score and verdict."""

from __future__ import annotations

from flask import render_template

from monitor.web.views.base import bp


@bp.route("/")
def overview():
    return render_template("overview.html")
