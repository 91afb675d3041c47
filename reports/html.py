"""Render reports as self-contained HTML (inline CSS, no external assets, autoescaped)."""

from __future__ import annotations

import functools
import os
from pathlib import Path
from urllib.parse import quote, urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape

from reports.agency_pages import agency_folder, agency_pages
from reports.labels import state_label, status_label, waiver_label
from reports.pdf import html_to_pdf
from reports.rendered import atomic_folder, atomic_path
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
    folder, name = os.path.split(path)
    return quote(f"{relative_folder(folder, str(base))}/{name}".removeprefix("./"))


@functools.lru_cache(maxsize=256)
def relative_folder(folder: str, base: str) -> str:
    """Cached: a report links thousands of files in a few folders."""
    return Path(os.path.relpath(Path(folder).resolve(), Path(base).resolve())).as_posix()


@functools.cache
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


def render(template_name: str, out_dir: Path, **context) -> str:
    """A page whose links to other files (notices) are relative to `out_dir`."""
    template = environment().get_template(template_name)
    return template.render(file_href=lambda path: relative_href(path, out_dir), **context)


def render_weekly_html(report: WeeklyReport, path: Path, printed: bool = False) -> str:
    """The whole report for `path`; split (see `WeeklyReport.split`): its summary, linking to
    the agencies' pages in `agency_folder(path)`, or, `printed`, only what a summary PDF shows."""
    if not report.split:
        return render("weekly.html.j2", path.parent, report=report,
                      anchor_href=lambda agency: f"#{agency.id}")  # fmt: skip
    folder = agency_folder(path).name
    return render("weekly_summary.html.j2", path.parent, report=report, printed=printed,
                  agency_folder=folder,
                  agency_href=lambda agency: quote(f"{folder}/{agency.id}.html"))  # fmt: skip


def write_page(path: Path, html: str) -> Path:
    with atomic_path(path) as tmp:
        tmp.write_text(html, encoding="utf-8")
    return path


def write_weekly_html(report: WeeklyReport, path: str | Path) -> Path:
    """The weekly report as one self-contained page at `path` (atomically); links to the
    notice files are relative to its folder. Split: the summary there, and a page per agency
    in `agency_folder(path)`."""
    path = Path(path)
    if report.split:
        write_agency_pages(report, agency_folder(path), path.name)
    return write_page(path, render_weekly_html(report, path))


def write_agency_pages(report: WeeklyReport, folder: Path, summary_name: str) -> None:
    """A page per agency in `folder`, which is replaced as a whole."""
    with atomic_folder(folder) as fresh:
        for page in agency_pages(report):
            html = render("weekly_agency.html.j2", folder, report=report, page=page,
                          summary_href=quote(f"../{summary_name}"))  # fmt: skip
            (fresh / f"{page.agency.id}.html").write_text(html, encoding="utf-8")


def write_weekly_pdf(report: WeeklyReport, path: str | Path) -> Path:
    """The weekly report as PDF (print layout of the same HTML), Chinese fonts embedded;
    split: of its summary."""
    path = Path(path)
    html = render_weekly_html(report, path, printed=True)
    return html_to_pdf(html, path, base_url=str(path.parent))
