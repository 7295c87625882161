"""Where the review queue puts the extractor's errors: the share of the gold's extra facts
(figures the extractor states that the gold does not) in the first 20 % of the queue.

    .venv/bin/python benchmarks/review_queue_recall.py [CORPUS_DIR GOLD.csv [DISPUTED.csv]]

Defaults to the published articles of tests/data/real/ with their gold and disputed rows.
Missed figures cannot be in the queue; the review notebook lists their sentences apart.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from helpers.evaluate.scoring import score_facts
from helpers.review.candidates import REASONS_COLUMN, review_queue
from helpers.tables.corpus import extract_corpus

REAL = Path(__file__).resolve().parents[1] / "tests" / "data" / "real"
TOP_SHARE = 0.2


def error_ranks(queue: pd.DataFrame, extras: pd.DataFrame) -> list[int]:
    """The 1-based queue position of each extra fact."""
    position = {
        (doc, int(start), int(end)): rank
        for rank, (doc, start, end) in enumerate(
            zip(queue["doc_id"], queue["start"], queue["end"], strict=True), start=1
        )
    }
    return [
        position[(doc, int(s), int(e))]
        for doc, s, e in extras[["doc_id", "start", "end"]].itertuples(index=False)
    ]


def main(argv: list[str]) -> None:
    corpus = Path(argv[0]) if argv else REAL / "articles"
    gold = pd.read_csv(argv[1] if len(argv) > 1 else REAL / "gold_facts.csv", keep_default_na=False)
    disputed_path = argv[2] if len(argv) > 2 else REAL / "disputed_facts.csv"
    disputed = pd.read_csv(disputed_path, keep_default_na=False)
    tables = extract_corpus(corpus)
    queue = review_queue(tables.facts, tables.articles)
    top = round(TOP_SHARE * len(queue))
    for label, table in (("all", None), ("not disputed", disputed)):
        extras = score_facts(gold, tables.facts, table).extras
        ranks = error_ranks(queue, extras)
        inside = sum(rank <= top for rank in ranks)
        print(
            f"{label}: {inside}/{len(ranks)} extractor errors in the first {top} of "
            f"{len(queue)} queued figures (20 %); ranks {sorted(ranks)}"
        )
    for _, row in queue.head(top).iterrows():
        print(
            f"  {row['score']:>2} {row['doc_id']} {row['district']} {row['indicator']} "
            f"{row['value']:g} {','.join(row[REASONS_COLUMN])}"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
