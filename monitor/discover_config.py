"""The config a county discovery drafts: every agency with its kind, catalog and columns,
each guess commented with its confidence and reason, for an operator to review.

Columns are classified by their names (and their groups' names) through the synonyms table
(`rules.column_classes`). A column no synonym names, but whose page lists publications, is
listed commented out under its agency: it may carry an item under a name the table lacks.
A page that lists nothing and that no synonym names is no column (a guide, a rules page).
Strings are written as JSON strings, which YAML reads as they are: no name or address can
break the file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from crawler.discover_county import FoundAgency, FoundCounty
from crawler.discover_tree import FoundColumn
from monitor.config import MESSAGE_COLUMNS
from rules.column_classes import ColumnGuess, Synonyms, classify_agency, classify_column

SLUG = re.compile(r"[^a-z0-9_-]+")


@dataclass(frozen=True)
class DraftColumn:
    id: str
    found: FoundColumn
    guess: ColumnGuess | None  # None: not classified (written commented out)

    def row(self) -> dict:
        row = {"id": self.id, "name": self.found.name, "url": self.found.url}
        if self.id in MESSAGE_COLUMNS:  # each letter's page tells whether it was answered
            row["keep_content"] = True
        return row


@dataclass(frozen=True)
class DraftAgency:
    id: str
    kind: str
    found: FoundAgency
    columns: list[DraftColumn]
    unclassified: list[DraftColumn]


def draft_agencies(
    county: FoundCounty, synonyms: Synonyms, catalog_columns: dict[str, set[str]]
) -> list[DraftAgency]:
    """`catalog_columns`: the column ids each kind of agency's catalog uses."""
    taken: set[str] = set()
    drafts = []
    for agency in county.agencies:
        agency_id = unique(agency_slug(agency), taken)
        kind = "county" if agency.directory == "county" else classify_agency(agency.name)
        wanted = catalog_columns.get(kind, set())
        columns, unclassified = classify_columns(agency.columns, synonyms, wanted)
        drafts.append(DraftAgency(agency_id, kind, agency, columns, unclassified))
    return drafts


def classify_columns(found: list[FoundColumn], synonyms: Synonyms, wanted: set[str]):
    """(classified columns, ids unique; unclassified ones that list publications)."""
    columns, unclassified, taken = [], [], {"homepage"}
    for column in found:
        guess = classify_column(column.name, column.parents, synonyms)
        if guess and wanted:
            guess = fitted_to_catalog(guess, wanted, synonyms)
        if guess:
            columns.append(DraftColumn(unique(guess.column_id, taken), column, guess))
        elif column.items:
            unclassified.append(DraftColumn("column", column, None))
    return columns, unclassified


def fitted_to_catalog(guess: ColumnGuess, wanted: set[str], synonyms: Synonyms) -> ColumnGuess:
    """A column of a kind the catalog does not use carries the items of its family's column
    that it does use: a department's 规范性文件 column is its 政策文件 column."""
    if guess.column_id in wanted:
        return guess
    group = synonyms.column(guess.column_id).group
    family = [entry for entry in synonyms.columns if group and entry.group == group
              and entry.column_id in wanted]  # fmt: skip
    if not family:
        return guess
    best = max(family, key=lambda entry: entry.priority)
    reason = f"{guess.reason}; this catalog has no {guess.column_id}: {best.column_id}"
    return ColumnGuess(best.column_id, round(guess.confidence * 0.9, 2), reason)


def agency_slug(agency: FoundAgency) -> str:
    """An id from the agency's address: its folder on a shared platform, else its host."""
    url = agency.entry or agency.link
    scheme_less = url.split("://", 1)[-1]
    host, _, path = scheme_less.partition("/")
    segments = [s for s in path.split("/") if s]
    candidate = segments[0] if len(segments) > 1 else host.split(":")[0].split(".")[0]
    slug = SLUG.sub("-", candidate.lower()).strip("-_")
    return slug if slug and slug[0].isalnum() else "agency"


def unique(wanted: str, taken: set[str]) -> str:
    name, number = wanted, 2
    while name in taken:
        name, number = f"{wanted}-{number}", number + 1
    taken.add(name)
    return name


