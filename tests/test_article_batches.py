"""Extraction in batches on a process pool or any executor, and the prefilter before it."""

import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pytest

from helpers.extract.run.prefilter import may_hold_facts
from helpers.extract.text.reading import read_article
from helpers.tables import article_batches
from helpers.tables.article_batches import (
    MIN_POOLED_ARTICLES,
    batch_size,
    batched,
    local_pool,
)
from helpers.tables.corpus import CorpusTables, extract_corpus

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
GOLD_CORPORA = {
    "seeds": (ROOT / "seeds", DATA / "seeds_gold.csv"),
    "variants": (DATA / "variants", DATA / "variants_gold.csv"),
    "heldout": (DATA / "heldout", DATA / "heldout_gold.csv"),
    "real": (DATA / "real" / "articles", DATA / "real" / "gold_facts.csv"),
}
UNRELATED = (
    "Giá vàng hôm nay tăng mạnh\n\n"
    "Sáng nay, giá vàng SJC tăng 1,2% lên 85 triệu đồng/lượng. Tại TP Hồ Chí Minh,"
    " giao dịch sôi động.\n"
)


@pytest.fixture(scope="module")
def all_gold_articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every gold corpus's articles in one folder (real published text among them),
    prefixed so names stay apart: enough articles for a pool of two."""
    folder = tmp_path_factory.mktemp("all_gold")
    for name, (corpus, _) in GOLD_CORPORA.items():
        for path in corpus.iterdir():
            shutil.copy(path, folder / f"{name}_{path.name}")
    return folder


def _same_tables(left, right) -> None:
    pd.testing.assert_frame_equal(left.facts, right.facts)
    pd.testing.assert_frame_equal(left.articles, right.articles)
    pd.testing.assert_frame_equal(left.errors, right.errors)
    pd.testing.assert_frame_equal(left.duplicates, right.duplicates)
    assert left.about_no_district == right.about_no_district


def test_a_pool_of_two_gives_the_tables_of_one_process(
    all_gold_articles: Path, extracted: Callable[[Path], CorpusTables]
) -> None:
    assert len(list(all_gold_articles.iterdir())) >= MIN_POOLED_ARTICLES
    with local_pool(2, len(list(all_gold_articles.iterdir()))) as (pool, workers):
        assert pool is not None and workers == 2  # the pool is really used
    _same_tables(extracted(all_gold_articles), extract_corpus(all_gold_articles, workers=2))


def test_any_executor_gives_the_same_tables_in_file_order(tmp_path: Path) -> None:
    corpus = Path(shutil.copytree(ROOT / "seeds", tmp_path / "corpus"))
    first = min(corpus.iterdir())
    (corpus / "zz_copy.txt").write_bytes(first.read_bytes())  # a duplicate
    (corpus / "c_bad.txt").write_bytes(b"")  # unreadable
    (corpus / "d_unrelated.txt").write_text(UNRELATED, encoding="utf-8")
    serial = extract_corpus(corpus, workers=1)
    with ThreadPoolExecutor(max_workers=3) as executor:
        threaded = extract_corpus(corpus, workers=3, executor=executor)
    _same_tables(serial, threaded)
    assert list(serial.duplicates["file"]) == ["zz_copy.txt"]  # the later name is the copy
    assert list(serial.errors["file"]) == ["c_bad.txt"]
    assert serial.about_no_district == 1
    assert "d_unrelated.txt" not in set(serial.articles["file"])


def test_batches_keep_order_and_lose_nothing() -> None:
    paths = [Path(f"{i:03}.txt") for i in range(130)]
    chunks = list(batched(paths, batch_size(len(paths), workers=2)))
    assert [p for chunk in chunks for p in chunk] == paths
    assert len(chunks) >= 2 * article_batches.BATCHES_PER_WORKER
    assert max(len(c) for c in chunks) <= article_batches.MAX_BATCH_ARTICLES


def test_small_corpora_and_one_worker_run_in_this_process() -> None:
    with local_pool(4, MIN_POOLED_ARTICLES - 1) as (pool, workers):
        assert (pool, workers) == (None, 1)
    with local_pool(1, 10_000) as (pool, workers):
        assert (pool, workers) == (None, 1)
    with pytest.raises(ValueError, match="at least 1"), local_pool(0, 100):
        pass


@pytest.mark.parametrize("name", list(GOLD_CORPORA))
def test_the_prefilter_passes_every_article_with_a_gold_fact(name: str) -> None:
    corpus, gold = GOLD_CORPORA[name]
    with_facts = set(pd.read_csv(gold, dtype=str)["doc_id"])
    passed = {
        path.stem
        for path in corpus.glob("*.txt")
        if path.stat().st_size and may_hold_facts(read_article(path).text)
    }
    assert with_facts <= passed, sorted(with_facts - passed)


def test_the_prefilter_changes_no_table(
    all_gold_articles: Path,
    extracted: Callable[[Path], CorpusTables],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    filtered = extracted(all_gold_articles)
    monkeypatch.setattr(article_batches, "may_hold_facts", lambda text: True)
    unfiltered = extract_corpus(all_gold_articles)
    pd.testing.assert_frame_equal(filtered.facts, unfiltered.facts)
    read = set(filtered.articles["doc_id"])
    assert read <= set(unfiltered.articles["doc_id"])
    skipped = unfiltered.articles[~unfiltered.articles["doc_id"].isin(read)]
    assert (skipped["n_facts"] == 0).all()  # only articles without facts were passed over


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (UNRELATED, False),  # figures, but no Hanoi district
        ("Quận Tây Hồ tổ chức hội nghị tổng kết công tác.", False),  # a district, no digit
        ("Quận Tây Hồ: thu ngân sách đạt 112% kế hoạch.", True),
        ("huyện ứng hoà tăng 9,8%", True),  # a type word, then the name in any case
        ("TÂY HỒ 2024: 21/21 chỉ tiêu", True),  # capitals count as capitals
    ],
)
def test_the_prefilter_reads_district_and_digit(text: str, expected: bool) -> None:
    assert may_hold_facts(text) is expected


def test_briefs_extract_takes_workers_and_refuses_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from helpers.cli import main

    assert (
        main(["extract", str(ROOT / "seeds"), "-o", str(tmp_path / "f.csv"), "--workers", "2"]) == 0
    )
    assert "naming no district" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["extract", str(ROOT / "seeds"), "-o", str(tmp_path / "g.csv"), "--workers", "0"])
    assert exit_info.value.code == 2
    assert "must be at least 1" in capsys.readouterr().err


def test_a_facts_table_built_in_parts_equals_one_built_whole(
    all_gold_articles: Path,
    extracted: Callable[[Path], CorpusTables],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from helpers.tables import corpus

    whole = extracted(all_gold_articles)
    monkeypatch.setattr(corpus, "FACTS_PER_PART", 7)  # many parts, split mid-article
    _same_tables(whole, extract_corpus(all_gold_articles))
