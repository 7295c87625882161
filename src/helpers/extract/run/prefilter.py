"""A cheap test that an article may hold a district figure, before the full pipeline reads it.

A fact needs a figure and a district the article names (see `gazetteer.find_mentions`). The
test looks for a digit, then scans the text once with a compiled multi-pattern matcher
(Hyperscan) for any spelling of a district's name that `find_mentions` could accept, and
only then runs the gazetteer's own mention patterns (the candidates it checks further). Each
step passes a superset of what the next one accepts, so the test passes every article the
extractor could attribute. Most of a general news archive names no Hanoi district: those
articles skip cleaning, metadata and labelling, and cost one scan of their bytes.
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Iterable
from functools import cache

import hyperscan

from helpers.extract.reference.gazetteer import (
    accepted_spellings,
    districts,
    mention_patterns,
    name_characters,
)
from helpers.extract.text.textnorm import TONE_MARKS, nfc

_DIGIT = re.compile(r"\d")
_VOWELS = "aăâeêioôơuưy"


def may_hold_facts(text: str) -> bool:
    """Whether NFC `text` names a district candidate and holds a digit (False means the
    extractor would find no fact in it)."""
    if _DIGIT.search(text) is None:
        return False
    if not _spells_a_district(text):
        return False
    return any(pattern.search(text) is not None for pattern in mention_patterns())


def _either(chars: Iterable[str]) -> str:
    """A byte-level alternation of the UTF-8 encodings of `chars`."""
    encoded = sorted({c.encode() for c in chars})
    return "(?:" + "|".join("".join(f"\\x{b:02x}" for b in e) for e in encoded) + ")"


@cache
def _vietnamese_letters() -> frozenset[str]:
    """Every letter of written Vietnamese, composed, in both cases (with f, j, w, z)."""
    marks = ("", *TONE_MARKS)
    lower = set("abcdđefghijklmnopqrstuvwxyz")
    lower |= {nfc(vowel + mark) for vowel in _VOWELS for mark in marks}
    return frozenset(lower | {c.upper() for c in lower})


def _district_spelling_patterns() -> list[bytes]:
    """Byte patterns (UTF-8, so the scan needs no decoding and no case folding): one per
    district, each word as the alternatives of its accepted spellings in any case, with a
    gap between words; and one for any character of a name that is not a Vietnamese letter
    (`Ḷ`, `ǹ`), so that a name written with one still passes."""
    # What separates a name's words in `find_mentions` (`[^\S\n]+`): white space but `\n`.
    gaps = (c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace() and c != "\n")
    gap = _either(gaps) + "+"
    patterns = []
    for district in districts():
        words = [
            "(?:"
            + "|".join(
                "".join(_either({c, c.upper()}) for c in spelling)
                for spelling in sorted(accepted_spellings(word))
            )
            + ")"
            for word in district.name.split()
        ]
        patterns.append(gap.join(words).encode())
    return [*patterns, _either(name_characters() - _vietnamese_letters()).encode()]


@cache
def _database() -> hyperscan.Database:
    patterns = _district_spelling_patterns()
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    database.compile(
        expressions=patterns,
        ids=list(range(len(patterns))),
        elements=len(patterns),
        flags=[hyperscan.HS_FLAG_SINGLEMATCH] * len(patterns),
    )
    return database


_per_thread = threading.local()  # a scan needs scratch space that no other thread uses


def _stop(*_match: object) -> bool:
    return True  # the first match answers the question: end the scan


def _spells_a_district(text: str) -> bool:
    """Whether `text` holds a spelling of some district's name that `find_mentions` could
    accept (case, tone placement, no diacritics, any gap but a line break)."""
    database = _database()
    scratch = getattr(_per_thread, "scratch", None)
    if scratch is None:
        scratch = _per_thread.scratch = hyperscan.Scratch(database)
    try:
        database.scan(
            text.encode("utf-8", "surrogatepass"), match_event_handler=_stop, scratch=scratch
        )
    except hyperscan.ScanTerminated:
        return True
    return False


def warm_up() -> None:
    """Compile the matcher now (before worker processes fork, so they share it)."""
    _database()
