"""Word lists for the content checks: loading, normalisation, Aho–Corasick matching.

A word list is a YAML file (`rules/wordlists/*.yaml`, and a county's files beside them):

    check: outdated_name            # outdated_name | wrong_word | leader | blocked_link | trusted_host
    description: 2018年机构改革撤销的机构名称
    entries:
      - words: [国土资源局, 国土局]
        correction: 自然资源局
        severity: general           # serious (严重) | general (一般) | suspected (疑似)
        basis: 《深化党和国家机构改革方案》(2018)
        since: 2019-03-31           # wrong only in what is published after this day
        unless_preceded_by: [和]     # …written right after one of these: no hit
        unless_followed_by: [门]     # …written right before one of these: no hit
        except_in: [文化和旅游局]     # …inside one of these longer words: no hit
        only_followed_by: '[0-9]'   # a regex the following text must start with
        note: 县级机构改革于2019年3月底前完成挂牌

A county's file in the same format adds entries, and replaces a shipped entry that has the
same first word (`disabled: true` removes it). Words are matched on normalised text (NFKC,
traditional → simplified, no spaces between Chinese characters); a hit reports the page's
own characters.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal

import ahocorasick
import opencc
from pydantic import BaseModel, ConfigDict, Field, field_validator

from rules.loader import RuleError
from rules.yamlsource import load_model

WORDLISTS_DIR = Path(__file__).parent / "wordlists"
SHIPPED = ("outdated_names", "wrong_words", "leaders", "blocked_domains", "trusted_hosts")
WORD_CHECKS = ("outdated_name", "wrong_word", "leader")
CHECKS = (*WORD_CHECKS, "blocked_link", "trusted_host")
HOST_CHECKS = ("blocked_link", "trusted_host")
Severity = Literal["serious", "general", "suspected"]
CJK = "\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
# Spaces between two Chinese characters (or Chinese punctuation) are layout, not text.
INNER_SPACE = re.compile(f"(?<=[{CJK}])[^\\S\n]+(?=[{CJK}])")


class Entry(BaseModel):
    """One entry of a word list (see the module docstring)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    words: list[str] = Field(min_length=1)
    correction: str | None = None
    severity: Severity | None = None  # required but in trusted_host lists
    basis: str = ""
    note: str = ""
    since: date | None = None
    unless_preceded_by: list[str] = []
    unless_followed_by: list[str] = []
    except_in: list[str] = []
    only_followed_by: str | None = None
    match: Literal["word", "domain", "keyword"] = "word"
    disabled: bool = False

    @field_validator("words", "unless_preceded_by", "unless_followed_by", "except_in")
    @classmethod
    def _no_blank(cls, values: list[str]) -> list[str]:
        if any(not value.strip() for value in values):
            raise ValueError("a word cannot be blank")
        return [value.strip() for value in values]

    @field_validator("only_followed_by")
    @classmethod
    def _regex(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"not a regular expression: {exc}") from None
        return value


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")
    check: Literal["outdated_name", "wrong_word", "leader", "blocked_link", "trusted_host"]
    description: str = ""
    entries: list[Entry]


@dataclass(frozen=True)
class Rule:
    """An entry as matched: its check and its exclusions in normalised form."""

    check: str
    entry: Entry
    preceded: tuple[str, ...]
    followed: tuple[str, ...]
    inside: tuple[str, ...]
    follow_re: re.Pattern | None


@dataclass
class WordLists:
    """The entries of every list by check, and one automaton over all word checks."""

    entries: dict[str, list[Entry]]
    sources: tuple[Path, ...] = ()
    automaton: ahocorasick.Automaton = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.automaton = build_automaton(
            (word, rule)
            for check in WORD_CHECKS
            for entry in self.entries.get(check, ())
            for rule in [_rule(check, entry)]
            for word in entry.words
        )

    def size(self) -> dict[str, tuple[int, int]]:
        """(entries, words) of each list."""
        return {
            check: (len(entries), sum(len(entry.words) for entry in entries))
            for check, entries in self.entries.items()
        }


def build_automaton(pairs) -> ahocorasick.Automaton:
    """An automaton from normalised words to the (word, values…) matched, built once."""
    found: dict[str, list] = {}
    for word, value in pairs:
        found.setdefault(normalise(word), []).append(value)
    automaton = ahocorasick.Automaton()
    for key, values in found.items():
        automaton.add_word(key, (len(key), tuple(values)))
    if found:
        automaton.make_automaton()
    return automaton


