"""Vietnamese numbers and the figures (quantities) written in news text.

`parse_vn_number` reads one number written the Vietnamese way; `scan_quantities` finds
every figure in a text and says what kind it is (percentage, money, X/Y, rank, count).

Decisions on grey cases made by `scan_quantities` (each one is a unit-tested rule):

- A number glued to letters or joined by `-`, `/`, `.`, `_` or `+` to a word (`5G`, `A1`,
  `Covid-19`, `GMT+7`, `24-CT/TU`, `123/QĐ-UBND`, `30km`, `500.000đ`, file names, URLs) is
  part of a code or a word and is not a figure. A `.` joins a number to what follows only before
  a digit or a lower-case letter (`2023.jpg`), so a missing space after a full stop before
  a capital (`đạt 95%.Năm`, `năm 2022.Tổng`) does not glue a number to the next sentence.
- A number that is not well formed (`1.2.3`, `024.3825.3565`) is not a figure.
- Digit groups joined by `-` (`2021-2025`, `31-12-2022`, `5-7`) are year spans, dates or
  ranges, never figures; so are `:` groups (`20:53`, `1:500`) and three-part dates
  (`23/01/2025`, `5.6.2023`).
- `X/Y` (whole numbers) is `count_of_total` unless it is a date or a document number:
  preceded by a date word (ngày, hôm, sáng, trưa, chiều, tối, đêm, tháng, quý) or a name word
  (below), `X > Y`, `Y` is zero, or `Y` is written like a year, 1900-2100
  (`helpers.years`) without a thousands dot (`6/2023`, `Luật số 47/2019`, `150/2000`;
  `150/2.000` is a count).
  `thứ X/Y` and `hạng X/Y` are `rank_of_total` (starting at the word); a bare ordinal
  (`thứ 4`, `lần thứ 4`) is not a figure.
- A bare four-digit number 1900-2100 without a thousands dot is a year and not a figure,
  unless a unit makes it an amount (`2000%`, `2020 tỷ đồng`).
- A plain number right after a date word (`ngày 14`, `tháng 6`) is part of a date; right
  after a word that names a document or a numbered thing (`Nghị định 168`, `số 15`,
  `khóa 26`, `Trung ương 4`, `Vành đai 4`) it is a name, not a figure (`tổng số` and `con số` still
  introduce figures).
- Phone numbers (`0243 825 3565`, `(024) 3825 3565`, `+84 912 345 678`) and numbers with a
  leading zero longer than three digits (`0912345678`) are not figures; short zero-padded
  counts (`05 chỉ tiêu`) are counts. `4.0` (as in `công nghiệp 4.0`) is a name.
- Money per a unit (`750 triệu đồng/ha`, `70 triệu đồng/người/năm`) is a rate: unit
  `other`, the figure running through `/ha`.
- Money: `tỷ`/`tỉ` without a currency is đồng (`vnd_bn`); `đồng`, `VNĐ`, `VND`, `đ` after
  a number are đồng (`500.000 đồng` → 0.0005) unless `đồng` starts another word
  (`5 đồng chí`); `5 tỷ 300 triệu đồng` → 5.3. Another currency (`USD`, `đô la`, `euro`,
  ...) gives unit `other` with the absolute amount in that currency (`2 triệu USD` → 2e6).
  `triệu`/`nghìn`/`ngàn`/`vạn` without a currency scale a count (`1,2 triệu lượt` →
  1,200,000; `3 vạn lượt` → 30,000).
- A number followed by a measuring unit (area, length, mass, volume, energy, time spans
  such as `6 tháng`/`5 năm`, age `75 tuổi`, `3 lần`, `2 điểm`, `độ`) has unit `other` and
  its value as written; the unit word is part of the figure.
- Values are never negative: `giảm 5%` is the figure `5%`; the sign is the reader's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from helpers.extract.text.phrases import phrase_table
from helpers.years import MAX_YEAR, MIN_YEAR

# --- parse_vn_number ---------------------------------------------------------------

_GROUPED_NUMBER = re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+(?:,[0-9]+)?")
_COMMA_DECIMAL = re.compile(r"[0-9]+(?:,[0-9]+)?")
_DOT_DECIMAL = re.compile(r"0\.[0-9]+|[0-9]+\.(?![0-9]{3}\Z)[0-9]+")


def _number_literal(text: str) -> str:
    """`text` as a Python/Decimal literal (`5.330,9` → `5330.9`); ValueError if malformed."""
    candidate = text.strip()
    if candidate.isascii() and candidate.isdigit():
        return candidate
    if _GROUPED_NUMBER.fullmatch(candidate):
        return candidate.replace(".", "").replace(",", ".")
    if _COMMA_DECIMAL.fullmatch(candidate):
        return candidate.replace(",", ".")
    if _DOT_DECIMAL.fullmatch(candidate):
        return candidate
    raise ValueError(
        f"not a Vietnamese number: {text!r} (expected e.g. '1.050', '9,8', '5.330,9' or '9.8')"
    )


def parse_vn_number(text: str) -> float:
    """Parse a Vietnamese-formatted number: `.` groups thousands, `,` is the decimal mark.

    `1.050` → 1050, `9,8` → 9.8, `5.330,9` → 5330.9. A single dot that is not followed by
    exactly three digits, or that follows a leading `0`, is an English decimal point
    (`9.8` → 9.8, `0.500` → 0.5). Surrounding whitespace is ignored; anything else that is
    not such a number (signs, `1.2.3`, `1,234.5`, `12.34.567`) raises ValueError.

    >>> parse_vn_number("5.330,9")
    5330.9
    """
    return float(_number_literal(text))


# --- scan_quantities ---------------------------------------------------------------

UNIT_PCT = "pct"
UNIT_VND_BN = "vnd_bn"
UNIT_COUNT = "count"
UNIT_COUNT_OF_TOTAL = "count_of_total"
UNIT_RANK_OF_TOTAL = "rank_of_total"
UNIT_OTHER = "other"
_AMOUNT_UNITS = frozenset({UNIT_PCT, UNIT_VND_BN})


@dataclass(frozen=True)
class Quantity:
    """One figure found in a text: `text[start:end]` is the figure with its unit words."""

    start: int
    end: int
    value: float
    total: float | None
    unit: str
    text: str


_ONE_BILLION = Decimal(10) ** 9
_THOUSAND_BILLION = Decimal(10) ** 12
_MILLION = Decimal(10) ** 6
_YEAR_RANGE = range(MIN_YEAR, MAX_YEAR + 1)
_YEAR_DIGITS = 4
_MAX_ZERO_PADDED_DIGITS = 3  # `05 chỉ tiêu` is a count; `0912345678` is a phone number

_SP = r"[^\S\n]"  # whitespace other than a line break
_NUM = r"[0-9]+(?:[.,][0-9]+)*"
_LOWER_LETTERS = "".join(
    chr(code) for code in [*range(0x61, 0x250), *range(0x1E00, 0x1F00)] if chr(code).islower()
)

# A run of digits, letters and in-word connectors that starts with a digit and is not
# itself the tail of a word (`Covid-19`, `A1`, `vn-medias-1`). The lookbehinds come after
# the first digit so that the regex engine can skip quickly to the next digit.
_CANDIDATE = re.compile(
    rf"""[0-9](?<!\w[0-9])(?<!\w[-/._+][0-9])
    \w*(?:(?:[-/_]|(?<=[0-9])[.,:](?=[0-9])|\.(?=[{_LOWER_LETTERS}]))\w+)*""",
    re.VERBOSE,
)
_PHONE_LEAD_CHARS = "+("
_PHONE = re.compile(
    r"""(?:\+84[ .\-]?[0-9]{2,3}|\(?0[0-9]{1,3}\)?)
    (?:[ .\-]?[0-9]{3,4}){2}(?![\w%])(?![.,/][0-9])""",
    re.VERBOSE,
)
_PLAIN = re.compile(_NUM)
_RATIO = re.compile(rf"(?P<x>{_NUM})/(?P<y>{_NUM})")
_VERSION_LABEL = re.compile(r"[0-9]+\.0")

# The unit words (`figures/data/units.csv`), read on NFC text in any case; a space in a
# row stands for a run of spaces within the line.
_UNITS = phrase_table("helpers.extract.figures.data", "units.csv", flags=re.IGNORECASE)
_SPACES = _SP + "+"


def _words(family: str) -> str:
    """The rows of `family` as one regex alternation."""
    return _UNITS.alternation(family, space=_SPACES)


def _factors(*families: str) -> dict[str, Decimal]:
    """Scale word (lower case) → its factor, over the rows of `families` (a row's pattern
    may list several words: `nghin|ngan`)."""
    return {
        word.lower(): Decimal(value)
        for family in families
        for pattern, value in _UNITS.values(family).items()
        for word in pattern.split("|")
    }


_SCALE_WORDS = _factors("thousand", "ten_thousand", "million", "billion")
_BILLION_WORDS = frozenset(_factors("billion"))
# `trđ` is `triệu đồng` abbreviated (`696 tỷ 135 trđ`, `28 trđ/người/năm`): money by itself.
_DONG_SCALES = _factors("million_dong")
# Scale words as outlets that drop diacritics write them (`2.046 ty dong`): money only with
# `dong` after them, since `ty` or `trieu` alone could be another word.
_ASCII_SCALES = _factors("ascii_thousand", "ascii_million", "ascii_billion")
_THOUSANDS = _words("thousand")
_BILLIONS = _words("billion")
_MILLIONS = f"{_words('million')}|{_words('million_dong')}"
_ASCII_THOUSANDS = _words("ascii_thousand")
_ASCII_DONG = _words("ascii_dong")
# After a scale word `đồng` is always the currency (`966 tỷ đồng bằng 415%`); right after a
# number it may start another word (`5 đồng chí`).
_VND_AFTER_SCALE = rf"(?:{_words('dong')})(?!\w)|{_words('vnd_code')}"
_VND = (
    rf"(?:{_words('dong')})(?!\w)(?!{_SPACES}(?:{_words('dong_compound')})(?!\w))"
    rf"|{_words('vnd_code')}"
)
_OTHER_CURRENCY = _words("other_currency")
_MEASURE_UNITS = _words("measure_unit")
# What may follow a number: a percent sign, a money amount, or a measuring unit.
_SUFFIX = re.compile(
    rf"""
    {_SP}*(?P<pct>%)
    |{_SP}+(?P<pct_words>{_words("pct_words")})(?!\w)
    |{_SP}+(?:
        (?P<thousand_bn>(?:{_THOUSANDS}){_SP}+(?:{_BILLIONS}))
        |(?P<bn_mn>{_BILLIONS}){_SP}+(?P<millions>[0-9]{{1,3}}(?:,[0-9]+)?){_SP}+(?:{_MILLIONS})
        |(?P<ascii_thousand_bn>(?:{_ASCII_THOUSANDS}){_SP}+(?:{_words("ascii_billion")}))
            {_SP}+(?:{_ASCII_DONG})
        |(?P<ascii_bn_mn>{_words("ascii_billion")}){_SP}+(?P<ascii_millions>[0-9]{{1,3}}(?:,[0-9]+)?)
            {_SP}+(?:(?:{_words("ascii_million")}){_SP}+(?:{_ASCII_DONG})|{_words("ascii_million_dong")})
        |(?P<ascii_bn_bare>{_words("ascii_billion")})(?={_SP}*(?:[,.;)]|/{_SP}*[0-9]|\Z))
        |(?P<ascii_scale>{_words("ascii_billion")}|{_words("ascii_million")}|{_ASCII_THOUSANDS})
            {_SP}+(?:{_ASCII_DONG})
        |(?P<scale>{_BILLIONS}|{_MILLIONS}|{_THOUSANDS}|{_words("ten_thousand")})
      )(?!\w)
      (?:{_SP}*(?P<scaled_vnd>{_VND_AFTER_SCALE})|{_SP}*(?P<scaled_other>{_OTHER_CURRENCY}))?
    |{_SP}*(?P<vnd>{_VND})
    |{_SP}*(?P<other_currency>{_OTHER_CURRENCY})
    |{_SP}+(?P<measure>{_MEASURE_UNITS})(?!\w)
    """,
    re.VERBOSE | re.IGNORECASE,
)

# Money per something (`750 triệu đồng/ha`, `70 triệu đồng/người/năm`) is a rate.
_PER_UNIT = re.compile(rf"{_SP}*/{_SP}*(?:{_UNITS.alternation('per_unit')})(?!\w)", re.IGNORECASE)
_LOOKBACK_CHARS = 24  # the longest word before a number that the patterns below look for
_RANK_WORD_BEFORE = re.compile(rf"(?<!\w)(?:{_words('rank_word')}){_SP}+\Z", re.IGNORECASE)
# `số` introduces a figure after a total word (`tổng số`, `con số`), a name elsewhere.
_NOT_AFTER_TOTAL = "".join(f"(?<!{word}{_SP})" for word in _words("total_word").split("|"))
# A plain number after one of these words is part of a date or the name of something.
_DATE_OR_NAME_WORD_BEFORE = re.compile(
    rf"""(?<!\w)(?:
        {_words("date_word")}
        |{_words("name_word")}
        |{_NOT_AFTER_TOTAL}(?:{_words("number_word")})
    ){_SP}+\Z""",
    re.IGNORECASE | re.VERBOSE,
)


def _preceded_by(pattern: re.Pattern[str], text: str, start: int) -> re.Match[str] | None:
    return pattern.search(text, max(0, start - _LOOKBACK_CHARS), start)


def _amount(suffix: re.Match[str], literal: str) -> tuple[float, str]:
    """Value and unit of the number `literal` followed by the unit words in `suffix`."""
    if suffix["pct"] or suffix["pct_words"]:
        return float(literal), UNIT_PCT
    if suffix["vnd"]:
        return float(Decimal(literal) / _ONE_BILLION), UNIT_VND_BN
    if suffix["other_currency"] or suffix["measure"]:
        return float(literal), UNIT_OTHER
    number = Decimal(literal)
    scale_word = (suffix["scale"] or "").lower()
    if suffix["ascii_bn_mn"]:  # `38.242 ty 382 trieu dong`
        millions = Decimal(_number_literal(suffix["ascii_millions"])) * _MILLION
        return float((number * _ONE_BILLION + millions) / _ONE_BILLION), UNIT_VND_BN
    if suffix["ascii_bn_bare"]:  # `1.050 ty,` or `4.307 ty/8.386 ty dong`: `ty` ending a phrase
        return float(number), UNIT_VND_BN
    if suffix["ascii_scale"] or suffix["ascii_thousand_bn"]:
        factor = (
            _THOUSAND_BILLION
            if suffix["ascii_thousand_bn"]
            else _ASCII_SCALES[suffix["ascii_scale"].lower()]
        )
        return float(number * factor / _ONE_BILLION), UNIT_VND_BN  # `dong` follows
    if scale_word in _DONG_SCALES:
        return float(number * _DONG_SCALES[scale_word] / _ONE_BILLION), UNIT_VND_BN
    if suffix["thousand_bn"]:
        amount = number * _THOUSAND_BILLION
    elif suffix["bn_mn"]:
        amount = number * _ONE_BILLION + Decimal(_number_literal(suffix["millions"])) * _MILLION
    else:
        amount = number * _SCALE_WORDS[scale_word]
    if suffix["scaled_other"]:
        return float(amount), UNIT_OTHER
    if suffix["scaled_vnd"] or not scale_word or scale_word in _BILLION_WORDS:
        return float(amount / _ONE_BILLION), UNIT_VND_BN
    return float(amount), UNIT_COUNT


def _is_code_or_year(atom: str) -> bool:
    """A bare year, a `4.0`-style label, or a zero-led digit string too long to be a count."""
    if atom.isdigit():
        if len(atom) == _YEAR_DIGITS:
            return int(atom) in _YEAR_RANGE
        return atom[0] == "0" and len(atom) > _MAX_ZERO_PADDED_DIGITS
    return _VERSION_LABEL.fullmatch(atom) is not None


def _plain_quantity(text: str, start: int, atom: str) -> Quantity | None:
    try:
        literal = _number_literal(atom)
    except ValueError:
        return None
    end = start + len(atom)
    suffix = _SUFFIX.match(text, end)
    if suffix is None:
        value, unit = float(literal), UNIT_COUNT
        if _is_code_or_year(atom):
            return None
    else:
        value, unit = _amount(suffix, literal)
        end = suffix.end()
        per_unit = _PER_UNIT.match(text, end) if unit == UNIT_VND_BN else None
        if per_unit is not None:  # `750 triệu đồng/ha`: a rate, not an amount
            unit, end = UNIT_OTHER, per_unit.end()
    if unit not in _AMOUNT_UNITS and _preceded_by(_DATE_OR_NAME_WORD_BEFORE, text, start):
        return None
    return Quantity(start, end, value, None, unit, text[start:end])


def _ratio_quantity(text: str, start: int, ratio: re.Match[str]) -> Quantity | None:
    try:
        part = float(_number_literal(ratio["x"]))
        whole = float(_number_literal(ratio["y"]))
    except ValueError:
        return None
    if not part.is_integer() or not whole.is_integer() or whole == 0:
        return None
    end = start + ratio.end()
    rank_word = _preceded_by(_RANK_WORD_BEFORE, text, start)
    if rank_word is not None:
        if part > whole or part == 0:
            return None
        first = rank_word.start()
        return Quantity(first, end, part, whole, UNIT_RANK_OF_TOTAL, text[first:end])
    over_a_year = ratio["y"].isdigit() and int(ratio["y"]) in _YEAR_RANGE
    if part > whole or over_a_year or _preceded_by(_DATE_OR_NAME_WORD_BEFORE, text, start):
        return None
    return Quantity(start, end, part, whole, UNIT_COUNT_OF_TOTAL, text[start:end])


def _phone_at(text: str, start: int) -> re.Match[str] | None:
    """The phone number that the digits at `start` begin (or continue after `+`/`(`)."""
    if start > 0 and text[start - 1] in _PHONE_LEAD_CHARS:
        start -= 1
    elif text[start] != "0":
        return None
    if start > 0 and (text[start - 1].isalnum() or text[start - 1] in ".,/"):
        return None
    return _PHONE.match(text, start)


def scan_quantities(text: str) -> list[Quantity]:
    """Every figure in NFC `text`, in order and non-overlapping (see the module docstring).

    >>> [(q.value, q.unit) for q in scan_quantities("tăng 9,8%, đạt 1.050 tỷ đồng, 21/21")]
    [(9.8, 'pct'), (1050.0, 'vnd_bn'), (21.0, 'count_of_total')]
    """
    quantities: list[Quantity] = []
    covered_until = 0
    for candidate in _CANDIDATE.finditer(text):
        start = candidate.start()
        if start < covered_until:
            continue
        phone = _phone_at(text, start)
        if phone is not None:
            covered_until = phone.end()
            continue
        atom = candidate.group()
        if _PLAIN.fullmatch(atom):
            quantity = _plain_quantity(text, start, atom)
        else:
            ratio = _RATIO.fullmatch(atom)
            quantity = _ratio_quantity(text, start, ratio) if ratio else None
        if quantity is not None:
            quantities.append(quantity)
            covered_until = quantity.end
    return quantities
