"""Error pages in Chinese (JSON for JSON requests), and the headers every answer carries."""

from __future__ import annotations

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: ("请求有误", "提交的内容不完整或格式不正确。"),
    401: ("需要登录", "请先登录。"),
    403: ("无权访问", "您的账号无权查看或执行此操作。"),
    404: ("页面不存在", "找不到该页面，或您的账号无权查看。"),
    405: ("请求方式不允许", "该页面不接受此种请求。"),
    413: ("文件过大", "上传的附件超过了大小限制。"),
    429: ("请求过于频繁", "请稍后再试。"),
    500: ("系统错误", "服务器处理请求时出错，请稍后重试或联系管理员。"),
}
PAGE_POLICY = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
               "script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'self'; "
               "frame-ancestors 'none'")  # fmt: skip


def wants_json() -> bool:
    return request.path.endswith(".json") or request.accept_mimetypes.best == "application/json"


def error_page(error: HTTPException):
    code = error.code or 500
    title, message = MESSAGES.get(code, (error.name, ""))
    detail = error.description if code in (400, 403) and is_ours(error) else message
    if wants_json():
        return jsonify(error=title, message=detail), code
    return render_template("error.html", code=code, title=title, message=detail), code


def is_ours(error: HTTPException) -> bool:
    """A description set by zwgk (Chinese), not werkzeug's English default."""
    return bool(error.description) and not error.description.isascii()


def secure_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", PAGE_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    if request.endpoint != "static":
        headers.setdefault("Cache-Control", "no-store")
    return response


def init_app(app: Flask) -> None:
    for code in MESSAGES:
        app.register_error_handler(code, error_page)
    app.after_request(secure_headers)
