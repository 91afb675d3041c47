"""HTML to PDF with WeasyPrint and its print CSS; Chinese fonts embedded.

WeasyPrint finds fonts through fontconfig and embeds the subset it uses. The official fonts
(方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312) are proprietary and absent on Linux servers, so
free fonts stand in for them: Noto Serif CJK SC and Noto Sans CJK SC — Debian package
fonts-noto-cjk. WeasyPrint itself needs Pango (Debian packages libpango-1.0-0,
libpangoft2-1.0-0, libharfbuzz-subset0).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from common.errors import ZwgkError

FONT_PACKAGE = "fonts-noto-cjk"
PANGO_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))
CJK_FONT_NAMES = ("*CJK*", "SourceHan*", "wqy*")


class RenderError(ZwgkError):
    """A document cannot be rendered on this machine (a font or library is missing)."""


def html_to_pdf(html: str, path: str | Path, base_url: str | None = None) -> Path:
    """Write `html` as PDF to `path` (atomically) and return the path."""
    find_cjk_font()
    html_class = load_weasyprint()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    html_class(string=html, base_url=base_url).write_pdf(str(tmp))
    tmp.replace(path)
    return path


def load_weasyprint():
    """WeasyPrint's HTML class; its import fails when the Pango libraries are missing."""
    try:
        from weasyprint import HTML
    except OSError as exc:
        raise RenderError(
            f"WeasyPrint cannot load Pango ({exc}); install {PANGO_PACKAGES}"
        ) from exc
    return HTML


def find_cjk_font() -> Path:
    """A font file with Chinese glyphs, as fontconfig (or, without fc-list, the font dirs) sees it."""
    found = fontconfig_cjk_fonts() if shutil.which("fc-list") else scanned_cjk_fonts()
    if not found:
        raise RenderError(
            f"no Chinese (CJK) font installed; install the Debian package {FONT_PACKAGE}"
        )
    return found[0]


def fontconfig_cjk_fonts() -> list[Path]:
    listing = subprocess.run(
        ["fc-list", ":lang=zh", "file"], capture_output=True, text=True, check=False
    ).stdout
    return sorted(Path(line.strip().rstrip(":")) for line in listing.splitlines() if line.strip())


def scanned_cjk_fonts() -> list[Path]:
    return sorted(
        font
        for folder in FONT_DIRS
        if folder.is_dir()
        for pattern in CJK_FONT_NAMES
        for font in folder.rglob(pattern)
    )
