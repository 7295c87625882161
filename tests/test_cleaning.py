"""Page furniture is removed by its structure; article text is kept."""

import textwrap

import pytest

from helpers.extract.text.cleaning import clean_article, date_marker
from helpers.extract.text.metadata import find_title

TITLE = "Huyện Mê Linh: 9 tháng thu ngân sách đạt 80% dự toán"
BODY = "Thu ngân sách trên địa bàn huyện đạt 1.200 tỷ đồng, bằng 80% dự toán năm."


def _clean(*lines: str) -> str:
    return clean_article("\n".join(lines), TITLE).text


def test_related_news_block_with_timestamps_is_dropped_until_the_body_resumes():
    text = _clean(
        TITLE,
        "",
        BODY,
        "",
        "Tin liên quan",
        "Quận Ba Đình: thu ngân sách đạt 120% dự toán",
        "Chỉ đạo - Điều hành 12/10/2023 08:15",
        "Huyện Sóc Sơn thu hút 12 dự án",
        "",
        "Huyện cũng đã giải ngân 450 tỷ đồng vốn đầu tư công, đạt 60% kế hoạch.",
    )
    assert "Ba Đình" not in text and "Sóc Sơn" not in text and "08:15" not in text
    assert "giải ngân 450 tỷ đồng" in text


def test_headings_of_several_outlets_open_related_blocks():
    for heading in (
        "Có thể bạn quan tâm",
        "Nên xem",
        "Tin khác",
        "Đừng bỏ lỡ",
        "Bài liên quan",
        "ĐỌC THÊM",
        "Xem thêm:",
    ):
        text = _clean(TITLE, BODY, heading, "Hà Nội: 9 tháng GRDP tăng 6,5%")
        assert "GRDP" not in text, heading


def test_inline_read_more_link_is_dropped():
    assert "2.450" not in _clean(TITLE, BODY, "Xem thêm: Gia Lâm thu ngân sách đạt 2.450 tỷ đồng")


def test_comment_counters_copyright_images_and_bylines_are_dropped():
    text = _clean(
        TITLE,
        "Hương Ly 11/02/2024 15:00",
        BODY,
        "tayho.hanoi.gov.vn-medias-1-35-2024-1-6-_8f5b75e1.jpg",
        "(0) Bình luận",
        "Bình luận (3)",
        "© Bản quyền thuộc về Báo điện tử Kinh tế & Đô thị.",
        "(*) Không sao chép dưới mọi hình thức khi chưa có sự đồng ý bằng văn bản.",
        "Lượt xem: 1.245",
        "Từ khóa: Mê Linh, thu ngân sách",
    )
    assert text == f"{TITLE}\n{BODY}"


def test_caption_repeating_the_title_is_dropped_but_the_title_kept_once():
    caption = TITLE.replace(":", " -").upper()
    text = _clean(TITLE, "", BODY, caption, "Toàn cảnh hội nghị.")
    assert text.count("9 tháng thu ngân sách") == 1
    assert "Toàn cảnh hội nghị." in text


def test_long_sentence_after_heading_ends_the_block():
    sentence = (
        "Trong khi đó, huyện đã hoàn thành 18/18 chỉ tiêu kinh tế - xã hội, trong đó "
        "7 chỉ tiêu vượt kế hoạch, tổng giá trị sản xuất tăng 8,1% so với cùng kỳ năm trước."
    )
    assert sentence in _clean(TITLE, "Tin liên quan", "Một tin khác", sentence)


def test_a_hard_wrap_inside_a_sentence_is_joined_with_the_same_length():
    lines = (
        TITLE,
        "Tổng thu ngân sách trên địa bàn",
        "huyện 6 tháng đầu năm ước đạt",
        "696 tỷ đồng, tăng",
        "(giá so sánh) 9,8% so với cùng kỳ năm",
        "2019.",
    )
    cleaned = clean_article("\n".join(lines), TITLE)
    assert cleaned.text.split("\n")[1] == " ".join(lines[1:])
    assert len(cleaned.text) == len(cleaned.folded) == len("\n".join(lines))


def test_line_breaks_that_are_no_wraps_stay():
    kept = [
        ("Kinh tế tăng trưởng khá", "6 tháng đầu năm, thu ngân sách đạt 500 tỷ đồng."),  # title
        ("Giá trị sản xuất đạt 500 tỷ đồng.", "thu ngân sách đạt 200 tỷ đồng."),  # closed
        ("Các chỉ tiêu chủ yếu", "2. Thu ngân sách đạt 200 tỷ đồng."),  # a list number
        ("Các chỉ tiêu chủ yếu", "2.1. Thu ngân sách đạt 200 tỷ đồng."),  # a section number
        ("Các chỉ tiêu chủ yếu", "Thu ngân sách đạt 200 tỷ đồng."),  # a capital
        ("Các chỉ tiêu chủ yếu", "- thu ngân sách đạt 200 tỷ đồng."),  # a bullet
    ]
    for first, second in kept:
        text = clean_article(f"{first}\n{second}", first).text
        assert text == f"{first}\n{second}", (first, second)
    assert clean_article(f"{TITLE}\n\nthu ngân sách\n\nđạt 200 tỷ", TITLE).text.count("\n") == 4


