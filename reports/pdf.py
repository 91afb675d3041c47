"""HTML to PDF with WeasyPrint and its print CSS; Chinese fonts embedded.

WeasyPrint finds fonts through fontconfig and embeds the subset it uses. The official fonts
(方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312) are proprietary and absent on Linux servers, so
free fonts stand in for them: Noto Serif CJK SC and Noto Sans CJK SC — Debian package
fonts-noto-cjk. WeasyPrint itself needs Pango (Debian packages libpango-1.0-0,
libpangoft2-1.0-0, libharfbuzz-subset0). A missing font or library is a `RenderError`: the
writers skip that format with its reason (`Rendered.skipped`) and write the others.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from pathlib import Path

from reports.rendered import RenderError, atomic_path

FONT_PACKAGE = "fonts-noto-cjk"
PANGO_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))
CJK_FONT_NAMES = ("*CJK*", "SourceHan*", "wqy*")


def html_to_pdf(html: str, path: str | Path, base_url: str | None = None) -> Path:
    """Write `html` as PDF to `path` (atomically) and return the path."""
    find_cjk_font()
    html_class, font_config = weasyprint_parts()
    path = Path(path)
    with atomic_path(path) as tmp:
        html_class(string=html, base_url=base_url).write_pdf(str(tmp), font_config=font_config)
    return path


@functools.cache
def weasyprint_parts():
    """WeasyPrint's HTML class and one FontConfiguration shared by every render of the process.

    A FontConfiguration per render (WeasyPrint's default) loads the whole font set again, about
    35 MB with fonts-noto-cjk, freed only when the cyclic garbage collector gets to it. Created
    after `find_cjk_font` succeeded, so it sees the fonts. Importing WeasyPrint fails when the
    Pango libraries are missing (not cached: a later call tries again).
    """
    try:
        from weasyprint import HTML
        from weasyprint.text.fonts import FontConfiguration
    except OSError as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise RenderError(
            f"WeasyPrint cannot load Pango ({reason}); install the Debian packages {PANGO_PACKAGES}"
        ) from exc
    return HTML, FontConfiguration()


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
