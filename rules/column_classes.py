"""Which catalog column a site's column carries, guessed from its name, and which kind of
agency a name belongs to.

The knowledge is data (`rules/column_synonyms.yaml`, extended by a county's own file), so an
operator who meets a new column name adds a line instead of a code change. A guess is a
suggestion for the config a discovery drafts: it carries its confidence and the synonym that
made it, for a person to review.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from rules.loader import RuleError
from rules.yamlsource import YamlDocument, load_model

SYNONYMS_FILE = Path(__file__).parent / "column_synonyms.yaml"
PUNCTUATION = re.compile(r"[\s\W_]+")  # spaces, ·、，（）【】“”《》/>… — what a link name may wrap
TRAILING = ("栏目", "专栏", "更多")
COLUMN_ID = re.compile(r"[a-z][a-z0-9_]*")
YEAR_NAME = re.compile(r"(19|20)\d\d年?度?")  # a sub-column per year: 2023年, 2023年度
EXACT, INHERITED, PARENT_BOOST = 0.95, 0.8, 0.1
COUNTY_BODY = re.compile(r"政府(办公室|办)?$")
TOWNSHIP_END = re.compile(r"(镇|乡|街道)(人民政府|政府|办事处|党委|党工委)?$")
TOWNSHIP_BODY = re.compile(r"(街道办事处|开发区|园区|管委会|管理委员会|新区)")


@dataclass(frozen=True)
class ColumnGuess:
    column_id: str  # the catalog column id
    confidence: float  # 0..1
    reason: str  # which synonym matched, e.g. '「部门动态」 ~ 部门动态 → news'


@dataclass(frozen=True)
class ColumnSynonyms:
    column_id: str
    names: frozenset[str]
    fragments: tuple[str, ...]
    priority: int
    group: str
    note: str


@dataclass(frozen=True)
class Synonyms:
    """The loaded table: columns in file order (a county's entries replacing shipped ones)."""

    columns: tuple[ColumnSynonyms, ...]
    ignore_names: frozenset[str]
    ignore_fragments: tuple[str, ...]
    sources: tuple[Path, ...]

    def column(self, column_id: str) -> ColumnSynonyms:
        for entry in self.columns:
            if entry.column_id == column_id:
                return entry
        raise KeyError(column_id)


class _Words(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    names: list[str] = Field(default_factory=list)
    fragments: list[str] = Field(default_factory=list)

    @field_validator("names", "fragments")
    @classmethod
    def _normalised(cls, values: list[str]) -> list[str]:
        """Stored normalised, as names are compared; a word that normalises to nothing (only
        punctuation) could never match and is a mistake in the file."""
        words = [normalise(value) for value in values]
        for value, word in zip(values, words, strict=True):
            if not word:
                raise ValueError(f"{value!r} is empty once spaces and punctuation are removed")
        return words


class _Column(_Words):
    priority: int = Field(default=1, ge=0, le=100)
    group: str = ""
    note: str = ""


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    columns: dict[str, _Column] = Field(default_factory=dict)
    ignore: _Words = Field(default_factory=_Words)


def normalise(name: str) -> str:
    """A link name as compared: NFKC (full-width letters and digits folded), without spaces
    and punctuation, without a trailing 栏目/专栏/更多 (decoration, not meaning)."""
    text = PUNCTUATION.sub("", unicodedata.normalize("NFKC", name))
    for suffix in TRAILING:
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)]
    return text


def load_synonyms(override: Path | None = None) -> Synonyms:
    """The shipped table, and a county's file over it: its column ids replace or add whole
    entries, its `ignore` words are added. Faults name the file and line (`RuleError`)."""
    shipped = _read(SYNONYMS_FILE)
    columns = dict(shipped.columns)
    ignore_names, ignore_fragments = list(shipped.ignore.names), list(shipped.ignore.fragments)
    sources = [SYNONYMS_FILE]
    if override is not None:
        county = _read(Path(override))
        columns.update(county.columns)
        ignore_names += county.ignore.names
        ignore_fragments += county.ignore.fragments
        sources.append(Path(override))
    entries = tuple(_entry(column_id, column) for column_id, column in columns.items())
    return Synonyms(entries, frozenset(ignore_names), tuple(ignore_fragments), tuple(sources))


def _read(path: Path) -> _File:
    shape = "a synonyms file is a mapping with `columns:` and `ignore:`"
    doc, table = load_model(path, _File, shape, RuleError)
    _check_ids_and_names(doc, table)
    return table


