"""The dashboard application: `create_app(config_path)` for waitress, the tests and the bench.

Each request opens the store (SQLite connections belong to one thread) and reloads nothing
else: the config is read once, when the app is made. `now` is the clock every page and the
session expiry read; tests pass a fixed one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from monitor.config import Config, load_config
from monitor.web import auth, health, views
from monitor.web.context import close_store

MAX_UPLOAD_SLACK = 64 * 1024  # form fields beside the attachment
ROLE_LABELS = {"supervisor": "监督人员", "department": "部门", "viewer": "只读"}


def create_app(config_path: Path | str, now: Callable[[], datetime] | None = None,
               config: Config | None = None) -> Flask:  # fmt: skip
    config = config or load_config(config_path)
    app = Flask(__name__)
    app.config.update(
        ZWGK=config,
        NOW=now or (lambda: datetime.now(UTC)),
        MAX_CONTENT_LENGTH=int(config.dashboard.attachment_max_mb * 2**20) + MAX_UPLOAD_SLACK,
        TEMPLATES_AUTO_RELOAD=False,
    )
    app.jinja_env.autoescape = True  # every template, whatever its name: crawled text is hostile
    app.jinja_env.globals.update(region=config.region, role_label=ROLE_LABELS.get)
    app.teardown_appcontext(close_store)
    hops = config.dashboard.proxy_hops
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    auth.init_app(app)
    app.register_blueprint(health.bp)
    views.init_app(app)
    return app
