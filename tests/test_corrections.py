"""Corrections as data: drop, fix and add keyed on the article's own words, stale ones
reported, malformed rows named by line."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest

from helpers.tables.corpus import extract_corpus
from helpers.tables.corrections import (
    CORRECTION_COLUMNS,
    REASON_DROPPED,
    REASON_NO_ARTICLE,
    REASON_NO_SENTENCE,
    REASON_NOW_EXTRACTED,
    CorrectionsError,
    default_corrections_path,
    read_corrections,
)

TAY_HO = "000_97d56c37aaf6bf3e"


def write_corrections(path: Path, rows: list[dict[str, object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CORRECTION_COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
    return path


@pytest.fixture
def corpus(tmp_path: Path, seeds_dir: Path) -> Path:
    return Path(shutil.copytree(seeds_dir, tmp_path / "corpus"))


@pytest.fixture
def extracted(corpus: Path) -> pd.DataFrame:
    return extract_corpus(corpus).facts


def key_of(fact: pd.Series) -> dict[str, object]:
    return {"doc_id": fact["doc_id"], "figure": fact["figure"], "sentence": fact["sentence"]}


def fact_of(facts: pd.DataFrame, doc_id: str, indicator: str) -> pd.Series:
    rows = facts[(facts["doc_id"] == doc_id) & (facts["indicator"] == indicator)]
    assert len(rows) == 1
    return rows.iloc[0]


def test_default_file_is_beside_the_corpus(corpus: Path) -> None:
    assert default_corrections_path(corpus) == corpus.parent / "corrections.csv"


def test_drop_fix_and_add_are_applied_with_provenance(corpus: Path, extracted) -> None:
    drop = fact_of(extracted, TAY_HO, "land_violation_resolution_pct")
    fix = fact_of(extracted, TAY_HO, "budget_spending_pct_plan")
    # An `other` figure of the seeds, added back as if the extractor had missed it.
    missed = extracted[(extracted["doc_id"] == TAY_HO) & (extracted["indicator"] == "other")]
    missed = missed.iloc[0]
    sentence_with_two = fact_of(extracted, TAY_HO, "targets_met")
    write_corrections(
        corpus.parent / "corrections.csv",
        [
            {"action": "drop", **key_of(drop), "note": "not a district result", "by": "an"},
            {"action": "fix", **key_of(fix), "value": "95", "note": "report says 95%"},
            {
                "action": "fix",
                **key_of(missed),
                "indicator": "public_investment_pct_plan",
                "note": "investment, per the table",
                "date": "2024-03-01",
            },
            {
                "action": "add",
                "doc_id": TAY_HO,
                "figure": "21",
                "sentence": sentence_with_two["sentence"],
                "district": "tay ho",
                "year": "2023",
                "period": "FY",
                "indicator": "targets_set",
                "kind": "actual",
                "value": "21",
                "note": "missed",
            },
        ],
    )
    tables = extract_corpus(corpus)
    facts = tables.facts
    assert drop["fact_id"] not in set(facts["fact_id"])
    fixed = facts[facts["fact_id"] == fix["fact_id"]].iloc[0]
    assert (fixed["value"], fixed["origin"], fixed["correction_note"]) == (
        95.0,
        "corrected",
        "report says 95%",
    )
    reclassified = facts[facts["fact_id"] == missed["fact_id"]].iloc[0]
    assert (reclassified["indicator"], reclassified["unit"]) == (
        "public_investment_pct_plan",
        "pct",
    )
    added = facts[facts["origin"] == "added"].iloc[0]
    assert added["district"] == "Tây Hồ"
    assert added["sentence"][added["start"] - added["sentence_start"] :].startswith("21")
    assert set(facts["origin"]) == {"extracted", "corrected", "added"}
    assert len(facts) == len(extracted)  # one dropped, one added
    assert tables.corrections.applied == 4
    assert tables.corrections.by_district == {"Tây Hồ": 4}
    assert tables.corrections.stale == []
    assert tables.articles.set_index("doc_id")["n_facts"].sum() == len(facts)
    (dropped,) = tables.corrections.dropped  # listed, never silently gone
    assert (dropped.district, dropped.figure, dropped.note) == (
        "Tây Hồ",
        drop["figure"],
        "not a district result",
    )


def test_unmatched_corrections_are_stale_with_the_reason(corpus: Path, extracted) -> None:
    fact = fact_of(extracted, TAY_HO, "targets_exceeded")
    other_doc = extracted[extracted["doc_id"] == "003_0f7c43e8bdea2af6"].iloc[0]
    (corpus / "003_0f7c43e8bdea2af6.txt").unlink()
    path = write_corrections(
        corpus.parent / "fixes.csv",
        [
            {"action": "drop", **key_of(other_doc), "note": "removed article"},
            {"action": "drop", **key_of(fact), "sentence": "Quận có 6 tổ.", "note": "edited"},
            {"action": "fix", **key_of(fact), "figure": fact["figure"], "value": "7", "note": "x"},
            {"action": "fix", **key_of(fact), "value": "6", "note": "again"},
            {
                "action": "add",
                **key_of(fact),
                "district": "Tây Hồ",
                "year": "2023",
                "period": "FY",
                "indicator": "targets_exceeded",
                "kind": "actual",
                "value": "6",
                "note": "now found",
            },
        ],
    )
    tables = extract_corpus(corpus, corrections_path=path)
    reasons = {item.line: item.reason for item in tables.corrections.stale}
    assert reasons == {2: REASON_NO_ARTICLE, 3: REASON_NO_SENTENCE, 6: REASON_NOW_EXTRACTED}
    assert tables.corrections.applied == 3
    assert "fixes.csv:2" in tables.corrections.stale_lines()[0]


def test_a_drop_of_a_figure_no_longer_reported_is_stale(corpus: Path, extracted) -> None:
    fact = fact_of(extracted, TAY_HO, "targets_exceeded")
    path = write_corrections(
        corpus.parent / "c.csv",
        [
            {"action": "drop", **key_of(fact), "note": "first"},
            {"action": "drop", **key_of(fact), "note": "twice"},
        ],
    )
    stale = extract_corpus(corpus, corrections_path=path).corrections.stale
    assert [(item.line, item.reason, item.dropped_by) for item in stale] == [(3, REASON_DROPPED, 2)]
    assert "the drop on line 2 removed this figure first" in stale[0].why("en")
    assert "dòng 2" in stale[0].why("vi")


def test_corrections_hold_on_every_run(corpus: Path, extracted) -> None:
    fact = fact_of(extracted, TAY_HO, "budget_spending_pct_plan")
    write_corrections(
        corpus.parent / "corrections.csv",
        [{"action": "fix", **key_of(fact), "kind": "target", "note": "a plan"}],
    )
    first, second = extract_corpus(corpus), extract_corpus(corpus, cache_dir=corpus / ".c")
    third = extract_corpus(corpus, cache_dir=corpus / ".c")
    assert first.facts.equals(second.facts) and second.facts.equals(third.facts)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"action": "remove"}, r"c\.csv:3: action 'remove' is not one of drop, fix, add"),
        ({"note": ""}, r"c\.csv:3: note is empty"),
        ({"figure": "77%"}, r"c\.csv:3: figure '77%' is not written in the sentence"),
        ({"action": "fix"}, r"c\.csv:3: a fix changes nothing"),
        ({"value": "9.8"}, r"c\.csv:3: a drop takes no values"),
        ({"action": "fix", "value": "9,8"}, r"c\.csv:3: value '9,8' is not a number"),
        ({"action": "fix", "period": "H1"}, r"c\.csv:3: period 'H1' is not one of FY, Q1"),
        ({"action": "fix", "year": "2023.5"}, r"c\.csv:3: year '2023.5' is not an integer"),
        ({"action": "fix", "district": "Tay Hoo"}, r"c\.csv:3: .*Tây Hồ"),
        ({"action": "add", "value": "5"}, r"c\.csv:3: an add needs district, year"),
        ({"date": "1/3/2024"}, r"c\.csv:3: date '1/3/2024' is not YYYY-MM-DD"),
    ],
)
def test_a_malformed_row_is_an_error_naming_its_line(tmp_path: Path, row, message) -> None:
    good = {"action": "drop", "doc_id": "d", "figure": "9%", "sentence": "Tăng 9%.", "note": "n"}
    path = write_corrections(tmp_path / "c.csv", [good, {**good, **row}])
    with pytest.raises(CorrectionsError, match=message):
        read_corrections(path)


def test_a_fix_that_breaks_the_schema_names_its_line(corpus: Path, extracted) -> None:
    fact = fact_of(extracted, TAY_HO, "targets_exceeded")
    path = write_corrections(
        corpus.parent / "c.csv",
        [{"action": "fix", **key_of(fact), "unit": "count_of_total", "note": "x of y"}],
    )
    with pytest.raises(CorrectionsError, match=r"c\.csv:2.*needs a total"):
        extract_corpus(corpus, corrections_path=path)


def test_a_bad_header_and_a_missing_file_are_errors(tmp_path: Path, corpus: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("action,doc_id,figure,sentence,note,comment\n", encoding="utf-8")
    with pytest.raises(CorrectionsError, match=r"c\.csv:1: .*unknown columns \['comment'\]"):
        read_corrections(path)
    with pytest.raises(FileNotFoundError, match="corrections file not found"):
        extract_corpus(corpus, corrections_path=tmp_path / "none.csv")
