"""Shared readers and checks for the hand-labelled gold tables of the test corpora.

Each `check_*` function takes the gold rows (and what else it needs) and fails with
an assertion message that lists the offending rows. The test modules of each corpus
call these checks and keep their corpus-specific checks to themselves.
"""

from __future__ import annotations

import codecs
import csv
import re
import unicodedata
from collections.abc import Callable, Collection, Mapping
from importlib import resources
from pathlib import Path

GoldRow = dict[str, str]

DATA_DIR = Path(__file__).parent / "data"
SEEDS_GOLD_PATH = DATA_DIR / "seeds_gold.csv"

UNITS_WITH_TOTAL = frozenset({"count_of_total", "rank_of_total"})
KINDS = frozenset({"actual", "target"})
QUALIFIER_ORDER = ("estimated", "approx", "at_least")
QUALIFIER_SEPARATOR = ";"
PERIOD_PATTERN = re.compile(r"^(FY|Q[1-4]|\d{1,2}M)$")
YEAR_RANGE = range(2018, 2027)
SENTENCE_END = (".", "…", "?", "!")
FACT_KEY_COLUMNS = ("doc_id", "district", "year", "period", "indicator", "kind")
YEAR_ON_YEAR_BASIS = "yoy"

# File stem suffix -> the raw form the file must have on disk; any other stem is UTF-8 NFC.
ENCODING_BY_SUFFIX = {
    "-nfd": "utf-8 NFD",
    "-bom": "utf-8 BOM",
    "-utf16": "utf-16 BOM",
    "-cp1258": "cp1258",
}
DEFAULT_RAW_FORM = "utf-8 NFC"

VN_NUMBER = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?")
BILLION_AND_MILLION = re.compile(r"(\d{1,3}(?:\.\d{3})*|\d+) tỷ (\d{1,3}) triệu")
RELATIVE_TOLERANCE = 1e-9

INDICATORS_RESOURCE = "extract/data/indicators.csv"
DISTRICTS_RESOURCE = "extract/data/hanoi_districts.csv"


def decode_article(raw: bytes) -> str:
    """Decode article bytes as the reader would (BOM, then UTF-8, then cp1258), in NFC."""
    if raw.startswith(codecs.BOM_UTF8):
        text = raw[len(codecs.BOM_UTF8) :].decode("utf-8")
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = raw.decode("utf-16")
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1258")
    return unicodedata.normalize("NFC", text)


def raw_form(raw: bytes) -> str:
    """Name the on-disk form of an article's bytes."""
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8 BOM"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16 BOM"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1258"
    return DEFAULT_RAW_FORM if unicodedata.is_normalized("NFC", text) else "utf-8 NFD"


def parse_vn_number(token: str) -> float:
    """`5.330,9` -> 5330.9 (dot groups thousands, comma is the decimal mark)."""
    return float(token.replace(".", "").replace(",", "."))


def printed_numbers(sentence: str) -> list[float]:
    """Every number printed in `sentence`, parsed."""
    return [parse_vn_number(token) for token in VN_NUMBER.findall(sentence)]


def derivable_values(sentence: str) -> list[float]:
    """Every value a rule of FACTS.md can make from a number printed in `sentence`."""
    values: list[float] = []
    for number in printed_numbers(sentence):
        values += [number, -number, number * 1000, number / 1000, number - 100, number + 100]
    for billions, millions in BILLION_AND_MILLION.findall(sentence):
        values.append(parse_vn_number(billions) + int(millions) / 1000)
    return values


def close(a: float, b: float) -> bool:
    """True when `a` and `b` are equal up to float rounding."""
    return abs(a - b) <= RELATIVE_TOLERANCE * max(1.0, abs(a), abs(b))


def qualifier_tokens(qualifier: str) -> list[str]:
    """The qualifiers of a gold cell: `estimated;approx` -> ["estimated", "approx"]."""
    return qualifier.split(QUALIFIER_SEPARATOR) if qualifier else []


def qualifiers_are_known_and_ordered(tokens: list[str]) -> bool:
    """True when every token is a known qualifier, none repeats, and they follow QUALIFIER_ORDER."""
    return all(token in QUALIFIER_ORDER for token in tokens) and tokens == sorted(
        set(tokens), key=QUALIFIER_ORDER.index
    )


