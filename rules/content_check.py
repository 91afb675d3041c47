"""Content checks of a page as the crawler reads it: 错敏词, outdated names, personal data,
hidden and blocked links. A pure library: no network, no store.

Basis: 《政府网站与政务新媒体检查指标》(国办秘函〔2019〕19号): 严重表述错误 (a leader's name or
title written wrong) and 信息泄露、安全问题 are veto items; 错别字 and 不规范表述 deduct points.
Grades follow the commercial monitors: serious (严重), general (一般), suspected (疑似: a
person should look, e.g. a context-dependent word, or an outdated name on an undated page).

    checker = ContentChecker(load_word_lists([county_file]), leaders, ["gsgg"])
    hits = checker.check_html(html, url, published=date(2024, 5, 6), column_id="news")

Words (`rules/content_words.py`) are matched on normalised text and reported in the page's own
characters. Leaders: a configured leader's name with a different leadership title written
right before or after it (“副县长陈立群” when 陈立群 is 县长), or a former leader's name
with any title, is serious; “原县长王建民” is not flagged. Personal data:
`rules/content_personal.py`; links: `rules/content_links.py`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from rules.content_links import HIDDEN_BASIS, blocked_match, read_page, suspicious_hidden
from rules.content_personal import find_personal
from rules.content_words import (
    Normalised,
    Rule,
    WordLists,
    build_automaton,
    context_of,
    load_word_lists,
    normalise,
    normalised,
    shipped_word_lists,
)

__all__ = ["ContentChecker", "ContentHit", "Leader", "WordLists", "load_word_lists"]

LEADER_BASIS = "《政府网站与政务新媒体检查指标》单项否决：严重表述错误（领导人姓名、职务错误）"
TITLE_WORDS = (
    "书记 副书记 县委书记 县委副书记 市委书记 市委副书记 区委书记 区委副书记 县委常委 市委常委 "
    "区委常委 常委 县长 副县长 常务副县长 代县长 市长 副市长 常务副市长 代市长 区长 副区长 "
    "常务副区长 代区长 镇长 副镇长 乡长 副乡长 旗长 副旗长 州长 副州长 省长 副省长 主任 副主任 "
    "局长 副局长 主席 副主席 部长 副部长 秘书长 副秘书长 厅长 副厅长 处长 副处长 科长 副科长 "
    "院长 副院长 检察长 副检察长 政委 人大常委会主任 人大常委会副主任 政协主席 政协副主席 "
    "纪委书记 监委主任 组织部长 宣传部长 统战部长 政法委书记 调研员 巡视员"
)
TITLES = tuple(TITLE_WORDS.split())
# 原县长王建民, 原青溪县县长: a quotation of the former state, not an error.
FORMER = re.compile(
    r"(?:前任|原(?:[^\W\d_则来因本先始料告谅理创][^\W\d_]{0,4})?[省市县区州旗镇乡])$|原$"
)
HISTORY_AFTER = re.compile(r"更名|改名|改称|撤销|撤并|整合|划入|划转|组建")


@dataclass(frozen=True)
class ContentHit:
    check: str  # outdated_name | leader | wrong_word | id_number | mobile | bank_card | hidden_link | blocked_link
    word: str  # as found on the page (the original characters)
    correction: str | None
    severity: str  # serious (严重) | general (一般) | suspected (疑似)
    basis: str  # the rule's basis
    context: str  # ±20 characters of plain text around the word (not escaped)
    note: str = ""


@dataclass(frozen=True)
class Leader:
    name: str
    title: str  # current title, e.g. "县长" (several: "县委副书记、县长")
    former: bool = False  # left office: named with a title, an error


class ContentChecker:
    """The checks of one county; build it once, then check every page."""

    def __init__(
        self,
        lists: WordLists | None = None,
        leaders: Sequence[Leader] = (),
        personal_data_columns: Sequence[str] = (),
    ) -> None:
        self.lists = lists if lists is not None else shipped_word_lists()
        self.leaders = tuple(leader for leader in leaders if leader.name.strip())
        self.personal_columns = frozenset(personal_data_columns)
        self.names = build_automaton((leader.name.strip(), leader) for leader in self.leaders)
        own = {part for leader in self.leaders for part in split_titles(leader.title)}
        self.titles = sorted({normalise(title) for title in (*TITLES, *own)}, key=len, reverse=True)
        blocked = [
            (entry, word) for entry in self.lists.entries["blocked_link"] for word in entry.words
        ]
        self.domains = [(w.lower(), e) for e, w in blocked if e.match != "keyword"]
        self.keywords = [(w.lower(), e) for e, w in blocked if e.match == "keyword"]
        trusted = self.lists.entries.get("trusted_host", ())
        self.trusted = [(word.lower(), entry) for entry in trusted for word in entry.words]

    def check_text(
        self, text: str, published: date | None = None, column_id: str | None = None
    ) -> list[ContentHit]:
        source = normalised(text)
        hits = self.word_hits(source, published)
        hits += self.leader_hits(source)
        hits += self.personal_hits(source, column_id)
        return hits

    def check_html(
        self, html: str, page_url: str, published: date | None = None, column_id: str | None = None
    ) -> list[ContentHit]:
        """The page's visible main text checked as check_text, plus its links (hidden_link,
        blocked_link). A link's context is its text."""
        page = read_page(html, page_url)
        hits = self.check_text(page.text, published, column_id)
        for link in suspicious_hidden(page.links, page_url, self.trusted):
            note = f"链接以内联样式隐藏（{link.hidden}），指向外部非政府网站 {link.host}"
            hits.append(ContentHit("hidden_link", link.href, None, "serious", HIDDEN_BASIS,
                                   link.text[:40], note))  # fmt: skip
        for link in page.links:
            found = blocked_match(link.host, self.domains, self.keywords) if link.host else None
            if found:
                pattern, entry = found
                note = f"域名 {link.host} 命中屏蔽名单“{pattern}”" + (
                    f"；{entry.note}" if entry.note else ""
                )
                hits.append(ContentHit("blocked_link", link.href, entry.correction, entry.severity,
                                       entry.basis, link.text[:40], note))  # fmt: skip
        return hits

    # --- word lists ----------------------------------------------------------------------

    def word_hits(self, source: Normalised, published: date | None) -> list[ContentHit]:
        if not len(self.lists.automaton):
            return []
        text, found = source.text, []
        for last, (length, rules) in self.lists.automaton.iter(text):
            found.append((last + 1 - length, last + 1, rules))
        hits = []
        for start, end, rules in found:
            if any(s <= start and end <= e and (s, e) != (start, end) for s, e, _ in found):
                continue  # inside a longer listed word: that one speaks
            for rule in rules:
                severity = self.word_severity(rule, text, start, end, published)
                if severity:
                    hits.append(self.hit(source, start, end, rule, severity))
        return hits

    def word_severity(
        self, rule: Rule, text: str, start: int, end: int, published: date | None
    ) -> str | None:
        if excluded(rule, text, start, end):
            return None
        since = rule.entry.since
        if since is None:
            return rule.entry.severity
        if FORMER.search(text, max(0, start - 8), start) or HISTORY_AFTER.match(text, end):
            return None
        if published is None:
            return "suspected"
        return rule.entry.severity if published > since else None

    def hit(self, source: Normalised, start: int, end: int, rule: Rule, severity: str):
        word, context = context_of(source, start, end)
        entry = rule.entry
        return ContentHit(rule.check, word, entry.correction, severity, entry.basis, context,
                          entry.note)  # fmt: skip

    # --- leaders -------------------------------------------------------------------------

    def leader_hits(self, source: Normalised) -> list[ContentHit]:
        if not self.leaders:
            return []
        text, hits = source.text, []
        for last, (length, leaders) in self.names.iter(text):
            start, end = last + 1 - length, last + 1
            for title, title_start in self.titles_around(text, start, end):
                if FORMER.search(text, max(0, title_start - 8), title_start):
                    continue
                for leader in leaders:
                    note = leader_error(leader, title)
                    if note:
                        word, context = context_of(source, start, end)
                        correction = f"原{title}" if leader.former else leader.title
                        hits.append(ContentHit("leader", word, correction, "serious",
                                               LEADER_BASIS, context, note))  # fmt: skip
        return hits

    def titles_around(self, text: str, start: int, end: int) -> list[tuple[str, int]]:
        """The longest title written right before the name, and right after it."""
        found = []
        before = next((t for t in self.titles if text.endswith(t, 0, start)), None)
        if before:
            found.append((before, start - len(before)))
        after = next((t for t in self.titles if text.startswith(t, end)), None)
        if after:
            found.append((after, start))
        return found

    # --- personal data -------------------------------------------------------------------

    def personal_hits(self, source: Normalised, column_id: str | None) -> list[ContentHit]:
        personal = column_id is not None and column_id in self.personal_columns
        hits = []
        for found in find_personal(source.text, personal):
            word, context = context_of(source, found.start, found.end)
            hits.append(ContentHit(found.check, word, None, found.severity, found.basis, context,
                                   found.note))  # fmt: skip
        return hits


