"""Where the articles of a `--corpus` folder are: the folder, or the one folder of its tree
that holds them (`real-dev/` → `real-dev/articles/`, beside its `sources.csv`).

The readers take the article files (`.txt`, pages, archives, WARC files: see
`helpers.extract.text.reading.corpus_kind`) directly in a folder; a corpus laid out as a tree (the
articles one level down, beside their sources table and gold) is read from that subfolder,
with a note saying so. A tree with articles in several subfolders is an error naming them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from helpers.extract.text.reading import corpus_kind


class CorpusTreeError(ValueError):
    """A corpus folder whose articles are spread over several subfolders."""


# Files that are articles by their kind alone; a table (`.csv`, `.parquet`) may as well be
# the corpus's gold or facts, so it makes a folder the corpus only when no subfolder holds
# articles of these kinds.
ARTICLE_KINDS = frozenset({"text", "page", "warc"})


def _holds_articles(folder: Path) -> bool:
    return any(corpus_kind(p.name) in ARTICLE_KINDS for p in folder.iterdir() if p.is_file())


def article_folder(corpus: Path) -> Path:
    """`corpus` when it holds articles (or is a file or does not exist: the caller reads or
    reports it); else its only subfolder, searched down the tree, that does; else `corpus`
    when it holds archive tables."""
    if not corpus.is_dir() or _holds_articles(corpus):
        return corpus
    found = sorted(
        folder
        for folder in corpus.rglob("*")
        if folder.is_dir() and not folder.name.startswith(".") and _holds_articles(folder)
    )
    if not found:
        return corpus  # archive tables, or an empty corpus: the command says so (exit 3)
    if len(found) > 1:
        names = ", ".join(str(folder.relative_to(corpus)) for folder in found)
        raise CorpusTreeError(
            f"corpus {corpus} holds articles in several folders ({names}): name one"
        )
    print(f"briefs: reading the articles in {found[0]}", file=sys.stderr)
    return found[0]