def config_text(
    county: FoundCounty,
    drafts: list[DraftAgency],
    catalogs: dict[str, str],
    crawl: dict | None = None,
    on: date | None = None,
) -> str:
    """The whole zwgk.yaml, commented."""
    region = re.sub(r"(人民政府|政府)$", "", county.name) or county.name
    lines = [*header_lines(county, drafts, on), f"region: {q(region)}", "database: zwgk.db",
             "reports_dir: reports"]  # fmt: skip
    if crawl:
        lines += ["crawl:"] + [f"  {key}: {json.dumps(value)}" for key, value in crawl.items()]
    lines.append("agencies:")
    for draft in drafts:
        lines += agency_lines(draft, catalogs.get(draft.kind, draft.kind))
    return "\n".join(lines) + "\n"


def header_lines(county: FoundCounty, drafts: list[DraftAgency], on: date | None) -> list[str]:
    classified = sum(len(d.columns) for d in drafts)
    unclassified = sum(len(d.unclassified) for d in drafts)
    down = sum(1 for d in drafts if d.found.error)
    return [
        f"# Drafted by `zwgk discover --county {county.portal}`"
        + (f" on {on.isoformat()}" if on else ""),
        f"# {len(drafts)} agencies ({down} not reachable), {classified} columns classified, "
        f"{unclassified} not classified (commented out).",
        "# Review every guess: the comment after a column gives its confidence and reason.",
    ]


def agency_lines(draft: DraftAgency, catalog: str) -> Iterator[str]:
    found = draft.found
    yield f"  - id: {draft.id}"
    yield f"    name: {q(found.name)}"
    yield f"    kind: {draft.kind}  # {kind_reason(draft)}"
    yield f"    catalog: {q(catalog)}"
    if found.homepage:
        yield f"    homepage: {q(found.homepage)}"
    if found.error:
        yield f"    # not reachable at discovery ({one_line(found.error)}): columns still to be found,"
        yield f"    # run `zwgk discover --agency {draft.id} --diff` when the site answers"
    elif found.entry:
        yield f"    # 政府信息公开 entry: {found.entry}"
    rows = ([homepage_row(found.homepage)] if found.homepage else []) + draft.columns
    yield "    columns:" + ("" if rows else " []")
    for column in rows:
        yield f"      - {flow(column.row())}  # {column_comment(column)}"
    if draft.unclassified:
        yield "      # not classified (no catalog item recognised); give an id to monitor one:"
        for column in draft.unclassified:
            yield f"      # - {flow(column.row())}  # {probe_note(column.found)}"


def homepage_row(url: str) -> DraftColumn:
    found = FoundColumn("网站首页", url)
    return DraftColumn("homepage", found, ColumnGuess("homepage", 1.0, "the agency's homepage"))


def kind_reason(draft: DraftAgency) -> str:
    if draft.found.directory == "county":
        return "the portal's own 政府信息公开"
    return f"from its name; listed under the {draft.found.directory} directory"


def column_comment(column: DraftColumn) -> str:
    guess = column.guess
    note = f"{guess.confidence:.2f} {guess.reason}" if guess else ""
    if column.found.parents and "under" not in note:
        note += f"; under {' > '.join(column.found.parents)}"
    probe = probe_note(column.found) if column.id != "homepage" else ""
    return one_line("; ".join(part for part in (note, probe) if part))


def probe_note(found: FoundColumn) -> str:
    if found.error:
        return one_line(f"not read at discovery: {found.error}")
    newest = f", newest {found.newest.isoformat()}" if found.newest else ""
    return f"{found.cms or '-'}, {found.items} items{newest}"


def flow(row: dict) -> str:
    """A flow mapping; ids are slugs (safe as they are), other strings JSON-quoted."""
    values = {key: value if key == "id" else q(value) for key, value in row.items()}
    return "{" + ", ".join(f"{key}: {value}" for key, value in values.items()) + "}"


def q(value) -> str:
    """A YAML scalar: strings as JSON strings (never misread), the rest as JSON."""
    return json.dumps(value, ensure_ascii=False)


def one_line(text: str) -> str:
    """Text for a YAML comment: a line break in it would end the comment."""
    return " ".join(text.split())
