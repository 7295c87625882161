"""Sentence tokens for the lexicon matcher: numbers, words and single punctuation marks."""

from __future__ import annotations

import re
from typing import NamedTuple

NUMBER = r"\d+(?:[.,]\d+)*"
WORD = r"[^\W\d_]+"
QUOTES = "“”\"'‘’«»"  # invisible to patterns: `danh hiệu “Gia đình văn hóa”` reads as words
_TOKEN = re.compile(rf"{NUMBER}|{WORD}|[^\s{QUOTES}]")


class Token(NamedTuple):
    """One token; `text` is folded, offsets index the original sentence. (A named tuple:
    sentences make hundreds of thousands of tokens, and tuples are cheap to build.)"""

    text: str
    start: int
    end: int
    kind: str  # "word" | "num" | "punct"
    capitalised: bool  # the original (unfolded) first character is upper case
    raw: str  # the original text, with its diacritics


def tokenize(text: str, folded: str) -> list[Token]:
    """Tokens of `text` (NFC) read from `folded` (its `textnorm.fold`, same length).

    >>> [t.text for t in tokenize("Quý I/2024 tăng 9,8%", "quy i/2024 tang 9,8%")]
    ['quy', 'i', '/', '2024', 'tang', '9,8', '%']
    """
    if len(text) != len(folded):
        raise ValueError(f"text and folded text differ in length ({len(text)} != {len(folded)})")
    new = tuple.__new__  # skips the named tuple's Python-level constructor (same object)
    spans = [match.span() for match in _TOKEN.finditer(folded)]
    # The kind inline (as in `token_kind`): a call per token would cost a fifth of the time.
    return [
        new(
            Token,
            (
                folded[s:e],
                s,
                e,
                "num" if folded[s].isdecimal() else "word" if folded[s].isalpha() else "punct",
                text[s].isupper(),
                text[s:e],
            ),
        )
        for s, e in spans
    ]


def token_kind(text: str) -> str:
    """The kind of a token's text: "num", "word" or "punct" (what the token pattern matched)."""
    first = text[0]
    if first.isdecimal():
        return "num"
    return "word" if first.isalpha() else "punct"
