"""A rectification notice as one self-contained HTML page (inline CSS, every value autoescaped).

The same page, with its print CSS (@page A4, GB/T 9704 margins), is what the PDF renderer lays out.
"""

from __future__ import annotations

from pathlib import Path

from reports import notice_text
from reports.html import environment
from reports.notice_model import NoticeDocument, chinese_date
from reports.rendered import atomic_path


def render_notice_html(doc: NoticeDocument) -> str:
    template = environment().get_template("notice.html.j2")
    return template.render(doc=doc, t=notice_text, chinese_date=chinese_date)


def write_notice_html(doc: NoticeDocument, path: str | Path) -> Path:
    """Write the page to `path` (atomically) and return the path."""
    with atomic_path(path) as tmp:
        tmp.write_text(render_notice_html(doc), encoding="utf-8")
    return Path(path)
