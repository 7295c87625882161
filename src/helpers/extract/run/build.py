"""Which build of the extractor runs: Python source, or compiled by mypyc (`make compiled`)."""

from __future__ import annotations

from importlib.machinery import EXTENSION_SUFFIXES

from helpers.extract import facts


def is_compiled() -> bool:
    """Whether the extraction rules run as a compiled extension module, not from source."""
    return facts.__file__.endswith(tuple(EXTENSION_SUFFIXES))
