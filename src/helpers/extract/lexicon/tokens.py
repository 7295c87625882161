"""Sentence tokens for the lexicon matcher: numbers, words and single punctuation marks."""

from __future__ import annotations

import re
from dataclasses import dataclass

NUMBER = r"\d+(?:[.,]\d+)*"
WORD = r"[^\W\d_]+"
QUOTES = "“”\"'‘’«»"  # invisible to patterns: `danh hiệu “Gia đình văn hóa”` reads as words
_TOKEN = re.compile(rf"(?P<num>{NUMBER})|(?P<word>{WORD})|(?P<punct>[^\s{QUOTES}])")


@dataclass(frozen=True, slots=True)
class Token:
    """One token; `text` is folded, offsets index the original sentence."""

    text: str
    start: int
    end: int
    kind: str  # "word" | "num" | "punct"
    capitalised: bool  # the original (unfolded) first character is upper case
    raw: str  # the original text, lower case, with its diacritics


def tokenize(text: str, folded: str) -> list[Token]:
    """Tokens of `text` (NFC) read from `folded` (its `textnorm.fold`, same length).

    >>> [t.text for t in tokenize("Quý I/2024 tăng 9,8%", "quy i/2024 tang 9,8%")]
    ['quy', 'i', '/', '2024', 'tang', '9,8', '%']
    """
    if len(text) != len(folded):
        raise ValueError(f"text and folded text differ in length ({len(text)} != {len(folded)})")
    return [
        Token(
            text=match.group(),
            start=match.start(),
            end=match.end(),
            kind=str(match.lastgroup),
            capitalised=text[match.start()].isupper(),
            raw=text[match.start() : match.end()].lower(),
        )
        for match in _TOKEN.finditer(folded)
    ]
