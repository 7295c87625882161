"""A cheap test that an article may hold a district figure, before the full pipeline reads it.

A fact needs a district the article names (see `gazetteer.find_mentions`) and a figure. The
test runs the gazetteer's own mention patterns (the candidates it checks further, so the test
passes every article the extractor could attribute) and looks for a digit. Most of a general
news archive names no Hanoi district: those articles skip cleaning, metadata and labelling.
"""

from __future__ import annotations

import re

from helpers.extract.gazetteer import mention_patterns

_DIGIT = re.compile(r"\d")


def may_hold_facts(text: str) -> bool:
    """Whether NFC `text` names a district candidate and holds a digit (False means the
    extractor would find no fact in it)."""
    if _DIGIT.search(text) is None:
        return False
    return any(pattern.search(text) is not None for pattern in mention_patterns())
