"""Citations: one precedence for every kind of article (its source's metadata, then
sources.csv, then the text), the outlet from the URL's domain, no paragraph as a title and
no cut word as an author."""

from __future__ import annotations

from helpers.extract.text.metadata import ArticleMetadata, stated_by
from helpers.tables.citations import citation, clean_title, outlet_of_url, plausible_author

METADATA = ArticleMetadata(
    title="date 2022-04 Quận nhỏ nhất Hà Nội nhưng đóng góp ngân sách", published="2022-04",
    author="Cô", outlet="",
)  # fmt: skip
FROM_TEXT = ArticleMetadata("Quận Tây Hồ thu ngân sách vượt dự toán", "2023-01-05", "N.Hoa", "")
PARAGRAPH = " ".join(["Năm 2023, quận Tây Hồ đạt nhiều kết quả quan trọng"] * 8)


def test_the_sidecar_wins_over_the_text() -> None:
    sidecar = stated_by(
        "sources.csv", title="Quận nhỏ nhất Hà Nội", published="2022-04-20", outlet="Dân Việt"
    )
    cited = citation(METADATA, "https://danviet.vn/a.htm", "text", sidecar)
    assert cited == {
        "title": "Quận nhỏ nhất Hà Nội",
        "published": "2022-04-20",
        "author": "",
        "outlet": "Dân Việt",
        "url": "https://danviet.vn/a.htm",
        "provenance": "title=sources.csv;published=sources.csv;outlet=sources.csv;url=text",
    }


def test_without_a_sidecar_the_url_names_the_outlet_and_the_title_is_cleaned() -> None:
    cited = citation(METADATA, "https://www.kinhtedothi.vn/x.html", "text", None)
    assert cited["outlet"] == "Kinh tế & Đô thị"
    assert cited["title"] == "Quận nhỏ nhất Hà Nội nhưng đóng góp ngân sách"
    assert cited["published"] == "2022-04"  # the text's month, as precise as it is
    assert cited["provenance"] == "title=text;published=text;outlet=url;url=text"
    assert outlet_of_url("http://nhipsonghanoi.hanoimoi.com.vn/tin") == (
        "nhipsonghanoi.hanoimoi.com.vn"
    )
    assert outlet_of_url("https://www.tuoitrethudo.vn/a?b=1") == "Tuổi trẻ Thủ đô"
    assert outlet_of_url("https://www.baomoi.example/a") == "baomoi.example"
    assert outlet_of_url("") == ""


def test_text_alone_and_the_outlet_from_the_urls_domain() -> None:
    row = citation(FROM_TEXT, "https://www.hanoimoi.vn/a.html", "text", None)
    assert row["outlet"] == "Hànộimới"  # a known outlet's domain names it
    assert row["provenance"] == "title=text;published=text;author=text;outlet=url;url=text"


def test_sources_csv_wins_over_the_text_and_a_page_over_sources_csv() -> None:
    sidecar = stated_by(
        "sources.csv", title="Tiêu đề đúng", url="https://x.vn/1", outlet="Hà Nội Mới"
    )
    row = citation(FROM_TEXT, "https://y.vn/in-text", "text", sidecar)
    assert (row["title"], row["url"], row["outlet"]) == (
        "Tiêu đề đúng",
        "https://x.vn/1",
        "Hà Nội Mới",
    )
    assert (
        row["provenance"]
        == "title=sources.csv;published=text;author=text;outlet=sources.csv;url=sources.csv"
    )
    from_page = ArticleMetadata(
        "Tiêu đề trang",
        "2023-01-04",
        "",
        "Kinh tế & Đô thị",
        "title=page;published=page;outlet=page",
    )
    row = citation(from_page, "https://kinhtedothi.vn/1", "page", sidecar)
    assert (row["title"], row["outlet"], row["url"]) == (
        "Tiêu đề trang",
        "Kinh tế & Đô thị",
        "https://kinhtedothi.vn/1",
    )
    assert row["provenance"] == "title=page;published=page;outlet=page;url=page"


def test_a_paragraph_is_no_title() -> None:
    long = "Trong năm 2023, " + "quận đã hoàn thành " * 8
    assert len(clean_title(long)) <= 160 and clean_title(long).endswith("…")
    row = citation(ArticleMetadata(PARAGRAPH, "", "", ""), "", "", None)
    assert row["title"] == ""
    assert row["provenance"] == ""
    row = citation(
        ArticleMetadata(PARAGRAPH, "", "", ""), "", "", stated_by("sources.csv", title="T")
    )
    assert row["title"] == "T"


def test_an_author_is_a_name_not_a_cut_word() -> None:
    assert plausible_author("Cô", "") == ""
    assert plausible_author("Hội nghị BCH ( )", "Hội nghị BCH") == ""
    assert plausible_author("N.Hoa", "") == "N.Hoa"
    assert plausible_author("Minh Anh", "") == "Minh Anh"
    stated = ArticleMetadata("Tiêu đề", "", "Cô", "", "author=archive")
    assert citation(stated, "", "", None)["author"] == "Cô"  # stated, not guessed
