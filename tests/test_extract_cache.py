"""The extraction cache: same results, reused for unchanged articles, rebuilt when damaged;
JSON only, so a planted file cannot run code."""

import json
import pickle
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers.extract.run import cache as extract_cache
from helpers.extract.text.reading import read_article
from helpers.tables.corpus import extract_corpus


def test_cached_results_equal_fresh_ones_and_are_reused(seeds_dir, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    fresh = extract_corpus(seeds_dir)
    first = extract_corpus(seeds_dir, cache)
    assert len(list(cache.glob("*.json"))) == 5
    calls = []
    monkeypatch.setattr(extract_cache, "extract_article", lambda *a: calls.append(a))
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
    for entry in cache.glob("*.json"):
        entry.write_bytes(b"not json")
    assert extract_corpus(seeds_dir, cache).facts.equals(expected)


def test_entries_are_json_with_their_key(seeds_dir, tmp_path):
    cache = tmp_path / "cache"
    extract_corpus(seeds_dir, cache)
    entry = next(cache.glob("*.json"))
    stored = json.loads(entry.read_text(encoding="utf-8"))
    assert stored["key"] == entry.stem
    assert {"doc_id", "file", "metadata", "districts", "facts"} <= set(stored["result"])


def test_a_planted_pickle_cannot_run_code(seeds_dir, tmp_path):
    """A pickle that would create a file when unpickled, planted under every entry name
    (and under the old .pickle names), is never executed; the results are rebuilt."""
    cache = tmp_path / "cache"
    expected = extract_corpus(seeds_dir, cache).facts
    marker = tmp_path / "pwned"
    payload = pickle.dumps(_Exploit(str(marker)))
    for entry in list(cache.iterdir()):
        entry.with_suffix(".json").write_bytes(payload)
        entry.with_suffix(".pickle").write_bytes(payload)
    facts = extract_corpus(seeds_dir, cache).facts
    assert not marker.exists()
    assert facts.equals(expected)
    assert all(json.loads(e.read_text(encoding="utf-8")) for e in cache.glob("*.json"))


class _Exploit:
    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self):
        return (Path.touch, (Path(self.path),))


def test_an_entry_under_another_key_or_with_wrong_types_is_rebuilt(seeds_dir, tmp_path):
    cache = tmp_path / "cache"
    expected = extract_corpus(seeds_dir, cache).facts
    entries = sorted(cache.glob("*.json"))
    second = json.loads(entries[1].read_text(encoding="utf-8"))
    entries[0].write_text(json.dumps(second), encoding="utf-8")  # copied under another name
    second["result"]["facts"][0]["value"] = "12"  # a string where a float belongs
    entries[1].write_text(json.dumps(second), encoding="utf-8")
    with pytest.raises(extract_cache.CacheEntryError, match="key"):
        extract_cache.read_entry(entries[0], entries[0].stem)
    with pytest.raises(extract_cache.CacheEntryError, match="expected float"):
        extract_cache.read_entry(entries[1], entries[1].stem)
    assert extract_corpus(seeds_dir, cache).facts.equals(expected)


def test_fields_round_trip_generically():
    """Any dataclass made of scalars, optionals, tuples and nested dataclasses round-trips,
    so fields added to Fact or ArticleFacts need no change in the cache."""

    @dataclass(frozen=True)
    class Inner:
        name: str
        weight: float | None = None

    @dataclass(frozen=True)
    class Outer:
        count: int
        flag: bool
        inners: tuple[Inner, ...]
        extra: dict[str, int]

    value = Outer(3, True, (Inner("a", 1.5), Inner("b")), {"x": 1})
    data = json.loads(json.dumps(extract_cache.to_json_value(value)))
    assert extract_cache.from_json_value(data, Outer) == value
    data["count"] = True  # a bool is not an int here
    with pytest.raises(extract_cache.CacheEntryError):
        extract_cache.from_json_value(data, Outer)
