"""The dashboard's pages, one module per area, all on one blueprint (`views.*` endpoints)."""

from __future__ import annotations

from flask import Flask

from monitor.web import labels
from monitor.web.views import (  # noqa: F401  (each page module adds its routes to bp)
    actions,
    agencies,
    coverage,
    errors,
    evidence,
    files,
    findings,
    notices,
    overview,
    runs,
)
from monitor.web.views.base import bp
from monitor.web.views.common import agency_name, confirmation


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    errors.init_app(app)
    labels.init_app(app, app.config["ZWGK"].timezone)
    app.jinja_env.globals.update(agency_name=agency_name, confirmation=confirmation)
