"""Sentences keep exact offsets into the cleaned text."""

from helpers.extract.text.sentences import split_sentences


def test_offsets_point_at_the_sentence_text():
    text = "Tiêu đề bài\n\nNăm 2023, quận đạt 9,8%. Thu ngân sách đạt 5.330,9 tỷ đồng!\n- Vâng ạ."
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Tiêu đề bài",
        "Năm 2023, quận đạt 9,8%.",
        "Thu ngân sách đạt 5.330,9 tỷ đồng!",
        "Vâng ạ.",
    ]
    assert all(text[s.start : s.end] == s.text for s in sentences)
    assert [s.paragraph for s in sentences] == [0, 1, 1, 2]


def test_ellipsis_ends_a_sentence_and_stays_with_it():
    sentences = split_sentences("Kế hoạch 5 năm 2021-2025… Quận Hoàn Kiếm cũng sẽ làm.")
    assert sentences[0].text == "Kế hoạch 5 năm 2021-2025…"


def test_abbreviations_and_initials_do_not_split():
    sentences = split_sentences("Theo TP. Hà Nội, quận đạt 90%. Ông Nguyễn V. An nói vậy.")
    assert len(sentences) == 2


def test_colon_and_decimal_points_do_not_split():
    sentences = split_sentences("Kết quả: Hoàn thành 21/21 chỉ tiêu, tăng 9.8 điểm.")
    assert len(sentences) == 1