def test_a_wrapped_paragraph_under_related_headlines_is_article_text():
    text = (
        f"{TITLE}\nTin liên quan\nHuyện Mê Linh hoàn thành 18/18 chỉ tiêu năm 2019\n"
        "Thu ngân sách trên địa bàn huyện tính đến\nngày 31/5/2023, đạt\n1.234 tỷ đồng.\n"
    )
    lines = clean_article(text, TITLE).text.split("\n")
    assert lines == [
        TITLE,
        "Thu ngân sách trên địa bàn huyện tính đến ngày 31/5/2023, đạt 1.234 tỷ đồng.",
    ]


def test_a_wrapped_title_is_kept_whole():
    lines = (
        "Huyện Đông Anh hoàn thành vượt mức",
        "các chỉ tiêu kinh tế năm 2019",
        "(HNM) - Sáng 5/1.",
    )
    title = find_title(list(lines))
    assert title == " ".join(lines[:2])
    assert clean_article("\n".join(lines), title).text.split("\n") == [title, lines[2]]


def test_a_blank_line_ends_a_block_of_headlines_standing_together():
    body = "Năm 2022, tổng giá trị sản xuất ước đạt 24.477 tỷ"  # cut short by the source
    block = "Có thể bạn quan tâm\nQuận Ba Đình: thu ngân sách tăng 8,5%\nHuyện Mê Linh đạt 92%"
    assert clean_article(f"{TITLE}\n\n{block}\n\n{body}\n", TITLE).text.split("\n")[-1] == body
    spaced = "Tin khác\n\nQuận Ba Đình: thu ngân sách tăng 8,5%\n\nHuyện Mê Linh đạt 92%"
    assert clean_article(f"{TITLE}\n\n{spaced}\n", TITLE).text == TITLE


@pytest.mark.parametrize("width", [None, 52, 70])
def test_an_article_opening_with_a_paragraph_has_no_title(width: int | None) -> None:
    paragraph = (
        "Theo báo cáo, trong 10 tháng đầu năm 2020, mặc dù tình hình dịch bệnh bùng phát, "
        "diễn biến phức tạp, kinh tế của thành phố Hà Nội vẫn tăng trưởng. Tuy nhiên, với "
        "tinh thần tập trung, chủ động, kinh tế – xã hội của huyện Đông Anh vẫn có sự tăng "
        "trưởng và đạt được những kết quả tích cực."
    )
    lines = [paragraph] if width is None else textwrap.wrap(paragraph, width)
    text = "\n".join([*lines, "Cụ thể, giá trị sản xuất ước đạt 106.729 tỷ đồng."])
    assert find_title(text.split("\n")) == ""
    assert find_title(["Huyện Đông Anh: kinh tế tăng trưởng khá", *text.split("\n")]) == (
        "Huyện Đông Anh: kinh tế tăng trưởng khá"
    )


def test_a_related_block_above_the_text_is_never_the_title() -> None:
    block = [
        "Tin liên quan",
        "Quận Ba Đình: thu ngân sách đạt 1.520 tỷ đồng, vượt 15% dự toán",
        "Huyện Chương Mỹ hoàn thành 18/18 chỉ tiêu kinh tế - xã hội năm 2019",
    ]
    body = [
        "Chặng đường 10 năm qua, huyện Đan Phượng tự hào đạt được những thành tựu to lớn. Đây",
        "cũng là một trong những địa phương trên địa bàn Thủ đô có tốc độ đô thị hóa nhanh,",
        "theo hướng tăng nhanh tỷ trọng công nghiệp, dịch vụ.",
    ]
    assert find_title([*block, *body]).startswith("Chặng đường 10 năm qua")
    title = "Huyện Đan Phượng: 10 năm phát triển toàn diện"
    assert find_title([title, *block, *body]) == title


def test_an_archive_marker_line_cut_short_by_a_wrap_is_still_the_marker() -> None:
    lines = [
        " date 2024-03 Kể từ ngày chính thức đi vào hoạt động (01/4/2014),",
        "đến nay, bộ mặt đô thị quận Nam Từ Liêm đã có nhiều bước đột phá.",
    ]
    found = date_marker(lines)
    assert found is not None and found[0] == 0 and found[1].group().strip() == "date 2024-03"
