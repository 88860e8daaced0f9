"""Shared fixtures: the embedded example site and the reference corpus beside the project."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]
CORPUS_ROOT = PROJECT_ROOT.parent / "shared" / "corpus" / "brain-diet-2025-12"


@pytest.fixture(scope="session")
def corpus_root() -> Path:
    """The real 301-page knowledge base; CI sets BRAINDIET_REQUIRE_CORPUS=1 so absence fails."""
    root = Path(os.environ.get("BRAINDIET_CORPUS", CORPUS_ROOT))
    if not (root / "docs").is_dir():
        if os.environ.get("BRAINDIET_REQUIRE_CORPUS") == "1":
            pytest.fail(f"corpus required but not found at {root}")
        pytest.skip(f"corpus not found at {root}")
    return root
