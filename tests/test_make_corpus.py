"""The benchmark corpus builder (benchmarks/make_corpus.py)."""

from __future__ import annotations

import importlib.util
import random
import re
import sys
import unicodedata
from pathlib import Path
from types import ModuleType

import pytest

MODULE_PATH = Path(__file__).resolve().parent.parent / "benchmarks" / "make_corpus.py"
N_ARTICLES = 12
FILE_NAME = re.compile(r"^(\d{5})_([a-z]+(?:-[a-z]+)*)\.txt$")
PERCENT = re.compile(r"(?<![\w.,])([\d.,]+)%")
YEAR = re.compile(r"(?<![\d.,])(?:19|20)\d{2}(?!\d|[.,]\d)")


@pytest.fixture(scope="module")
def make_corpus() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_corpus", MODULE_PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus(make_corpus: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return make_corpus.make_variant_corpus(tmp_path_factory.mktemp("corpus"), N_ARTICLES, seed=7)


def test_writes_the_requested_number_of_files_named_by_index_and_slug(
    make_corpus: ModuleType, corpus: list[Path]
) -> None:
    slugs = {district.slug for district in make_corpus.load_districts()}
    assert len(corpus) == N_ARTICLES
    for index, path in enumerate(corpus):
        match = FILE_NAME.match(path.name)
        assert match, path.name
        assert int(match[1]) == index
        assert match[2] in slugs


def test_same_seed_gives_identical_bytes_and_another_seed_differs(
    make_corpus: ModuleType, corpus: list[Path], tmp_path: Path
) -> None:
    again = make_corpus.make_variant_corpus(tmp_path / "again", N_ARTICLES, seed=7)
    other = make_corpus.make_variant_corpus(tmp_path / "other", N_ARTICLES, seed=8)
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in corpus]
    assert [p.read_bytes() for p in other] != [p.read_bytes() for p in corpus]


def test_articles_are_nfc_utf8(corpus: list[Path]) -> None:
    for path in corpus:
        text = path.read_bytes().decode("utf-8")  # strict: raises on invalid UTF-8
        assert unicodedata.is_normalized("NFC", text)


def test_every_district_gets_every_seed_article(
    make_corpus: ModuleType, corpus: list[Path]
) -> None:
    seeds = make_corpus.read_seed_articles()
    districts = make_corpus.load_districts()
    first_round = corpus[: len(seeds)]
    assert {FILE_NAME.match(p.name)[2] for p in first_round} == {districts[0].slug}
    sources = [make_corpus.find_source_district(text, districts) for text in seeds]
    for path, source in zip(first_round, sources, strict=True):
        text = path.read_text(encoding="utf-8")
        assert districts[0].name in text
        if source != districts[0]:
            assert not re.search(rf"(?<!\w){source.name}(?!\w)", text)


def test_type_word_follows_the_new_district(make_corpus: ModuleType, tmp_path: Path) -> None:
    n_seeds = len(make_corpus.read_seed_articles())
    paths = make_corpus.make_variant_corpus(
        tmp_path, 2 * n_seeds, seed=1, districts=["Sơn Tây", "Ba Vì"]
    )
    town, rural = paths[0].read_text(encoding="utf-8"), paths[n_seeds].read_text(encoding="utf-8")
    assert "thị xã Sơn Tây" in town or "Thị xã Sơn Tây" in town
    assert not re.search(r"(?i)(?:quận|huyện) Sơn Tây", town)
    assert "huyện Ba Vì" in rural or "Huyện Ba Vì" in rural
    assert not re.search(r"(?i)(?:quận|thị xã) Ba Vì", rural)


def test_replace_district_keeps_other_districts_and_type_lists(
    make_corpus: ModuleType,
) -> None:
    districts = {d.name: d for d in make_corpus.load_districts()}
    text = (
        "Quận Tây Hồ đứng thứ 4/30 quận, huyện, thị xã. Quận ủy Tây Hồ họp. "
        "Quận hoàn thành chỉ tiêu; quận Cầu Giấy cũng vậy. Tây Hồ phát triển."
    )
    out = make_corpus.replace_district(
        text, districts["Tây Hồ"], districts["Sơn Tây"], list(districts.values())
    )
    assert out == (
        "Thị xã Sơn Tây đứng thứ 4/30 quận, huyện, thị xã. Thị ủy Sơn Tây họp. "
        "Thị xã hoàn thành chỉ tiêu; quận Cầu Giấy cũng vậy. Sơn Tây phát triển."
    )


def test_years_shift_by_one_offset_into_the_report_range(
    make_corpus: ModuleType, corpus: list[Path]
) -> None:
    seeds = make_corpus.read_seed_articles()
    low, high = make_corpus.REPORT_YEARS
    for index, path in enumerate(corpus):
        seed_years = [int(y) for y in YEAR.findall(seeds[index % len(seeds)])]
        variant = path.read_text(encoding="utf-8")
        variant_years = [int(y) for y in YEAR.findall(variant)]
        assert len(variant_years) == len(seed_years)
        assert len({v - s for v, s in zip(variant_years, seed_years, strict=True)}) == 1
        assert low <= make_corpus.report_year(variant) <= high


