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
TOP_KEYS = {"catalog", "extends", "description", "items", "override", "disable"}


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
        if local.exists():
            return local
    if candidate.suffix in (".yaml", ".yml") and candidate.exists():
        return candidate
    for folder in SEARCH_DIRS:
        shipped = folder / f"{ref}.yaml"
        if shipped.exists():
            return shipped
    raise RuleError(ref, None, "no such rule file or shipped catalog")


def load_catalog(
    ref: str | Path, relative_to: Path | None = None, _chain: tuple[Path, ...] = ()
) -> Catalog:
    path = resolve_catalog(ref, relative_to).resolve()
    if path in _chain:
        raise RuleError(path, None, "catalog extends itself (cycle)")
    doc = load_yaml(path, RuleError)
    data = doc.data
    if not isinstance(data, dict):
        raise doc.error((), "a rule file must be a mapping with 'items'", RuleError)
    for key in data:
        if key not in TOP_KEYS:
            raise doc.error((key,), f"unknown key {key!r}", RuleError)
    parent_items: dict[str, tuple[dict, YamlDocument, tuple]] = {}
    disabled: dict[str, str] = {}
    if data.get("extends"):
        parent = load_catalog(data["extends"], path.parent, _chain + (path,))
        parent_items = {rule.id: _raw_of(rule, parent) for rule in parent.items}
        disabled.update(parent.disabled)
    items = _merge_items(doc, parent_items, disabled)
    return Catalog(
        name=str(data.get("catalog") or path.stem), path=path, items=items, disabled=disabled
    )


def _raw_of(rule: Rule, parent: Catalog):
    raw = rule.model_dump(exclude_defaults=True)
    raw["kind"] = rule.kind
    return raw, None, ()


def _merge_items(doc: YamlDocument, inherited: dict, disabled: dict[str, str]) -> list[Rule]:
    data = doc.data
    raw_items = data.get("items") or []
    if not isinstance(raw_items, list):
        raise doc.error(("items",), "'items' must be a list", RuleError)
    merged = dict(inherited)
    for index, raw in enumerate(raw_items):
        if not isinstance(raw, dict) or "id" not in raw:
            raise doc.error(("items", index), "each item needs an 'id'", RuleError)
        merged[str(raw["id"])] = (raw, doc, ("items", index))
    for item_id, changes in (data.get("override") or {}).items():
        if item_id not in merged:
            raise doc.error(("override", item_id), f"no item {item_id!r} to override", RuleError)
        raw, _, _ = merged[item_id]
        merged[item_id] = ({**raw, **(changes or {})}, doc, ("override", item_id))
    for item_id, reason in (data.get("disable") or {}).items():
        if item_id not in merged:
            raise doc.error(("disable", item_id), f"no item {item_id!r} to disable", RuleError)
        if not reason:
            raise doc.error(("disable", item_id), "disabling an item needs a reason", RuleError)
        merged.pop(item_id)
        disabled[item_id] = str(reason)
    return [_build_rule(raw, source, loc) for raw, source, loc in merged.values()]


def _build_rule(raw: dict, doc: YamlDocument | None, loc: tuple) -> Rule:
    kind = raw.get("kind")
    cls = RULE_KINDS.get(kind)
    if cls is None:
        known = ", ".join(sorted(RULE_KINDS))
        message = f"unknown rule kind {kind!r} (known: {known})" if kind else "missing 'kind'"
        raise _error(doc, loc + ("kind",), message)
    fields = {key: value for key, value in raw.items() if key != "kind"}
    try:
        return cls.model_validate(fields)
    except ValidationError as exc:
        if doc is None:
            raise
        raise doc.validation_error(exc, RuleError, prefix=loc) from exc


def _error(doc: YamlDocument | None, loc: tuple, message: str) -> RuleError:
    if doc is None:
        return RuleError("<inherited>", None, message)
    return doc.error(loc, message, RuleError)
