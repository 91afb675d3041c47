"""Output formats as registries, like the rule kinds: a format is one class.

A `WeeklyFormat` writes the weekly report (周报), a `NoticeFormat` a rectification notice
(整改通知书). A subclass with a `name` (its file suffix) registers itself in `WEEKLY_FORMATS`
or `NOTICE_FORMATS`; the writers write every registered format, in the order the classes were
defined (the shipped ones in `reports.weekly_files` and `reports.notice_files`), each to
`<stem>.<name>`. A format that cannot be rendered on this machine raises `RenderError`: it is
skipped with the reason and the others are still written.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import ClassVar, Generic, TypeVar

from reports.notice_model import NoticeDocument
from reports.rendered import Rendered
from reports.weekly import WeeklyReport

Model = TypeVar("Model")


class Format(ABC, Generic[Model]):
    """One output format of a document: its file suffix and how to write it."""

    name: ClassVar[str]  # the file suffix, and the key of the format in its registry
    registry: ClassVar[dict[str, type[Format]]]  # set by each kind of document

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "name" in cls.__dict__:
            cls.registry[cls.name] = cls

    @abstractmethod
    def write(self, model: Model, path: Path) -> Path:
        """Write `model` to `path` (atomically) and return the path; `RenderError` when this
        machine lacks a font or library for the format."""


WEEKLY_FORMATS: dict[str, type[WeeklyFormat]] = {}
NOTICE_FORMATS: dict[str, type[NoticeFormat]] = {}


class WeeklyFormat(Format[WeeklyReport]):
    """A format of the weekly report; registered in `WEEKLY_FORMATS` by its `name`."""

    registry = WEEKLY_FORMATS


class NoticeFormat(Format[NoticeDocument]):
    """A format of the rectification notice; registered in `NOTICE_FORMATS` by its `name`."""

    registry = NOTICE_FORMATS


def write_formats(
    registry: dict[str, type[Format]],
    model: object,
    stem: Path,
    formats: Iterable[str] | None = None,
    document: str = "document",
) -> Rendered:
    """Write `model` as `<stem>.<name>` in each registered format (only `formats`, if given),
    in registry order; a format that raises `RenderError` is skipped with its reason."""
    wanted = set(registry if formats is None else formats)
    unknown = wanted - set(registry)
    if unknown:
        raise ValueError(f"unknown {document} formats: {sorted(unknown)}")
    rendered = Rendered()
    for name, fmt in list(registry.items()):
        if name in wanted:
            rendered.attempt(name, partial(fmt().write, model, Path(f"{stem}.{name}")))
    return rendered
