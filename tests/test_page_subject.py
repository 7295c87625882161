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
