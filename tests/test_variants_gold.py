"""Checks on the hand-labelled gold of the variants corpus (tests/data/variants/).

These tests check the labels, not the extractor. Any labelling slip fails here: a
sentence that is not verbatim, an unknown indicator, a wrong unit or total, a
non-canonical district, or a value that no number in its sentence can give.
"""

from __future__ import annotations

import codecs
import csv
import importlib.util
import re
import unicodedata
from importlib import resources
from pathlib import Path
from types import ModuleType

import pytest

DATA_DIR = Path(__file__).parent / "data"
VARIANTS_DIR = DATA_DIR / "variants"
GOLD_PATH = DATA_DIR / "variants_gold.csv"
SEEDS_GOLD_PATH = DATA_DIR / "seeds_gold.csv"
MAKE_ENCODINGS_PATH = VARIANTS_DIR / "make_encodings.py"

UNITS_WITH_TOTAL = frozenset({"count_of_total", "rank_of_total"})
KINDS = frozenset({"actual", "target"})
QUALIFIER_ORDER = ("estimated", "approx", "at_least")
PERIOD_PATTERN = re.compile(r"^(FY|Q[1-4]|\d{1,2}M)$")
YEAR_RANGE = range(2018, 2027)
SENTENCE_END = (".", "…", "?", "!")
FACT_KEY_COLUMNS = ("doc_id", "district", "year", "period", "indicator", "kind")

# Files that must carry no facts: an empty non-article and a city-wide-only article.
NON_ARTICLE_STEMS = frozenset({"110_trang-trong"})
CITY_ONLY_STEMS = frozenset({"109_ha-noi-grdp-9-thang-2022"})

# File stem suffix -> the raw form the file must have on disk.
ENCODING_BY_SUFFIX = {
    "-nfd": "utf-8 NFD",
    "-bom": "utf-8 BOM",
    "-utf16": "utf-16 BOM",
    "-cp1258": "cp1258",
}

VN_NUMBER = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?")
BILLION_AND_MILLION = re.compile(r"(\d{1,3}(?:\.\d{3})*|\d+) tỷ (\d{1,3}) triệu")
RELATIVE_TOLERANCE = 1e-9
DECREASE = re.compile(r"giảm (\d+(?:,\d+)?)%")
YEAR_ON_YEAR_BASIS = "yoy"


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


def parse_vn_number(token: str) -> float:
    """`5.330,9` -> 5330.9 (dot groups thousands, comma is the decimal mark)."""
    return float(token.replace(".", "").replace(",", "."))


def derivable_values(sentence: str) -> list[float]:
    """Every value a rule of FACTS.md can make from a number printed in `sentence`."""
    values: list[float] = []
    for token in VN_NUMBER.findall(sentence):
        number = parse_vn_number(token)
        values += [number, -number, number * 1000, number / 1000, number - 100, number + 100]
    for billions, millions in BILLION_AND_MILLION.findall(sentence):
        values.append(parse_vn_number(billions) + int(millions) / 1000)
    return values


def close(a: float, b: float) -> bool:
    """True when `a` and `b` are equal up to float rounding."""
    return abs(a - b) <= RELATIVE_TOLERANCE * max(1.0, abs(a), abs(b))


def read_csv(path: Path) -> list[dict[str, str]]:
    """Rows of a UTF-8 CSV file as dicts."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_module(path: Path) -> ModuleType:
    """Import a script that is not in a package."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def gold() -> list[dict[str, str]]:
    return read_csv(GOLD_PATH)


@pytest.fixture(scope="module")
def articles() -> dict[str, str]:
    return {path.stem: decode_article(path.read_bytes()) for path in VARIANTS_DIR.glob("*.txt")}


@pytest.fixture(scope="module")
def units() -> dict[str, str]:
    with resources.files("helpers").joinpath("data/indicators.csv").open(encoding="utf-8") as f:
        return {row["id"]: row["unit"] for row in csv.DictReader(f)}


@pytest.fixture(scope="module")
def yoy_indicators() -> set[str]:
    with resources.files("helpers").joinpath("data/indicators.csv").open(encoding="utf-8") as f:
        return {row["id"] for row in csv.DictReader(f) if row["basis"] == YEAR_ON_YEAR_BASIS}


@pytest.fixture(scope="module")
def districts() -> set[str]:
    with (
        resources.files("helpers").joinpath("data/hanoi_districts.csv").open(encoding="utf-8") as f
    ):
        return {row["name"] for row in csv.DictReader(f)}


def test_columns_are_those_of_the_seed_gold() -> None:
    with (
        GOLD_PATH.open(encoding="utf-8") as gold_file,
        SEEDS_GOLD_PATH.open(encoding="utf-8") as seeds_file,
    ):
        assert gold_file.readline() == seeds_file.readline()


def test_every_doc_id_names_an_article(gold, articles) -> None:
    missing = {row["doc_id"] for row in gold} - set(articles)
    assert not missing, f"gold rows for files that do not exist: {sorted(missing)}"


