"""Vietnamese alphabetical order: `Đ` after `D`, `Ư`/`Ứ` after `U`, a space before every
letter (`Hoàn Kiếm` before `Hoàng Mai`, `Phú Xuyên` before `Phúc Thọ`), tones after letters.

Sorting by code point puts `Đống Đa` and `Ứng Hòa` after `Thanh Xuân`. The key below
compares letters in the Vietnamese alphabet (a ă â b c d đ e ê g h i k l m n o ô ơ p q r
s t u ư v x y, other Latin letters in their place), then, between names equal letter by
letter, the tones (none, grave, hook, tilde, acute, dot below), then case.
"""

from __future__ import annotations

import unicodedata

# The alphabet as data: base letters with their vowel marks composed, in order.
VIETNAMESE_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
# A word ends before any letter follows: separators rank first (0), then the letters.
SEPARATORS = frozenset(" -")
LETTER_RANK = {letter: rank for rank, letter in enumerate(VIETNAMESE_ALPHABET, start=1)}
LETTER_RANK |= dict.fromkeys(SEPARATORS, 0)
# Combining tone marks, in the order dictionaries list them (no tone first).
TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Marks that make a letter of the alphabet (ă â ê ô ơ ư), kept with their base letter.
LETTER_MARKS = frozenset({"\u0306", "\u0302", "\u031b"})
NON_LETTER_RANK = len(VIETNAMESE_ALPHABET) + 1


def _letters_and_tones(text: str) -> list[tuple[str, int]]:
    """Each letter of `text` (lower case, vowel marks kept) with its tone rank."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    units: list[tuple[str, int]] = []
    for char in decomposed:
        if char in TONE_RANK and units:
            letter, _ = units[-1]
            units[-1] = (letter, TONE_RANK[char])
        elif char in LETTER_MARKS and units:
            letter, tone = units[-1]
            units[-1] = (unicodedata.normalize("NFC", letter + char), tone)
        elif unicodedata.combining(char):
            continue
        else:
            units.append((char, 0))
    return units


def collation_key(text: str) -> tuple:
    """A sort key putting Vietnamese names in alphabetical order (see module doc)."""
    units = _letters_and_tones(text)
    letters = tuple(
        (LETTER_RANK.get(letter, NON_LETTER_RANK), "" if letter in LETTER_RANK else letter)
        for letter, _ in units
    )
    tones = tuple(tone for _, tone in units)
    return (letters, tones, text)


def sorted_vietnamese(names: list[str]) -> list[str]:
    """`names` in Vietnamese alphabetical order."""
    return sorted(names, key=collation_key)


def collation_string(text: str) -> str:
    """The key as a fixed-width string, for sorting in a browser (`data-sort`): two digits
    per letter, a space (below every digit, so a prefix sorts first), then one per tone."""
    letters, tones, _ = collation_key(text)
    return "".join(f"{rank:02d}" for rank, _ in letters) + " " + "".join(map(str, tones))
