"""Shared fixtures: the saved real pages of `../shared/corpus` (skipped when absent), and the
demo county served once for every test that crawls it."""

from __future__ import annotations

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
