"""Alert channels: apprise URLs, the DingTalk/WeCom robot schemes we register, secret masking.

apprise's built-in ``dingtalk://`` and ``wecombot://`` plugins post to fixed vendor hosts
(``oapi.dingtalk.com``, ``qyapi.weixin.qq.com``), so they cannot reach a robot gateway
elsewhere, nor a local receiver in a test. The schemes below take the host from the URL:

    dingrobots://oapi.dingtalk.com/robot/send?access_token=${DT_TOKEN}&secret=${DT_SECRET}
    wecomrobots://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${WECOM_KEY}

(``dingrobot://`` and ``wecomrobot://`` for plain http). apprise schemes are letters and
digits only, so ``dingtalk+https://`` is not possible.

Secrets belong in ``${ENV_VAR}`` placeholders; they are expanded only at send time
(`expand`) and every URL shown to a person goes through `mask_url`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import os
import re
import time
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

import apprise
import requests
from apprise.decorators import notify
from apprise.manager_plugins import NotificationManager

from common.errors import ZwgkError

log = logging.getLogger(__name__)

MASK = "****"
PLACEHOLDER = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
SCHEME = re.compile(r"^([a-z0-9]{1,32})://", re.IGNORECASE)
SECRET_KEYS = {
    "access_token", "token", "secret", "key", "pass", "password", "apikey", "api_key",
    "sign", "botkey", "auth", "webhook", "signature", "user_key", "app_secret",
}  # fmt: skip
TOKEN_SEGMENT = re.compile(r"^[A-Za-z0-9_\-=.%${}]{16,}$")
URL_IN_TEXT = re.compile(r"\b[a-z][a-z0-9]{1,31}://[^\s'\"<>]+", re.IGNORECASE)
SECRET_PARAM = re.compile(
    rf"(?<![A-Za-z0-9_])({'|'.join(sorted(SECRET_KEYS))})=(?!\*\*\*\*)[^&\s'\"]+", re.IGNORECASE
)
ROBOT_TIMEOUT = 15
WECOM_MAX_BYTES = 4096  # WeCom robot: markdown content at most 4096 bytes (UTF-8)
DINGTALK_MAX_BYTES = 20000
TRUNCATED = "\n……（内容过长，已截断）"
MARKDOWN_PLAIN = str.maketrans("[]()*_`#<>!|~\\", "［］（）＊＿｀＃＜＞！｜～＼")
LINK_LINE = re.compile(r"^(\s*)(证据|文书|详情)：(https?://[^\s]+)$")
URL_SAFE = ":/?#&=%+,;@.~-"  # everything else in a link target is percent-encoded


class ChannelError(ZwgkError):
    """A channel URL cannot be used (unknown scheme, unset variable, bad placeholder)."""


# -- URLs -------------------------------------------------------------------


def scheme_of(url: str) -> str | None:
    match = SCHEME.match(url)
    return match.group(1).lower() if match else None


def check_channel_url(url: str) -> str:
    """Validate a configured channel URL: a scheme apprise knows and well-formed ${VAR}s."""
    scheme = scheme_of(url)
    if scheme is None:
        raise ValueError(f"not an apprise URL (scheme://…): {mask_url(url)!r}")
    if scheme not in NotificationManager():
        raise ValueError(f"unknown alert channel scheme {scheme + '://'!r}")
    if "${" in PLACEHOLDER.sub("", url):
        raise ValueError(f"bad ${{VAR}} placeholder in {mask_url(url)!r}")
    return url


def placeholders(url: str) -> list[str]:
    return PLACEHOLDER.findall(url)


def expand(url: str, environ: dict[str, str] | None = None) -> str:
    """Replace ${VAR} with the environment's value, URL-encoded (a password with `@`, `#` or
    `/` must stay a password, not become part of the host); unset is a ChannelError."""
    env = os.environ if environ is None else environ
    missing = [name for name in placeholders(url) if name not in env]
    if missing:
        raise ChannelError(f"environment variable {missing[0]} is not set")
    return PLACEHOLDER.sub(lambda m: quote(env[m.group(1)], safe=""), url)


def mask_url(url: str) -> str:
    """The URL with passwords, token-like hosts and path parts, and secret query values hidden."""
    try:
        parts = urlsplit(url)
        netloc = _mask_netloc(parts.netloc)
    except ValueError:
        return f"{scheme_of(url) or '?'}://{MASK}"
    path = "/".join(MASK if TOKEN_SEGMENT.match(seg) else seg for seg in parts.path.split("/"))
    query = "&".join(_mask_pair(pair) for pair in parts.query.split("&")) if parts.query else ""
    return urlunsplit((parts.scheme, netloc, path, query, ""))


def _mask_netloc(netloc: str) -> str:
    userinfo, at, hostport, host = _split_netloc(netloc)
    if not _looks_like_host(host):
        return MASK
    if not at:
        return hostport
    user, colon, _password = userinfo.partition(":")
    return f"{user}:{MASK}@{hostport}" if colon else f"{user}@{hostport}"


def _split_netloc(netloc: str) -> tuple[str, str, str, str]:
    """(userinfo, "@" or "", host:port, host), keeping the case of a token-like host."""
    userinfo, at, hostport = netloc.rpartition("@")
    host = hostport if hostport.startswith("[") else hostport.rsplit(":", 1)[0]
    return userinfo, at, hostport, host


def _looks_like_host(host: str) -> bool:
    return host in ("", "localhost") or "." in host or host.startswith("[")


def _mask_pair(pair: str) -> str:
    key, eq, _value = pair.partition("=")
    return f"{key}={MASK}" if eq and key.lower() in SECRET_KEYS else pair


def secrets_in(url: str) -> set[str]:
    """The secret parts of an expanded URL, to scrub from any text that could show them."""
    parts = urlsplit(url)
    userinfo, _at, _hostport, host = _split_netloc(parts.netloc)
    found = {parts.password or ""}
    if not _looks_like_host(host):
        found |= {host, userinfo.partition(":")[0]}
    found |= {seg for seg in parts.path.split("/") if TOKEN_SEGMENT.match(seg)}
    found |= {v for k, v in parse_qsl(parts.query) if k.lower() in SECRET_KEYS}
    return {secret for secret in found if len(secret) >= 4}


def scrub(text: str, secrets: set[str]) -> str:
    """Replace every secret (and its URL-quoted form) by the mask; mask any URL left."""
    for secret in sorted((s for s in secrets if len(s) >= 4), key=len, reverse=True):
        for form in {secret, quote(secret, safe=""), unquote(secret)}:
            text = text.replace(form, MASK)
    text = URL_IN_TEXT.sub(lambda m: mask_url(m.group(0)), text)
    return SECRET_PARAM.sub(lambda m: f"{m.group(1)}={MASK}", text)


_ACTIVE_SECRETS: set[str] = set()  # the secrets of the message being sent, for the filter


class RedactingFilter(logging.Filter):
    """Masks URLs and the secrets in use in a logger's records before any handler sees them."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = scrub(message, _ACTIVE_SECRETS)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


