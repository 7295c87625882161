"""An excerpt that names no district (only `huyện`, `quận`) is about the district its page
names: the title its source states, else the words of its URL's path; such facts are
`review`. A district the text names wins, and a page naming none gives no facts."""

import pytest

from helpers.extract.facts import extract_article
from helpers.extract.text.metadata import stated_by

BODIES = (
    "Theo ông Phạm Văn Minh, kinh tế huyện tiếp tục trên đà tăng trưởng với tổng giá trị "
    "sản xuất năm 2021 tăng 4,96% so với năm 2020.",
    "Năm 2021, tổng giá trị sản xuất trên địa bàn ước đạt 4.619 tỷ đồng, tăng 4,96% so với "
    "cùng kỳ.",
    "Ngành nông nghiệp tiếp tục thể hiện vai trò bệ đỡ của nền kinh tế, năm 2021 tăng 4,79% "
    "so với năm 2020, vượt chỉ tiêu kế hoạch đặt ra.",
)
PAGES = (
    ("Diện mạo huyện Sóc Sơn thay đổi nhờ xây dựng nông thôn mới", "", "Sóc Sơn"),
    (
        "",
        "https://vietbao.vn/dien-mao-huyen-soc-son-thay-doi-nho-xay-dung-nong-thon-moi-369828.html",
        "Sóc Sơn",
    ),
    (
        "Kinh tế tăng trưởng khá",
        "https://example.vn/kinh-te/quan_tay_ho/tang-truong-123.html",
        "Tây Hồ",
    ),
    ("Quận Hoàng Mai: kinh tế tăng trưởng khá", "https://example.vn/tin/123.html", "Hoàng Mai"),
)


@pytest.mark.parametrize("body", BODIES)
@pytest.mark.parametrize(("title", "url", "district"), PAGES)
def test_the_page_names_the_district_the_text_does_not(body, title, url, district):
    given = stated_by("page", title=title, url=url)
    facts = [f for f in extract_article(body, "a", given=given).facts if f.indicator != "other"]
    assert facts and {f.district for f in facts} == {district}
    assert {f.confidence for f in facts} == {"review"}


@pytest.mark.parametrize("body", BODIES)
def test_a_page_naming_no_district_gives_no_facts(body):
    given = stated_by(
        "page", title="Hiệu quả trong phát triển nông nghiệp", url="https://x.vn/a-1.html"
    )
    assert not extract_article(body, "a", given=given).facts
    assert not extract_article(body, "a").facts


def test_a_district_the_text_names_wins_over_the_page():
    body = "Năm 2021, giá trị sản xuất của huyện Đông Anh đạt 4.619 tỷ đồng, tăng 4,96%."
    given = stated_by(
        "page", title="Diện mạo huyện Sóc Sơn", url="https://x.vn/huyen-soc-son-1.html"
    )
    facts = extract_article(body, "a", given=given).facts
    assert facts and {f.district for f in facts} == {"Đông Anh"}


def test_the_site_name_is_no_district():
    given = stated_by("page", url="https://tayho.hanoi.gov.vn/tin-tuc/kinh-te-123.html")
    assert not extract_article(BODIES[1], "a", given=given).facts


def _corpus_with_sidecar(tmp_path, sidecar: bool):
    """A corpus of one excerpt naming only `huyện`, with or without the `sources.csv`
    whose URL names the district."""
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "excerpt.txt").write_text(
        "Kinh tế tiếp tục tăng trưởng\n\n" + BODIES[1] + "\n", encoding="utf-8"
    )
    if sidecar:
        (tmp_path / "sources.csv").write_text(
            "doc_id,url\nexcerpt,https://vietbao.vn/dien-mao-huyen-soc-son-thay-doi-369828.html\n",
            encoding="utf-8",
        )
    return articles


@pytest.mark.parametrize("sidecar", [True, False])
def test_a_corpus_sidecar_reaches_the_extractor(tmp_path, sidecar):
    """The URL `sources.csv` states names the district of an excerpt that says only
    `huyện` (the prefilter lets it through too); without the sidecar it gives nothing."""
    from helpers.tables.corpus import extract_corpus

    tables = extract_corpus(_corpus_with_sidecar(tmp_path, sidecar))
    facts = tables.facts[tables.facts["indicator"] != "other"]
    if not sidecar:
        assert facts.empty and tables.about_no_district == 1
        return
    assert set(facts["district"]) == {"Sóc Sơn"} and len(facts) == 2
    assert set(facts["confidence"]) == {"review"}
    assert "url=sources.csv" in tables.articles.loc[0, "provenance"]


def test_a_page_own_title_wins_over_the_sidecar(tmp_path):
    """What a saved page states comes first; `sources.csv` fills only what it leaves out."""
    from helpers.sources.items import StatedFile, read_item

    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Huyện Ba Vì: kinh tế tăng trưởng</title></head>"
        "<body><p>Năm 2021, kinh tế tăng 4,96%.</p></body></html>",
        encoding="utf-8",
    )
    stated = stated_by(
        "sources.csv", title="Huyện Sóc Sơn", url="https://example.vn/huyen-soc-son.html"
    )
    article = read_item(StatedFile(page, stated))
    assert article is not None and article.given is not None
    assert article.given.title == "Huyện Ba Vì: kinh tế tăng trưởng"
    assert article.given.url == "https://example.vn/huyen-soc-son.html"
    assert article.given.source_of("url") == "sources.csv"
