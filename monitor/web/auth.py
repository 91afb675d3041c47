"""Who is asking: login, server-side sessions, CSRF tokens, the login throttle, and roles.

Every page needs a login but `/healthz`, the login page and the stylesheet. A session is a
random token in an HttpOnly cookie; the store keeps only its sha256, with an expiry and the
session's CSRF token, which every POST must carry (form field `csrf_token` or header
`X-CSRF-Token`). A department user sees its own agency only: `require_agency` answers 404 for
any other, so IDs of other agencies' findings, notices and files cannot be probed.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta
from functools import wraps

from flask import Blueprint, Flask, abort, g, redirect, render_template, request, url_for

from monitor.passwords import verify_password
from monitor.store import Session, User
from monitor.web.context import config, now, store

COOKIE = "zwgk_session"
OPEN_ENDPOINTS = {"auth.login", "health.healthz", "static"}
CHANGING_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
ADDRESS_MARGIN = 10  # failures from one address, per account's allowance, before it waits

bp = Blueprint("auth", __name__)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.before_request(load_request_context)
    app.before_request(require_login)
    app.before_request(check_csrf)
    app.jinja_env.globals.update(csrf_token=csrf_token, current_user=current_user)


def load_request_context() -> None:
    g.config = config()
    g.user, g.session = None, None
    token = request.cookies.get(COOKIE)
    if not token:
        return
    session = store().session(token_hash(token), now().isoformat())
    user = store().user_by_id(session.user_id) if session else None
    if user and user.active:
        g.user, g.session = user, session


def require_login():
    if request.endpoint in OPEN_ENDPOINTS or g.user is not None:
        return None
    if request.accept_mimetypes.best == "application/json" or request.path.endswith(".json"):
        abort(401)
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def check_csrf() -> None:
    if request.method not in CHANGING_METHODS or request.endpoint == "auth.login":
        return
    sent = request.form.get("csrf_token") or request.headers.get("X-CSRF-Token") or ""
    if g.session is None or not hmac.compare_digest(sent, g.session.csrf_token):
        abort(403, description="表单已失效或来源不明（CSRF 校验失败），请刷新页面后重试。")


def current_user() -> User | None:
    return g.get("user")


def csrf_token() -> str:
    session = g.get("session")
    return session.csrf_token if session else ""


def require_agency(agency_id: str) -> None:
    """404 unless the current user may see this agency (department users: their own)."""
    if g.user is None or not g.user.sees(agency_id):
        abort(404)


def supervisor_only(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        if g.user is None or not g.user.can_supervise:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@bp.route("/login", methods=["GET", "POST"])
def login():
    target = safe_next(request.values.get("next"))
    if request.method == "GET":
        return render_template("login.html", next=target, error=None)
    username = request.form.get("username", "").strip()
    address = request.remote_addr or ""
    settings = g.config.dashboard
    since = (now() - timedelta(minutes=settings.lockout_minutes)).isoformat()
    if throttled(username, address, since):
        error = f"登录失败次数过多，请 {settings.lockout_minutes:g} 分钟后再试。"
        return render_template("login.html", next=target, error=error), 429
    user = store().user(username)
    ok = bool(user and user.active and verify_password(request.form.get("password", ""),
                                                       user.password_hash))  # fmt: skip
    store().record_login_attempt(username, address, ok, now().isoformat())
    if not ok:
        return render_template("login.html", next=target, error="用户名或密码错误。"), 401
    return start_session(user, target)


def throttled(username: str, address: str, since: str) -> bool:
    """Too many failures for this account, or (a password spray) many more from one address;
    an office behind one NAT address shares the second limit, hence its margin."""
    limit = g.config.dashboard.login_failures
    return (store().failed_logins(since, username=username) >= limit
            or store().failed_logins(since, address=address) >= limit * ADDRESS_MARGIN)  # fmt: skip


def start_session(user: User, target: str):
    token = secrets.token_urlsafe(32)
    expires = now() + timedelta(hours=g.config.dashboard.session_hours)
    store().end_expired_sessions(now().isoformat())
    store().add_session(Session(token_hash(token), user.id, secrets.token_urlsafe(32),
                                now().isoformat(), expires.isoformat()))  # fmt: skip
    response = redirect(target)
    response.set_cookie(COOKIE, token, httponly=True, samesite="Lax",
                        secure=g.config.dashboard.secure_cookies,
                        max_age=int(g.config.dashboard.session_hours * 3600))  # fmt: skip
    return response


@bp.route("/logout", methods=["POST"])
def logout():
    if g.session is not None:
        store().end_session(g.session.token_hash)
    response = redirect(url_for("auth.login"))
    response.delete_cookie(COOKIE)
    return response


def safe_next(target: str | None) -> str:
    """Only a path on this site (never `//host` or a scheme): no open redirect after login."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return url_for("views.overview")
    return target
