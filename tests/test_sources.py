"""Article URLs: from a `sources.csv` sidecar or the article text, into the articles table."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.sources.sidecar import sidecar_metadata, url_in_text
from helpers.tables.corpus import extract_corpus, load_tables, write_tables

SEED = Path(__file__).resolve().parent.parent / "seeds" / "003_0f7c43e8bdea2af6.txt"


def test_url_in_text_takes_the_first_address_without_trailing_punctuation() -> None:
    text = "Nguồn: https://hanoimoi.vn/quan-tay-ho-123.html. Xem thêm http://x.vn/a"
    assert url_in_text(text) == "https://hanoimoi.vn/quan-tay-ho-123.html"
    assert url_in_text("Không có địa chỉ nào, chỉ www và http:// rời.") == ""


def sidecar_urls(corpus: Path) -> dict[str, str]:
    return {doc_id: given.url for doc_id, given in sidecar_metadata(corpus).items() if given.url}


def test_sidecar_beside_or_inside_the_corpus(tmp_path: Path) -> None:
    corpus = tmp_path / "articles"
    corpus.mkdir()
    assert sidecar_urls(corpus) == {}
    (tmp_path / "sources.csv").write_text(
        "doc_id,url,title\na,https://a.vn/1,T\nb,,T\nc,javascript:alert(1),T\n", encoding="utf-8"
    )
    assert sidecar_urls(corpus) == {"a": "https://a.vn/1"}
    (corpus / "sources.csv").write_text("doc_id,link\na,x\n", encoding="utf-8")
    with pytest.raises(ValueError, match="missing column"):
        sidecar_urls(corpus)


def test_articles_table_carries_the_url_and_reads_old_tables(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = SEED.read_text(encoding="utf-8")
    (corpus / "hk.txt").write_text(text + "\nNguồn: https://hanoimoi.vn/hk.html\n", "utf-8")
    (corpus / "plain.txt").write_text(text, encoding="utf-8")
    (corpus / "sources.csv").write_text("doc_id,url\nplain,https://x.vn/p\n", encoding="utf-8")
    tables = extract_corpus(corpus)
    urls = dict(zip(tables.articles["doc_id"], tables.articles["url"], strict=True))
    assert urls == {"hk": "https://hanoimoi.vn/hk.html", "plain": "https://x.vn/p"}

    facts_path = tmp_path / "facts.csv"
    write_tables(tables, facts_path)
    old = tables.articles.drop(columns="url")
    (tmp_path / "facts_articles.csv").write_text(old.to_csv(index=False), encoding="utf-8")
    assert set(load_tables(corpus, facts_path).articles["url"]) == {""}


def test_notebook_tables_prefer_facts_path_and_warn_when_both_given(tmp_path: Path) -> None:
    from helpers.tables.corpus import load_notebook_tables

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "hk.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    facts_path = tmp_path / "facts.csv"
    tables = extract_corpus(corpus)
    write_tables(tables, facts_path)
    with pytest.warns(UserWarning, match="corpus_dir .* is not read"):
        both = load_notebook_tables(str(tmp_path / "elsewhere"), str(facts_path))
    assert len(both.facts) == len(tables.facts)
    assert len(load_notebook_tables(str(corpus), "").facts) == len(tables.facts)


def test_sidecar_states_title_date_and_outlet_with_their_provenance(tmp_path: Path) -> None:
    (tmp_path / "sources.csv").write_text(
        "doc_id,url,title,date\na,https://www.hanoimoi.vn/a,Tiêu đề,29/12/2016\n"
        "b,,,2022-04\nc,,,hôm qua\n",
        encoding="utf-8",
    )
    stated = sidecar_metadata(tmp_path)
    assert (stated["b"].published, stated["c"].published) == ("2022-04", "")  # a month kept
    given = stated["a"]
    assert (given.title, given.published, given.url) == (
        "Tiêu đề",
        "2016-12-29",
        "https://www.hanoimoi.vn/a",
    )
    assert given.source_of("title") == "sources.csv"
    assert given.source_of("outlet") == ""
