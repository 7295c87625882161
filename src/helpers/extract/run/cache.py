"""A content-addressed cache of per-article extraction results, stored as JSON.

An article is re-extracted only when its text or the extractor changed: the key is a
hash of the article's name and text and of the extractor's fingerprint (the source of
the `helpers` package and its data files). Scheduled runs over a growing corpus then pay
only for new or edited articles.

Entries are plain JSON (never pickle: a file planted in the cache folder is data, it
cannot run code). A result is turned into a dict by its dataclass fields and rebuilt
from the type hints of those fields, so fields added to `Fact` or `ArticleFacts` flow
through without change here. An entry is trusted only when it holds the key it is
stored under, and every value has its field's type; otherwise it is rebuilt.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
from functools import cache
from importlib import resources
from pathlib import Path

from helpers.atomic import write_text_atomic
from helpers.errors import one_line
from helpers.extract.fact import ArticleFacts
from helpers.extract.facts import extract_article
from helpers.extract.text.reading import Article
from helpers.safe_paths import UnsafePathError, read_regular_file, remove_own_file
from helpers.typed_json import JsonShapeError, from_json_value, to_json_value

logger = logging.getLogger(__name__)

_FINGERPRINTED = ("**/*.py", "data/*.csv", "*/data/*.csv", "lexicons/*.csv")
ENTRY_SUFFIX = ".json"
ENTRY_FORMAT = 1
_KEY_FIELD = "key"
_FORMAT_FIELD = "format"
_RESULT_FIELD = "result"


# A cache entry that does not hold a result of the expected shape and types.
CacheEntryError = JsonShapeError
__all__ = ["CacheEntryError", "from_json_value", "to_json_value"]


@cache
def extractor_fingerprint() -> str:
    """A hash of everything that can change what extraction returns: the extraction
    subpackage's code, its data and its lexicons (not the brief or batch code)."""
    package = resources.files("helpers.extract")
    digest = hashlib.sha256()
    for pattern in _FINGERPRINTED:
        root = Path(str(package))
        for path in sorted(root.glob(pattern)):
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_key(article: Article) -> str:
    """The cache key of one article under the current extractor."""
    digest = hashlib.sha256(extractor_fingerprint().encode())
    digest.update(article.path.name.encode())
    digest.update(article.text.encode())
    if article.given is not None:  # what the source states goes into the metadata
        digest.update(json.dumps(to_json_value(article.given), ensure_ascii=False).encode())
    return digest.hexdigest()


def read_entry(path: Path, key: str) -> ArticleFacts:
    """The result stored at `path`; CacheEntryError unless it is a well-typed result
    stored under `key`."""
    try:
        entry = json.loads(read_regular_file(path).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, UnsafePathError) as error:
        raise CacheEntryError(f"not a JSON cache entry: {error}") from error
    if not isinstance(entry, dict) or entry.get(_FORMAT_FIELD) != ENTRY_FORMAT:
        raise CacheEntryError("not a cache entry of this format")
    if entry.get(_KEY_FIELD) != key:
        raise CacheEntryError("the entry's key is not the one it is stored under")
    return from_json_value(entry.get(_RESULT_FIELD), ArticleFacts)


def write_entry(path: Path, key: str, result: ArticleFacts) -> None:
    """Store `result` under `key` at `path`, atomically."""
    entry = {_FORMAT_FIELD: ENTRY_FORMAT, _KEY_FIELD: key, _RESULT_FIELD: to_json_value(result)}
    write_text_atomic(path, json.dumps(entry, ensure_ascii=False) + "\n")


def _extract(article: Article) -> ArticleFacts:
    return extract_article(article.text, article.doc_id, article.path.name, article.given)


def extract_cached(article: Article, cache_dir: Path | None) -> ArticleFacts:
    """`extract_article`, reusing a stored result for an unchanged article and extractor."""
    if cache_dir is None:
        return _extract(article)
    key = cache_key(article)
    path = cache_dir / f"{key}{ENTRY_SUFFIX}"
    if os.path.lexists(path):
        try:
            result = read_entry(path, key)
            with contextlib.suppress(OSError):
                os.utime(path)  # used: `prune_cache` keeps it
            return result
        except (CacheEntryError, OSError) as error:  # damaged or planted: rebuilt, not trusted
            logger.warning("extraction cache entry %s rebuilt: %s", path.name, one_line(error))
            remove_own_file(path)
    result = _extract(article)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        write_entry(path, key, result)
    except OSError as error:  # a cache that cannot grow (full disk) only costs time
        _warn_once(cache_dir, f"extraction cache {cache_dir} not written: {error}")
    return result


def prune_cache(cache_dir: Path, used_since: float) -> int:
    """Remove the entries of `cache_dir` that no extraction read or wrote since
    `used_since` (a time.time()): those of articles removed or edited, or of an older
    extractor. How many were removed."""
    removed = 0
    for path in cache_dir.glob(f"*{ENTRY_SUFFIX}"):
        with contextlib.suppress(OSError):
            if path.lstat().st_mtime < used_since and remove_own_file(path):
                removed += 1
    return removed


_warned_dirs: set[Path] = set()


def _warn_once(cache_dir: Path, message: str) -> None:
    if cache_dir not in _warned_dirs:
        _warned_dirs.add(cache_dir)
        logger.warning("%s", message)
