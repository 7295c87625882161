"""Title, date, author and outlet from an article's own head, never from related news."""

from helpers.extract.text.cleaning import clean_article
from helpers.extract.text.metadata import extract_metadata, find_title


def _metadata(text: str):
    title = find_title(text.split("\n"))
    return extract_metadata(text, clean_article(text, title).text.split("\n"))


def test_category_line_is_not_the_title_and_byline_gives_date_and_author():
    meta = _metadata(
        "Chính trị\n\nĐề cao kỷ cương, kỷ luật phục vụ nhân dân\n\nHương Ly 11/02/2024 15:00\n\n"
        "Năm 2023, quận hoàn thành 21/21 chỉ tiêu.\n"
    )
    assert (meta.title, meta.published, meta.author) == (
        "Đề cao kỷ cương, kỷ luật phục vụ nhân dân",
        "2024-02-11",
        "Hương Ly",
    )


def test_weekday_byline_and_outlet_marker():
    meta = _metadata(
        "Gia Lâm: Thu ngân sách 6 tháng đạt 61,3% dự toán\n\nThứ Tư, 03/07/2024 - 14:20\n\n"
        "(KTĐT) - 6 tháng đầu năm 2024, huyện Gia Lâm đạt kết quả khá.\n"
    )
    assert meta.published == "2024-07-03"
    assert meta.outlet == "Kinh tế & Đô thị"


def test_related_news_dates_are_not_the_publication_date_and_signature_is_the_author():
    meta = _metadata(
        "Quận Tây Hồ hoàn thành các phong trào thi đua\nNăm 2023, quận đạt nhiều kết quả.\n"
        "Tập thể được khen thưởng.\nN.Hoa\nTin khác\nMột tin khác\nChỉ đạo - Điều hành 23/01/2025 20:53\n"
    )
    assert meta.published == ""
    assert meta.author == "N.Hoa"


def test_impossible_date_is_ignored():
    assert _metadata("Tiêu đề của một bài báo\nAn 31/02/2024 10:00\nNội dung.\n").published == ""


def test_a_dated_document_or_sentence_in_the_body_is_no_byline():
    for body in (
        "Huyện được thành lập theo Nghị quyết số 15/2008/QH12 ngày 29/5/2008 của Quốc hội.",
        "Theo Quyết định 1234/QĐ-UBND ngày 5.6.2019.",
        "Hội nghị sơ kết được tổ chức ngày 20/11/2019 tại trụ sở UBND huyện.",
    ):
        meta = _metadata(f"Huyện Đông Anh đạt nhiều kết quả tích cực\n\n{body}\n\nNội dung.\n")
        assert meta.published == ""
    assert _metadata(
        "Tiêu đề của một bài báo dài\n\nHà Nội, ngày 05-03-2021\n\nNội dung.\n"
    ).published == ("2021-03-05")


def test_the_archive_month_wins_over_an_unlabelled_date_of_another_month():
    text = " date 2022-04 Năm 2021, quận đạt nhiều kết quả.\n\nHà Nội, ngày {}\n\nNội dung.\n"
    assert _metadata(text.format("05-03-2021")).published == "2022-04"
    assert _metadata(text.format("12-04-2022")).published == "2022-04-12"


def test_a_date_in_a_wrapped_sentence_is_no_byline():
    meta = _metadata(
        "Quận Hai Bà Trưng: thu ngân sách tăng 20%\n\nTổng thu ngân sách trên địa bàn quận, tính\n"
        "đến ngày 31/5/2023, đạt trên 7.743 tỷ đồng.\n"
    )
    assert (meta.published, meta.author) == ("", "")