def _check_ids_and_names(doc: YamlDocument, table: _File) -> None:
    """Ids as the catalogs spell them (`column: final_accounts`), and one whole name for one
    column: a name under two ids would make the guess depend on the order of the file."""
    owner: dict[str, str] = {}
    for column_id, column in table.columns.items():
        if not COLUMN_ID.fullmatch(str(column_id)):
            message = f"{column_id!r} is not a column id (lower-case letters, digits, _)"
            raise doc.error(("columns", column_id), message, RuleError)
        for index, name in enumerate(column.names):
            if owner.setdefault(name, column_id) != column_id:
                message = f"name {name!r} is listed under both {owner[name]} and {column_id}"
                raise doc.error(("columns", column_id, "names", index), message, RuleError)


def _entry(column_id: str, column: _Column) -> ColumnSynonyms:
    return ColumnSynonyms(
        column_id, frozenset(column.names), tuple(column.fragments), column.priority,
        column.group, column.note,
    )  # fmt: skip


_SHIPPED: list[Synonyms] = []


def shipped_synonyms() -> Synonyms:
    """The shipped table, read once per process (discovery classifies hundreds of names)."""
    if not _SHIPPED:
        _SHIPPED.append(load_synonyms())
    return _SHIPPED[0]


def classify_column(
    name: str, parents: tuple[str, ...] = (), synonyms: Synonyms | None = None
) -> ColumnGuess | None:
    """The column id a site column of this name most likely carries, or None for a page that
    is no catalog column (a guide, an application form, national news) or that nothing names.

    `parents` are the names of the column's ancestors, nearest last: a name that says nothing
    by itself (a year under 政府信息公开年报) takes its nearest classified parent's column, and a
    guess its parents agree with (预算 under 财政信息) is more certain.
    """
    table = synonyms or shipped_synonyms()
    word = normalise(name)
    if not word or _ignored(word, table):
        return None
    guess = _match(name, word, table)
    parent = _nearest_parent(parents, table)
    if guess is None:
        return _inherited(name, word, parent)
    if parent is not None and _related(guess.column_id, parent.column_id, table):
        confidence = min(0.99, round(guess.confidence + PARENT_BOOST, 2))
        return ColumnGuess(guess.column_id, confidence, f"{guess.reason}, under 「{parents[-1]}」")
    return guess


def _ignored(word: str, table: Synonyms) -> bool:
    return word in table.ignore_names or any(part in word for part in table.ignore_fragments)


def _match(name: str, word: str, table: Synonyms) -> ColumnGuess | None:
    """An exact name first; else the fragment of the highest priority, then the longest."""
    for entry in table.columns:
        if word in entry.names:
            return ColumnGuess(entry.column_id, EXACT, f"「{name}」 = {word} → {entry.column_id}")
    found = [
        (entry.priority, len(fragment), fragment, entry)
        for entry in table.columns
        for fragment in entry.fragments
        if fragment in word
    ]
    if not found:
        return None
    _, length, fragment, entry = max(found, key=lambda hit: hit[:2])
    confidence = round(min(0.85, 0.55 + 0.05 * length), 2)
    return ColumnGuess(entry.column_id, confidence, f"「{name}」 ~ {fragment} → {entry.column_id}")


def _nearest_parent(parents: tuple[str, ...], table: Synonyms) -> ColumnGuess | None:
    for parent in reversed(parents):
        word = normalise(parent)
        if word and not _ignored(word, table):
            guess = _match(parent, word, table)
            if guess is not None:
                return guess
    return None


def _inherited(name: str, word: str, parent: ColumnGuess | None) -> ColumnGuess | None:
    """A year sub-column carries what its parent carries (2023年 under 部门预算 → budget)."""
    if parent is None or not YEAR_NAME.fullmatch(word):
        return None
    confidence = round(parent.confidence * INHERITED, 2)
    return ColumnGuess(parent.column_id, confidence, f"「{name}」 under {parent.reason}")


def _related(column_id: str, parent_id: str, table: Synonyms) -> bool:
    if column_id == parent_id:
        return True
    group = table.column(column_id).group
    return bool(group) and group == table.column(parent_id).group


def classify_agency(name: str) -> str:
    """ "county" for the county government and its office, "township" for a township-level
    body (镇/乡/街道, a park or development zone's committee), else "department".

    乡 and 镇 alone say little (住房和城乡建设局, 城镇管理局): a township is named by them at
    the end, before its 人民政府/办事处, or by a zone's committee anywhere in the name."""
    word = normalise(name)
    if TOWNSHIP_END.search(word) or TOWNSHIP_BODY.search(word):
        return "township"
    if COUNTY_BODY.search(word):
        return "county"
    return "department"
