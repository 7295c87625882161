"""Folding: one output character per input character, over the whole of Unicode."""

from helpers.extract.text.textnorm import _DASHES, _FOLD_RANGES, _fold_char, fold


def test_fold_follows_the_character_rule_over_all_of_unicode() -> None:
    chars = [chr(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000]
    latin = {chr(code) for first, last in _FOLD_RANGES for code in range(first, last + 1)}
    dashes = {chr(code) for code in _DASHES}
    expected = "".join(_fold_char(c) if c in latin else "-" if c in dashes else c for c in chars)
    assert fold("".join(chars)) == expected


def test_fold_strips_vietnamese_marks_and_keeps_other_characters() -> None:
    assert fold("Quận Đống Đa, HOÀN KIẾM") == "quan dong da, hoan kiem"
    assert fold("“Ω” … 😀 ǅ") == "“Ω” … 😀 ǆ"


def test_dashes_of_every_width_fold_to_a_hyphen() -> None:
    assert fold("Công nghiệp – xây dựng — nông ‑ lâm") == "cong nghiep - xay dung - nong - lam"
