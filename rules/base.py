"""What a rule sees (views of the stored crawl), the rule base class and the registry; what a
rule yields is a `rules.findings.Finding`.

A rule kind is a pydantic model of its fields plus `evaluate(ctx)`. Subclasses register by
their `kind` name; the rule-file loader picks the class from an item's `kind:`.
"""

from __future__ import annotations

import re
from abc import abstractmethod
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator

from rules.calendar import WorkCalendar
from rules.findings import Finding

RULE_KINDS: dict[str, type[Rule]] = {}
SEVERITY_PATTERN = re.compile(r"^(veto|warning|points \d+(\.\d+)?)$")
SEVERITY_LABELS = {"veto": "单项否决", "warning": "提醒"}
OUTCOME_WORDS = {
    "unreachable": "无法连接",
    "timeout": "访问超时",
    "http_error": "服务器返回错误",
    "soft404": "页面不存在",
    "waf": "被防火墙拦截",
    "unparsed": "页面无法识别",
    "unparsed_suspect": "页面解析结果可疑，待核实",
    "offsite_redirect": "跳转至外部网站",
    "redirect_loop": "重定向循环",
    "redirected": "跳转至网站首页或其他页面",
    "blocked_address": "内部网络地址，禁止访问",
    "too_large": "页面过大，未读取",
    "robots": "robots协议禁止抓取",
    "not_crawled": "尚未抓取",
    "js_only": "列表由脚本加载，未能读取",
}
# Outcomes of a page that opened but whose list could not be trusted (not the site's fault
# of access).
READ_BUT_NOT_UNDERSTOOD = ("unparsed_suspect", "js_only")


