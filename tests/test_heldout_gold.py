"""Checks on the hand-labelled gold of the held-out corpus (tests/data/heldout/).

These tests check the labels, not the extractor. They run the checks shared with
the variants corpus (gold_checks.py) and add checks that fit this corpus: sentences
are whole sentences of the article body (not the title, not page furniture), every
district is named in its article, qualifiers have their cue, `vượt N%` is never left
as N, and the corpus still covers what it was written to cover.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from gold_checks import (
    DATA_DIR,
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
    check_total_is_filled_exactly_for_units_with_a_denominator,
    check_values_and_totals_come_from_numbers_in_the_sentence,
    close,
    parse_vn_number,
    qualifier_tokens,
    qualifiers_are_known_and_ordered,
    read_articles,
    read_csv,
    read_district_types,
    read_indicators,
)

from helpers.extract.text.textnorm import fold

HELDOUT_DIR = DATA_DIR / "heldout"
GOLD_PATH = DATA_DIR / "heldout_gold.csv"

PLAN_BASES = frozenset({"plan", "city_plan"})

# What may precede a sentence on its line: a list marker, an interview dash or an outlet tag.
LINE_PREFIX = re.compile(r"[-+] |\((?:HNM|KTĐT|Dân trí)\) - |(?:TTTĐ|TPO) - ")
# Headings that open a related-news block; nothing after them is article text.
FURNITURE_HEADINGS = frozenset(
    {
        "Tin liên quan",
        "Xem thêm:",
        "Bài liên quan",
        "Tin khác",
        "Đừng bỏ lỡ",
        "Có thể bạn quan tâm",
        "Tin cùng chuyên mục",
        "Các tin đã đưa:",
    }
)
# `giảm 22,5%` and also the list in `lần lượt giảm 22,5% và 9,1%`.
DECREASE_RUN = re.compile(r"giảm (?:tới )?(\d+(?:,\d+)?%(?:(?:, | và )\d+(?:,\d+)?%)*)")
PERCENT_NUMBER = re.compile(r"\d+(?:,\d+)?")
# `vượt 26,4% dự toán` means 126.4; `đạt và vượt 100%` is a plain 100.
EXCEEDS_BY = re.compile(r"(?<!đạt và )vượt (?:tối thiểu |ít nhất )?(\d+(?:,\d+)?)%")
QUALIFIER_CUES = {
    "estimated": ("ước", "dự kiến"),
    "approx": ("gần", "khoảng", "hơn", "trên"),
    "at_least": ("trở lên", "ít nhất", "tối thiểu"),
}


# What the corpus was written to cover (see tests/data/heldout/README.md).
MIN_DISTRICTS = 10
REQUIRED_DISTRICT_TYPES = frozenset({"quận", "huyện", "thị xã"})
REQUIRED_PERIODS = frozenset({"FY", "Q1", "Q3", "6M", "9M", "11M"})
RESULT_YEARS = frozenset(range(2018, 2025))


@pytest.fixture(scope="module")
def gold() -> list[GoldRow]:
    return read_csv(GOLD_PATH)


@pytest.fixture(scope="module")
def articles() -> dict[str, str]:
    return read_articles(HELDOUT_DIR)


@pytest.fixture(scope="module")
def indicators() -> dict[str, dict[str, str]]:
    return read_indicators()


@pytest.fixture(scope="module")
def district_types() -> dict[str, str]:
    return read_district_types()


def has_cue(sentence: str, cue: str) -> bool:
    """True when `cue` occurs in `sentence` as whole words (`ước` is not the end of `nước`)."""
    return re.search(rf"(?<!\w){re.escape(cue)}(?!\w)", sentence.lower()) is not None


def title_of(text: str) -> str:
    """The article's first line, its title (captions that repeat it are not sentences)."""
    return text.split("\n", 1)[0].strip()


def body_span(text: str) -> tuple[int, int]:
    """Offsets of the article body: after the title line, before the first related-news block."""
    start = text.find("\n") + 1
    end = len(text)
    offset = 0
    for line in text.splitlines(keepends=True):
        if line.strip() in FURNITURE_HEADINGS:
            end = offset
            break
        offset += len(line)
    return start, end


def is_whole_sentence_at(text: str, start: int, end: int) -> bool:
    """True when text[start:end] starts and ends where a sentence can start and end."""
    before = text[text.rfind("\n", 0, start) + 1 : start]
    after = text[end : end + 1]
    starts = (
        before == ""
        or LINE_PREFIX.fullmatch(before) is not None
        or before.endswith(tuple(mark + " " for mark in SENTENCE_END))
    )
    ends_at_line_end = after in ("", "\n")
    ends_with_mark = text[start:end].endswith(SENTENCE_END) and after in ("", " ", "\n")
    return starts and (ends_at_line_end or ends_with_mark)


def body_occurrence_is_whole(sentence: str, text: str) -> bool:
    """True when `sentence` occurs as a whole sentence somewhere in the article body."""
    body_start, body_end = body_span(text)
    return any(
        body_start <= match.start()
        and match.end() <= body_end
        and is_whole_sentence_at(text, match.start(), match.end())
        for match in re.finditer(re.escape(sentence), text)
    )


def test_columns_are_those_of_the_seed_gold() -> None:
    check_columns_are_those_of_the_seed_gold(GOLD_PATH)


def test_gold_and_articles_name_the_same_files(gold, articles) -> None:
    check_every_doc_id_names_an_article(gold, articles)
    unlabelled = set(articles) - {row["doc_id"] for row in gold}
    assert not unlabelled, f"articles without any gold row: {sorted(unlabelled)}"


