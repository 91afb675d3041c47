"""The quick ways of `rules.yamlsource`: libyaml for a plain file, a cache for a large one.

libyaml (`yaml.CSafeLoader`) reads a province's 10 MB config several times faster than the
pure-Python loader that keeps every line. A file it finds anything unusual in — a fault, an
alias, a repeated key, deep nesting — is left to that loader, which says what and where; lines
are found only for an error. A large file's data is kept as JSON in the user's cache folder,
keyed by its content, and read back while the file is unchanged.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

CACHE_MIN_BYTES = 512 * 1024  # a smaller file parses in a few hundredths of a second
CACHE_VERSION = "1"  # part of the cached data's key: change it when parsing changes
CACHE_FILES = 8  # files kept in the cache folder, the most recently written
# SafeLoader's implicit types but dates: left as text, pydantic validates them with a location
DATES_AS_TEXT = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
UNUSUAL = object()


class UnusualError(Exception):
    """The fast path leaves this file to the pure-Python loader."""


class CLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml's parser with SafeLoader's constructors, dates left as text; a mapping that
    repeats a key is left to the careful loader (YAML would keep the last value)."""

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        if len(mapping) != len(node.value):
            raise UnusualError
        return mapping


CLoader.yaml_implicit_resolvers = DATES_AS_TEXT


def fast_data(text: str, max_depth: int) -> Any:
    """The file's data as the careful loader would build it, or `UNUSUAL` (also when PyYAML
    was built without libyaml: the careful loader is as quick then)."""
    if not yaml.__with_libyaml__:
        return UNUSUAL
    loader = CLoader(text)
    try:
        with gc_paused():
            node = loader.get_single_node()
            if node is None or not plain(node, max_depth):
                return UNUSUAL
            return loader.construct_document(node)
    except Exception:  # noqa: BLE001 - whatever it is, the careful loader says what is wrong
        return UNUSUAL
    finally:
        loader.dispose()


def plain(root: yaml.Node, max_depth: int) -> bool:
    """No alias (a node reached twice) and no node deeper than `max_depth`."""
    seen: set[int] = set()
    stack = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if depth >= max_depth or id(node) in seen:
            return False
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack += ((key, depth + 1), (value, depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            stack += ((child, depth + 1) for child in node.value)
    return True


class ParsedCache:
    """One file's parsed data kept as JSON: `<cache folder>/yaml-<path hash>.json` holds the
    digest of the content it was parsed from. Any fault in the cache is a miss, never an
    error: the file is parsed as if there were no cache."""

    def __init__(self, path: Path, raw: bytes):
        folder = cache_folder()
        name = hashlib.sha256(str(path.resolve()).encode("utf-8", "surrogatepass")).hexdigest()
        self.file = folder / f"yaml-{name[:24]}.json" if folder else None
        self.digest = hashlib.sha256(CACHE_VERSION.encode() + b"\0" + raw).hexdigest()

    def read(self) -> Any:
        if self.file is None:
            return None
        try:
            with self.file.open(encoding="utf-8") as stream, gc_paused():
                kept = json.load(stream)
        except (OSError, ValueError):
            return None
        if not isinstance(kept, dict) or kept.get("digest") != self.digest:
            return None
        return kept.get("data")

    def write(self, data: Any) -> None:
        if self.file is None or data is None or not json_faithful(data):
            return
        temporary = self.file.with_name(f"{self.file.name}.{os.getpid()}.tmp")
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            text = json.dumps({"digest": self.digest, "data": data}, ensure_ascii=False)
            temporary.write_text(text, encoding="utf-8")
            os.replace(temporary, self.file)
            prune(self.file)
        except (OSError, ValueError):  # unwritable, or a lone surrogate from a YAML escape
            temporary.unlink(missing_ok=True)


def prune(written: Path) -> None:
    """Only the `CACHE_FILES` most recently written stay, `written` among them: a file per
    config path, and paths come and go (a test's, a benchmark's)."""
    others = [path for path in written.parent.glob("yaml-*.json") if path != written]
    others.sort(key=lambda path: path.stat().st_mtime_ns)
    for old in others[: max(0, len(others) - (CACHE_FILES - 1))]:
        old.unlink(missing_ok=True)


def cache_folder() -> Path | None:
    """`ZWGK_CACHE_DIR`, else `$XDG_CACHE_HOME/zwgk`, else `~/.cache/zwgk`; None without a
    home folder."""
    if os.environ.get("ZWGK_CACHE_DIR"):
        return Path(os.environ["ZWGK_CACHE_DIR"])
    try:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    except RuntimeError:
        return None
    return base / "zwgk"


SCALARS = (str, int, float, bool, type(None))


def json_faithful(data: Any) -> bool:
    """Whether JSON gives `data` back as it is: mappings keyed by text, lists, plain scalars."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            if not all(type(key) is str for key in value):
                return False
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif not isinstance(value, SCALARS):
            return False
    return True


@contextmanager
def gc_paused() -> Iterator[None]:
    """The cycle collector off while many objects are made and all are kept: it would scan
    them again and again for cycles there are none of. After, they join the oldest
    generation (frozen, then unfrozen), not the youngest: the first collection does not scan
    them all at once."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()
