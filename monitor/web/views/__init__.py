"""The dashboard's pages, one module per area, all on one blueprint (`views.*` endpoints)."""

from __future__ import annotations

from flask import Flask

from monitor.web.views import overview  # noqa: F401  (each page module adds its routes to bp)
from monitor.web.views.base import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
