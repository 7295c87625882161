"""Hanoi's 30 district-level units: lookup by name and mentions in text.

The list ships as package data (`data/hanoi_districts.csv`: province,type,name,slug).
Names are matched word by word: a word matches when it is the same word up to case and
tone-mark placement (`Hoà`/`Hòa`, see `textnorm.tone_key`) or when it is written with no
diacritics at all (`Dong Anh`). A word with *other* diacritics (`đồng anh`) does not match.

`resolve_district` takes any case; in running text (`find_mentions`) each word of a name
must start with a capital letter, since lower-case words are ordinary words there
(`tuổi thanh xuân` is "youth"). Type words (quận, huyện, thị xã) may be in any case.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from helpers.extract.run.records import Reduction, reduce_by_fields
from helpers.extract.text.phrases import phrase_table
from helpers.extract.text.textnorm import TONE_MARKS, fold, nfc, tone_key, without_tones

DISTRICTS_FILE = "hanoi_districts.csv"
DISTRICT_COLUMNS = ("province", "type", "name", "slug")
# The type words (`data/district_types.csv`): quận, huyện, thị xã.
TYPE_WORDS = tuple(
    row.pattern
    for row in phrase_table("helpers.extract.data", "district_types.csv").family("district_type")
)
_SEPARATORS = re.compile(r"[\s\-_]+")
_NOT_SLUG_CHARS = re.compile(r"[^a-z0-9]+")
_SUGGESTION_CUTOFF = 0.6  # difflib's default: a typo of one or two letters still suggests


@dataclass(frozen=True)
class District:
    """One district-level unit; `type` is quận, huyện or thị xã."""

    name: str
    type: str
    slug: str
    province: str

    def __reduce__(self) -> Reduction:
        return reduce_by_fields(self)


@dataclass(frozen=True)
class Mention:
    """A district named in a text: `text[start:end]`, including `type_word` when present."""

    start: int
    end: int
    district: District
    type_word: str | None


class UnknownDistrictError(ValueError):
    """A name that is not one of the districts; `.suggestion` is the closest valid name."""

    def __init__(self, text: str, suggestion: str | None, valid_names: tuple[str, ...]) -> None:
        hint = f" Did you mean {suggestion!r}?" if suggestion else ""
        super().__init__(f"unknown district {text!r}.{hint} Valid names: {', '.join(valid_names)}")
        self.text = text
        self.suggestion = suggestion


def slugify(name: str) -> str:
    """ASCII slug of a name: `Đống Đa` → `dong-da` (đ becomes d, marks are dropped)."""
    return _NOT_SLUG_CHARS.sub("-", fold(nfc(name))).strip("-")


@cache
def districts() -> tuple[District, ...]:
    """All districts in file order; raises ValueError if the data file is malformed."""
    data = resources.files("helpers.extract.data").joinpath(DISTRICTS_FILE)
    # Traversable.open takes no `newline`: decode the bytes as csv wants (newline="").
    with io.TextIOWrapper(data.open("rb"), encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != DISTRICT_COLUMNS:
            raise ValueError(
                f"{DISTRICTS_FILE}: columns {reader.fieldnames}, expected {DISTRICT_COLUMNS}"
            )
        rows = [{key: nfc(value.strip()) for key, value in row.items()} for row in reader]
    for row in rows:
        if row["type"] not in TYPE_WORDS or row["slug"] != slugify(row["name"]):
            raise ValueError(f"{DISTRICTS_FILE}: bad row {row}")
    return tuple(District(**row) for row in rows)


def _words_match(written: Sequence[str], canonical: Sequence[str]) -> bool:
    """True when every written word is the canonical word (see the module docstring)."""
    if len(written) != len(canonical):
        return False
    for word, expected in zip(written, canonical, strict=True):
        lowered = word.lower()
        if lowered != fold(lowered) and tone_key(lowered) != tone_key(expected):
            return False
    return True


@cache
def accepted_spellings(canonical_word: str) -> frozenset[str]:
    """Every lower-case spelling of a name's word that `_words_match` accepts: the word with
    no diacritics, or with its one tone mark on any letter that takes it as one character
    (`hoà`, `hòa`; and on a consonant, `điǹh`, which is not a Vietnamese letter).

    >>> sorted(accepted_spellings("Hòa"))
    ['hoa', 'hoà', 'hòa']
    """
    lowered = canonical_word.lower()
    tones = [c for c in unicodedata.normalize("NFD", lowered) if c in TONE_MARKS]
    if len(tones) > 1:
        raise ValueError(f"{canonical_word!r} has {len(tones)} tone marks; a word has one")
    bare = without_tones(lowered)
    spellings = {fold(lowered)} if tones else {fold(lowered), bare}
    for index, letter in enumerate(bare):
        for tone in tones:
            marked = nfc(letter + tone)
            if len(marked) == 1:
                spellings.add(bare[:index] + marked + bare[index + 1 :])
    return frozenset(spellings)


@cache
def name_characters() -> frozenset[str]:
    """Every character the mention patterns accept in some district's name (any case, any
    diacritics on the name's letters)."""
    bases = {letter for d in districts() for letter in fold(d.name) if letter != " "}
    return frozenset(c for base in bases for c in _FOLDS_TO[base])