def read_csv(path: Path) -> list[GoldRow]:
    """Rows of a UTF-8 CSV file as dicts."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_package_csv(resource: str) -> list[dict[str, str]]:
    """Rows of a CSV file shipped in the `helpers` package, as dicts."""
    with resources.files("helpers").joinpath(resource).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def read_indicators() -> dict[str, dict[str, str]]:
    """The indicator vocabulary: id -> its row (unit, basis, labels, ...)."""
    return {row["id"]: row for row in read_package_csv(INDICATORS_RESOURCE)}


def read_district_types() -> dict[str, str]:
    """Canonical district name -> its type (quận, huyện, thị xã)."""
    return {row["name"]: row["type"] for row in read_package_csv(DISTRICTS_RESOURCE)}


def read_articles(directory: Path) -> dict[str, str]:
    """File stem -> decoded text of every article (`*.txt`) in `directory`."""
    return {path.stem: decode_article(path.read_bytes()) for path in directory.glob("*.txt")}


def check_columns_are_those_of_the_seed_gold(gold_path: Path) -> None:
    """The gold file has the very header line of the seed gold."""
    with (
        gold_path.open(encoding="utf-8") as gold_file,
        SEEDS_GOLD_PATH.open(encoding="utf-8") as seeds_file,
    ):
        header, seeds_header = gold_file.readline(), seeds_file.readline()
    assert header == seeds_header, f"{gold_path.name} header {header!r} != {seeds_header!r}"


def check_every_doc_id_names_an_article(gold: list[GoldRow], articles: Mapping[str, str]) -> None:
    """Every gold row points at an article that exists."""
    missing = {row["doc_id"] for row in gold} - set(articles)
    assert not missing, f"gold rows for files that do not exist: {sorted(missing)}"


def check_indicators_and_units_match_the_vocabulary(
    gold: list[GoldRow], indicators: Mapping[str, Mapping[str, str]]
) -> None:
    """Every indicator is in the vocabulary and carries its unit."""
    bad = [
        (row["doc_id"], row["indicator"], row["unit"])
        for row in gold
        if row["indicator"] not in indicators or indicators[row["indicator"]]["unit"] != row["unit"]
    ]
    assert not bad, f"unknown indicator or wrong unit: {bad}"


def check_total_is_filled_exactly_for_units_with_a_denominator(gold: list[GoldRow]) -> None:
    """`total` is set (and >= value > 0) for count/rank-of-total units, and empty otherwise."""
    bad = []
    for row in gold:
        if row["unit"] in UNITS_WITH_TOTAL:
            ok = row["total"] != "" and 0 < float(row["value"]) <= float(row["total"])
        else:
            ok = row["total"] == ""
        if not ok:
            bad.append((row["doc_id"], row["indicator"], row["value"], row["total"]))
    assert not bad, f"total missing, spurious or smaller than value: {bad}"


def check_districts_are_canonical(gold: list[GoldRow], districts: Collection[str]) -> None:
    """Every district is one of the canonical names."""
    bad = {row["district"] for row in gold} - set(districts)
    assert not bad, f"non-canonical districts: {sorted(bad)}"


def check_period_kind_and_year_are_valid(gold: list[GoldRow]) -> None:
    """Period matches PERIOD_PATTERN, kind is known, year is in YEAR_RANGE."""
    bad = [
        (row["doc_id"], row["year"], row["period"], row["kind"])
        for row in gold
        if not PERIOD_PATTERN.match(row["period"])
        or row["kind"] not in KINDS
        or int(row["year"]) not in YEAR_RANGE
    ]
    assert not bad, f"invalid period, kind or year: {bad}"


def check_qualifiers_are_known_and_ordered(gold: list[GoldRow]) -> None:
    """Qualifiers are known, not repeated, and in QUALIFIER_ORDER."""
    bad = [
        (row["doc_id"], row["qualifier"])
        for row in gold
        if not qualifiers_are_known_and_ordered(qualifier_tokens(row["qualifier"]))
    ]
    assert not bad, f"unknown, repeated or misordered qualifiers: {bad}"


def check_values_and_totals_come_from_numbers_in_the_sentence(gold: list[GoldRow]) -> None:
    """Each value follows from a number of its sentence by a FACTS.md rule; each total is printed."""
    bad = []
    for row in gold:
        value_ok = any(close(float(row["value"]), c) for c in derivable_values(row["sentence"]))
        total_ok = row["total"] == "" or any(
            close(float(row["total"]), p) for p in printed_numbers(row["sentence"])
        )
        if not (value_ok and total_ok):
            bad.append((row["doc_id"], row["indicator"], row["value"], row["total"]))
    assert not bad, f"value or total not derivable from the sentence: {bad}"


def check_growth_signs_follow_the_wording(
    gold: list[GoldRow],
    indicators: Mapping[str, Mapping[str, str]],
    decreases_in: Callable[[str], list[float]],
) -> None:
    """Year-on-year values are negative exactly when a `giảm` (or `bằng N%`) says so.

    `decreases_in(sentence)` gives the percentages the corpus' `giảm` wording governs.
    """
    yoy_indicators = {
        indicator_id
        for indicator_id, indicator in indicators.items()
        if indicator["basis"] == YEAR_ON_YEAR_BASIS
    }
    bad = []
    for row in gold:
        if row["indicator"] not in yoy_indicators:
            continue
        value = float(row["value"])
        decreases = decreases_in(row["sentence"])
        printed = printed_numbers(row["sentence"])
        if value > 0 and any(close(value, d) for d in decreases):
            bad.append((row["doc_id"], row["indicator"], value, "giảm gives a negative value"))
        if value < 0 and not any(close(-value, d) for d in decreases + [100 - p for p in printed]):
            bad.append((row["doc_id"], row["indicator"], value, "negative without giảm/bằng"))
    assert not bad, f"growth sign does not follow the sentence: {bad}"


def check_no_fact_is_labelled_twice_in_one_article(gold: list[GoldRow]) -> None:
    """No two rows share doc, district, year, period, indicator, kind, value and total."""
    keys = [
        (*(row[c] for c in FACT_KEY_COLUMNS), float(row["value"]), row["total"]) for row in gold
    ]
    duplicates = {key for key in keys if keys.count(key) > 1}
    assert not duplicates, f"facts labelled twice: {sorted(duplicates)}"


def check_file_has_the_encoding_its_name_announces(path: Path) -> None:
    """The article's bytes have the raw form its stem suffix names (UTF-8 NFC without one)."""
    expected = next(
        (form for suffix, form in ENCODING_BY_SUFFIX.items() if path.stem.endswith(suffix)),
        DEFAULT_RAW_FORM,
    )
    actual = raw_form(path.read_bytes())
    assert actual == expected, f"{path.name} is {actual}, its name announces {expected}"
