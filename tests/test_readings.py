"""Which value a brief uses when articles disagree, and which disagreements are conflicts."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.tables.readings import (
    REASON_DATED_OVER_UNDATED,
    REASON_FINAL_OVER_ESTIMATE,
    REASON_FIRST_BY_DOC_ID,
    REASON_LATEST_PUBLICATION,
    resolve,
    sort_by_key,
)

FACT_DEFAULTS = {
    "district": "Tây Hồ",
    "year": 2023,
    "period": "FY",
    "indicator": "budget_revenue_pct_plan",
    "kind": "actual",
    "value": 100.0,
    "total": pd.NA,
    "unit": "pct",
    "qualifier": "",
    "sentence": "Thu ngân sách đạt 100% kế hoạch.",
    "start": 0,
    "end": 4,
}


def facts_table(*rows: dict) -> pd.DataFrame:
    table = pd.DataFrame([{**FACT_DEFAULTS, **row} for row in rows])
    return table.astype({"year": "int64", "value": "float64", "total": "Float64"})


def articles_table(published: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": list(published), "published": list(published.values())})


def test_articles_that_agree_give_one_reading_with_every_source() -> None:
    facts = facts_table({"doc_id": "a", "value": 119.0}, {"doc_id": "b", "value": 119.0})
    result = resolve(facts, articles_table({"a": "2024-01-02", "b": "2024-01-05"}))
    assert len(result.readings) == 1
    reading = result.readings.iloc[0]
    assert reading["doc_id"] == "b"
    assert reading["doc_ids"] == "b;a"
    assert not reading["conflict"]
    assert result.conflicts.empty


def test_the_latest_publication_wins_a_conflict() -> None:
    facts = facts_table(
        {"doc_id": "later", "value": 119.0},
        {"doc_id": "earlier", "value": 112.0, "qualifier": "estimated"},
    )
    result = resolve(facts, articles_table({"earlier": "2023-12-15", "later": "2024-01-20"}))
    assert result.readings["value"].tolist() == [119.0]
    assert result.readings["conflict"].tolist() == [True]
    conflicts = result.conflicts
    assert conflicts["doc_id"].tolist() == ["later", "earlier"]
    assert conflicts["used"].tolist() == [True, False]
    assert set(conflicts["reason"]) == {REASON_LATEST_PUBLICATION}
    assert set(conflicts["chosen_doc_id"]) == {"later"}


def test_a_later_estimate_still_beats_an_earlier_final_figure() -> None:
    facts = facts_table(
        {"doc_id": "final", "value": 119.0},
        {"doc_id": "estimate", "value": 112.0, "qualifier": "estimated"},
    )
    result = resolve(facts, articles_table({"final": "2023-12-01", "estimate": "2023-12-15"}))
    assert result.readings["value"].tolist() == [112.0]
    assert set(result.conflicts["reason"]) == {REASON_LATEST_PUBLICATION}


def test_at_the_same_date_a_final_figure_beats_an_estimate() -> None:
    facts = facts_table(
        {"doc_id": "a_estimate", "value": 112.0, "qualifier": "estimated;approx"},
        {"doc_id": "b_final", "value": 119.0},
    )
    result = resolve(facts, articles_table({"a_estimate": "2024-01-20", "b_final": "2024-01-20"}))
    assert result.readings["doc_id"].tolist() == ["b_final"]
    assert set(result.conflicts["reason"]) == {REASON_FINAL_OVER_ESTIMATE}


def test_without_dates_a_final_figure_beats_an_estimate() -> None:
    facts = facts_table(
        {"doc_id": "a", "value": 112.0, "qualifier": "estimated"},
        {"doc_id": "b", "value": 119.0},
    )
    result = resolve(facts, articles_table({"a": "", "b": ""}))
    assert result.readings["value"].tolist() == [119.0]
    assert set(result.conflicts["reason"]) == {REASON_FINAL_OVER_ESTIMATE}


def test_a_dated_article_beats_an_undated_one() -> None:
    facts = facts_table({"doc_id": "a", "value": 112.0}, {"doc_id": "b", "value": 119.0})
    result = resolve(facts, articles_table({"a": "2020-01-01", "b": ""}))
    assert result.readings["doc_id"].tolist() == ["a"]
    assert set(result.conflicts["reason"]) == {REASON_DATED_OVER_UNDATED}


def test_a_full_tie_goes_to_the_first_document_id() -> None:
    facts = facts_table({"doc_id": "b", "value": 112.0}, {"doc_id": "a", "value": 119.0})
    result = resolve(facts, articles_table({"a": "2024-01-20", "b": "2024-01-20"}))
    assert result.readings["doc_id"].tolist() == ["a"]
    assert set(result.conflicts["reason"]) == {REASON_FIRST_BY_DOC_ID}


def test_two_totals_in_one_article_are_a_breakdown_not_a_conflict() -> None:
    count = {"indicator": "targets_met", "unit": "count_of_total", "doc_id": "a"}
    facts = facts_table(
        {**count, "value": 16.0, "total": 16.0, "start": 40},
        {**count, "value": 12.0, "total": 12.0, "start": 10},
    )
    result = resolve(facts, articles_table({"a": "2023-01-10"}))
    assert result.conflicts.empty
    assert result.readings["value"].tolist() == [12.0, 16.0]
    assert not result.readings["conflict"].any()
    assert result.readings["total"].tolist() == [12.0, 16.0]


def test_another_total_in_another_article_is_a_conflict() -> None:
    count = {"indicator": "targets_met", "unit": "count_of_total"}
    facts = facts_table(
        {**count, "doc_id": "a", "value": 21.0, "total": 21.0},
        {**count, "doc_id": "b", "value": 20.0, "total": 21.0},
    )
    result = resolve(facts, articles_table({"a": "2024-01-01", "b": "2024-02-01"}))
    assert result.readings["value"].tolist() == [20.0]
    assert len(result.conflicts) == 2


def test_a_figure_repeated_in_one_article_is_one_reading() -> None:
    facts = facts_table(
        {"doc_id": "a", "value": 119.0, "start": 5},
        {"doc_id": "a", "value": 119.0, "start": 500},
    )
    result = resolve(facts, articles_table({"a": "2024-01-01"}))
    assert len(result.readings) == 1
    assert result.readings["start"].tolist() == [5]


def test_keys_differ_by_kind_year_period_and_district() -> None:
    facts = facts_table(
        {"doc_id": "a", "value": 119.0},
        {"doc_id": "b", "value": 105.0, "kind": "target"},
        {"doc_id": "b", "value": 95.0, "year": 2022},
        {"doc_id": "b", "value": 50.0, "period": "6M"},
        {"doc_id": "b", "value": 111.6, "district": "Hoàn Kiếm"},
    )
    result = resolve(facts, articles_table({"a": "2024-01-01", "b": "2024-02-01"}))
    assert result.conflicts.empty
    assert len(result.readings) == 5


def test_figures_of_no_indicator_are_never_compared() -> None:
    facts = facts_table(
        {"doc_id": "a", "indicator": "other", "unit": "count", "value": 9.0},
        {"doc_id": "b", "indicator": "other", "unit": "count", "value": 32.0},
    )
    result = resolve(facts, articles_table({"a": "2024-01-01", "b": "2024-02-01"}))
    assert result.readings.empty
    assert result.conflicts.empty


def test_facts_citing_unknown_articles_fail() -> None:
    facts = facts_table({"doc_id": "missing"})
    with pytest.raises(ValueError, match="missing"):
        resolve(facts, articles_table({"a": "2024-01-01"}))


def test_empty_facts_give_empty_typed_tables() -> None:
    result = resolve(facts_table({"doc_id": "a"}).iloc[:0], articles_table({"a": ""}))
    assert result.readings.empty
    assert result.conflicts.empty
    assert result.readings["total"].dtype == "Float64"


def test_rows_follow_the_vocabulary_order_then_year_and_period() -> None:
    facts = facts_table(
        {"doc_id": "a", "indicator": "new_enterprises", "unit": "count"},
        {"doc_id": "a", "indicator": "targets_met", "unit": "count_of_total", "total": 5.0},
        {"doc_id": "a"},
        {"doc_id": "a", "year": 2022},
        {"doc_id": "a", "period": "9M"},
    )
    ordered = sort_by_key(facts)
    assert ordered["indicator"].tolist() == [
        "targets_met",
        "budget_revenue_pct_plan",
        "budget_revenue_pct_plan",
        "budget_revenue_pct_plan",
        "new_enterprises",
    ]
    assert ordered["year"].tolist()[1:4] == [2022, 2023, 2023]
    assert ordered["period"].tolist()[2:4] == ["9M", "FY"]


SHUFFLE_FACTS = facts_table(
    {"doc_id": "a", "value": 112.0, "qualifier": "estimated"},
    {"doc_id": "b", "value": 119.0},
    {"doc_id": "c", "value": 119.0},
    {"doc_id": "a", "indicator": "targets_met", "unit": "count_of_total", "value": 21.0,
     "total": 21.0},
    {"doc_id": "b", "indicator": "targets_met", "unit": "count_of_total", "value": 21.0,
     "total": 21.0},
    {"doc_id": "c", "indicator": "targets_met", "unit": "count_of_total", "value": 12.0,
     "total": 12.0},
    {"doc_id": "c", "indicator": "targets_met", "unit": "count_of_total", "value": 16.0,
     "total": 16.0},
)  # fmt: skip
SHUFFLE_ARTICLES = articles_table({"a": "2023-12-15", "b": "2024-01-20", "c": "2024-01-20"})


@settings(max_examples=25, deadline=None)
@given(st.permutations(range(len(SHUFFLE_FACTS))))
def test_the_result_does_not_depend_on_row_order(order: list[int]) -> None:
    expected = resolve(SHUFFLE_FACTS, SHUFFLE_ARTICLES)
    shuffled = resolve(SHUFFLE_FACTS.iloc[order], SHUFFLE_ARTICLES)
    pd.testing.assert_frame_equal(shuffled.readings, expected.readings)
    pd.testing.assert_frame_equal(shuffled.conflicts, expected.conflicts)
