"""Precision, recall and F1 of a facts table against a gold table (rules of FACTS.md).

A prediction matches a gold fact when doc_id, district, year, period, indicator and kind
are equal, the value is within 0.5 % (relative) and the total is equal where gold has one.
Each gold fact matches at most one prediction; `other` rows are not scored; predictions of
disputed figures are left out (see `score_facts`).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

import pandas as pd

from helpers.extract.reference.vocabulary import OTHER_INDICATOR
from helpers.extract.text.textnorm import nfc

MATCH_KEY = ("doc_id", "district", "year", "period", "indicator", "kind")
RELATIVE_TOLERANCE = 0.005
REFERENCE = "REFERENCE"  # a disputed row that is a trap: predicting it stays an error


@dataclass(frozen=True)
class Score:
    """Counts and rates of one comparison, with the unmatched rows for inspection."""

    gold: int
    predicted: int
    matched: int
    misses: pd.DataFrame
    extras: pd.DataFrame
    same_qualifier: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def qualifier_agreement(self) -> float:
        """Share of matched facts whose qualifiers equal the gold's (not part of F1)."""
        return self.same_qualifier / self.matched if self.matched else 0.0

    def summary(self) -> str:
        """One line in the format of the shared scorer."""
        return (
            f"precision={self.precision:.3f} recall={self.recall:.3f} f1={self.f1:.3f} "
            f"gold={self.gold} predicted={self.predicted} matched={self.matched}"
        )


def _scored(table: pd.DataFrame) -> pd.DataFrame:
    table = table[table["indicator"].astype(str) != OTHER_INDICATOR].copy()
    table["qualifier"] = table["qualifier"].astype(str).replace({"nan": "", "<NA>": ""})
    for column in ("doc_id", "district", "period", "indicator", "kind"):
        table[column] = table[column].astype(str).map(lambda s: nfc(s.strip()))
    table["year"] = pd.to_numeric(table["year"]).astype("int64")
    table["value"] = pd.to_numeric(table["value"], errors="coerce").astype("float64")
    table["total"] = pd.to_numeric(table["total"], errors="coerce").astype("float64")
    return table.reset_index(drop=True)


def _close(predicted: float, gold: float) -> bool:
    if math.isnan(predicted) or math.isnan(gold):
        return math.isnan(predicted) and math.isnan(gold)
    if gold == 0:
        return abs(predicted) < 1e-9
    return abs(predicted - gold) <= RELATIVE_TOLERANCE * abs(gold)


def _match(gold: pd.DataFrame, predicted: pd.DataFrame) -> tuple[dict[int, int], list[int]]:
    """Gold row → the prediction it matches (each used once), and the unmatched gold rows."""
    candidates: dict[tuple, list[int]] = defaultdict(list)
    for index, key in enumerate(predicted[list(MATCH_KEY)].itertuples(index=False, name=None)):
        candidates[key].append(predicted.index[index])
    matched: dict[int, int] = {}
    used: set[int] = set()
    missed: list[int] = []
    for g_index, row in gold.iterrows():
        key = tuple(row[c] for c in MATCH_KEY)
        found = next(
            (
                i
                for i in candidates.get(key, [])
                if i not in used
                and _close(predicted.at[i, "value"], row["value"])
                and (math.isnan(row["total"]) or _close(predicted.at[i, "total"], row["total"]))
            ),
            None,
        )
        if found is None:
            missed.append(g_index)
        else:
            used.add(found)
            matched[g_index] = found
    return matched, missed


def score_facts(
    gold: pd.DataFrame, predicted: pd.DataFrame, disputed: pd.DataFrame | None = None
) -> Score:
    """Compare a predicted facts table with a gold one. A prediction that matches a
    `disputed` row (a figure the spec does not settle) is left out of the score, unless
    the row's `why_excluded` starts with REFERENCE: such traps stay extras when predicted."""
    gold, predicted = _scored(gold), _scored(predicted)
    if disputed is not None and not disputed.empty:
        undecided = disputed[~disputed["why_excluded"].str.upper().str.startswith(REFERENCE)]
        if not undecided.empty:
            dropped, _ = _match(_scored(undecided), predicted)
            predicted = predicted.drop(index=list(dropped.values()))
    matched, missed = _match(gold, predicted)
    same_qualifier = sum(
        predicted.at[p, "qualifier"] == gold.at[g, "qualifier"] for g, p in matched.items()
    )
    extras = predicted.drop(index=list(matched.values()))
    return Score(
        len(gold), len(predicted), len(matched), gold.loc[missed], extras, int(same_qualifier)
    )