def excluded(rule: Rule, text: str, start: int, end: int) -> bool:
    """The entry's own exclusions: the words around it, a longer word it is part of."""
    if any(text.endswith(word, 0, start) for word in rule.preceded):
        return True
    if any(text.startswith(word, end) for word in rule.followed):
        return True
    if rule.follow_re is not None and not rule.follow_re.match(text, end):
        return True
    word = text[start:end]
    for longer in rule.inside:
        offset = longer.find(word)
        while offset >= 0:
            if text.startswith(longer, start - offset) and start - offset >= 0:
                return True
            offset = longer.find(word, offset + 1)
    return False


def split_titles(title: str) -> list[str]:
    return [part for part in re.split(r"[、，,；;/\s]+", normalise(title)) if part]


def title_fits(title: str, own: str) -> bool:
    """“书记” fits 县委书记 (a short form), “常务副县长” fits 副县长; “副县长” does not fit 县长."""
    if title == own or own.endswith(title):
        return True
    return title.endswith(own) and not title[: -len(own)].endswith("副")


def leader_error(leader: Leader, title: str) -> str:
    """What is wrong with `title` next to the leader's name ('' when nothing)."""
    if leader.former:
        return f"{leader.name}已离任（原{leader.title}），文中仍称“{title}”"
    owns = split_titles(leader.title)
    if any(title_fits(title, own) for own in owns):
        return ""
    return f"{leader.name}现任{leader.title}，文中称“{title}”"