@cache
def _canonical_words() -> dict[str, tuple[District, tuple[str, ...]]]:
    """Folded name (`tay ho`) → district and its lower-case words."""
    return {fold(d.name): (d, tuple(d.name.lower().split())) for d in districts()}


@cache
def _type_words_by_fold() -> dict[str, str]:
    """Folded type word (`thi xa`) → canonical type word (`thị xã`)."""
    return {fold(word): word for word in TYPE_WORDS}


def resolve_district(text: str) -> District:
    """The district that `text` names: any case, NFC or NFD, tone-mark placement, no
    diacritics, slug (`tay-ho`) and an optional type prefix (`quận Tây Hồ`). The prefix
    is not checked against the district's type (older texts say `thị xã Hà Đông`).

    Raises UnknownDistrictError (a ValueError) naming the input and the closest name;
    TypeError saying so for anything but a string (a notebook parameter given as a list).
    """
    if not isinstance(text, str):
        raise TypeError(f"district must be one name as text, got a {type(text).__name__}: {text!r}")
    words = _SEPARATORS.split(nfc(text).strip())
    words = [word for word in words if word]
    type_words = _type_words_by_fold()
    for size in (2, 1):
        prefix = words[:size]
        type_word = type_words.get(fold(" ".join(prefix)))
        if len(words) > size and type_word and _words_match(prefix, type_word.split()):
            words = words[size:]
            break
    candidate = _canonical_words().get(fold(" ".join(words)))
    if candidate is not None and _words_match(words, candidate[1]):
        return candidate[0]
    raise _unknown(text, " ".join(words))


def _unknown(text: str, name_part: str) -> UnknownDistrictError:
    names = tuple(d.name for d in districts())
    by_fold = {fold(name): name for name in names}
    close = difflib.get_close_matches(
        fold(name_part), list(by_fold), n=1, cutoff=_SUGGESTION_CUTOFF
    )
    return UnknownDistrictError(text, by_fold[close[0]] if close else None, names)


def _build_folds_to() -> dict[str, frozenset[str]]:
    """Folded ASCII letter → every Latin letter (any case, any marks) that folds to it."""
    folds_to: dict[str, set[str]] = {}
    for code in [*range(0x41, 0x250), *range(0x1E00, 0x1F00)]:
        char = chr(code)
        folded = fold(char)
        if folded.isascii() and folded.isalpha():
            folds_to.setdefault(folded, set()).add(char)
    return {base: frozenset(chars) for base, chars in folds_to.items()}


_FOLDS_TO = _build_folds_to()
_GAP = r"[^\S\n]+"
_LOOKBACK_CHARS = 16  # room for a type word and its spaces before a name (`thị  xã `)
_SPELLINGS_CACHED = 4096  # distinct spellings met in a run stay far below this


def _letters(base: str, *, capital: bool = False) -> str:
    """Regex class of the letters that fold to `base` (only capitals when `capital`)."""
    chars = sorted(c for c in _FOLDS_TO[base] if c.isupper() or not capital)
    return "[" + "".join(chars) + "]"


def _word_tail(word: str) -> str:
    return "".join(_letters(base) for base in fold(word))


def _words_pattern(phrase: str) -> str:
    """Regex for `phrase` with any diacritics and case, words separated by spaces."""
    return _GAP.join(_word_tail(word) for word in phrase.split())


def _pattern_after_first_letter(phrase: str) -> str:
    """`_words_pattern(phrase)` without its first letter's class."""
    first_word, *other_words = phrase.split()
    return _GAP.join([_word_tail(first_word[1:]), *map(_word_tail, other_words)])


@cache
def _mention_regex() -> re.Pattern[str]:
    """One regex for all names, each word capitalised (`Tây Hồ`, `TÂY HỒ`, `Tay Ho`).

    It starts with one character class (the capital first letters) and only then checks
    the word boundary and branches by first letter, so the regex engine can skip quickly
    over text that cannot start a name.
    """
    by_first_letter: dict[str, list[str]] = {}
    for district in sorted(districts(), key=lambda d: len(d.name), reverse=True):
        by_first_letter.setdefault(fold(district.name)[0], []).append(district.name)
    branches = []
    for first, names in by_first_letter.items():
        tails = []
        for name in names:
            first_word, *other_words = name.split()
            capitalised = [
                _letters(fold(w)[0], capital=True) + _word_tail(w[1:]) for w in other_words
            ]
            tails.append(_GAP.join([_word_tail(first_word[1:]), *capitalised]))
        branches.append(f"(?<={_letters(first, capital=True)})(?:{'|'.join(tails)})")
    capitals = "".join(
        sorted({c for first in by_first_letter for c in _FOLDS_TO[first] if c.isupper()})
    )
    return re.compile(rf"[{capitals}](?<!\w.)(?:{'|'.join(branches)})(?!\w)")


