"""Shared paths for the tests."""

import functools
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers.tables.corpus import CorpusTables, extract_corpus

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The project's seed corpus."""
    return ROOT / "seeds"


@pytest.fixture(scope="session")
def extracted() -> Callable[[Path], CorpusTables]:
    """`extract_corpus(folder)`, run once per folder in the session: tests that only read a
    corpus's tables share them (and must not modify them)."""
    once = functools.cache(extract_corpus)
    return lambda folder: once(folder.resolve())