def test_sentences_are_whole_body_sentences(gold, articles) -> None:
    bad = [
        (row["doc_id"], row["sentence"][:60])
        for row in gold
        if not (row["sentence"][0].isupper() or row["sentence"][0].isdigit())
        or row["sentence"] == title_of(articles[row["doc_id"]])
        or not body_occurrence_is_whole(row["sentence"], articles[row["doc_id"]])
    ]
    assert not bad, f"sentences not verbatim, not whole, a title, or outside the body: {bad}"


def test_indicators_and_units_match_the_vocabulary(gold, indicators) -> None:
    check_indicators_and_units_match_the_vocabulary(gold, indicators)


def test_total_is_filled_exactly_for_units_with_a_denominator(gold) -> None:
    check_total_is_filled_exactly_for_units_with_a_denominator(gold)


def test_districts_are_canonical_and_named_in_their_article(gold, articles, district_types) -> None:
    check_districts_are_canonical(gold, district_types)
    unnamed = {
        (row["doc_id"], row["district"])
        for row in gold
        if fold(row["district"]) not in fold(articles[row["doc_id"]])
    }
    assert not unnamed, f"districts the article never names: {sorted(unnamed)}"


def test_period_kind_and_year_are_valid(gold) -> None:
    check_period_kind_and_year_are_valid(gold)


def test_targets_are_never_for_a_year_before_the_results(gold) -> None:
    latest_result: dict[str, int] = {}
    for row in gold:
        if row["kind"] == "actual":
            latest_result[row["doc_id"]] = max(
                latest_result.get(row["doc_id"], 0), int(row["year"])
            )
    bad = [
        (row["doc_id"], row["indicator"], row["year"])
        for row in gold
        if row["kind"] == "target" and int(row["year"]) < latest_result.get(row["doc_id"], 0)
    ]
    assert not bad, f"targets older than the results they follow: {bad}"


def test_cues_are_matched_as_whole_words() -> None:
    assert has_cue("thu ngân sách ước đạt 112%", "ước")
    assert not has_cue("thu ngân sách nhà nước đạt 112%", "ước")
    assert has_cue("đạt 11.200 tỷ đồng trở lên.", "trở lên")


def test_qualifiers_are_known_ordered_and_cued(gold) -> None:
    bad = []
    for row in gold:
        tokens = qualifier_tokens(row["qualifier"])
        known_and_ordered = qualifiers_are_known_and_ordered(tokens)
        cued = known_and_ordered and all(
            any(has_cue(row["sentence"], cue) for cue in QUALIFIER_CUES[token]) for token in tokens
        )
        if not (known_and_ordered and cued):
            bad.append((row["doc_id"], row["indicator"], row["qualifier"]))
    assert not bad, f"unknown, misordered or uncued qualifiers: {bad}"


def test_values_and_totals_come_from_numbers_in_the_sentence(gold) -> None:
    check_values_and_totals_come_from_numbers_in_the_sentence(gold)


def decreases_in(sentence: str) -> list[float]:
    """Every percentage a `giảm` in `sentence` governs, including `giảm X% và Y%`."""
    return [
        parse_vn_number(number)
        for run in DECREASE_RUN.findall(sentence)
        for number in PERCENT_NUMBER.findall(run)
    ]


def test_decrease_lists_are_read_whole() -> None:
    assert decreases_in("lần lượt giảm 22,5% và 9,1% so với cùng kỳ") == [22.5, 9.1]
    assert decreases_in("tăng 3,6%; doanh thu ước giảm tới 41%") == [41.0]


def test_growth_signs_follow_the_wording(gold, indicators) -> None:
    check_growth_signs_follow_the_wording(gold, indicators, decreases_in)


def test_percent_beyond_plan_is_added_to_100(gold, indicators) -> None:
    bad = [
        (row["doc_id"], row["indicator"], row["value"])
        for row in gold
        if indicators[row["indicator"]]["basis"] in PLAN_BASES
        and any(
            close(float(row["value"]), parse_vn_number(n))
            for n in EXCEEDS_BY.findall(row["sentence"])
        )
    ]
    assert not bad, f"`vượt N%` labelled as N instead of 100 + N: {bad}"


def test_no_fact_is_labelled_twice_in_one_article(gold) -> None:
    check_no_fact_is_labelled_twice_in_one_article(gold)


def test_corpus_covers_what_it_was_written_for(gold, indicators, district_types) -> None:
    districts = {row["district"] for row in gold}
    assert len(districts) >= MIN_DISTRICTS
    assert {district_types[d] for d in districts} >= REQUIRED_DISTRICT_TYPES
    assert {row["period"] for row in gold} >= REQUIRED_PERIODS
    assert {int(row["year"]) for row in gold if row["kind"] == "actual"} >= RESULT_YEARS
    assert {row["indicator"] for row in gold} == set(indicators)
    districts_per_doc: dict[str, set[str]] = {}
    for row in gold:
        districts_per_doc.setdefault(row["doc_id"], set()).add(row["district"])
    assert any(len(names) >= 2 for names in districts_per_doc.values())


@pytest.mark.parametrize("path", sorted(HELDOUT_DIR.glob("*.txt")), ids=lambda p: p.stem)
def test_each_file_has_the_encoding_its_name_announces(path: Path) -> None:
    check_file_has_the_encoding_its_name_announces(path)
