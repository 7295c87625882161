"""Which lexicon rows fire on a corpus: the coverage report behind `briefs lexicon-coverage`.

A row fires when one of its spans survives the lexicon's precedence (`Lexicon.best`) in a
sentence of a cleaned article, or in a line that cleaning removed as furniture. Rows that
never fire on any corpus are candidates for removal or for better examples; the report
lists them first.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pandas as pd

from helpers.extract.lexicon import coverage, load_lexicon
from helpers.extract.text.cleaning import clean_article
from helpers.extract.text.metadata import find_title
from helpers.extract.text.reading import ArticleReadError, corpus_files, read_article
from helpers.extract.text.sentences import split_sentences
from helpers.extract.text.textnorm import fold

COVERAGE_COLUMNS = ("row", "family", "label", "fires", "source")


def _sentences(corpus_dirs: Iterable[Path]) -> Iterator[tuple[str, str]]:
    """(text, folded) of every sentence of every readable article of the folders."""
    for folder in corpus_dirs:
        for path in corpus_files(Path(folder)):
            try:
                article = read_article(path)
            except ArticleReadError:
                continue
            cleaned = clean_article(article.text, find_title(article.text.split("\n")))
            for sentence in split_sentences(cleaned.text):
                yield sentence.text, fold(sentence.text)
            for line in cleaned.removed:  # furniture rows fire on the lines cleaning removed
                yield line.strip(), fold(line.strip())


def lexicon_coverage(corpus_dirs: Iterable[Path]) -> pd.DataFrame:
    """One row per lexicon row: how many sentence spans of it survive, rows that never fire
    first, then by family and id."""
    lexicon = load_lexicon()
    counts = coverage(lexicon, _sentences(corpus_dirs))
    table = pd.DataFrame(
        [(row.id, row.family, row.label, counts[row.id], row.source) for row in lexicon.rows],
        columns=list(COVERAGE_COLUMNS),
    )
    return table.sort_values(["fires", "family", "row"], key=_never_first).reset_index(drop=True)


def _never_first(column: pd.Series) -> pd.Series:
    return column.gt(0) if column.name == "fires" else column
