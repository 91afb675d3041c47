"""Render reports as self-contained HTML (inline CSS, no external assets, autoescaped)."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote, urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape

from reports.weekly import WeeklyReport


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
    env.filters["safe_href"] = safe_href
    return env


def render_weekly_html(report: WeeklyReport, out_dir: Path) -> str:
    template = environment().get_template("weekly.html.j2")
    return template.render(report=report, file_href=lambda path: relative_href(path, out_dir))


def weekly_filename(report: WeeklyReport, suffix: str) -> str:
    return f"weekly-{report.as_of.isoformat()}.{suffix}"


def write_weekly_pdf(report: WeeklyReport, out_dir: Path) -> Path:
    """The weekly report as PDF (print layout of the same HTML), Chinese fonts embedded."""
    from reports.pdf import html_to_pdf

    out_dir = Path(out_dir)
    html = render_weekly_html(report, out_dir)
    return html_to_pdf(html, out_dir / weekly_filename(report, "pdf"), base_url=str(out_dir))


def write_weekly_html(report: WeeklyReport, out_dir: Path) -> Path:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / weekly_filename(report, "html")
    tmp = path.with_suffix(".html.tmp")
    tmp.write_text(render_weekly_html(report, out_dir), encoding="utf-8")
    tmp.replace(path)
    return path
