"""The best title, date, author, outlet and URL of an article, and where each came from."""

from __future__ import annotations

from helpers.extract.metadata import ArticleMetadata, stated_by
from helpers.tables.citation import cited_metadata, url_domain

FROM_TEXT = ArticleMetadata("Quận Tây Hồ thu ngân sách vượt dự toán", "2023-01-05", "N.Hoa", "")
PARAGRAPH = " ".join(["Năm 2023, quận Tây Hồ đạt nhiều kết quả quan trọng"] * 8)


def test_text_alone_and_the_outlet_from_the_urls_domain() -> None:
    row = cited_metadata(FROM_TEXT, "https://www.hanoimoi.vn/a.html", "text", None)
    assert row["outlet"] == "hanoimoi.vn"
    assert row["provenance"] == "title=text;published=text;author=text;outlet=url;url=text"


def test_sources_csv_wins_over_the_text_and_a_page_over_sources_csv() -> None:
    sidecar = stated_by(
        "sources.csv", title="Tiêu đề đúng", url="https://x.vn/1", outlet="Hà Nội Mới"
    )
    row = cited_metadata(FROM_TEXT, "https://y.vn/in-text", "text", sidecar)
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
    row = cited_metadata(from_page, "https://kinhtedothi.vn/1", "page", sidecar)
    assert (row["title"], row["outlet"], row["url"]) == (
        "Tiêu đề trang",
        "Kinh tế & Đô thị",
        "https://kinhtedothi.vn/1",
    )
    assert row["provenance"] == "title=page;published=page;outlet=page;url=page"


def test_a_paragraph_read_as_a_title_is_not_cited() -> None:
    row = cited_metadata(ArticleMetadata(PARAGRAPH, "", "", ""), "", "", None)
    assert row["title"] == ""
    assert row["provenance"] == ""
    row = cited_metadata(
        ArticleMetadata(PARAGRAPH, "", "", ""), "", "", stated_by("sources.csv", title="T")
    )
    assert row["title"] == "T"


def test_url_domain() -> None:
    assert url_domain("https://www.tuoitrethudo.vn/a?b=1") == "tuoitrethudo.vn"
    assert url_domain("") == ""
