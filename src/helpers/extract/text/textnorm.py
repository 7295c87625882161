"""Unicode normalisation and diacritic folding for Vietnamese text.

`fold` maps every character of an NFC string to exactly one character, so offsets
found in folded text are offsets in the original text.
"""

from __future__ import annotations

import re
import unicodedata

# Invisible format characters that web pages and word processors leave in text: the soft
# hyphen, zero-width spaces and joiners, direction marks and embeddings, the word joiner and
# a byte-order mark inside the text. They are dropped.
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
# Every other space character (no-break, thin, figure, ideographic ...) reads as a space; the
# Unicode line and paragraph separators as a line break.
_PLAIN_SPACING = str.maketrans(
    dict.fromkeys(
        "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
        "\u2009\u200a\u202f\u205f\u3000",
        " ",
    )
    | dict.fromkeys("\u2028\u2029", "\n")
)
# A run of spaces reads as one: spacing carries nothing in prose, and the extractor's windows
# are counted in characters.
_SPACE_RUN = re.compile(" {2,}")

_SPECIAL_BASES = {"đ": "d", "Đ": "d"}


def nfc(text: str) -> str:
    """Return `text` in Unicode NFC (composed) form."""
    return unicodedata.normalize("NFC", text)


def plain_spacing(text: str) -> str:
    """`text` without invisible format characters, with every space character a plain space
    (a line or paragraph separator a line break) and every run of spaces one space.

    >>> plain_spacing("4.307\u00a0 tỷ\u200b đồng")
    '4.307 tỷ đồng'
    """
    return _SPACE_RUN.sub(" ", _INVISIBLE.sub("", text).translate(_PLAIN_SPACING))


def _fold_char(char: str) -> str:
    if char in _SPECIAL_BASES:
        return _SPECIAL_BASES[char]
    bases = [c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)]
    folded = bases[0].lower() if len(bases) == 1 else char.lower()
    return folded if len(folded) == 1 else char


# Latin letters incl. Latin-1, Extended-A/B and Extended Additional (all Vietnamese letters).
_FOLD_RANGES = ((0x41, 0x5A), (0xC0, 0x24F), (0x1E00, 0x1EFF))
# Dashes of every width fold to `-`: outlets write `Công nghiệp – xây dựng` and
# `công nghiệp - xây dựng` alike, and the lexicons then need one spelling.
_DASHES = range(0x2010, 0x2016)  # ‐ ‑ ‒ – — ―
_FOLD_TABLE = {
    code: _fold_char(chr(code))
    for first, last in _FOLD_RANGES
    for code in range(first, last + 1)
    if _fold_char(chr(code)) != chr(code)
} | {code: "-" for code in _DASHES}
# `str.translate` looks every character of a non-ASCII text up in its table, and a miss
# costs a raised and cleared LookupError: a list over every code point up to the end of
# the General Punctuation block (dashes, curly quotes, `…`) makes nearly every look-up a
# hit, which halves the time of folding Vietnamese text. Later characters are misses and
# stay as they are, as with the dict.
_FOLD_LIST_END = 0x2070
_FOLD_LIST = [_FOLD_TABLE.get(code, chr(code)) for code in range(_FOLD_LIST_END)]


def fold(text: str) -> str:
    """Lower-case Latin letters and strip Vietnamese diacritics, one output char per input char.

    Combining marks (NFD text) are kept as they are, so fold NFC text.

    >>> fold("Hoàn Kiếm, Đống Đa")
    'hoan kiem, dong da'
    """
    return text.translate(_FOLD_LIST)


TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền, sắc, ngã, hỏi, nặng


def without_tones(text: str) -> str:
    """`text` with its tone marks taken off and its other marks kept, in NFC.

    >>> without_tones("Hoà Hồ")
    'Hoa Hô'
    """
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))


def tone_key(word: str) -> str:
    """A key for one lower-cased word that ignores where its tone mark is placed.

    Spellings that differ only in tone-mark placement (hòa/hoà, thủy/thuỷ) give the
    same key; words that differ in tone or vowel (đồng/đông) do not.

    >>> tone_key("Hoà") == tone_key("hòa")
    True
    """
    lowered = word.lower()
    tones = "".join(sorted(c for c in unicodedata.normalize("NFD", lowered) if c in TONE_MARKS))
    return without_tones(lowered) + tones
