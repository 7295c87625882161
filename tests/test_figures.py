"""A figure's text, its derivation and whose target it is, from sentence offsets."""

from __future__ import annotations

import pytest

from helpers.render import figures


def row(sentence: str, figure: str, value: float, unit: str = "pct", at: int = 500) -> dict:
    start = at + sentence.index(figure)
    return {
        "sentence": sentence,
        "sentence_start": at,
        "start": start,
        "end": start + len(figure),
        "value": value,
        "unit": unit,
    }


def test_figure_text_comes_from_the_stored_offsets() -> None:
    sentence = "Năm 2023 có 3 đề án, 3 chương trình."
    second = row(sentence, "3 chương", 3.0, "count")
    second["end"] = second["start"] + 1
    assert figures.figure_text(second) == "3"
    assert second["start"] - 500 == sentence.index("3 chương")


def test_figure_text_outside_the_sentence_is_an_error() -> None:
    broken = row("Đạt 5%.", "5%", 5.0) | {"end": 10_000}
    with pytest.raises(ValueError, match="outside the sentence"):
        figures.figure_text(broken)


@pytest.mark.parametrize(
    ("sentence", "figure", "value", "unit", "lang", "expected"),
    [
        ("Thu vượt 11,6% dự toán.", "11,6%", 111.6, "pct", "vi",
         "“11,6%” vượt kế hoạch: 100 % + 11,6 % = 111,6 % kế hoạch"),
        ("Tăng ít nhất 5% so với kế hoạch.", "5%", 105.0, "pct", "en",
         "“5%” above the plan: 100 % + 5 % = 105 % of plan"),
        ("Đạt 98 nghìn tỷ đồng.", "98 nghìn tỷ đồng", 98000.0, "vnd_bn", "en",
         "“98 nghìn tỷ đồng” = 98\u202f000 (thousands written out)"),
        ("Có 6/21 chỉ tiêu vượt.", "6/21", 6.0, "count", "en", ""),
        ("Đạt 1.050 tỷ đồng.", "1.050 tỷ đồng", 1050.0, "vnd_bn", "vi", ""),
        ("Đạt 2 tỷ 300 triệu.", "2 tỷ 300 triệu", 2.3, "vnd_bn", "en",
         "“2 tỷ 300 triệu” read as 2.3"),
    ],
)  # fmt: skip
def test_derivation_is_explained_from_text_and_unit(
    sentence: str, figure: str, value: float, unit: str, lang: str, expected: str
) -> None:
    assert figures.derivation(row(sentence, figure, value, unit), lang) == expected


@pytest.mark.parametrize(
    ("sentence", "figure", "scope"),
    [
        ("Hoàn thành 12/12 chỉ tiêu Thành phố giao, 16/16 chỉ tiêu HĐND quận giao.", "12/12", "city"),
        ("Hoàn thành 12/12 chỉ tiêu Thành phố giao, 16/16 chỉ tiêu HĐND quận giao.", "16/16", "council"),
        ("Hoàn thành 21/21 chỉ tiêu Nghị quyết Đại hội đề ra.", "21/21", "party"),
        ("Hoàn thành 21/21 chỉ tiêu, vượt kế hoạch thành phố.", "21/21", ""),
    ],
)  # fmt: skip
def test_target_scope_reads_the_words_after_the_count(
    sentence: str, figure: str, scope: str
) -> None:
    assert figures.target_scope(row(sentence, figure, 1.0, "count_of_total")) == scope
