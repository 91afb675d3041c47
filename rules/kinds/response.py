"""`response`: messages to the 县长信箱 / 网上咨询 columns are answered in time.

Basis: 《政府网站与政务新媒体检查指标》(国办秘函〔2019〕19号) 互动回应差 — in the year before
the check, a valid message in a 政务咨询 column left unanswered for over 3 months is a veto
(单项否决); local rules set the reply deadline (commonly 5 working days, some 10 or 15).

For each message asked (listed date) in the `lookback` before `as_of`, with the answer date
in `meta["reply_date"]` (absent: not answered): status `unanswered` with severity
`unanswered_severity` when unanswered for more than `veto_after`; `overdue` (the item's
severity) when unanswered past `within` but not yet past `veto_after`; `late_reply` when
answered after `within`. A reply exactly on the last day is on time. Each message is its own
finding, its period the URL's path and query.
"""

from __future__ import annotations

from datetime import date

from pydantic import Field, field_validator

from rules.base import (
    Context,
    Finding,
    Listing,
    Rule,
    book_title,
    listing_evidence,
    valid_severity,
)
from rules.duration import Duration, DurationText
from rules.listing_sets import listing_set


class ResponseRule(Rule):
    kind = "response"
    within: DurationText = Field(
        default=Duration(5, "workdays"),
        description="reply deadline from the day a message was asked",
    )
    veto_after: DurationText = Field(
        default=Duration(3, "months"), description="unanswered longer than this is 互动回应差"
    )
    lookback: DurationText = Field(
        default=Duration(1, "years"), description="only messages asked this long before as_of"
    )
    unanswered_severity: str = Field(
        default="veto", description="severity of a message unanswered past `veto_after`"
    )

    @field_validator("unanswered_severity")
    @classmethod
    def _unanswered_severity(cls, value: str) -> str:
        return valid_severity(value)

    def since(self, ctx: Context) -> date:
        return self.lookback.before(ctx.as_of, ctx.calendar)

    def in_force(self, ctx: Context) -> list[str]:
        return [f"留言应于{self.within}内答复；检查{self.since(ctx).isoformat()}"
                f"以来的留言，超过{self.veto_after}未答复为互动回应差"]  # fmt: skip

    def evaluate(self, ctx: Context) -> list[Finding]:
        findings: dict[str, Finding] = {}
        since = self.since(ctx)
        soonest = self.within.days_at_least()  # a reply this soon is on time whatever the calendar
        detailed = (
            item
            for column in ctx.columns
            for item in listing_set(column.listings).awaiting_reply(since, soonest)
        )
        for message in detailed:
            if message.meta.get("detail_outcome") != "ok":
                continue  # the reply is on the detail page: unread, nothing is known
            if message.date and since <= message.date <= ctx.as_of:
                finding = self.judge(message, ctx)
                if finding and finding.period not in findings:
                    findings[finding.period] = finding
        return list(findings.values())

    def judge(self, message: Listing, ctx: Context) -> Finding | None:
        asked = message.date
        due = self.within.after(asked, ctx.calendar)
        replied = message.meta_date("reply_date")
        what = f"留言{book_title(message.title)}{asked.isoformat()}提出"
        deadline = f"（应于{due.isoformat()}前答复，时限{self.within}）"
        if replied is not None:
            if replied <= due:
                return None
            text = f"{what}，{replied.isoformat()}才答复{deadline}"
            return self.report(ctx, message, "late_reply", text, due, replied)
        if ctx.as_of <= due:
            return None
        text = f"{what}，至今{(ctx.as_of - asked).days}天未答复{deadline}"
        veto_after = self.veto_after
        if ctx.as_of > veto_after.after(asked, ctx.calendar):
            text += f"，超过{veto_after}未回应（互动回应差）"
            return self.report(
                ctx, message, "unanswered", text, due, None, self.unanswered_severity
            )
        return self.report(ctx, message, "overdue", text, due, None)

    def report(self, ctx: Context, message: Listing, status: str, text: str, due: date,
               replied: date | None, severity: str | None = None) -> Finding:  # fmt: skip
        evidence = [
            listing_evidence(message, "留言"),
            {"label": "答复期限", "date": due.isoformat()},
            {"label": "答复日期", "date": replied.isoformat() if replied else None,
             "note": "" if replied else "未答复"},
        ]  # fmt: skip
        return self.finding(ctx, status, text, message.path, evidence, severity)
