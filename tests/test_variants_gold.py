"""Checks on the hand-labelled gold of the variants corpus (tests/data/variants/).

These tests check the labels, not the extractor. Any labelling slip fails here: a
sentence that is not verbatim, an unknown indicator, a wrong unit or total, a
non-canonical district, or a value that no number in its sentence can give.
The checks shared with the held-out corpus live in gold_checks.py.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest
from gold_checks import (
    DATA_DIR,
    ENCODING_BY_SUFFIX,
    SENTENCE_END,
    GoldRow,
    check_columns_are_those_of_the_seed_gold,
    check_districts_are_canonical,
    check_every_doc_id_names_an_article,
    check_file_has_the_encoding_its_name_announces,
    check_growth_signs_follow_the_wording,
    check_indicators_and_units_match_the_vocabulary,
    check_no_fact_is_labelled_twice_in_one_article,
    check_period_kind_and_year_are_valid,
    check_qualifiers_are_known_and_ordered,
    check_total_is_filled_exactly_for_units_with_a_denominator,
    check_values_and_totals_come_from_numbers_in_the_sentence,
    parse_vn_number,
    read_articles,
    read_csv,
    read_district_types,
    read_indicators,
)

VARIANTS_DIR = DATA_DIR / "variants"
GOLD_PATH = DATA_DIR / "variants_gold.csv"
MAKE_ENCODINGS_PATH = VARIANTS_DIR / "make_encodings.py"

# Files that must carry no facts: an empty non-article and a city-wide-only article.
NON_ARTICLE_STEMS = frozenset({"110_trang-trong"})
CITY_ONLY_STEMS = frozenset({"109_ha-noi-grdp-9-thang-2022"})

DECREASE = re.compile(r"giảm (\d+(?:,\d+)?)%")


def decreases_in(sentence: str) -> list[float]:
    """Every percentage printed right after a `giảm` in `sentence`."""
    return [parse_vn_number(number) for number in DECREASE.findall(sentence)]


def load_module(path: Path) -> ModuleType:
    """Import a script that is not in a package."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def gold() -> list[GoldRow]:
    return read_csv(GOLD_PATH)


@pytest.fixture(scope="module")
def articles() -> dict[str, str]:
    return read_articles(VARIANTS_DIR)


@pytest.fixture(scope="module")
def indicators() -> dict[str, dict[str, str]]:
    return read_indicators()


@pytest.fixture(scope="module")
def districts() -> set[str]:
    return set(read_district_types())


def test_columns_are_those_of_the_seed_gold() -> None:
    check_columns_are_those_of_the_seed_gold(GOLD_PATH)


def test_every_doc_id_names_an_article(gold, articles) -> None:
    check_every_doc_id_names_an_article(gold, articles)


def test_sentences_are_verbatim_whole_sentences(gold, articles) -> None:
    bad = [
        (row["doc_id"], row["sentence"][:60])
        for row in gold
        if row["sentence"] not in articles[row["doc_id"]]
        or not (row["sentence"][0].isupper() or row["sentence"][0].isdigit())
        or not row["sentence"].endswith(SENTENCE_END)
    ]
    assert not bad, f"sentences not found verbatim or not whole: {bad}"


def test_indicators_and_units_match_the_vocabulary(gold, indicators) -> None:
    check_indicators_and_units_match_the_vocabulary(gold, indicators)


def test_total_is_filled_exactly_for_units_with_a_denominator(gold) -> None:
    check_total_is_filled_exactly_for_units_with_a_denominator(gold)


def test_districts_are_canonical(gold, districts) -> None:
    check_districts_are_canonical(gold, districts)


def test_period_kind_and_year_are_valid(gold) -> None:
    check_period_kind_and_year_are_valid(gold)


def test_qualifiers_are_known_and_ordered(gold) -> None:
    check_qualifiers_are_known_and_ordered(gold)


def test_values_and_totals_come_from_numbers_in_the_sentence(gold) -> None:
    check_values_and_totals_come_from_numbers_in_the_sentence(gold)


def test_decreases_are_read_after_giam() -> None:
    assert decreases_in("doanh thu giảm 22,5% so với cùng kỳ, tăng 3%") == [22.5]


def test_growth_signs_follow_the_wording(gold, indicators) -> None:
    check_growth_signs_follow_the_wording(gold, indicators, decreases_in)


def test_no_fact_is_labelled_twice_in_one_article(gold) -> None:
    check_no_fact_is_labelled_twice_in_one_article(gold)


def test_non_articles_and_city_only_articles_have_no_facts(gold, articles) -> None:
    labelled = {row["doc_id"] for row in gold}
    assert not labelled & (NON_ARTICLE_STEMS | CITY_ONLY_STEMS)
    assert all(articles[stem].strip() == "" for stem in NON_ARTICLE_STEMS)
    assert all(articles[stem].strip() for stem in CITY_ONLY_STEMS)


@pytest.mark.parametrize("path", sorted(VARIANTS_DIR.glob("*.txt")), ids=lambda p: p.stem)
def test_each_file_has_the_encoding_its_name_announces(path: Path) -> None:
    check_file_has_the_encoding_its_name_announces(path)


def test_encoding_variants_match_their_generator() -> None:
    make_encodings = load_module(MAKE_ENCODINGS_PATH)
    generated = make_encodings.encoded_articles()
    assert len(generated) == len(ENCODING_BY_SUFFIX)
    for name, data in generated.items():
        assert (VARIANTS_DIR / name).read_bytes() == data, f"{name} differs from its generator"
