"""YAML loading that remembers where each value came from, for errors that name file and line.

Both rule files and the config are user-written YAML; a fault must be reported as
``path:line: what is wrong``. pydantic reports a location as a tuple of keys and indexes,
so we keep a map from such tuples to the line they start on.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from common.errors import BadInputError

Loc = tuple[str | int, ...]


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text, so pydantic validates them with a location."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class SourceError(BadInputError):
    """A user-written file is wrong: names the file, the line (1-based) and the fault."""

    def __init__(self, path: str | Path, line: int | None, message: str):
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


class YamlDocument:
    """The parsed data of one YAML file plus the line of every mapping key and list entry."""

    def __init__(self, path: str | Path, data: Any, lines: dict[Loc, int]):
        self.path = Path(path)
        self.data = data
        self.lines = lines

    def line_of(self, loc: Sequence[str | int]) -> int | None:
        """Line of the deepest part of `loc` found in the file.

        pydantic locations may hold integer mapping keys and union member names
        ("date", "DayRange") that are not in the file; those parts are skipped.
        """
        found: Loc = ()
        for part in loc:
            for candidate in (part, str(part)):
                if found + (candidate,) in self.lines:
                    found = found + (candidate,)
                    break
        return self.lines.get(found)

    def error(self, loc: Sequence[str | int], message: str, error_cls=SourceError) -> SourceError:
        return error_cls(self.path, self.line_of(loc), message)

    def validation_error(self, exc: ValidationError, error_cls=SourceError, prefix: Loc = ()):
        """Turn the first pydantic error into a SourceError located in this file."""
        first = exc.errors()[0]
        loc = prefix + tuple(first["loc"])
        field = ".".join(str(part) for part in loc) or "document"
        message = first["msg"]
        if first["type"] == "extra_forbidden":
            message = "unknown key"
        return error_cls(self.path, self.line_of(loc), f"{field}: {message}")


def load_yaml(path: str | Path, error_cls=SourceError) -> YamlDocument:
    """Read a YAML file; syntax errors become `error_cls` with the line of the fault."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise error_cls(path, None, f"cannot read file: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise error_cls(path, None, "file is not UTF-8 text") from exc
    return parse_yaml(text, path, error_cls)


def parse_yaml(text: str, path: str | Path, error_cls=SourceError) -> YamlDocument:
    try:
        node = yaml.compose(text, Loader=_Loader)
        data = yaml.load(text, Loader=_Loader)  # noqa: S506  (a SafeLoader subclass)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.context_mark and exc.problem_mark:
            problem += f" ({exc.context} started on line {exc.context_mark.line + 1})"
        raise error_cls(path, line, f"YAML syntax error: {problem}") from exc
    except yaml.YAMLError as exc:
        raise error_cls(path, None, f"YAML syntax error: {exc}") from exc
    lines: dict[Loc, int] = {}
    if node is not None:
        _index_lines(node, (), lines)
    return YamlDocument(path, data, lines)


def _index_lines(node: yaml.Node, loc: Loc, lines: dict[Loc, int]) -> None:
    lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = loc + (str(key_node.value),)
            lines[key] = key_node.start_mark.line + 1
            _index_lines(value_node, key, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            _index_lines(child, loc + (index,), lines)
