"""The review helpers: which figures are worth a look, and correction rows that paste."""

from __future__ import annotations

import csv
from pathlib import Path

import factories
import pandas as pd
import pytest

from helpers.extract.resolve.confidence import REVIEW_SIGNALS
from helpers.review import candidates as rc
from helpers.review.render import (
    candidates_table,
    correction_row,
    corrections_header,
    highlighted_sentence,
    summary,
)
from helpers.tables.corpus import extract_corpus
from helpers.tables.corrections import read_corrections
from helpers.tables.schema import with_provenance

ARTICLES = pd.DataFrame(
    {"doc_id": ["a", "b"], "published": ["2024-01-02", "2024-02-03"], "file": ["a", "b"]}
)


def fact(doc_id: str, sentence: str, figure: str, indicator: str, value: float, **fields):
    return factories.fact(
        doc_id, "Tây Hồ", indicator, value, sentence=sentence, figure=figure, **fields
    )


def table(rows: list[dict]) -> pd.DataFrame:
    return with_provenance(factories.facts_frame(rows))


def test_each_reason_is_found() -> None:
    facts = table(
        [
            fact(
                "a",
                "Năm 2023 thu ngân sách đạt 112% kế hoạch.",
                "112%",
                "budget_revenue_pct_plan",
                112,
            ),
            fact(
                "b",
                "Năm 2023 thu ngân sách đạt 119% kế hoạch.",
                "119%",
                "budget_revenue_pct_plan",
                119,
            ),
            fact("a", "Năm 2023 tỷ lệ đạt 98%.", "98%", "other", 98, unit="pct"),
            fact("a", "Quận thành lập mới 20 doanh nghiệp.", "20", "new_enterprises", 20),
            fact(
                "a",
                "Năm 2023 chi ước đạt 93%.",
                "93%",
                "budget_spending_pct_plan",
                93,
                qualifier="estimated;approx",
            ),
            fact(
                "a",
                "Trong đó dịch vụ chiếm 52% (năm 2015).",
                "52%",
                "services_share_pct",
                52,
                kind="target",
                year=2015,
            ),
            fact(
                "a", "Năm 2015 quận có 31 doanh nghiệp mới.", "31", "new_enterprises", 31, year=2015
            ),
            fact(
                "b",
                "Năm 2023 quận đạt 30 chỉ tiêu (năm 2022 đạt 88%).",
                "88%",
                "budget_spending_pct_plan",
                88,
                year=2022,
                rule="period=article_frame",
            ),
        ]
    )
    found = rc.review_candidates(facts, ARTICLES, "Tây Hồ")
    by_figure = dict(zip(found["figure"], found["reasons"], strict=True))
    assert by_figure == {
        "112%": [rc.CONFLICT],
        "119%": [rc.CONFLICT],
        "98%": [rc.OTHER_RESULT],
        "20": [rc.NO_YEAR],
        "52%": [rc.TARGET_CUE_ELSEWHERE, rc.OLD_YEAR],
        "31": [rc.OLD_YEAR],
        "88%": [rc.FRAME_PERIOD, rc.IN_BRACKETS],
    }
    assert "93%" not in by_figure  # an estimate alone is no evidence of error
    assert list(found["score"]) == sorted(found["score"], reverse=True)
    assert found["figure"].iloc[0] == "52%"  # the most evidence first
    assert rc.reason_counts(found)[rc.OLD_YEAR] == 2


def test_a_value_far_from_the_districts_other_values_is_an_outlier() -> None:
    rows = [
        fact(d, f"Năm {y} thu ngân sách đạt {v} tỷ đồng.", f"{v}", "budget_revenue_vnd_bn", v,
             year=y)
        for d, y, v in (("a", 2021, 1000), ("a", 2022, 1100), ("b", 2023, 12))
    ]  # fmt: skip
    found = rc.review_candidates(table(rows), ARTICLES, "Tây Hồ")
    outliers = set(found.loc[found["reasons"].map(lambda r: rc.VALUE_OUTLIER in r), "figure"])
    assert outliers == {"12"}


def test_a_target_whose_own_sentence_sets_a_goal_is_not_doubted() -> None:
    sentence = "Năm 2024, quận phấn đấu thu ngân sách đạt 120% kế hoạch."
    rows = [fact("a", sentence, "120%", "budget_revenue_pct_plan", 120, kind="target", year=2024)]
    assert rc.review_candidates(table(rows), ARTICLES, "Tây Hồ").empty


