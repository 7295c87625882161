"""Sentence tokens for the lexicon matcher: numbers, words and single punctuation marks."""

from __future__ import annotations

import re
from typing import NamedTuple

NUMBER = r"\d+(?:[.,]\d+)*"
WORD = r"[^\W\d_]+"
QUOTES = "“”\"'‘’«»"  # invisible to patterns: `danh hiệu “Gia đình văn hóa”` reads as words
# A word of plain letters (most of folded text) is tried first, by a range test per letter
# rather than a Unicode category test; it is the same token `WORD` would match.
_PLAIN_WORD = rf"[a-z]+(?!{WORD})"
_TOKEN = re.compile(rf"{_PLAIN_WORD}|{NUMBER}|{WORD}|[^\s{QUOTES}]")


class Token(NamedTuple):
    """One token; `text` is folded, offsets index the original sentence. (A named tuple:
    sentences make hundreds of thousands of tokens, and tuples are cheap to build.)"""

    text: str
    start: int
    end: int
    kind: str  # "word" | "num" | "punct"
    capitalised: bool  # the original (unfolded) first character is upper case


def tokenize(text: str, folded: str) -> list[Token]:
    """Tokens of `text` (NFC) read from `folded` (its `textnorm.fold`, same length).

    >>> [t.text for t in tokenize("Quý I/2024 tăng 9,8%", "quy i/2024 tang 9,8%")]
    ['quy', 'i', '/', '2024', 'tang', '9,8', '%']
    """
    if len(text) != len(folded):
        raise ValueError(f"text and folded text differ in length ({len(text)} != {len(folded)})")
    new = tuple.__new__  # skips the named tuple's Python-level constructor (same object)
    # The kind inline (as in `token_kind`, words tested first: most tokens are words): a
    # call per token would cost a fifth of the time.
    return [
        new(
            Token,
            (
                folded[s:e],
                s,
                e,
                "word" if folded[s].isalpha() else "num" if folded[s].isdecimal() else "punct",
                text[s].isupper(),
            ),
        )
        for match in _TOKEN.finditer(folded)
        for s, e in (match.span(),)
    ]


def token_kind(text: str) -> str:
    """The kind of a token's text: "num", "word" or "punct" (what the token pattern matched)."""
    first = text[0]
    if first.isdecimal():
        return "num"
    return "word" if first.isalpha() else "punct"
