"""`backdated`: a publication whose stated date is well before it first appeared online.

Basis: 《政府网站与政务新媒体检查指标》(国办秘函〔2019〕19号) 严重问题 —
弄虚作假行为（如伪造发稿日期）is a veto (单项否决).

A publication is `backdated` when its stated publish date is more than `tolerance` before the
day it was first seen in its column, and the column was read successfully in between — on a
crawl strictly after the stated date + `tolerance` and strictly before the first sighting —
by a crawl that reached that far back in the list (another item of the column dated no later
than the stated date had already been seen). So neither pagination limits nor items moving up
when others are deleted look like backdating. Items first seen in a column's first crawl are
never judged, nor items first seen before the `lookback`. Site scope: every column of the
agency, also one unreachable today (the evidence comes from earlier crawls). Each backdated
publication is its own finding, its period the URL's path and query.
"""

from __future__ import annotations

from datetime import date

from pydantic import Field

from rules.base import ColumnView, Context, Listing, Rule, book_title, listing_evidence
from rules.duration import Duration, DurationText
from rules.findings import Finding
from rules.listing_sets import listing_set


class BackdatedRule(Rule):
    kind = "backdated"
    scope = "site"
    tolerance: DurationText = Field(
        default=Duration(7, "days"),
        description="how far the stated date may precede the first sighting",
    )
    lookback: DurationText = Field(
        default=Duration(1, "years"),
        description="only publications first seen this long before as_of",
    )

    def needed_columns(self, ctx: Context) -> tuple[ColumnView, ...]:
        """Judged from the crawl history: a column unreachable today changes nothing."""
        return ()

    def in_force(self, ctx: Context) -> list[str]:
        return [f"信息标注的发布日期不得早于其实际上网日期{self.tolerance}以上"
                "（伪造发稿日期为单项否决）"]  # fmt: skip

    def evaluate(self, ctx: Context) -> list[Finding]:
        since = self.lookback.before(ctx.as_of, ctx.calendar)
        findings: dict[str, Finding] = {}
        for column in ctx.columns:
            for listing in listing_set(column.listings).backdating_suspects():
                if not listing.first_seen or not since <= listing.first_seen <= ctx.as_of:
                    continue
                if listing.path not in findings:
                    finding = self.judge(listing, column, ctx)
                    if finding:
                        findings[listing.path] = finding
        return list(findings.values())

    def judge(self, listing: Listing, column: ColumnView, ctx: Context) -> Finding | None:
        stated = listing.published_on
        if stated is None:
            return None
        limit = self.tolerance.after(stated, ctx.calendar)
        between = [day for day in column.crawled_on if limit < day < listing.first_seen]
        if not between:
            return None  # first crawl, or no successful crawl in between
        crawl = max(between)
        witness = reached(column, listing, stated, crawl)
        if witness is None:
            return None  # that crawl did not read the list back to the stated date
        days = (listing.first_seen - stated).days
        message = (
            f"{book_title(listing.title)}标注发布日期为{stated.isoformat()}，但{crawl.isoformat()}抓取"
            f"「{column.name}」时尚无此条，直到{listing.first_seen.isoformat()}才首次出现，"
            f"晚于标注日期{days}天（疑似伪造发稿日期）"
        )
        evidence = [
            listing_evidence(listing, "标注日期早于上网日期的信息"),
            {"label": "首次发现", "date": listing.first_seen.isoformat()},
            {"label": "此前的成功抓取", "url": column.url,
             "note": "、".join(day.isoformat() for day in sorted(between))},
            listing_evidence(witness, f"{crawl.isoformat()}前已抓取到的更早信息"),
        ]  # fmt: skip
        return self.finding(ctx, "backdated", message, listing.path, evidence)


def reached(column: ColumnView, listing: Listing, stated: date, crawl: date) -> Listing | None:
    """Another item dated no later than `stated` and seen by `crawl`: the list was read so far."""
    return next(
        (
            other
            for other in column.listings
            if other.url != listing.url
            and other.date is not None
            and other.date <= stated
            and other.first_seen is not None
            and other.first_seen <= crawl
        ),
        None,
    )
