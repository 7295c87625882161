"""What the brief says in each language: UI strings, indicator labels and value formats.

Everything language-specific is data: the UI strings in `data/ui_text.csv`, the small
label tables below; the functions only look it up and fail loudly on an unknown
language, key or indicator.
"""

from __future__ import annotations

import csv
import io
import math
import re
from functools import cache
from importlib import resources

import pandas as pd

from helpers.extract.reference.vocabulary import OTHER_INDICATOR, load_indicators
from helpers.render.languages import LANGUAGES, check_language
from helpers.tables.periods import MONTHS_PERIOD_PATTERN

UI_TEXT_FILE = "ui_text.csv"  # key,en,vi: every sentence and heading the brief shows


@cache
def _ui_strings() -> dict[str, dict[str, str]]:
    """The UI strings by language, read once from `data/ui_text.csv`."""
    table = resources.files("helpers.render.data").joinpath(UI_TEXT_FILE)
    with io.TextIOWrapper(table.open("rb"), encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    strings: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
    for row in rows:
        for lang in LANGUAGES:
            if not row[lang]:
                raise ValueError(f"{UI_TEXT_FILE}: {row['key']!r} has no {lang} text")
            strings[lang][row["key"]] = row[lang]
    return strings


DISTRICT_TYPE_LABELS: dict[str, dict[str, str]] = {
    "en": {"quận": "urban district", "huyện": "rural district", "thị xã": "district-level town"},
    "vi": {"quận": "quận", "huyện": "huyện", "thị xã": "thị xã"},
}

KIND_LABELS: dict[str, dict[str, str]] = {
    "en": {"actual": "actual", "target": "target"},
    "vi": {"actual": "thực hiện", "target": "chỉ tiêu"},
}

QUALIFIER_LABELS: dict[str, dict[str, str]] = {
    "en": {"estimated": "estimated", "approx": "approx.", "at_least": "at least"},
    "vi": {"estimated": "ước tính", "approx": "khoảng", "at_least": "ít nhất"},
}

OTHER_INDICATOR_LABELS = {"en": "Other figure", "vi": "Số liệu khác"}

PERIOD_LABELS: dict[str, dict[str, str]] = {
    "en": {"FY": "full year", "Q1": "Q1", "Q2": "Q2", "Q3": "Q3", "Q4": "Q4"},
    "vi": {"FY": "cả năm", "Q1": "quý I", "Q2": "quý II", "Q3": "quý III", "Q4": "quý IV"},
}
MONTHS_PERIOD_LABELS = {"en": "first {n} months", "vi": "{n} tháng"}

# (thousands separator, decimal mark) per language. English groups thousands with a
# narrow no-break space (SI style), so `1 050` reads the same to a Vietnamese reader, for
# whom `1,050` would be 1.05; Vietnamese keeps its own `1.050` and `9,8`.
THIN_SPACE = "\u202f"
NUMBER_MARKS = {"en": (THIN_SPACE, "."), "vi": (".", ",")}
MAX_DECIMALS = 2
MINUS_SIGN = "−"
UNIT_FORMATS: dict[str, dict[str, str]] = {
    "en": {
        "pct": "{value} %",
        "vnd_bn": "VND {value} bn",
        "count": "{value}",
        "count_of_total": "{value}/{total}",
        "rank_of_total": "{ordinal} of {total}",
    },
    "vi": {
        "pct": "{value} %",
        "vnd_bn": "{value} tỷ đồng",
        "count": "{value}",
        "count_of_total": "{value}/{total}",
        "rank_of_total": "thứ {value}/{total}",
    },
}
ENGLISH_ORDINAL_SUFFIXES = {1: "st", 2: "nd", 3: "rd"}

UNIT_AXIS_LABELS: dict[str, dict[str, str]] = {
    "en": {"pct": "%", "vnd_bn": "billion VND", "count": "number"},
    "vi": {"pct": "%", "vnd_bn": "tỷ đồng", "count": "số lượng"},
}

MONTH_NAMES_EN = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip
# A publication date at the precision its source gives: a day, a month or a year.
DATE_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def ui_text(key: str, lang: str) -> str:
    """The UI string `key` in `lang`; KeyError for an unknown key."""
    strings = _ui_strings()[check_language(lang)]
    if key not in strings:
        raise KeyError(f"no UI text {key!r}; known keys: {', '.join(sorted(strings))}")
    return strings[key]


def _lookup(table: dict[str, dict[str, str]], what: str, key: str, lang: str) -> str:
    labels = table[check_language(lang)]
    if key not in labels:
        raise KeyError(f"unknown {what} {key!r}; known: {', '.join(labels)}")
    return labels[key]


def district_type_label(district_type: str, lang: str) -> str:
    """The district type (quận, huyện, thị xã) in `lang`."""
    return _lookup(DISTRICT_TYPE_LABELS, "district type", district_type, lang)


def kind_label(kind: str, lang: str) -> str:
    """`actual`/`target` in `lang`."""
    return _lookup(KIND_LABELS, "kind", kind, lang)


def qualifier_label(qualifier: str, lang: str) -> str:
    """A ';'-joined qualifier string (e.g. 'estimated;approx') in `lang`, ', '-joined."""
    parts = [part for part in qualifier.split(";") if part]
    return ", ".join(_lookup(QUALIFIER_LABELS, "qualifier", part, lang) for part in parts)


def period_label(period: str, lang: str) -> str:
    """A period code (FY, Q1..Q4, nM) in `lang`."""
    labels = PERIOD_LABELS[check_language(lang)]
    if period in labels:
        return labels[period]
    months = MONTHS_PERIOD_PATTERN.match(period)
    if months is None:
        raise KeyError(f"unknown period {period!r}; expected FY, Q1..Q4 or nM")
    return MONTHS_PERIOD_LABELS[lang].format(n=int(months.group(1)))


def period_short(period: str, lang: str) -> str:
    """A period as a chart label carries it: `FY`, `6M`, `Q3` (en); `cả năm`, `6 tháng`,
    `quý III` (vi)."""
    label = period_label(period, lang)  # fails on an unknown period or language
    return label if lang == "vi" else period


def when_label(year: int, period: str, lang: str) -> str:
    """A figure's year and period, as every chart and comparison names it: `2022 · 6M`."""
    return f"{year} · {period_short(period, lang)}"


def indicator_label(indicator: str, lang: str) -> str:
    """The indicator's label in `lang` (from the vocabulary); KeyError for an unknown id."""
    check_language(lang)
    if indicator == OTHER_INDICATOR:
        return OTHER_INDICATOR_LABELS[lang]
    table = load_indicators()
    if indicator not in table.index:
        raise KeyError(f"unknown indicator {indicator!r}; known: {', '.join(table.index)}")
    return table.at[indicator, f"label_{lang}"]


def series_label(indicator: str, basis: str, lang: str) -> str:
    """The indicator's label, with whose plan it is measured against when the facts say so
    and the indicator does not (`Budget revenue, % of plan (the city's estimate)`)."""
    label = indicator_label(indicator, lang)
    table = load_indicators()
    implied = indicator in table.index and table.at[indicator, "basis"] == "city_plan"
    if not basis or (implied and basis == "city"):
        return label
    return f"{label} ({ui_text('basis_' + basis, lang)})"


def unit_axis_label(unit: str, lang: str) -> str:
    """An axis label for a chartable unit (pct, vnd_bn, count)."""
    return _lookup(UNIT_AXIS_LABELS, "chartable unit", unit, lang)


def format_number(value: float, lang: str) -> str:
    """`value` with the language's thousands separator and decimal mark, at most 2 decimals."""
    thousands, decimal = NUMBER_MARKS[check_language(lang)]
    if not math.isfinite(value):
        raise ValueError(f"cannot format non-finite number {value!r}")
    text = f"{abs(value):,.{MAX_DECIMALS}f}".rstrip("0").rstrip(".")
    text = text.replace(",", "\0").replace(".", decimal).replace("\0", thousands)
    return (MINUS_SIGN + text) if value < 0 and text != "0" else text


def english_ordinal(number: int) -> str:
    """1 -> '1st', 2 -> '2nd', 11 -> '11th', 23 -> '23rd'."""
    suffix = "th" if 10 <= number % 100 <= 20 else ENGLISH_ORDINAL_SUFFIXES.get(number % 10, "th")
    return f"{number}{suffix}"


def format_value(
    value: float, total: float | None, unit: str, lang: str, signed: bool = False
) -> str:
    """A figure with its unit: `112 %`, `VND 1 050 bn`/`1.050 tỷ đồng`, `21/21`, `4th of 30`.

    `signed` puts an explicit + on positive values (growth rates).
    """
    formats = UNIT_FORMATS[check_language(lang)]
    if unit not in formats:
        raise KeyError(f"unknown unit {unit!r}; known: {', '.join(formats)}")
    number = format_number(value, lang)
    if signed and value > 0:
        number = "+" + number
    total_text = ""
    if "{total}" in formats[unit]:
        if total is None or pd.isna(total):
            raise ValueError(f"unit {unit!r} needs a total, got {total!r}")
        total_text = format_number(total, lang)
    return formats[unit].format(
        value=number,
        total=total_text,
        ordinal=english_ordinal(int(value)) if unit == "rank_of_total" else "",
    )


def format_date(published: str, lang: str) -> str:
    """A publication date at its own precision: '2023-12-14' -> '14 Dec 2023' (en) /
    '14/12/2023' (vi); '2022-04' -> 'Apr 2022' / '04/2022'; '2022'; '' -> 'undated'."""
    if published == "":
        return ui_text("undated", lang)
    match = DATE_PATTERN.match(published)
    if match is None:
        raise ValueError(f"publication date {published!r} is not YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = (int(part) if part else None for part in match.groups())
    if month is None:
        return str(year)
    if lang == "vi":
        return f"{day:02d}/{month:02d}/{year}" if day else f"{month:02d}/{year}"
    name = MONTH_NAMES_EN[month - 1]
    return f"{day} {name} {year}" if day else f"{name} {year}"