def _rule(check: str, entry: Entry) -> Rule:
    follow = re.compile(entry.only_followed_by) if entry.only_followed_by else None
    inside = entry.except_in + ([entry.correction] if entry.correction else [])
    return Rule(
        check, entry, tuple(normalise(word) for word in entry.unless_preceded_by),
        tuple(normalise(word) for word in entry.unless_followed_by),
        tuple(normalise(word) for word in inside), follow,
    )  # fmt: skip


def load_word_lists(extra=()) -> WordLists:
    """The shipped lists, then each of a county's files over them (same format)."""
    entries: dict[str, dict[str, Entry]] = {check: {} for check in CHECKS}
    paths = [WORDLISTS_DIR / f"{name}.yaml" for name in SHIPPED] + [Path(p) for p in extra]
    for path in paths:
        check, file_entries = read_list(path)
        for entry in file_entries:
            entries[check][entry.words[0]] = entry
    kept = {
        check: [entry for entry in by_word.values() if not entry.disabled]
        for check, by_word in entries.items()
    }
    return WordLists(kept, tuple(paths))


@cache
def shipped_word_lists() -> WordLists:
    return load_word_lists()


def read_list(path: Path) -> tuple[str, list[Entry]]:
    """One list file; a fault is a RuleError naming the file and line."""
    shape = "a word list is a mapping with `check:` and `entries:`"
    doc, table = load_model(path, _File, shape, RuleError)
    for index, entry in enumerate(table.entries):
        where = ("entries", index)
        if entry.match != "word" and table.check != "blocked_link":
            message = f"`match: {entry.match}` is only for blocked_link lists"
            raise doc.error((*where, "match"), message, RuleError)
        if table.check != "trusted_host" and (entry.severity is None or not entry.basis.strip()):
            message = f"entries.{index}: an entry needs `severity` and `basis`"
            raise doc.error(where, message, RuleError)
    return table.check, table.entries


# --- normalisation -------------------------------------------------------------------------


@cache
def char_table() -> dict[int, str]:
    """Each character whose normal form differs: NFKC (when one character), then t2s.

    OpenCC converts character by character here (its phrase tables would change lengths);
    the few characters whose conversion depends on the phrase do not occur in the lists."""
    converter = opencc.OpenCC("t2s")
    table: dict[int, str] = {}
    for code in range(0x20, 0x10000):
        char = chr(code)
        if 0xD800 <= code < 0xE000:
            continue
        folded = unicodedata.normalize("NFKC", char)
        if len(folded) == 1 and folded != char:
            table[code] = folded
    dictionary = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    for line in dictionary.read_text("utf-8").splitlines():
        traditional = line.split("\t", 1)[0]
        if len(traditional) == 1:
            simple = converter.convert(traditional)
            if len(simple) == 1 and simple != traditional:
                table[ord(traditional)] = simple
    for code, folded in list(table.items()):  # full-width traditional: both steps
        table[code] = table.get(ord(folded), folded) if len(folded) == 1 else folded
    return table


@dataclass(frozen=True)
class Normalised:
    """Text in normal form and the way back to the original's positions."""

    original: str
    text: str
    starts: tuple[int, ...] = ()  # normalised positions where a removed run ends
    shifts: tuple[int, ...] = ()  # characters removed before each of those positions

    def origin(self, position: int) -> int:
        index = bisect_right(self.starts, position) - 1
        return position + (self.shifts[index] if index >= 0 else 0)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original span of normalised [start, end)."""
        return self.origin(start), self.origin(end - 1) + 1


def normalise(text: str) -> str:
    return normalised(text).text


def normalised(text: str) -> Normalised:
    """Same-length folding (NFKC, t2s), then the spaces inside Chinese text removed."""
    folded = text.translate(char_table())
    runs = list(INNER_SPACE.finditer(folded))
    if not runs:
        return Normalised(text, folded)
    pieces, starts, shifts, last, removed = [], [], [], 0, 0
    for run in runs:
        pieces.append(folded[last : run.start()])
        removed += run.end() - run.start()
        starts.append(run.start() - removed + (run.end() - run.start()))
        shifts.append(removed)
        last = run.end()
    pieces.append(folded[last:])
    return Normalised(text, "".join(pieces), tuple(starts), tuple(shifts))


def context_of(source: Normalised, start: int, end: int, width: int = 20) -> tuple[str, str]:
    """The original word of normalised [start, end) and ±`width` original characters."""
    first, last = source.span(start, end)
    original = source.original
    context = original[max(0, first - width) : last + width]
    return original[first:last], " ".join(context.split("\n"))
