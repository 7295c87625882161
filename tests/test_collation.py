"""Vietnamese alphabetical order of district names."""

from __future__ import annotations

from helpers.extract.reference.gazetteer import districts
from helpers.render.collation import collation_key, collation_string, sorted_vietnamese


def test_d_stroke_after_d_and_u_horn_after_u() -> None:
    names = [
        "Ứng Hòa",
        "Thanh Xuân",
        "Đống Đa",
        "Ba Đình",
        "Đan Phượng",
        "Ung Văn",
        "Vân Đình",
        "Hà Đông",
    ]
    assert sorted_vietnamese(names) == [
        "Ba Đình", "Đan Phượng", "Đống Đa", "Hà Đông", "Thanh Xuân", "Ung Văn", "Ứng Hòa", "Vân Đình",
    ]  # fmt: skip
    assert sorted(names) != sorted_vietnamese(names)  # code-point order puts Đ, Ứ last


def test_letters_before_tones_and_vowel_letters_in_alphabet_order() -> None:
    assert sorted_vietnamese(["ma", "mà", "má", "mả", "mạ", "mã"]) == [
        "ma",
        "mà",
        "mả",
        "mã",
        "má",
        "mạ",
    ]
    assert sorted_vietnamese(["ô", "o", "ơ", "ồ", "ob"]) == ["o", "ob", "ô", "ồ", "ơ"]
    assert sorted_vietnamese(["Cầu Giấy", "Chương Mỹ"]) == ["Cầu Giấy", "Chương Mỹ"]


def test_composed_and_decomposed_text_sort_alike() -> None:
    import unicodedata

    name = "Ứng Hòa"
    assert collation_key(unicodedata.normalize("NFD", name))[:2] == collation_key(name)[:2]


def test_browser_keys_sort_like_the_python_key() -> None:
    names = [district.name for district in districts()]
    assert sorted(names, key=collation_string) == sorted_vietnamese(names)
    assert sorted(["Ba Vì", "Ba", "Bá"], key=collation_string) == ["Ba", "Bá", "Ba Vì"]


def test_a_space_ranks_before_every_letter() -> None:
    names = ["Hoàng Mai", "Hoàn Kiếm", "Phúc Thọ", "Phú Xuyên"]
    assert sorted_vietnamese(names) == ["Hoàn Kiếm", "Hoàng Mai", "Phú Xuyên", "Phúc Thọ"]
    keys = sorted(names, key=collation_string)
    assert keys == ["Hoàn Kiếm", "Hoàng Mai", "Phú Xuyên", "Phúc Thọ"]