def test_corrected_figures_and_other_districts_are_left_out() -> None:
    rows = [fact("a", "Quận thành lập mới 20 doanh nghiệp.", "20", "new_enterprises", 20)]
    facts = table(rows).assign(origin="corrected")
    assert rc.review_candidates(facts, ARTICLES, "Tây Hồ").empty
    assert rc.review_candidates(table(rows), ARTICLES, "Ba Đình").empty


def test_a_pasted_correction_row_matches_its_figure(tmp_path: Path, seeds_dir: Path) -> None:
    tables = extract_corpus(seeds_dir)
    found = rc.review_candidates(tables.facts, tables.articles, "Tây Hồ")
    assert not found.empty
    target = found.iloc[0]
    cells = next(csv.reader([correction_row(target)]))
    header = corrections_header().split(",")
    for column, text in (("note", "checked by hand"), ("by", "an"), ("date", "2024-05-01")):
        cells[header.index(column)] = text
    path = tmp_path / "corrections.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, cells])
    (correction,) = read_corrections(path)
    assert correction.key == (target["doc_id"], target["figure"], target["sentence"])
    field = rc.REASON_FIELDS[target["reasons"][0]]
    assert list(correction.changes) == [field]  # only the field in doubt, nothing pinned
    corrected = extract_corpus(seeds_dir, corrections_path=path)
    assert corrected.corrections.applied == 1 and not corrected.corrections.stale


def test_article_text_is_escaped_and_the_figure_highlighted() -> None:
    sentence = "Thu đạt 119% <script>alert(1)</script>."
    facts = table([fact("a", sentence, "119%", "other", 119, unit="pct")])
    html = str(highlighted_sentence(facts.iloc[0]))
    assert html == "Thu đạt <mark>119%</mark> &lt;script&gt;alert(1)&lt;/script&gt;."
    found = rc.review_candidates(facts, ARTICLES, "Tây Hồ")
    rendered = candidates_table(found).data
    assert "<script>" not in rendered and "&lt;script&gt;" in rendered
    assert "1 figures worth a look" in summary(found, "Tây Hồ").data


@pytest.mark.parametrize("figure", ["9,8%", "1.050 tỷ đồng"])
def test_correction_rows_quote_commas(figure: str) -> None:
    sentence = f"Năm 2023 đạt {figure}, vượt kế hoạch."
    row = correction_row(table([fact("a", sentence, figure, "other", 9.8, unit="pct")]).iloc[0])
    assert f'"{sentence}"' in row and row.startswith("fix,a,")


def test_the_extractors_review_facts_come_first_with_the_field_in_doubt() -> None:
    facts = table(
        [
            fact(
                "a",
                "Năm 2023 quận có 3 chỉ tiêu (năm 2019 đạt 88%).",
                "88%",
                "budget_spending_pct_plan",
                88,
                year=2019,
            ),
            fact(
                "b",
                "Năm 2023 thu ngân sách đạt 112% kế hoạch.",
                "112%",
                "budget_revenue_pct_plan",
                112,
                year=2023,
                confidence="review",
                rule="time=publication_year;review=weak_year+target",
            ),
        ]
    )
    queue = rc.review_queue(facts, ARTICLES)
    first = queue.iloc[0]
    assert first["doc_id"] == "b"  # rated `review` by the extractor: first, whatever the scores
    assert first["reasons"][:2] == ["flagged:weak_year", "flagged:target"]
    assert rc.REASON_FIELDS[first["reasons"][0]] == "year"
    assert queue.iloc[1]["score"] > 0  # the other still has its own reasons


def test_every_extractor_signal_is_a_queue_reason_with_text_and_field() -> None:
    """A signal added to the extractor is shown in the queue, with the field it doubts."""
    for signal, field in REVIEW_SIGNALS.items():
        reason = rc.FLAGGED + signal
        assert reason in rc.REASON_WEIGHTS and rc.REASON_TEXT[reason]
        assert rc.REASON_FIELDS[reason] == field
    assert set(rc.EXTRACTION_SIGNAL_TEXT) == set(REVIEW_SIGNALS)
