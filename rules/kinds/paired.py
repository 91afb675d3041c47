"""`paired`: each normative document (规范性文件) has its policy interpretation (政策解读).

Basis: Zhejiang practice for 行政规范性文件 and 政策解读 — 同步起草、同步审签、同步发布: the
interpretation is published with the document, or within a few working days;
《〈关于全面推进政务公开工作的意见〉实施细则》(国办发〔2016〕80号) —
政策性文件与解读方案、解读材料同步组织、同步审签、同步部署.

Site scope: the documents are the items of the column `column`, the interpretations those of
the column `interpretations`. For each document published in the `lookback` before `as_of`,
an interpretation matches when their core titles (without 《》 and quotes, 关于印发…的通知
wrappers, the issuing agency before 关于, 文号 in brackets and the words 政策解读/解读/图解/
一图读懂) reach `min_similarity` (difflib ratio) or one contains the other (at least
`min_contained` characters). It is on time from `before` before the document to `within`
after it. Statuses: `unpaired` (no matching interpretation and `within` has passed), `late`
(the earliest matching one came after `within`). Period: the document's URL path and query.
An agency without either column is not judged; when either could not be fetched the finding is
`unreachable` (the interpretation column usually carries no other item that would say so), and
other columns of the site do not matter.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from datetime import date
from difflib import SequenceMatcher

from pydantic import Field

from rules.base import ColumnView, Context, Listing, Rule, book_title, listing_evidence
from rules.duration import Duration, DurationText
from rules.findings import Finding
from rules.listing_sets import listing_set

QUOTES = re.compile(r"[《》〈〉“”‘’\"'「」『』【】\[\]]")
DOC_NUMBER = re.compile(r"[（(][^（）()]*[〔\[]\d{4}[〕\]][^（）()]*号[）)]")
WRAPPERS = re.compile(r"^.*?关于(?:印发|转发|公布)?|(?:的)?(?:通知|实施意见)$")
WORDS = re.compile(r"(?:的)?(?:政策解读|一图读懂|图解|解读)|[：:|｜—\-－·•,，。、\s\u3000]")


class PairedRule(Rule):
    kind = "paired"
    scope = "site"
    interpretations: str = Field(
        default="interpretation", description="column id of the interpretations (政策解读)"
    )
    within: DurationText = Field(
        default=Duration(5, "workdays"),
        description="latest an interpretation may follow its document",
    )
    before: DurationText = Field(
        default=Duration(3, "days"),
        description="earliest an interpretation may precede its document",
    )
    min_similarity: float = Field(
        default=0.6, ge=0, le=1, description="difflib ratio of the core titles that is a match"
    )
    min_contained: int = Field(
        default=6, ge=1, description="shortest core title that matches by being contained"
    )
    lookback: DurationText = Field(
        default=Duration(1, "years"), description="only documents published this long before as_of"
    )

    def check(self, ctx: Context) -> list[Finding]:
        """An agency without either column is not judged."""
        docs, notes = self.columns_of(ctx, self.column), self.columns_of(ctx, self.interpretations)
        return super().check(ctx) if docs and notes else []

    def needed_columns(self, ctx: Context) -> tuple[ColumnView, ...]:
        """Only the two columns count; other columns of the site do not matter."""
        return (*self.columns_of(ctx, self.column), *self.columns_of(ctx, self.interpretations))

    def columns_of(self, ctx: Context, column_id: str | None) -> list[ColumnView]:
        return [column for column in ctx.columns if column.id == column_id]

    def since(self, ctx: Context) -> date:
        return self.lookback.before(ctx.as_of, ctx.calendar)

    def in_force(self, ctx: Context) -> list[str]:
        return [f"规范性文件发布后{self.within}内（或提前{self.before}内）"
                f"须发布对应的政策解读；检查{self.since(ctx).isoformat()}以来发布的文件"]  # fmt: skip

    def evaluate(self, ctx: Context) -> list[Finding]:
        since = self.since(ctx)
        earliest = self.before.before(since, ctx.calendar)  # of any document's interpretation
        notes = Notes([item for c in self.columns_of(ctx, self.interpretations)
                       for item in listing_set(c.listings).published_from(earliest)])  # fmt: skip
        findings: dict[str, Finding] = {}
        for column in self.columns_of(ctx, self.column):
            for doc in listing_set(column.listings).published_from(since):
                if doc.published_on and since <= doc.published_on <= ctx.as_of:
                    finding = self.judge(doc, notes, ctx)
                    if finding and finding.period not in findings:
                        findings[finding.period] = finding
        return list(findings.values())

    def judge(self, doc: Listing, notes: Notes, ctx: Context) -> Finding | None:
        due = self.within.after(doc.published_on, ctx.calendar)
        earliest = self.before.before(doc.published_on, ctx.calendar)
        note = self.earliest_match(doc, notes, earliest)
        if note and published(note) <= due:
            return None
        if note:
            message = (f"规范性文件{book_title(doc.title)}（{doc.published_on.isoformat()}发布）的政策解读"
                       f"{book_title(note.title)}于{published(note).isoformat()}发布，晚于规定的"
                       f"{self.within}（应于{due.isoformat()}前）")  # fmt: skip
            evidence = [listing_evidence(doc, "规范性文件"), listing_evidence(note, "政策解读")]
            return self.finding(ctx, "late", message, doc.path, evidence)
        if ctx.as_of <= due:
            return None
        message = (f"规范性文件{book_title(doc.title)}（{doc.published_on.isoformat()}发布）未见对应的政策解读"
                   f"（应于{due.isoformat()}前同步发布）")  # fmt: skip
        evidence = [listing_evidence(doc, "规范性文件"),
                    {"label": "已查找的政策解读栏目", "url": self.notes_url(ctx)}]  # fmt: skip
        return self.finding(ctx, "unpaired", message, doc.path, evidence)

    def notes_url(self, ctx: Context) -> str:
        return "；".join(column.url for column in self.columns_of(ctx, self.interpretations))

    def earliest_match(self, doc: Listing, notes: Notes, earliest: date) -> Listing | None:
        """The first interpretation published on or after `earliest` whose title matches."""
        core = core_title(doc.title)
        return next((note for note, note_core in notes.since(earliest)
                     if self.similar_cores(core, note_core)), None)  # fmt: skip

    def similar_cores(self, doc: str, note: str) -> bool:
        if not doc or not note:
            return False
        shorter, longer = sorted((doc, note), key=len)
        if len(shorter) >= self.min_contained and shorter in longer:
            return True
        matcher, least = SequenceMatcher(None, doc, note), self.min_similarity
        # each bound is at least the ratio: cheap ones first
        return (matcher.real_quick_ratio() >= least and matcher.quick_ratio() >= least
                and matcher.ratio() >= least)  # fmt: skip


class Notes:
    """Interpretations with a date, earliest first (in list order among the same day), each
    with its core title: worked out once per agency, not once per document."""

    def __init__(self, listings: list[Listing]):
        dated = sorted(((published(note), index, note) for index, note in enumerate(listings)
                        if published(note)), key=lambda entry: entry[:2])  # fmt: skip
        self.days = [day for day, _, _ in dated]
        self.entries = [(note, core_title(note.title)) for _, _, note in dated]

    def since(self, day: date) -> list[tuple[Listing, str]]:
        return self.entries[bisect_left(self.days, day) :]


def core_title(title: str) -> str:
    """A title without quotes, 关于印发…的通知 wrappers, 文号 and 解读 words."""
    text = DOC_NUMBER.sub("", title)
    text = QUOTES.sub("", text)
    text = WORDS.sub("", text)
    previous = None
    while previous != text:
        previous, text = text, WRAPPERS.sub("", text)
    return text


def published(listing: Listing) -> date | None:
    return listing.published_on or listing.first_seen
