"""Memory of a long-lived process that renders many notice PDFs (`zwgk serve` runs for months).

    .venv/bin/python bench/render_memory.py [--renders 50] [--warm-up 10]

Renders the test notice N times in a child process, twice in one run: with WeasyPrint's
default (a FontConfiguration per render, the baseline) and with zwgk's one shared font
configuration. Prints the resident set after the warm-up, its peak after it, and the growth
of each, and the shared run's growth as a ratio of the baseline's.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from reports import pdf  # noqa: E402


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def render_many(out_dir: Path, count: int, fresh_fonts: bool) -> None:
    """The child: render and print the resident set (MB) after each render."""
    from test_render_missing_font import notice_document

    from reports.notice_pdf import write_notice_pdf

    if fresh_fonts:
        shared = pdf.weasyprint_parts

        def per_render_parts():
            html_class, _ = shared()
            from weasyprint.text.fonts import FontConfiguration

            return html_class, FontConfiguration()

        pdf.weasyprint_parts = per_render_parts
    document = notice_document()
    for _ in range(count):
        write_notice_pdf(document, out_dir / "notice.pdf")
        print(f"{rss_mb():.1f}", flush=True)


def measure(renders: int, fresh_fonts: bool) -> list[float]:
    with tempfile.TemporaryDirectory() as out_dir:
        mode = ["--fresh-fonts"] if fresh_fonts else []
        done = subprocess.run(
            [sys.executable, __file__, "--child", out_dir, "--renders", str(renders), *mode],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
    return [float(line) for line in done.stdout.split()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=50)
    parser.add_argument("--warm-up", type=int, default=10)
    parser.add_argument("--child", metavar="OUT_DIR")
    parser.add_argument("--fresh-fonts", action="store_true")
    args = parser.parse_args()
    if args.child:
        render_many(Path(args.child), args.renders, args.fresh_fonts)
        return
    growth = {}
    for label, fresh in (("per-render fonts (baseline)", True), ("shared fonts (zwgk)", False)):
        rss = measure(args.renders, fresh)
        start, peak = rss[args.warm_up - 1], max(rss[args.warm_up :])
        growth[fresh] = peak - start
        print(f"{label:30} after render {args.warm_up}: {start:6.0f} MB  "
              f"peak after: {peak:6.0f} MB  growth: {peak - start:5.0f} MB")  # fmt: skip
    print(f"growth ratio shared/baseline: {growth[False] / max(growth[True], 1):.2f}")


if __name__ == "__main__":
    main()
