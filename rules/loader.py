"""Rule files: a catalog of items, each checked by the rule kind its `kind:` names.

A catalog may extend another (`extends: baseline`), add items, `override` fields of an
inherited item and `disable` an inherited item with a reason. Every fault is reported as
a `RuleError` naming the file and line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

import rules.kinds  # noqa: F401  (registers the rule kinds)
from rules.base import RULE_KINDS, Rule
from rules.yamlsource import SourceError, YamlDocument, load_yaml

RULES_DIR = Path(__file__).parent
SEARCH_DIRS = (RULES_DIR / "catalogs", RULES_DIR / "builtin")
# Each top-level key and what its value must be (a fault names the key's line).
TOP_KEYS = {
    "catalog": (str, "text (the catalog's name)"),
    "extends": (str, "the name of a shipped catalog or a rule-file path"),
    "description": (str, "text"),
    "items": (list, "a list of items"),
    "override": (dict, "a mapping of item ids to the fields to change"),
    "disable": (dict, "a mapping of item ids to the reason"),
}


class RuleError(SourceError):
    """A rule file is wrong."""


@dataclass
class Catalog:
    name: str
    path: Path
    items: list[Rule] = field(default_factory=list)
    disabled: dict[str, str] = field(default_factory=dict)  # item id -> reason

    def item(self, item_id: str) -> Rule:
        for rule in self.items:
            if rule.id == item_id:
                return rule
        raise KeyError(item_id)


def resolve_catalog(ref: str | Path, relative_to: Path | None = None) -> Path:
    """A catalog reference is a path, or the name of a shipped catalog (`department`)."""
    candidate = Path(ref)
    if relative_to is not None and not candidate.is_absolute():
        local = relative_to / candidate
        if local.is_file():
            return local
    if candidate.suffix in (".yaml", ".yml") and candidate.is_file():
        return candidate
    for folder in SEARCH_DIRS:
        shipped = folder / f"{ref}.yaml"
        if shipped.is_file():
            return shipped
    raise RuleError(ref, None, "no such rule file or shipped catalog")


def shipped_catalogs() -> list[str]:
    return sorted(path.stem for folder in SEARCH_DIRS for path in folder.glob("*.yaml"))


def load_catalog(
    ref: str | Path, relative_to: Path | None = None, _chain: tuple[Path, ...] = ()
) -> Catalog:
    path = resolve_catalog(ref, relative_to).resolve()
    doc = load_yaml(path, RuleError)
    _check_shape(doc)
    parent = _parent(doc, path, _chain) if "extends" in doc.data else None
    inherited = {rule.id: (_raw_of(rule), None, ()) for rule in parent.items} if parent else {}
    disabled = dict(parent.disabled) if parent else {}
    items = _merge_items(doc, inherited, disabled, parent.name if parent else "")
    name = doc.data.get("catalog") or path.stem
    return Catalog(name=name, path=path, items=items, disabled=disabled)


def _check_shape(doc: YamlDocument) -> None:
    if not isinstance(doc.data, dict):
        raise doc.error((), "a rule file must be a mapping with 'items'", RuleError)
    for key, value in doc.data.items():
        if key not in TOP_KEYS:
            raise doc.error((key,), f"unknown key {key!r}", RuleError)
        expected, words = TOP_KEYS[key]
        if value is not None and not isinstance(value, expected):
            raise doc.error((key,), f"'{key}' must be {words}", RuleError)


def _parent(doc: YamlDocument, path: Path, chain: tuple[Path, ...]) -> Catalog:
    """The catalog `extends:` names, resolved next to this file; faults name that line."""
    ref = doc.data["extends"]
    if not ref:
        raise doc.error(("extends",), "'extends' needs a catalog name or path", RuleError)
    try:
        parent_path = resolve_catalog(ref, path.parent).resolve()
    except RuleError:
        message = f"extends {ref!r}: no such rule file or shipped catalog"
        raise doc.error(("extends",), message, RuleError) from None
    if parent_path in (*chain, path):
        cycle = " -> ".join(p.name for p in (*chain, path, parent_path))
        raise doc.error(("extends",), f"catalog extends itself ({cycle})", RuleError)
    return load_catalog(parent_path, None, (*chain, path))


def _raw_of(rule: Rule) -> dict:
    raw = rule.model_dump(exclude_defaults=True)
    raw["kind"] = rule.kind
    return raw


def _merge_items(
    doc: YamlDocument, inherited: dict, disabled: dict[str, str], parent_name: str
) -> list[Rule]:
    merged = dict(inherited)
    first_at: dict[str, tuple] = {}  # where each item id was first given (lines: on error)
    for index, raw in enumerate(doc.data.get("items") or []):
        loc = ("items", index)
        if not isinstance(raw, dict) or "id" not in raw:
            raise doc.error(loc, "each item must be a mapping with an 'id'", RuleError)
        item_id = str(raw["id"])
        if item_id in first_at:
            first_line = doc.line_of(first_at[item_id])
            message = f"duplicate item id {item_id!r} (first on line {first_line})"
            raise doc.error(loc + ("id",), message, RuleError)
        if item_id in inherited:
            message = f"item {item_id!r} is already in {parent_name}: change it under 'override:'"
            raise doc.error(loc + ("id",), message, RuleError)
        first_at[item_id] = loc + ("id",)
        merged[item_id] = (raw, doc, loc)
        disabled.pop(item_id, None)
    _override(doc, merged)
    _disable(doc, merged, disabled)
    return [_build_rule(raw, source, loc) for raw, source, loc in merged.values()]


def _override(doc: YamlDocument, merged: dict) -> None:
    for item_id, changes in (doc.data.get("override") or {}).items():
        loc = ("override", item_id)
        if item_id not in merged:
            raise doc.error(loc, f"no item {item_id!r} to override", RuleError)
        if not isinstance(changes, dict) or not changes:
            raise doc.error(loc, "an override is a mapping of the fields to change", RuleError)
        if "id" in changes:
            raise doc.error(loc + ("id",), "an override cannot change an item's id", RuleError)
        raw, _, _ = merged[item_id]
        merged[item_id] = ({**raw, **changes}, doc, loc)


def _disable(doc: YamlDocument, merged: dict, disabled: dict[str, str]) -> None:
    for item_id, reason in (doc.data.get("disable") or {}).items():
        loc = ("disable", item_id)
        if item_id not in merged:
            raise doc.error(loc, f"no item {item_id!r} to disable", RuleError)
        if not isinstance(reason, str) or not reason.strip():
            raise doc.error(loc, "disabling an item needs a reason (text)", RuleError)
        merged.pop(item_id)
        disabled[item_id] = reason


def _build_rule(raw: dict, doc: YamlDocument | None, loc: tuple) -> Rule:
    kind = raw.get("kind")
    cls = RULE_KINDS.get(kind) if isinstance(kind, str) else None
    if cls is None:
        known = ", ".join(sorted(RULE_KINDS))
        message = f"unknown rule kind {kind!r} (known: {known})" if kind else "missing 'kind'"
        raise _error(doc, loc + ("kind",), message)
    fields = {key: value for key, value in raw.items() if key != "kind"}
    try:
        return cls.model_validate(fields)
    except ValidationError as exc:
        if doc is None:
            raise _error(None, loc, str(exc)) from exc
        raise doc.validation_error(exc, RuleError, prefix=loc) from exc


def _error(doc: YamlDocument | None, loc: tuple, message: str) -> RuleError:
    if doc is None:
        return RuleError("<inherited>", None, message)
    return doc.error(loc, message, RuleError)
