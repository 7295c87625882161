"""Folding: one output character per input character, over the whole of Unicode."""

import unicodedata

from helpers.extract.text.textnorm import _DASHES, _FOLD_RANGES, _fold_char, fold, plain_spacing


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


def test_every_space_character_reads_as_a_plain_space() -> None:
    spaces = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Zs"]
    assert all(plain_spacing(f"a{space}b") == "a b" for space in spaces)
    assert plain_spacing("a\u2028b\u2029c") == "a\nb\nc"


def test_invisible_characters_are_dropped_and_text_is_kept() -> None:
    text = "Quận Ba Đình: thu 4.307 tỷ đồng, tăng 9,8%."
    invisible = "\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\ufeff"
    assert plain_spacing(invisible.join(text)) == text
    assert plain_spacing(text) == text


def test_a_run_of_spaces_reads_as_one() -> None:
    assert plain_spacing("tăng  9,8%   so với\u00a0 cùng kỳ") == "tăng 9,8% so với cùng kỳ"
    assert plain_spacing("dòng một \n  dòng hai") == "dòng một \n dòng hai"
