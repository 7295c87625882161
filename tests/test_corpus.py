"""A folder in, tables out: bad files are reported and skipped, outputs are deterministic."""

import shutil
from pathlib import Path

import pytest

from helpers.extract.text.cleaning import clean_article
from helpers.extract.text.metadata import find_title
from helpers.extract.text.reading import read_article
from helpers.tables.corpus import (
    articles_path_for,
    extract_corpus,
    extract_facts,
    list_corpus,
    load_tables,
    write_tables,
)
from helpers.tables.schema import FACT_COLUMNS


@pytest.fixture
def corpus(tmp_path: Path, seeds_dir: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(seeds_dir, folder)
    (folder / "zz_empty.txt").write_bytes(b"")
    (folder / "zz_binary.txt").write_bytes(b"\x00\x01\x02PNG\x00")
    (folder / "notes.md").write_text("not an article", encoding="utf-8")
    return folder


def test_unreadable_articles_are_reported_and_the_batch_goes_on(corpus):
    tables = extract_corpus(corpus)
    assert sorted(tables.errors["file"]) == ["zz_binary.txt", "zz_empty.txt"]
    assert len(tables.articles) == 5
    assert list(tables.facts.columns) == list(FACT_COLUMNS)
    assert set(tables.facts["district"]) == {"Tây Hồ", "Hoàn Kiếm", "Thanh Xuân"}


def test_articles_table_has_metadata_and_fact_counts(corpus):
    articles = extract_corpus(corpus).articles.set_index("doc_id")
    dated = articles[articles["published"] != ""]
    assert set(dated["published"]) == {"2024-02-11", "2023-02-18"}
    assert articles["n_facts"].sum() == len(extract_corpus(corpus).facts)


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_tables_round_trip(corpus, tmp_path, suffix):
    tables = extract_corpus(corpus)
    path = tmp_path / "out" / f"facts{suffix}"
    write_tables(tables, path)
    assert articles_path_for(path).exists()
    loaded = load_tables(corpus, path)
    assert loaded.facts.equals(tables.facts)
    assert loaded.articles.equals(tables.articles)


def test_same_corpus_gives_byte_identical_csv(corpus, tmp_path):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    write_tables(extract_corpus(corpus), first)
    write_tables(extract_corpus(corpus), second)
    assert first.read_bytes() == second.read_bytes()


def test_offsets_point_at_the_figure_in_the_cleaned_text(corpus):
    tables = extract_corpus(corpus)
    for doc_id, facts in tables.facts.groupby("doc_id"):
        text = read_article(corpus / f"{doc_id}.txt").text
        cleaned = clean_article(text, find_title(text.split("\n"))).text
        for fact in facts.itertuples():
            figure = cleaned[fact.start : fact.end]
            assert (figure and figure[0].isdigit()) or figure.startswith("thứ"), figure
            assert figure in fact.sentence


def test_missing_folder_and_unknown_format_fail_clearly(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        extract_corpus(tmp_path / "nope")
    with pytest.raises(ValueError, match="unsupported table format"):
        write_tables(extract_corpus(tmp_path), tmp_path / "facts.xlsx")


def test_notebook_functions_return_dataframes(seeds_dir):
    facts = extract_facts(seeds_dir)
    summary = list_corpus(seeds_dir).set_index("district")
    assert summary.loc["Tây Hồ", "articles"] == 3
    assert summary["facts"].sum() + summary["other_facts"].sum() == len(facts)
