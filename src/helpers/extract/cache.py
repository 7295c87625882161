"""A content-addressed cache of per-article extraction results.

An article is re-extracted only when its text or the extractor changed: the key is a
hash of the article's name and text and of the extractor's fingerprint (the source of
the `helpers` package and its data files). Scheduled runs over a growing corpus then pay
only for new or edited articles.
"""

from __future__ import annotations

import hashlib
import pickle
from functools import cache
from importlib import resources
from pathlib import Path

from helpers.atomic import write_bytes_atomic
from helpers.extract.facts import ArticleFacts, extract_article
from helpers.extract.reading import Article

_FINGERPRINTED = ("**/*.py", "data/*.csv", "lexicons/*.csv")


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
    return digest.hexdigest()


def extract_cached(article: Article, cache_dir: Path | None) -> ArticleFacts:
    """`extract_article`, reusing a stored result for an unchanged article and extractor."""
    if cache_dir is None:
        return extract_article(article)
    path = cache_dir / f"{cache_key(article)}.pickle"
    if path.exists():
        try:
            return pickle.loads(path.read_bytes())
        except (pickle.UnpicklingError, EOFError, AttributeError, TypeError):
            path.unlink(missing_ok=True)  # a damaged entry is rebuilt, never trusted
    result = extract_article(article)
    cache_dir.mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(path, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    return result