def test_figures_are_perturbed_and_keep_vietnamese_format(
    make_corpus: ModuleType, corpus: list[Path]
) -> None:
    seeds = make_corpus.read_seed_articles()
    for index, path in enumerate(corpus):
        variant_percents = PERCENT.findall(path.read_text(encoding="utf-8"))
        seed_percents = PERCENT.findall(seeds[index % len(seeds)])
        assert len(variant_percents) == len(seed_percents)
        assert variant_percents != seed_percents
        for figure in variant_percents:
            assert re.fullmatch(r"\d{1,3}(?:\.\d{3})*(?:,\d+)?", figure), figure


def test_same_figure_gets_the_same_new_value_within_an_article(
    make_corpus: ModuleType,
) -> None:
    text = "đạt 9,8% và 1.050 tỷ đồng; lại 9,8% và 1.050 tỷ đồng; 21/21 rồi 21/21, 6/21."
    out = make_corpus.perturb_numbers(
        make_corpus.perturb_fractions(text, random.Random(3)), random.Random(3)
    )
    first, second = out.split(";")[:2]
    assert first.replace("đạt", "lại").strip() == second.strip()
    fractions = re.findall(r"(\d+)/(\d+)", out)
    assert fractions[0] == fractions[1]
    assert fractions[2][1] == fractions[0][1]


@pytest.mark.parametrize("seed", range(40))
def test_different_figures_stay_different(make_corpus: ModuleType, seed: int) -> None:
    text = "12/12 và 16/16 và 14/14; 93% và 92% và 94%."
    rng = random.Random(seed)
    out = make_corpus.perturb_numbers(make_corpus.perturb_fractions(text, rng), rng)
    totals = re.findall(r"\d+/(\d+)", out)
    percents = re.findall(r"(\d+)%", out)
    assert len(set(totals)) == 3, out
    assert len(set(percents)) == 3, out


def test_dates_and_plain_numbers_are_left_alone(make_corpus: ModuleType) -> None:
    text = "Ngày 14/12 và ngày 5/12, 9 tập thể, Chỉ thị số 24-CT/TU, 23/01/2025 20:53."
    assert (
        make_corpus.perturb_numbers(
            make_corpus.perturb_fractions(text, random.Random(0)), random.Random(0)
        )
        == text
    )


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [(1050, 0, "1.050"), (102.8, 2, "102,80"), (5330.9, 1, "5.330,9"), (98, 0, "98")],
)
def test_format_vn_number(
    make_corpus: ModuleType, value: float, decimals: int, expected: str
) -> None:
    assert make_corpus.format_vn_number(value, decimals) == expected
    integer_part, _, decimal_part = expected.partition(",")
    assert make_corpus.parse_vn_number(integer_part, decimal_part or None) == pytest.approx(value)


def test_unknown_district_is_an_error_listing_valid_names(
    make_corpus: ModuleType, tmp_path: Path
) -> None:
    with pytest.raises(ValueError, match=r"'Atlantis'\].*valid names:.*Ba Đình"):
        make_corpus.make_variant_corpus(tmp_path, 1, districts=["Tây Hồ", "Atlantis"])


def test_years_in_turn_give_each_district_every_year_equally(
    make_corpus: ModuleType, tmp_path: Path
) -> None:
    districts = ["Tây Hồ", "Ba Vì"]
    paths = make_corpus.make_variant_corpus(
        tmp_path, 40, districts=districts, years_in_turn=(2015, 2018)
    )
    seen: dict[tuple[str, int], int] = {}
    for path in paths:
        year = make_corpus.report_year(path.read_text(encoding="utf-8"))
        slug = FILE_NAME.match(path.name).group(2)
        seen[(slug, year)] = seen.get((slug, year), 0) + 1
    # 5 seeds x 2 districts a round, 4 rounds: each district has each year's 5 articles.
    assert seen == {(s, y): 5 for s in ("tay-ho", "ba-vi") for y in range(2015, 2019)}


def test_a_share_of_articles_moved_out_of_hanoi_names_no_district(
    make_corpus: ModuleType, tmp_path: Path
) -> None:
    from helpers.extract.reference.gazetteer import find_mentions

    paths = make_corpus.make_variant_corpus(tmp_path / "mixed", 60, no_district_share=0.5)
    elsewhere = [p for p in paths if p.name.endswith("_elsewhere.txt")]
    assert 15 <= len(elsewhere) <= 45
    for path in elsewhere:
        assert find_mentions(path.read_text(encoding="utf-8")) == []
    plain = make_corpus.make_variant_corpus(tmp_path / "plain", 60)
    assert not any(p.name.endswith("_elsewhere.txt") for p in plain)
