"""Render reports as self-contained HTML (inline CSS, no external assets, autoescaped)."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote, urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape

from reports.labels import state_label, status_label, waiver_label
from reports.pdf import html_to_pdf
from reports.rendered import Rendered, atomic_path
from reports.weekly import WeeklyReport
from reports.xlsx import write_weekly_xlsx
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
    return env


def render_weekly_html(report: WeeklyReport, out_dir: Path) -> str:
    template = environment().get_template("weekly.html.j2")
    return template.render(report=report, file_href=lambda path: relative_href(path, out_dir))


def weekly_filename(report: WeeklyReport, suffix: str) -> str:
    return f"weekly-{report.as_of.isoformat()}.{suffix}"


def write_weekly_files(report: WeeklyReport, out_dir: Path) -> Rendered:
    """The weekly report as HTML, XLSX and PDF in `out_dir`. HTML and XLSX are always written;
    the PDF is skipped, with the reason, when this machine lacks a font or library for it."""
    out_dir = Path(out_dir)
    rendered = Rendered()
    rendered.attempt("html", lambda: write_weekly_html(report, out_dir))
    rendered.attempt("xlsx", lambda: write_weekly_xlsx(report, out_dir))
    rendered.attempt("pdf", lambda: write_weekly_pdf(report, out_dir))
    return rendered


def write_weekly_pdf(report: WeeklyReport, out_dir: Path) -> Path:
    """The weekly report as PDF (print layout of the same HTML), Chinese fonts embedded."""
    out_dir = Path(out_dir)
    html = render_weekly_html(report, out_dir)
    return html_to_pdf(html, out_dir / weekly_filename(report, "pdf"), base_url=str(out_dir))


def write_weekly_html(report: WeeklyReport, out_dir: Path) -> Path:
    out_dir = Path(out_dir)
    path = out_dir / weekly_filename(report, "html")
    with atomic_path(path) as tmp:
        tmp.write_text(render_weekly_html(report, out_dir), encoding="utf-8")
    return path
