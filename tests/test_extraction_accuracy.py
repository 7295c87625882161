"""Extraction accuracy against hand-labelled gold (FACTS.md scoring).

The seeds must be extracted perfectly; the variant corpus (other districts, periods,
encodings, furniture) is a regression guard; the held-out corpus, written blind and never
tuned on, measures generality.
"""

from pathlib import Path

import pandas as pd
import pytest

from helpers.extract.scoring import score_facts
from helpers.tables.corpus import extract_corpus

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[1]

MIN_QUALIFIER_AGREEMENT = 0.95  # qualifiers are not scored, but briefs show them

CORPORA = [
    ("seeds", ROOT / "seeds", DATA / "seeds_gold.csv", 1.0),
    ("variants", DATA / "variants", DATA / "variants_gold.csv", 0.97),
    ("heldout", DATA / "heldout", DATA / "heldout_gold.csv", 0.95),
]


@pytest.mark.parametrize(("name", "corpus", "gold", "min_f1"), CORPORA, ids=[c[0] for c in CORPORA])
def test_f1_against_gold(name, corpus, gold, min_f1):
    if not gold.exists():
        pytest.skip(f"no gold for {name}")
    predicted = extract_corpus(corpus).facts
    score = score_facts(pd.read_csv(gold, dtype=str, keep_default_na=False), predicted)
    print(f"{name}: {score.summary()}")
    assert score.qualifier_agreement >= MIN_QUALIFIER_AGREEMENT, score.qualifier_agreement
    assert score.f1 >= min_f1, (
        f"{name}: {score.summary()}\nmissed:\n{score.misses.to_string()}\n"
        f"extra:\n{score.extras.drop(columns=['sentence']).to_string()}"
    )


def test_scoring_counts_mismatches():
    gold = pd.read_csv(DATA / "seeds_gold.csv", dtype=str, keep_default_na=False)
    wrong = gold.copy()
    wrong.loc[0, "value"] = "999"
    wrong.loc[1, "kind"] = "target"
    score = score_facts(gold, wrong)
    assert (score.matched, len(score.misses), len(score.extras)) == (len(gold) - 2, 2, 2)