@dataclass(frozen=True)
class Listing:
    """One publication as listed in a column."""

    url: str
    title: str
    date: date | None
    first_seen: date | None = None
    content: str | None = field(default=None, repr=False)  # detail page HTML, if stored
    # Detail-page metadata: index_no (索引号), publisher (发布机构), created (生成日期/成文日期,
    # ISO), published (发布日期, ISO), doc_no (文号), topic (主题分类); for messages
    # (政民互动): reply_date (ISO) or absent when unanswered; content_hits (a list of dicts, see
    # `rules.kinds.content`) when the page's content checks found something.
    meta: dict[str, Any] = field(default_factory=dict, repr=False, hash=False, compare=False)

    @property
    def path(self) -> str:
        """The URL's path and query: a publication's stable name within its site."""
        parts = urlsplit(self.url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    @property
    def published_on(self) -> date | None:
        """The 发布日期 of the detail page, else the date the list shows (on info-disclosure
        tables that can be the earlier 生成日期)."""
        return self.meta_date("published") or self.date

    def meta_date(self, key: str) -> date | None:
        """A metadata date (ISO, a time part ignored); None when absent or unreadable."""
        try:
            return date.fromisoformat(str(self.meta.get(key) or "")[:10])
        except ValueError:
            return None


@dataclass(frozen=True)
class ColumnView:
    """A column of an agency's site as the latest crawl saw it."""

    id: str
    name: str
    url: str
    outcome: str  # "ok", or the fault: unreachable, http_error, soft404, waf, unparsed, not_crawled
    listings: tuple[Listing, ...] = ()
    error: str | None = None
    crawled_on: tuple[date, ...] = ()  # as_of dates of the crawls that read this column
    redirected_to: str | None = None  # where the column's address redirected to, if it did

    @property
    def reachable(self) -> bool:
        return self.outcome == "ok"


@dataclass(frozen=True)
class Probe:
    """One visit of an agency's homepage (availability: opened within the limit or not)."""

    url: str
    checked_on: date
    opened: bool  # an HTTP answer with content arrived
    elapsed_ms: int | None


@dataclass(frozen=True)
class LinkCheck:
    """One link found on a page of the agency's site, and whether it worked."""

    url: str
    source_url: str
    page_kind: str  # "home" | "column" | "detail"
    ok: bool
    status: int | None
    outcome: str
    checked_on: date


@dataclass(frozen=True)
class Context:
    """Everything one rule needs to judge one agency on one day."""

    as_of: date
    agency_id: str
    agency_name: str
    columns: tuple[ColumnView, ...]  # the columns that carry the item (site rules: all)
    calendar: WorkCalendar = field(default_factory=WorkCalendar)
    probes: tuple[Probe, ...] = ()  # homepage visits, all crawls
    links: tuple[LinkCheck, ...] = ()  # link checks of the latest crawl
    home_hits: tuple[tuple[str, dict], ...] = ()  # (homepage URL, content hit), latest crawl

    def listings(self) -> list[Listing]:
        return [item for column in self.columns for item in column.listings]


@dataclass(frozen=True)
class Reminder:
    """An item coming due soon and not yet published: a reminder to its agency."""

    agency_id: str
    item_id: str
    item_name: str
    period: str
    period_name: str
    due: date


class Rule(BaseModel):
    """A catalog item (主动公开事项) and the check that applies to it."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    kind: ClassVar[str]
    # "item": judged on the columns that carry the item; "site": on the whole agency site
    scope: ClassVar[str] = "item"
    # whether an item whose column cannot be read is `unreachable`, or simply not judged
    reports_unreachable: ClassVar[bool] = True

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    name: str
    basis: str
    column: str | None = None
    alternative_columns: tuple[str, ...] = Field(
        default=(),
        description="Columns that carry the item's content when the site has no `column` of its "
        "own (部门预算 inside 部门预决算): with one configured, no 栏目缺失 (`no_column`) finding.",
    )
    content: str | None = None
    deadline: str | None = None
    subject: str | None = None
    severity: str = "warning"
    enabled: bool = True
    reason: str | None = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "kind" in cls.__dict__:
            RULE_KINDS[cls.kind] = cls

    @field_validator("severity")
    @classmethod
    def _severity(cls, value: str) -> str:
        return valid_severity(value)

    def check(self, ctx: Context) -> list[Finding]:
        """Evaluate, except where a needed column could not be fetched: that is `unreachable`."""
        if self.scope == "item" and not ctx.columns:
            return []
        failed = [column for column in self.needed_columns(ctx) if not column.reachable]
        if failed:
            return [self.unreachable(ctx, failed)]
        return self.evaluate(ctx)

    def needed_columns(self, ctx: Context) -> tuple[ColumnView, ...]:
        """The columns that must have been read today for a judgement: where one was not,
        the item is `unreachable` and its earlier findings stay as they were. Site rules
        name the few they read, or none when they judge from their own evidence."""
        return ctx.columns

    def in_force(self, ctx: Context) -> list[str]:
        """What this item requires on `ctx.as_of`, in words (for `zwgk rules explain`)."""
        return []

    def reminders(self, ctx: Context, horizon: date) -> list[Reminder]:
        """Items due after `ctx.as_of` and by `horizon` that are not published yet."""
        return []

    @abstractmethod
    def evaluate(self, ctx: Context) -> list[Finding]:
        """The findings for one agency's columns that carry this item, all reachable."""

    def finding(
        self,
        ctx: Context,
        status: str,
        message: str,
        period: str | None = None,
        evidence: list[dict] | None = None,
        severity: str | None = None,
    ) -> Finding:
        return Finding(
            agency_id=ctx.agency_id,
            item_id=self.id,
            kind=self.kind,
            status=status,
            period=period,
            severity=severity or self.severity,
            item_name=self.name,
            basis=self.basis,
            message=message,
            evidence=evidence or (),
        )

    def unreachable(self, ctx: Context, failed: list[ColumnView]) -> Finding:
        names = "、".join(f"「{column.name}」" for column in failed)
        evidence = [
            {"label": f"栏目抓取失败：{OUTCOME_WORDS.get(column.outcome, column.outcome)}",
             "url": column.url, "note": f"技术信息：{column.error}" if column.error else ""}
            for column in failed
        ]  # fmt: skip
        opened = all(column.outcome in READ_BUT_NOT_UNDERSTOOD for column in failed)
        return self.finding(
            ctx,
            "unreachable",
            f"栏目{names}{'未能正确读取' if opened else '无法访问'}，本期未能检查",
            evidence=evidence,
            severity="warning",
        )


def valid_severity(value: str) -> str:
    value = " ".join(str(value).split())
    if not SEVERITY_PATTERN.match(value):
        raise ValueError("severity must be 'veto', 'warning' or 'points N'")
    return value


def severity_label(severity: str) -> str:
    if severity.startswith("points"):
        return f"扣{severity.split()[1]}分"
    return SEVERITY_LABELS[severity]


def book_title(title: str) -> str:
    """A title in 《》, inner 《》 turned into 〈〉 as Chinese typesetting does."""
    return "《" + title.replace("《", "〈").replace("》", "〉") + "》"


def listing_evidence(listing: Listing, label: str) -> dict:
    return {
        "label": label,
        "url": listing.url,
        "title": listing.title,
        "date": listing.date.isoformat() if listing.date else None,
    }
