"""Shared fixtures: the saved real pages of `../shared/corpus` (skipped when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

CORPUS = Path(__file__).parents[1].parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not (CORPUS / "pages").is_dir():
        pytest.skip(f"real-page corpus not found at {CORPUS}")
    return CORPUS
