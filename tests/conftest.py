"""Shared fixtures: the saved real pages of `../shared/corpus` (skipped when absent), and the
demo county served once for every test that crawls it."""

from __future__ import annotations

import fcntl
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

CORPUS = Path(__file__).parents[1].parent / "shared" / "corpus"
DEMO_DAY = date(2026, 11, 27)


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not (CORPUS / "pages").is_dir():
        pytest.skip(f"real-page corpus not found at {CORPUS}")
    return CORPUS


@pytest.fixture(scope="session")
def demo_server():
    """青溪县 on 127.0.0.1 (as of 2026-11-27, with its default faults), shared by the tests."""
    from demo.county import build_county
    from demo.server import DemoServer

    with DemoServer(build_county(DEMO_DAY)) as server:
        yield server


@pytest.fixture(scope="session")
def demo_folder(tmp_path_factory, worker_id) -> Path:
    """A folder after `zwgk demo --as-of 2026-11-27` (two crawls and one cycle), made once for
    the whole run: the first test-runner process to ask makes it, the others wait for it.

    Read it as it is, or continue it in a copy (`copy_demo_folder`): the next cycles of the
    same county start from here.
    """
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if worker_id != "master" else base  # the workers' common folder
    out = shared / "demo-shared" / "out"
    with open(shared / "demo-shared.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (out / "demo-stdout.txt").is_file():  # not made yet, or a failed attempt
            shutil.rmtree(out, ignore_errors=True)
            make_demo_folder(out)
    return out


def make_demo_folder(out: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "monitor.cli", "demo", "--out", str(out), "--as-of",
         DEMO_DAY.isoformat()], capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    (out / "demo-stdout.txt").write_text(done.stdout, encoding="utf-8")


@pytest.fixture
def copy_demo_folder(demo_folder, tmp_path) -> Path:
    """A copy of `demo_folder` of this test's own, to run further cycles in."""
    copy = tmp_path / "demo"
    shutil.copytree(demo_folder, copy, ignore=shutil.ignore_patterns("*.lock"))
    return copy
