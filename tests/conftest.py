"""Shared paths for the tests."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The project's seed corpus."""
    return ROOT / "seeds"
