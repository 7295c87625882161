"""Possible misses: sentences of a district's articles that state a figure but gave no
fact. A missed figure cannot be in the review queue; its sentence can be listed."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.extract.figures.numbers import scan_quantities
from helpers.extract.text.cleaning import clean_article
from helpers.extract.text.metadata import find_title
from helpers.extract.text.reading import ArticleReadError, read_article
from helpers.extract.text.sentences import split_sentences

# Figures a district report states as results (a bare count is too often something else).
RESULT_UNITS = frozenset({"pct", "vnd_bn", "count_of_total", "rank_of_total"})
MISS_COLUMNS = ["doc_id", "sentence", "figures"]


def _article_sentences(path: Path) -> list[tuple[int, str]]:
    article = read_article(path)
    cleaned = clean_article(article.text, find_title(article.text.split("\n")))
    return [(s.start, s.text) for s in split_sentences(cleaned.text)]


def possible_misses(
    corpus_dir: str | Path, facts: pd.DataFrame, articles: pd.DataFrame, district: str
) -> pd.DataFrame:
    """Per sentence of an article about `district` that states a result figure (%, tỷ
    đồng, X/Y, thứ X/Y) and gave no fact: doc_id, sentence, the figures as written."""
    about = articles[articles["districts"].str.split(";").map(lambda names: district in names)]
    with_facts = set(zip(facts["doc_id"], facts["sentence_start"], strict=True))
    rows = []
    for doc_id, file in zip(about["doc_id"], about["file"], strict=True):
        try:
            sentences = _article_sentences(Path(corpus_dir) / file)
        except (ArticleReadError, OSError):
            continue  # listed with the unreadable articles already
        for start, sentence in sentences:
            if (doc_id, start) in with_facts:
                continue
            figures = [q.text for q in scan_quantities(sentence) if q.unit in RESULT_UNITS]
            if figures:
                rows.append({"doc_id": doc_id, "sentence": sentence, "figures": figures})
    return pd.DataFrame(rows, columns=MISS_COLUMNS)
