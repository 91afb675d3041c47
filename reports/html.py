"""Render reports as self-contained HTML (inline CSS, no external assets, autoescaped)."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote, urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape

from reports.labels import state_label, status_label, waiver_label
from reports.pdf import html_to_pdf
from reports.rendered import atomic_path
from reports.trend import trend_svg
from reports.weekly import WeeklyReport
from rules.base import severity_label


def safe_href(url: str | None) -> str | None:
    """Only http(s) links become clickable; anything else is shown as text."""
    if url and urlsplit(url).scheme in ("http", "https"):
        return url
    return None


def relative_href(path: str, base: Path) -> str:
    """A relative link from the report's folder to a file written beside it (notices)."""
    relative = os.path.relpath(Path(path).resolve(), Path(base).resolve())
    return quote(Path(relative).as_posix())


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("reports", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(safe_href=safe_href, status_label=status_label, state_label=state_label,
                       severity_label=severity_label, waiver_label=waiver_label)  # fmt: skip
    env.globals["trend_svg"] = trend_svg
    return env


def render_weekly_html(report: WeeklyReport, out_dir: Path) -> str:
    template = environment().get_template("weekly.html.j2")
    return template.render(report=report, file_href=lambda path: relative_href(path, out_dir))


def write_weekly_html(report: WeeklyReport, path: str | Path) -> Path:
    """The weekly report as one self-contained page at `path` (atomically); links to the
    notice files are relative to its folder."""
    path = Path(path)
    with atomic_path(path) as tmp:
        tmp.write_text(render_weekly_html(report, path.parent), encoding="utf-8")
    return path


def write_weekly_pdf(report: WeeklyReport, path: str | Path) -> Path:
    """The weekly report as PDF (print layout of the same HTML), Chinese fonts embedded."""
    path = Path(path)
    html = render_weekly_html(report, path.parent)
    return html_to_pdf(html, path, base_url=str(path.parent))