def quiet_apprise() -> None:
    """apprise logs URLs and payloads at DEBUG and urllib3 logs request paths (with tokens):
    keep apprise at WARNING and mask what either logs."""
    logging.getLogger("apprise").setLevel(logging.WARNING)
    for name in ("apprise", "urllib3.connectionpool", __name__):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactingFilter) for f in logger.filters):
            logger.addFilter(RedactingFilter())


# -- robots -----------------------------------------------------------------


def robot_endpoint(meta: dict, secure: bool, drop: tuple[str, ...] = ()) -> tuple[str, dict]:
    """The http(s) URL (without query) and the query parameters of a robot URL."""
    port = f":{meta['port']}" if meta.get("port") else ""
    base = f"{'https' if secure else 'http'}://{meta['host']}{port}{meta.get('fullpath') or '/'}"
    skip = ("format", "verify", *drop)
    query = {k: v for k, v in (meta.get("qsd") or {}).items() if k not in skip}
    return base, query


def fit(text: str, max_bytes: int) -> str:
    """The text, cut to at most max_bytes of UTF-8 with a note when it was too long."""
    if len(text.encode("utf-8")) <= max_bytes:
        return text
    room = max_bytes - len(TRUNCATED.encode("utf-8"))
    return text.encode("utf-8")[:room].decode("utf-8", "ignore") + TRUNCATED


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk custom-robot signature: base64(HMAC-SHA256(secret, "{timestamp}\\n{secret}"))."""
    digest = hmac.new(
        secret.encode("utf-8"), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256
    ).digest()
    return base64.b64encode(digest).decode("ascii")


def post_robot(vendor: str, base: str, query: dict, payload: dict, verify: bool = True) -> bool:
    """POST the JSON payload; a non-2xx answer or an errcode other than 0 is a failure."""
    url = f"{base}?{urlencode(query)}" if query else base
    try:
        answer = requests.post(url, json=payload, timeout=ROBOT_TIMEOUT, verify=verify)
    except requests.RequestException as exc:
        log.warning("%s robot unreachable: %s", vendor, type(exc).__name__)
        return False
    if not 200 <= answer.status_code < 300:
        log.warning("%s robot answered HTTP %s", vendor, answer.status_code)
        return False
    return _errcode_ok(vendor, answer.text)


def _errcode_ok(vendor: str, text: str) -> bool:
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return True
    code = data.get("errcode", 0) if isinstance(data, dict) else 0
    if code not in (0, "0"):
        log.warning("%s robot error %s: %s", vendor, code, str(data.get("errmsg", ""))[:200])
        return False
    return True


def markdown_text(title: str, body: str) -> str:
    return f"#### {escape_markdown(title)}\n\n" + markdown_body(body).replace("\n", "\n\n")


def escape_markdown(text: str) -> str:
    """Text (crawled titles among it) that markdown shows as written: no link, no emphasis,
    no HTML. Markdown characters become their full-width forms, and `://` is broken so a
    URL in a title is not turned into a link."""
    return text.translate(MARKDOWN_PLAIN).replace("://", "：//")


def markdown_body(body: str) -> str:
    """The message for a robot's markdown: our own link lines (证据/文书/详情) as links, the
    rest escaped."""
    return "\n".join(_markdown_line(line) for line in body.split("\n"))


def _markdown_line(line: str) -> str:
    link = LINK_LINE.match(line)
    if not link:
        return escape_markdown(line)
    indent, label, url = link.groups()
    text = url.replace("[", "%5B").replace("]", "%5D")
    return f"{indent}{label}：[{text}]({quote(url, safe=URL_SAFE)})"


def send_dingtalk(body: str, title: str, meta: dict, secure: bool) -> bool:
    base, query = robot_endpoint(meta, secure, drop=("secret",))
    secret = (meta.get("qsd") or {}).get("secret")
    if secret:
        timestamp = int(time.time() * 1000)
        query.update(timestamp=str(timestamp), sign=dingtalk_sign(secret, timestamp))
    text = fit(markdown_text(title, body), DINGTALK_MAX_BYTES)
    payload = {"msgtype": "markdown", "markdown": {"title": title or "通知", "text": text}}
    return post_robot("DingTalk", base, query, payload, meta.get("verify", True))


def send_wecom(body: str, title: str, meta: dict, secure: bool) -> bool:
    base, query = robot_endpoint(meta, secure)
    text = markdown_body(body)
    content = fit(f"**{escape_markdown(title)}**\n{text}" if title else text, WECOM_MAX_BYTES)
    payload = {"msgtype": "markdown", "markdown": {"content": content}}
    return post_robot("WeCom", base, query, payload, meta.get("verify", True))


def _register(scheme: str, name: str, sender, secure: bool) -> None:
    if scheme in NotificationManager():
        return

    def send(body, title, notify_type, *args, meta=None, **kwargs):
        return sender(body, title, meta or {}, secure)

    notify(on=scheme, name=name)(send)


def register_robots() -> None:
    """Register dingrobot(s):// and wecomrobot(s):// with apprise (idempotent)."""
    _register("dingrobot", "DingTalk robot (http)", send_dingtalk, False)
    _register("dingrobots", "DingTalk robot", send_dingtalk, True)
    _register("wecomrobot", "WeCom robot (http)", send_wecom, False)
    _register("wecomrobots", "WeCom robot", send_wecom, True)


# -- sending ----------------------------------------------------------------


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def deliver(channel: str, subject: str, body: str) -> str | None:
    """Send one message to one configured channel; returns None, or the masked error."""
    try:
        url = expand(channel)
    except ChannelError as exc:
        return str(exc)
    secrets = secrets_in(url) | {os.environ[name] for name in placeholders(channel)}
    collect = _Collect()
    loggers = [logging.getLogger("apprise"), log]
    _ACTIVE_SECRETS.update(secrets)
    for logger in loggers:
        logger.addHandler(collect)
    try:
        ok = _notify(url, subject, body)
    finally:
        for logger in loggers:
            logger.removeHandler(collect)
        _ACTIVE_SECRETS.clear()
    if ok:
        return None
    return scrub("; ".join(dict.fromkeys(collect.messages)) or "delivery failed", secrets)[:500]


def _notify(url: str, subject: str, body: str) -> bool:
    sender = apprise.Apprise()
    if not sender.add(url):
        log.warning("apprise cannot use this channel URL")
        return False
    return bool(sender.notify(title=subject, body=body, body_format=apprise.NotifyFormat.TEXT))


quiet_apprise()
register_robots()
