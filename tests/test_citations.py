"""Citations: a researcher's sources.csv before guesses from the text."""

from __future__ import annotations

from helpers.extract.metadata import ArticleMetadata
from helpers.tables.citations import citation, clean_title, outlet_of_url, plausible_author

METADATA = ArticleMetadata(
    title="date 2022-04 Quận nhỏ nhất Hà Nội nhưng đóng góp ngân sách", published="2022-04",
    author="Cô", outlet="",
)  # fmt: skip


def test_the_sidecar_wins_over_the_text() -> None:
    given = {"title": "Quận nhỏ nhất Hà Nội", "published": "2022-04-20", "outlet": "Dân Việt"}
    cited = citation(METADATA, "https://danviet.vn/a.htm", given)
    assert cited == {
        "title": "Quận nhỏ nhất Hà Nội",
        "published": "2022-04-20",
        "author": "",
        "outlet": "Dân Việt",
    }


def test_without_a_sidecar_the_url_names_the_outlet_and_the_title_is_cleaned() -> None:
    cited = citation(METADATA, "https://www.kinhtedothi.vn/x.html", {"published": "20/04/2022"})
    assert cited["outlet"] == "Kinh tế & Đô thị"
    assert cited["title"] == "Quận nhỏ nhất Hà Nội nhưng đóng góp ngân sách"
    assert cited["published"] == "2022-04"  # a sidecar date not in ISO form is ignored
    assert outlet_of_url("http://nhipsonghanoi.hanoimoi.com.vn/tin") == (
        "nhipsonghanoi.hanoimoi.com.vn"
    )
    assert outlet_of_url("") == ""


def test_a_paragraph_is_no_title() -> None:
    long = "Trong năm 2023, " + "quận đã hoàn thành các chỉ tiêu " * 20
    assert len(clean_title(long)) <= 160 and clean_title(long).endswith("…")


def test_an_author_is_a_name_not_a_cut_word() -> None:
    assert plausible_author("Cô", "") == ""
    assert plausible_author("Hội nghị BCH ( )", "Hội nghị BCH") == ""
    assert plausible_author("N.Hoa", "") == "N.Hoa"
    assert plausible_author("Minh Anh", "") == "Minh Anh"
