"""Annual-report inspections kept between checks: a report page is parsed once.

Parsing a stored report page (BeautifulSoup, every table read) takes tens of milliseconds, and
a province lists thousands of reports; every check would parse them all again. An inspection
is a function of the page's content, the report year and the inspecting code, so its verdict
— what the `annual_report` rule reads of it: the title, the year the title names and the
problems — is kept by (content digest, year), under `INSPECTOR_VERSION` (a digest of the code
that inspects: a change to it makes every kept verdict stale).

The monitor loads the kept verdicts, evaluates `with keeping(kept):`, and stores what was
added (`KeptInspections.added`); without one, `inspect` simply inspects.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from rules.annual_report import AnnualReportInspection, Problem, inspect_annual_report

Key = tuple[str, int]  # (content digest, report year)
HERE = Path(__file__).parent


def _source_digest() -> str:
    files = sorted([HERE / "annual_report.py", *HERE.glob("report_*.py")])
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


INSPECTOR_VERSION = _source_digest()


def content_digest(content: str) -> str:
    return hashlib.sha256(content.encode("utf-8", "surrogatepass")).hexdigest()


def verdict(inspection: AnnualReportInspection) -> dict:
    """What is kept of an inspection (JSON)."""
    return {
        "title": inspection.title,
        "title_year": inspection.title_year,
        "problems": [[p.part, p.code, p.message] for p in inspection.problems],
    }


def from_verdict(kept: dict, year: int) -> AnnualReportInspection:
    """The inspection a verdict stands for: its title and problems (no tables, no prose)."""
    problems = [Problem(part, code, message) for part, code, message in kept["problems"]]
    return AnnualReportInspection(year, problems, kept["title"], kept["title_year"])


class KeptInspections:
    """Verdicts by (content digest, year): those loaded from the store, and those `added`
    since, to be stored."""

    def __init__(self, kept: dict[Key, dict] | None = None):
        self.kept = dict(kept or {})
        self.added: dict[Key, dict] = {}

    def inspect(self, content: str, year: int) -> AnnualReportInspection:
        key = (content_digest(content), year)
        if key not in self.kept:
            self.kept[key] = self.added[key] = verdict(inspect_annual_report(content, year))
            gc.collect(0)  # the parsed page is cycles (a tree): gone now, collector paused or not
        return from_verdict(self.kept[key], year)


_KEPT: ContextVar[KeptInspections | None] = ContextVar("kept_inspections", default=None)


@contextmanager
def keeping(kept: KeptInspections) -> Iterator[KeptInspections]:
    """Inspections within go through `kept`."""
    token = _KEPT.set(kept)
    try:
        yield kept
    finally:
        _KEPT.reset(token)


def inspect(content: str, year: int) -> AnnualReportInspection:
    """The page's inspection for `year`: from the kept verdicts when there are any."""
    kept = _KEPT.get()
    if kept is None:
        return from_verdict(verdict(inspect_annual_report(content, year)), year)
    return kept.inspect(content, year)
