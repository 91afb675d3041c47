"""The Chinese the dashboard's pages print for stored codes, as Jinja filters and tests.

The report labels (`reports.labels`) come first; this module adds what only the dashboard
shows: fetch outcomes, reply states, audit actions, and the filters' choices.
"""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask import Flask

from monitor.replies import reply_state_label
from reports.labels import (
    AGENCY_KIND_LABELS,
    CRAWL_STATUS_LABELS,
    KIND_LABELS,
    NOTICE_STATE_LABELS,
    STATE_LABELS,
    STATUS_LABELS,
    WAIVER_LABELS,
    label,
)
from rules.base import severity_label

RULE_KIND_LABELS = {
    "annual_report": "年度报告格式",
    "availability": "站点可访问性",
    "backdated": "发稿日期",
    "blank_columns": "空白栏目",
    "links": "链接可用性",
    "paired": "政策解读",
    "response": "互动回应",
    "timeliness": "公开时效",
    **KIND_LABELS,
}
SEVERITY_CHOICES = {"veto": "单项否决", "points": "扣分项", "warning": "提示"}
STATE_CHOICES = {"active": "未整改（全部）", **STATE_LABELS, "all": "全部状态"}
OUTCOME_LABELS = {
    "ok": "正常",
    "not_modified": "未变化（304）",
    "unparsed": "无法解析",
    "unparsed_suspect": "解析结果可疑（待核实）",
    "http_error": "HTTP 错误",
    "timeout": "超时",
    "unreachable": "无法连接",
    "soft404": "页面不存在（软404）",
    "waf": "被防火墙拦截",
    "offsite_redirect": "跳转到站外",
    "blocked_address": "地址不允许访问",
    "redirect_loop": "循环跳转",
    "redirected": "跳转至其他页面（疑似改版）",
    "too_large": "页面过大",
    "robots": "robots 禁止",
    "error": "出错",
    "not_crawled": "未抓取",
    "js_only": "列表由脚本加载，未能读取",
}
FETCH_KIND_LABELS = {"home": "首页", "list": "栏目列表", "detail": "详情页", "link": "链接检查"}
REPLY_KIND_LABELS = {"reply": "整改回复", "appeal": "申诉"}
RUN_STATUS_LABELS = {**CRAWL_STATUS_LABELS, "interrupted": "中断"}
# what the crawler's error texts (`crawler.faults`, Scrapy's and Twisted's exceptions) mean
ERROR_WORDS = (
    ("soft 404", "网页内容显示页面不存在"),
    ("firewall|anti-bot", "被网站防火墙或反爬虫页面拦截"),
    ("ConnectionRefused", "连接被拒绝：服务器未开放或已关闭"),
    (
        "ConnectionDone|ConnectionLost|closed cleanly|ResponseNeverReceived|ResponseFailed",
        "连接被服务器中断，未收到网页",
    ),
    ("DNSLookup|DNS lookup|CannotResolveHost|NoRoute|No route", "域名无法解析或网络不通"),
    ("Timeout|timed out|TimedOut", "连接超时"),
    ("SSL|TLS|certificate", "加密连接（证书）出错"),
    ("redirect loop|max redirections|redirects, last to", "跳转次数过多或循环跳转"),
    ("redirect off the sites", "跳转到监测范围以外的网站"),
    ("redirected to the site's homepage", "栏目地址跳转至网站首页（疑似网站改版）"),
    ("redirected to one page", "多个栏目地址跳转至同一页面（疑似网站改版）"),
    ("max_page_bytes|maxsize|cut off", "页面超过大小上限"),
    ("robots", "robots.txt 禁止抓取"),
    ("not requested", "地址不允许访问（内网地址或非网页地址）"),
)
ERROR_PATTERNS = tuple((re.compile(pattern, re.I), words) for pattern, words in ERROR_WORDS)
HTTP_ERROR = re.compile(r"^HTTP (\d{3})\b")
HTTP_WORDS = {400: "请求无效", 401: "需要登录", 403: "禁止访问", 404: "页面不存在",
              410: "页面已删除", 429: "请求过于频繁", 500: "服务器内部错误", 502: "网关错误",
              503: "服务暂不可用", 504: "网关超时"}  # fmt: skip
ATTEMPTS = re.compile(r"\((\d+) attempts\)")


def weblink(value) -> bool:
    """Whether a (crawled, hostile) value may become a link: http(s) with a host, only."""
    if not isinstance(value, str):
        return False
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def error_label(error: str | None) -> str:
    """A fetch's error in Chinese (with how many attempts); the text itself when unknown."""
    if not error:
        return ""
    words = next((words for pattern, words in ERROR_PATTERNS if pattern.search(error)), None)
    words = words or http_error_label(error)
    if words is None:
        return error
    tries = ATTEMPTS.search(error)
    return f"{words}，共尝试 {tries.group(1)} 次" if tries else words


def http_error_label(error: str) -> str | None:
    """`HTTP 404…` as 服务器返回 HTTP 404（页面不存在）; None for another error."""
    if not (found := HTTP_ERROR.match(error)):
        return None
    code = int(found.group(1))
    meaning = f"（{HTTP_WORDS[code]}）" if code in HTTP_WORDS else ""
    return f"服务器返回 HTTP {code}{meaning}"


def local_time(value, zone: str) -> str:
    """An ISO timestamp in the county's time zone, to the minute; a bare date as it is."""
    if not value:
        return ""
    text = str(value)
    if len(text) <= 10:
        return text
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    if moment.tzinfo is not None:
        moment = moment.astimezone(ZoneInfo(zone))
    return moment.strftime("%Y-%m-%d %H:%M")


def init_app(app: Flask, zone: str) -> None:
    tables = {
        "status_label": STATUS_LABELS,
        "state_label": STATE_LABELS,
        "kind_label": RULE_KIND_LABELS,
        "notice_state": NOTICE_STATE_LABELS,
        "agency_kind": AGENCY_KIND_LABELS,
        "waiver_label": WAIVER_LABELS,
        "outcome_label": OUTCOME_LABELS,
        "fetch_kind": FETCH_KIND_LABELS,
        "reply_kind": REPLY_KIND_LABELS,
        "run_status": RUN_STATUS_LABELS,
    }
    for name, table in tables.items():
        app.jinja_env.filters[name] = lambda code, table=table: label(table, code)
    app.jinja_env.filters["severity_label"] = severity_label
    app.jinja_env.filters["error_label"] = error_label
    app.jinja_env.filters["eta_label"] = eta_label
    app.jinja_env.filters["localtime"] = lambda value: local_time(value, zone)
    app.jinja_env.tests["weblink"] = weblink
    app.jinja_env.globals["reply_state_label"] = reply_state_label


def eta_label(seconds: int | None) -> str:
    """The time left in words: 约 1 小时 5 分钟, 约 14 分钟, 不到 1 分钟, 尚无法估计."""
    if seconds is None:
        return "尚无法估计"
    minutes = round(seconds / 60)
    if minutes < 1:
        return "不到 1 分钟"
    hours, minutes = divmod(minutes, 60)
    if not hours:
        return f"约 {minutes} 分钟"
    return f"约 {hours} 小时" + (f" {minutes} 分钟" if minutes else "")