def test_sentences_are_verbatim_whole_sentences(gold, articles) -> None:
    bad = [
        (row["doc_id"], row["sentence"][:60])
        for row in gold
        if row["sentence"] not in articles[row["doc_id"]]
        or not (row["sentence"][0].isupper() or row["sentence"][0].isdigit())
        or not row["sentence"].endswith(SENTENCE_END)
    ]
    assert not bad, f"sentences not found verbatim or not whole: {bad}"


def test_indicators_and_units_match_the_vocabulary(gold, units) -> None:
    bad = [
        (row["doc_id"], row["indicator"], row["unit"])
        for row in gold
        if units.get(row["indicator"]) != row["unit"]
    ]
    assert not bad, f"unknown indicator or wrong unit: {bad}"


def test_total_is_filled_exactly_for_units_with_a_denominator(gold) -> None:
    bad = []
    for row in gold:
        if row["unit"] in UNITS_WITH_TOTAL:
            ok = row["total"] != "" and 0 < float(row["value"]) <= float(row["total"])
        else:
            ok = row["total"] == ""
        if not ok:
            bad.append((row["doc_id"], row["indicator"], row["value"], row["total"]))
    assert not bad, f"total missing, spurious or smaller than value: {bad}"


def test_districts_are_canonical(gold, districts) -> None:
    bad = {row["district"] for row in gold} - districts
    assert not bad, f"non-canonical districts: {sorted(bad)}"


def test_period_kind_and_year_are_valid(gold) -> None:
    bad = [
        (row["doc_id"], row["year"], row["period"], row["kind"])
        for row in gold
        if not PERIOD_PATTERN.match(row["period"])
        or row["kind"] not in KINDS
        or int(row["year"]) not in YEAR_RANGE
    ]
    assert not bad, f"invalid period, kind or year: {bad}"


def test_qualifiers_are_known_and_ordered(gold) -> None:
    bad = []
    for row in gold:
        tokens = row["qualifier"].split(";") if row["qualifier"] else []
        if any(t not in QUALIFIER_ORDER for t in tokens) or tokens != sorted(
            set(tokens), key=QUALIFIER_ORDER.index
        ):
            bad.append((row["doc_id"], row["qualifier"]))
    assert not bad, f"unknown, repeated or misordered qualifiers: {bad}"


def test_values_and_totals_come_from_numbers_in_the_sentence(gold) -> None:
    bad = []
    for row in gold:
        candidates = derivable_values(row["sentence"])
        printed = [parse_vn_number(t) for t in VN_NUMBER.findall(row["sentence"])]
        value_ok = any(close(float(row["value"]), c) for c in candidates)
        total_ok = row["total"] == "" or any(close(float(row["total"]), p) for p in printed)
        if not (value_ok and total_ok):
            bad.append((row["doc_id"], row["indicator"], row["value"], row["total"]))
    assert not bad, f"value or total not derivable from the sentence: {bad}"


def test_growth_signs_follow_the_wording(gold, yoy_indicators) -> None:
    bad = []
    for row in gold:
        if row["indicator"] not in yoy_indicators:
            continue
        value = float(row["value"])
        decreases = [parse_vn_number(n) for n in DECREASE.findall(row["sentence"])]
        printed = [parse_vn_number(t) for t in VN_NUMBER.findall(row["sentence"])]
        if value > 0 and any(close(value, d) for d in decreases):
            bad.append((row["doc_id"], row["indicator"], value, "giảm gives a negative value"))
        if value < 0 and not any(close(-value, d) for d in decreases + [100 - p for p in printed]):
            bad.append((row["doc_id"], row["indicator"], value, "negative without giảm/bằng"))
    assert not bad, f"growth sign does not follow the sentence: {bad}"


def test_no_fact_is_labelled_twice_in_one_article(gold) -> None:
    keys = [
        (*(row[c] for c in FACT_KEY_COLUMNS), float(row["value"]), row["total"]) for row in gold
    ]
    duplicates = {key for key in keys if keys.count(key) > 1}
    assert not duplicates, f"facts labelled twice: {sorted(duplicates)}"


def test_non_articles_and_city_only_articles_have_no_facts(gold, articles) -> None:
    labelled = {row["doc_id"] for row in gold}
    assert not labelled & (NON_ARTICLE_STEMS | CITY_ONLY_STEMS)
    assert all(articles[stem].strip() == "" for stem in NON_ARTICLE_STEMS)
    assert all(articles[stem].strip() for stem in CITY_ONLY_STEMS)


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
    return "utf-8 NFC" if unicodedata.is_normalized("NFC", text) else "utf-8 NFD"


@pytest.mark.parametrize("path", sorted(VARIANTS_DIR.glob("*.txt")), ids=lambda p: p.stem)
def test_each_file_has_the_encoding_its_name_announces(path: Path) -> None:
    expected = next(
        (form for suffix, form in ENCODING_BY_SUFFIX.items() if path.stem.endswith(suffix)),
        "utf-8 NFC",
    )
    assert raw_form(path.read_bytes()) == expected


def test_encoding_variants_match_their_generator() -> None:
    make_encodings = load_module(MAKE_ENCODINGS_PATH)
    generated = make_encodings.encoded_articles()
    assert len(generated) == len(ENCODING_BY_SUFFIX)
    for name, data in generated.items():
        assert (VARIANTS_DIR / name).read_bytes() == data, f"{name} differs from its generator"
