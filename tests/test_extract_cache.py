"""The extraction cache: same results, reused for unchanged articles, rebuilt when damaged."""

import shutil

from helpers.extract import cache as extract_cache
from helpers.extract.reading import read_article
from helpers.tables.corpus import extract_corpus


def test_cached_results_equal_fresh_ones_and_are_reused(seeds_dir, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    fresh = extract_corpus(seeds_dir)
    first = extract_corpus(seeds_dir, cache)
    assert len(list(cache.glob("*.pickle"))) == 5
    calls = []
    monkeypatch.setattr(extract_cache, "extract_article", lambda a: calls.append(a))
    second = extract_corpus(seeds_dir, cache)
    assert calls == []
    assert fresh.facts.equals(first.facts) and first.facts.equals(second.facts)
    assert first.articles.equals(second.articles)


def test_an_edited_article_gets_a_new_key(seeds_dir, tmp_path):
    path = tmp_path / "a.txt"
    shutil.copy(next(seeds_dir.glob("*.txt")), path)
    before = extract_cache.cache_key(read_article(path))
    path.write_text(path.read_text(encoding="utf-8") + "\nThêm một câu.", encoding="utf-8")
    assert extract_cache.cache_key(read_article(path)) != before


def test_a_damaged_entry_is_rebuilt(seeds_dir, tmp_path):
    cache = tmp_path / "cache"
    expected = extract_corpus(seeds_dir, cache).facts
    for entry in cache.glob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    assert extract_corpus(seeds_dir, cache).facts.equals(expected)
