"""Rendering many PDFs in one process keeps its memory flat (`zwgk serve` runs for months).

Measured by bench/render_memory.py on 50 renders of the test notice: with a FontConfiguration
per render the resident set grows ~35 MB a render until the garbage collector runs (growth from
render 10 to the peak: 374 MB, peak 978 MB); with the shared one 82 MB (peak 257 MB), the same
on CI. The bound, 200 MB, lies between the two with room on either side.

Run as a script (`python test_render_memory.py OUT_DIR N`), this module is the child process
that renders and prints its resident set size (MB) after each render, one per line.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from test_render_missing_font import notice_document

from reports.notice_pdf import write_notice_pdf

RENDERS = 50
WARM_UP = 10
MAX_GROWTH_MB = 200


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def render_many(out_dir: Path, count: int) -> None:
    document = notice_document()
    for _ in range(count):
        write_notice_pdf(document, out_dir / "notice.pdf")
        print(f"{rss_mb():.1f}", flush=True)


@pytest.mark.slow
def test_rss_stays_flat_over_repeated_notice_pdfs(tmp_path):
    done = subprocess.run(
        [sys.executable, __file__, str(tmp_path), str(RENDERS)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    rss = [float(line) for line in done.stdout.split()]
    assert len(rss) == RENDERS
    # The peak, not the last value: the garbage collector makes the leak a sawtooth.
    growth = max(rss[WARM_UP:]) - rss[WARM_UP - 1]
    assert growth < MAX_GROWTH_MB, f"RSS grew {growth:.0f} MB from render {WARM_UP} to {RENDERS}"
    assert (tmp_path / "notice.pdf").read_bytes().startswith(b"%PDF-")


if __name__ == "__main__":
    render_many(Path(sys.argv[1]), int(sys.argv[2]))
