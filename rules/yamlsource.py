"""YAML loading that remembers where each value came from, for errors that name file and line.

Both rule files and the config are user-written YAML; a fault must be reported as
``path:line: what is wrong``. pydantic reports a location as a tuple of keys and indexes,
so we keep a map from such tuples to the line they start on.

The files are read defensively: they must be UTF-8 text (a BOM is accepted), of sane size,
without aliases (``*name`` would let a few hundred bytes expand to gigabytes), nested no
deeper than `MAX_DEPTH`, and no mapping may repeat a key (YAML would keep the last one).

A plain file is read by libyaml, a large one kept in a cache (`rules.yamlfast`); the lines of
a file are found only when an error names one.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from common.errors import BadInputError
from rules.yamlfast import CACHE_MIN_BYTES, DATES_AS_TEXT, UNUSUAL, ParsedCache, fast_data

M = TypeVar("M", bound=BaseModel)

Loc = tuple[str | int, ...]
MAX_BYTES = 2 * 1024 * 1024  # a few seconds to parse; a county's catalog is ~200 KB at most
CONFIG_MAX_BYTES = 32 * 1024 * 1024  # a province's config: 5,000 agencies write ~10 MB
MAX_DEPTH = 40
# What YAML itself refuses (yaml.reader.Reader.NON_PRINTABLE), found here to name its line.
NON_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
MERGE_TAG = "tag:yaml.org,2002:merge"
LINE_BREAKING = re.compile("[\x00-\x1f\x7f\x85\u2028\u2029]")


def one_line(text: str) -> str:
    """`text` with control characters escaped: a value from a file cannot break the line."""
    return LINE_BREAKING.sub(lambda found: repr(found.group())[1:-1], text)


class RefusedYamlError(yaml.MarkedYAMLError):
    """Valid YAML that zwgk does not accept (an alias, a repeated key, deep nesting)."""

    def __init__(self, problem: str, mark: yaml.Mark):
        super().__init__(problem=problem, problem_mark=mark)


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text (pydantic validates them with a location), and
    refuses aliases, repeated keys and deep nesting before anything is expanded."""

    _depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise RefusedYamlError(
                f"YAML aliases are not allowed (*{event.anchor}): write the value out",
                event.start_mark,
            )
        if self._depth >= MAX_DEPTH:
            raise RefusedYamlError(f"nested more than {MAX_DEPTH} levels deep", event.start_mark)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            self._refuse_repeated_keys(node)
        return super().construct_mapping(node, deep=deep)

    def _refuse_repeated_keys(self, node: yaml.MappingNode) -> None:
        first: dict[Any, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == MERGE_TAG or not isinstance(key_node, yaml.ScalarNode):
                continue
            key = self.construct_object(key_node)
            line = key_node.start_mark.line + 1
            if key in first:
                raise RefusedYamlError(
                    f"duplicate key {key!r} (first on line {first[key]})", key_node.start_mark
                )
            first[key] = line


_Loader.yaml_implicit_resolvers = DATES_AS_TEXT


class SourceError(BadInputError):
    """A user-written file is wrong: names the file, the line (1-based) and the fault."""

    def __init__(self, path: str | Path, line: int | None, message: str):
        self.path = str(path)
        self.line = line
        self.message = one_line(message)
        where = f"{one_line(self.path)}:{line}" if line else one_line(self.path)
        super().__init__(f"{where}: {self.message}")


class YamlDocument:
    """The parsed data of one YAML file, and the line of every mapping key and list entry.

    The lines are found only when asked for (an error names one): the file is composed
    again then, as the pure-Python loader reads it, marks and all.
    """

    def __init__(self, path: str | Path, data: Any, lines: dict[Loc, int] | None = None,
                 text: str | None = None):  # fmt: skip
        self.path = Path(path)
        self.data = data
        self._lines = lines
        self._text = text

    @property
    def lines(self) -> dict[Loc, int]:
        if self._lines is None:
            self._lines = {}
            node = _compose(self._text) if self._text is not None else None
            if node is not None:
                _index_lines(node, (), self._lines)
        return self._lines

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
        message = first["msg"].removeprefix("Value error, ")
        if first["type"] == "extra_forbidden":
            message = "unknown key"
        return error_cls(self.path, self.line_of(loc), f"{field}: {message}")


def load_model(path: str | Path, model: type[M], shape: str, error_cls=SourceError):
    """A YAML mapping read and validated as `model`: (the document, for the lines of later
    checks; the model). `shape` says what the file must be when it is no mapping."""
    doc = load_yaml(path, error_cls)
    if not isinstance(doc.data, dict):
        raise error_cls(doc.path, 1, shape)
    try:
        return doc, model.model_validate(doc.data)
    except ValidationError as exc:
        raise doc.validation_error(exc, error_cls) from exc


def load_yaml(
    path: str | Path, error_cls=SourceError, max_bytes: int = MAX_BYTES, cache: bool = False
) -> YamlDocument:
    """Read a YAML file; every fault becomes `error_cls` with the line of the fault.

    With `cache`, a large file's data is kept (as JSON, in the user's cache folder, keyed by
    the file's content) and read from there while the file is unchanged: libyaml takes
    seconds over a province's config, JSON a tenth of one.
    """
    path = Path(path)
    raw = read_bytes(path, error_cls, max_bytes)
    text = decode_text(raw, path, error_cls)
    if not cache or len(raw) < CACHE_MIN_BYTES:
        return parse_yaml(text, path, error_cls)
    cached = ParsedCache(path, raw)
    data = cached.read()
    if data is not None:
        return YamlDocument(path, data, text=text)
    doc = parse_yaml(text, path, error_cls)
    cached.write(doc.data)
    return doc


def read_bytes(path: Path, error_cls=SourceError, max_bytes: int = MAX_BYTES) -> bytes:
    try:
        if path.is_dir():
            raise error_cls(path, None, "is a directory, not a file")
        size = path.stat().st_size
        if size > max_bytes:
            raise error_cls(path, None, f"file too large ({size} bytes; at most {max_bytes})")
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise error_cls(path, None, "no such file") from exc
    except OSError as exc:
        raise error_cls(path, None, f"cannot read file: {exc.strerror or exc}") from exc
    except ValueError as exc:  # a NUL in the name, written as "\0" in a YAML string
        raise error_cls(path, None, "not a valid file name") from exc


def decode_text(raw: bytes, path: Path, error_cls=SourceError) -> str:
    """The text of a UTF-8 file (BOM allowed); anything else is refused with its line."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise error_cls(path, 1, "file is UTF-16; the file must be UTF-8 text")
    body = raw.removeprefix(codecs.BOM_UTF8)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start + len(raw) - len(body)
        line = raw.count(b"\n", 0, offset) + 1
        message = f"byte {offset} (0x{raw[offset]:02x}) is not UTF-8: the file must be UTF-8 text"
        raise error_cls(path, line, message) from exc
    bad = NON_PRINTABLE.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - text.rfind("\n", 0, bad.start())
        what = (
            "a NUL byte" if bad.group() == "\0" else f"control character U+{ord(bad.group()):04X}"
        )
        raise error_cls(path, line, f"{what} at column {column}: the file must be UTF-8 text")
    return text


def parse_yaml(text: str, path: str | Path, error_cls=SourceError) -> YamlDocument:
    """libyaml's parser for a plain file; anything it finds unusual (a fault, an alias, a
    repeated key, deep nesting) is read again by the pure-Python loader, which says what
    and where."""
    if not text.strip():
        raise error_cls(path, None, "file is empty (no YAML data)")
    data = fast_data(text, MAX_DEPTH)
    if data is not UNUSUAL:
        return YamlDocument(path, data, text=text)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, path, error_cls) from exc
    except yaml.YAMLError as exc:
        raise error_cls(path, None, f"YAML syntax error: {exc}") from exc
    finally:
        loader.dispose()
    if node is None:
        raise error_cls(path, None, "file is empty (no YAML data)")
    lines: dict[Loc, int] = {}
    _index_lines(node, (), lines)
    return YamlDocument(path, data, lines)


def _compose(text: str) -> yaml.Node | None:
    """The file's nodes with their marks, as `_Loader` composes them (None if it cannot)."""
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()


def _syntax_error(exc: yaml.MarkedYAMLError, path: str | Path, error_cls) -> SourceError:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    if isinstance(exc, RefusedYamlError):
        return error_cls(path, line, exc.problem)
    problem = exc.problem or exc.context or "invalid YAML"
    if exc.context and exc.context_mark and exc.problem_mark:
        context_line = exc.context_mark.line + 1
        if exc.context.startswith("while "):
            problem += f" ({exc.context} started on line {context_line})"
        else:  # the composer's "expected a single document …, but found another document"
            problem = f"{exc.context} (line {context_line}), {problem}"
    return error_cls(path, line, f"YAML syntax error: {problem}")


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
