"""What moved on an agency's site since its config was written, and the config mended in place.

After a 改版 the columns are the same catalog columns at new addresses. The columns found on
the site now (`zwgk discover --agency ID`) are matched with the configured ones by id (the
catalog column each carries): a matched column whose address changed has `moved`, a found one
the config lacks is `added`, a configured one not found is `gone`. Applying rewrites the
agency's entry in zwgk.yaml through ruamel.yaml's round trip, so every comment and the order
of keys stay; a gone column is kept, marked by a comment, for the operator to judge. The new
file is checked as a config before it replaces the old one, and replaces it atomically.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from monitor.config import AgencyConfig, load_config
from monitor.discover_config import DraftColumn

MOVED, ADDED, GONE, SAME = "moved", "added", "gone", "same"


@dataclass(frozen=True)
class ColumnChange:
    column_id: str
    change: str  # moved, added, gone, same
    name: str
    old_url: str | None
    new_url: str | None


def column_changes(agency: AgencyConfig, found: list[DraftColumn]) -> list[ColumnChange]:
    """Every configured and every found column, matched by id, configured order first."""
    by_id = {column.id: column for column in found}
    changes = []
    for column in agency.columns:
        now = by_id.pop(column.id, None)
        if now is None:
            changes.append(ColumnChange(column.id, GONE, column.name, column.url, None))
        else:
            change = SAME if now.found.url == column.url else MOVED
            changes.append(ColumnChange(column.id, change, column.name, column.url, now.found.url))
    for column in by_id.values():
        changes.append(ColumnChange(column.id, ADDED, column.found.name, None, column.found.url))
    return changes


def apply_changes(
    config_path: Path, agency_id: str, changes: list[ColumnChange], found: list[DraftColumn],
    on: date,
) -> int:  # fmt: skip
    """Rewrite the agency's columns in zwgk.yaml; the number of columns changed."""
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    data = yaml.load(config_path.read_text(encoding="utf-8"))
    columns = agency_entry(data, agency_id)["columns"]
    rows = {row["id"]: row for row in columns}
    drafts = {column.id: column for column in found}
    changed = 0
    for change in changes:
        if change.change == MOVED:
            rows[change.column_id]["url"] = change.new_url
            note(
                columns, list(rows).index(change.column_id), f"moved on {on}: was {change.old_url}"
            )
        elif change.change == ADDED:
            columns.append(CommentedMap(drafts[change.column_id].row()))
            note(columns, len(columns) - 1, f"added by zwgk discover on {on}")
        elif change.change == GONE:
            note(columns, list(rows).index(change.column_id), f"not found on the site on {on}")
        changed += change.change != SAME
    text = io.StringIO()
    yaml.dump(data, text)
    write_checked(config_path, text.getvalue())
    return changed


def agency_entry(data, agency_id: str):
    for agency in data.get("agencies") or []:
        if agency.get("id") == agency_id:
            return agency
    raise KeyError(agency_id)


def note(sequence, index: int, text: str) -> None:
    sequence.yaml_add_eol_comment(text, index)


def write_checked(config_path: Path, text: str) -> None:
    """Write next to the config, load it as a config (nothing written if it does not load),
    then put it in the config's place."""
    temporary = config_path.with_name(f".{config_path.name}.discover.tmp")
    temporary.write_text(text, encoding="utf-8")
    try:
        load_config(temporary)
    except Exception:
        temporary.unlink(missing_ok=True)
        raise
    os.replace(temporary, config_path)