@cache
def _type_word_regex() -> re.Pattern[str]:
    """A type word (any case, any diacritics) right before the end of the searched window."""
    alternatives = "|".join(_words_pattern(word) for word in TYPE_WORDS)
    return re.compile(rf"(?<!\w)(?:{alternatives}){_GAP}\Z")


@cache
def _any_type_word_regex() -> re.Pattern[str]:
    """A type word (any case, any diacritics) anywhere, as a whole word."""
    alternatives = "|".join(_words_pattern(word) for word in TYPE_WORDS)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def names_a_district_in_context(text: str, mentions: list[Mention] | None = None) -> bool:
    """Whether NFC `text` speaks of a district by its type word alone (`kinh tế quận`,
    `toàn huyện`): a type word that starts no named mention (`mentions`: the text's
    `find_mentions`, when the caller has them), written with its diacritics (`quan tâm` is
    no `quận`) unless the text has none at all."""
    found_mentions = find_mentions(text) if mentions is None else mentions
    named = {m.start for m in found_mentions if m.type_word is not None}
    plain = text.isascii()
    return any(
        found.start() not in named
        and (
            found.group().lower() in TYPE_WORDS
            or (plain and _written_type_word(found.group()) is not None)
        )
        for found in _any_type_word_regex().finditer(text)
    )


@cache
def _typed_mention_regex() -> re.Pattern[str]:
    """A type word followed by a name in any case (`huyện ứng hoà`, `quan cau giay`).

    Like `_mention_regex`, it starts with one character class (the type words' first
    letters) and only then checks the word boundary and branches by first letter.
    """
    by_first_letter: dict[str, list[str]] = {}
    for word in TYPE_WORDS:
        by_first_letter.setdefault(fold(word)[0], []).append(word)
    branches = []
    for first, words in by_first_letter.items():
        tails = "|".join(_pattern_after_first_letter(word) for word in words)
        branches.append(f"(?<={_letters(first)})(?:{tails})")
    firsts = "".join(sorted(set().union(*(_FOLDS_TO[first] for first in by_first_letter))))
    names = "|".join(
        _words_pattern(d.name) for d in sorted(districts(), key=lambda d: -len(d.name))
    )
    return re.compile(
        rf"(?P<type>[{firsts}](?<!\w.)(?:{'|'.join(branches)})){_GAP}(?P<name>{names})(?!\w)"
    )


@lru_cache(maxsize=_SPELLINGS_CACHED)
def _written_district(phrase: str) -> District | None:
    """The district that a phrase found by the mention regex spells, if it spells one."""
    words = phrase.split()
    district, expected = _canonical_words()[fold(" ".join(words))]
    return district if _words_match(words, expected) else None


@lru_cache(maxsize=_SPELLINGS_CACHED)
def _written_type_word(phrase: str) -> str | None:
    """The canonical type word that a phrase found by the type-word regex spells, if any."""
    words = phrase.split()
    canonical = _type_words_by_fold()[fold(" ".join(words))]
    return canonical if _words_match(words, canonical.split()) else None


def mention_patterns() -> tuple[re.Pattern[str], ...]:
    """The patterns whose matches `find_mentions` checks: no match, no mention."""
    return (_mention_regex(), _typed_mention_regex())


def find_mentions(text: str) -> list[Mention]:
    """Every mention of a district in NFC `text`, with its preceding type word if any.

    Each word of the name must start with a capital letter (`tuổi thanh xuân`, youth, is
    not Thanh Xuân) unless a type word precedes it (`huyện ứng hoà`); the type word may be
    in any case. `Quận Tây Hồ` gives one mention
    starting at `Quận` with `type_word` `quận`; `hồ Tây` (the lake) and names with other
    diacritics (`Đồng Anh`) are not mentions.
    """
    mentions = []
    for match in _mention_regex().finditer(text):
        district = _written_district(match.group())
        if district is None:
            continue
        start, type_word = match.start(), None
        found = _type_word_regex().search(text, max(0, start - _LOOKBACK_CHARS), start)
        if found is not None:
            type_word = _written_type_word(found.group())
            if type_word is not None:
                start = found.start()
        mentions.append(Mention(start, match.end(), district, type_word))
    covered = {m.end for m in mentions}
    for match in _typed_mention_regex().finditer(text):
        if match.end() in covered:
            continue
        district = _written_district(match.group("name"))
        type_word = _written_type_word(match.group("type"))
        if district is not None and type_word is not None:
            mentions.append(Mention(match.start(), match.end(), district, type_word))
    return sorted(mentions, key=lambda m: m.start)
