"""`/healthz`: the service's health (monitor/health.py) as JSON, without a login: 200 when
healthy, 503 otherwise. `zwgk serve` sets `NEXT_RUN` to ask its scheduler for the next run."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from monitor.health import service_health
from monitor.web.context import config, now, store

bp = Blueprint("health", __name__)


@bp.route("/healthz")
def healthz():
    next_run = current_app.config.get("NEXT_RUN")
    health = service_health(config(), store(), now(), next_run() if next_run else None)
    response = jsonify(health.as_json())
    response.status_code = 200 if health.ok else 503
    response.headers["Cache-Control"] = "no-store"
    return response
