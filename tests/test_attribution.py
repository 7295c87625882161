"""Subject markers: a district, the district in context, or the city."""

from helpers.extract.resolve.attribution import CITY, ELSEWHERE, UNIT, WARD, sentence_subjects
from helpers.extract.text.textnorm import fold


def _markers(sentence: str) -> list:
    return [
        s.district.name if hasattr(s.district, "name") else s.district
        for s in sentence_subjects(sentence, fold(sentence))
    ]


def test_named_district_and_generic_words():
    assert _markers("Quận Tây Hồ đạt 112%, toàn quận có 27 trường") == ["Tây Hồ", None]


def test_city_wide_markers():
    assert _markers("Toàn thành phố có 20.540 doanh nghiệp") == [CITY]
    assert _markers("Hà Nội: GRDP tăng 7,79%") == [CITY]
    assert _markers("thu ngân sách trên địa bàn Thành phố đạt 253,9 nghìn tỷ") == [CITY]


def test_city_in_a_plan_an_institution_or_a_complement_is_not_a_subject():
    assert _markers("đạt 415% kế hoạch Thành phố giao") == []
    assert _markers("Chủ tịch UBND thành phố Hà Nội") == []
    assert _markers("bám sát sự chỉ đạo của thành phố") == []


def test_wards_streets_and_lakes_are_not_districts():
    assert _markers("phường Thanh Xuân Bắc và phố Hai Bà Trưng") == [WARD]
    assert _markers("kinh tế - xã hội của các xã, thị trấn") == []


def test_tone_mark_variants_and_missing_diacritics_name_the_district():
    assert _markers("huyện Ứng Hoà đạt") == ["Ứng Hòa"]
    assert _markers("quan Cau Giay dat") == ["Cầu Giấy"]


def test_in_the_area_refers_to_the_unit_named_before_it():
    assert _markers("Toàn thành phố, thu ngân sách trên địa bàn đạt 90%") == [CITY]
    assert _markers("Phường Quảng An, thu ngân sách trên địa bàn đạt 90%") == [WARD]
    assert _markers("Quận Tây Hồ, thu ngân sách trên địa bàn đạt 90%") == ["Tây Hồ", None]


def test_the_type_word_thi_xa_is_not_a_commune():
    assert _markers("Tổng thu ngân sách trên địa bàn thị xã đạt 1.482 tỷ đồng") == [None, None]
    assert _markers("Xã hội hóa giáo dục") == []


def test_places_outside_hanoi_are_elsewhere_unless_they_say_where_a_district_is():
    assert _markers("tỉnh Bắc Ninh thu ngân sách đạt 40.000 tỷ đồng") == [ELSEWHERE]
    assert _markers("Huyện Văn Giang (Hưng Yên) thu ngân sách") == [ELSEWHERE]
    assert _markers("huyện Ba Vì, tỉnh Hà Tây thu ngân sách") == ["Ba Vì"]
    assert _markers("của huyện Ba Vì (tỉnh Hà Tây cũ) đạt") == ["Ba Vì"]
    assert _markers("huyện Ba Vì (Hà Nội) đạt") == ["Ba Vì"]


def test_named_organisations_sites_and_projects_are_units_not_the_district():
    assert _markers("Tổng công ty Viglacera có giá trị sản xuất") == [UNIT]
    assert _markers("Khu công nghiệp Thăng Long có giá trị sản xuất") == [UNIT]
    assert _markers("Dự án đường Vành đai 4 đã giải ngân 90%") == [UNIT]
    assert UNIT not in _markers("các doanh nghiệp, hợp tác xã trên địa bàn huyện")
