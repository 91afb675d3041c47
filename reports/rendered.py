"""What a writer produced or skipped, and how it writes: atomically, a format at a time.

A missing font or library is a `RenderError`: the writers skip that format with its reason
(`Rendered.skipped`) and write the others.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from common.errors import ZwgkError


class RenderError(ZwgkError):
    """A document cannot be rendered on this machine (a font or library is missing)."""


@dataclass
class Rendered:
    """What a writer wrote, {format: path}, and what it skipped, {format: one-line reason}."""

    files: dict[str, Path] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)

    def attempt(self, fmt: str, write: Callable[[], Path]) -> None:
        """Write one format; a `RenderError` skips it with its reason instead of raising."""
        try:
            self.files[fmt] = write()
        except RenderError as exc:
            self.skipped[fmt] = str(exc)


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A temporary path to write; renamed onto `path` when the block ends, removed if it fails,
    so that a crash or kill never leaves a partial file under the final name."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    try:
        yield tmp
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


@contextmanager
def atomic_folder(folder: str | Path) -> Iterator[Path]:
    """A fresh folder to fill; it replaces `folder` (and the old one is removed) when the block
    ends, or is removed if the block fails: a reader sees the old set of files or the new."""
    folder = Path(folder)
    fresh, old = folder.with_name(folder.name + ".tmp"), folder.with_name(folder.name + ".old")
    for leftover in (fresh, old):
        shutil.rmtree(leftover, ignore_errors=True)
    fresh.mkdir(parents=True)
    try:
        yield fresh
        if folder.exists():
            folder.rename(old)
        fresh.rename(folder)
    finally:
        for leftover in (fresh, old):
            shutil.rmtree(leftover, ignore_errors=True)
