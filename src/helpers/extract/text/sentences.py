"""Split cleaned article text into paragraphs and sentences, keeping character offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from helpers.extract.lexicon import load_lexicon
from helpers.extract.text.textnorm import fold

# A sentence ends at . ! ? or … (with closing quotes/brackets) before a space and a
# capital letter, digit, quote or dash — or at the end of a line.
# It opens with one character class (then checks which mark it was), so that the regex
# engine skips quickly to the next mark instead of trying each alternative at every character.
_SENTENCE_END_RE = re.compile(
    r"[.!?…](?:(?<=…)|(?<=[.!?])[.!?]*)[”\"'»)\]]*(?=\s+[\"“'«(\[\-–—]?\s*[A-ZÀ-Ỹ0-9Đ])"
)
# A list item's marker: a dash or bullet, or a number or letter (`1.`, `2)`, `a)`).
LIST_NUMBER_RE = re.compile(r"(?:\d{1,2}|[a-zđ])[.)]")
_LEADING_DASH_RE = re.compile(rf"^(?:[\-–—•*+]|{LIST_NUMBER_RE.pattern})\s+")
_ABBREV_TAIL_RE = re.compile(r"(?:^|\s)([\w./]{1,5})\.$")
_INITIAL_RE = re.compile(r"(?:^|\s)[A-ZĐ]\.$")
# The longest text either pattern can match: a chunk's tail this long is all they need
# to see (searching the whole sentence would try them at every character).
_ABBREV_TAIL_CHARS = 7
_INITIAL_CHARS = 3


@dataclass(frozen=True)
class Sentence:
    """One sentence: its text and offsets in the cleaned article, and its paragraph number."""

    text: str
    start: int
    end: int
    paragraph: int


@cache
def _abbreviations() -> frozenset[str]:
    """Folded abbreviations after which a full stop does not end a sentence
    (`lexicons/abbreviations.csv`: `TP.`, `ThS.`, `đ/c`, `v.v`)."""
    phrases = load_lexicon().phrases("abbreviations", "no_sentence_end")
    return frozenset(phrase.replace(" ", "") for phrase in phrases)


def _ends_in_abbreviation(chunk: str) -> bool:
    if LIST_NUMBER_RE.fullmatch(chunk.strip()):
        return True  # `1. Tốc độ tăng trưởng ...`: a list number, not a sentence
    match = _ABBREV_TAIL_RE.search(chunk, max(0, len(chunk) - _ABBREV_TAIL_CHARS))
    if match and fold(match.group(1)) in _abbreviations():
        return True
    return bool(_INITIAL_RE.search(chunk, max(0, len(chunk) - _INITIAL_CHARS)))


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of `text`; each non-empty line is a paragraph. Leading list markers
    (dashes, bullets, `1.`, `a)`) are left out of a sentence, and an ellipsis stays with the
    sentence it ends."""
    sentences: list[Sentence] = []
    paragraph = -1
    line_start = 0
    for line in text.split("\n"):
        line_end = line_start + len(line)
        if line.strip():
            paragraph += 1
            cursor = line_start
            for match in _SENTENCE_END_RE.finditer(text, line_start, line_end):
                if _ends_in_abbreviation(text[cursor : match.end()]):
                    continue
                _append(sentences, text, cursor, match.end(), paragraph)
                cursor = match.end()
            _append(sentences, text, cursor, line_end, paragraph)
        line_start = line_end + 1
    return sentences


def _append(sentences: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    chunk = text[start:end]
    stripped = chunk.lstrip()
    start += len(chunk) - len(stripped)
    dash = _LEADING_DASH_RE.match(stripped)
    if dash:
        start += dash.end()
        stripped = stripped[dash.end() :]
    stripped = stripped.rstrip()
    if stripped:
        sentences.append(Sentence(stripped, start, start + len(stripped), paragraph))
