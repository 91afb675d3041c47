"""`content`: what a publication's page says — wording errors, leaked personal data, hidden links.

Basis: 《政府网站与政务新媒体检查指标》(国办秘函〔2019〕19号): 严重表述错误 and 信息泄露、安全
问题 are 单项否决 items; 错别字 and 不规范表述 deduct points. The crawl checks each detail page
as it reads it, and each homepage for hidden and blocked links (`rules.content_check`: the word lists of `rules/wordlists/`, the county's
leaders, personal data, hidden and blocked links) and keeps the hits with the page; this rule
turns the hits of the checks and grades it names into findings, one per page and word, so
that one occurrence can be waived (a quotation of an old name in a historical document).
A page with hits is read again at every crawl until they are gone; then the finding resolves.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field, field_validator

from rules.base import Context, Listing, Rule, listing_evidence
from rules.content_personal import PERSONAL_CHECKS, masked
from rules.findings import Finding
from rules.listing_sets import listing_set

CHECKS = ("outdated_name", "leader", "wrong_word", "id_number", "mobile", "bank_card",
          "hidden_link", "blocked_link")  # fmt: skip
GRADES = ("serious", "general", "suspected")
GRADE_WORDS = {"serious": "严重", "general": "一般", "suspected": "疑似"}
CHECK_WORDS = {
    "outdated_name": "机构名称已变更", "leader": "领导姓名职务错误", "wrong_word": "错别字",
    "id_number": "公开完整身份证号码", "mobile": "公开个人手机号码", "bank_card": "公开银行卡号",
    "hidden_link": "隐藏链接", "blocked_link": "链接指向违规网站",
}  # fmt: skip


class ContentRule(Rule):
    kind = "content"
    scope = "site"  # every column's pages
    checks: list[str] = Field(description=f"which checks count: {', '.join(CHECKS)}")
    grades: list[str] = Field(
        default=list(GRADES), description="which grades count: serious (严重), general (一般), "
        "suspected (疑似)",
    )  # fmt: skip

    @field_validator("checks")
    @classmethod
    def _checks(cls, values: list[str]) -> list[str]:
        return known(values, CHECKS, "check")

    @field_validator("grades")
    @classmethod
    def _grades(cls, values: list[str]) -> list[str]:
        return known(values, GRADES, "grade")

    def needed_columns(self, ctx: Context):
        return ()  # judged on the pages read; an unreachable column keeps its pages' hits

    def in_force(self, ctx: Context) -> list[str]:
        checks = "、".join(CHECK_WORDS[check] for check in self.checks)
        grades = "、".join(GRADE_WORDS[grade] for grade in self.grades)
        return [f"已读取的信息页面不得出现{checks}（{grades}）"]

    def evaluate(self, ctx: Context) -> list[Finding]:
        findings = {}
        for listing, hit in self.hits(ctx):
            finding = self.hit_finding(ctx, listing, hit)
            findings.setdefault(finding.period, finding)  # a listing in two columns: once
        for url, hit in ctx.home_hits:
            if self.counts(hit):
                home = Listing(url, "网站首页", None)
                finding = self.hit_finding(ctx, home, hit)
                findings.setdefault(finding.period, finding)
        return list(findings.values())

    def counts(self, hit: dict) -> bool:
        return hit.get("check") in self.checks and hit.get("severity") in self.grades

    def hits(self, ctx: Context) -> Iterator[tuple[Listing, dict]]:
        hit_pages = (item for column in ctx.columns
                     for item in listing_set(column.listings).with_content_hits())  # fmt: skip
        for listing in hit_pages:
            for hit in listing.meta.get("content_hits") or ():
                if self.counts(hit):
                    yield listing, hit

    def hit_finding(self, ctx: Context, listing: Listing, hit: dict) -> Finding:
        word, correction, context = hit["word"], hit.get("correction"), hit.get("context", "")
        if hit["check"] in PERSONAL_CHECKS:  # never spread further by a report or an alert
            shown = masked(word)
            word, context = shown, context.replace(word, shown)
        what = CHECK_WORDS.get(hit["check"], hit["check"])
        message = f"{GRADE_WORDS.get(hit['severity'], '')}：{what}「{word}」"
        if correction:
            message += f"，应为「{correction}」"
        evidence = [listing_evidence(listing, "页面"), {"label": "上下文", "note": context}]
        if hit.get("basis") and hit["basis"] != self.basis:  # the rule's own 依据 is shown apart
            evidence.append({"label": "词条依据", "note": hit["basis"]})
        if hit.get("note"):
            evidence.append({"label": "说明", "note": hit["note"]})
        return self.finding(ctx, hit["check"], message, f"{listing.path}#{word}", evidence)


def known(values: list[str], allowed: tuple[str, ...], what: str) -> list[str]:
    unknown = [value for value in values if value not in allowed]
    if unknown or not values:
        raise ValueError(f"unknown {what} {', '.join(unknown) or '(none given)'}; "
                         f"one of {', '.join(allowed)}")  # fmt: skip
    return values
