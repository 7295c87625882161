"""Which extracted figures of a district are most worth a look, and why.

Reasons, strongest first: the figure is in a `conflict` between sources; an `other`
figure that reads like a district result (a percentage, an amount, X of Y, or a result
verb right before it); a figure whose sentence names no year (its year came from the
context); an `estimated` figure. Figures a researcher already corrected or added are
left out.
"""

from __future__ import annotations

import re

import pandas as pd

from helpers.brief.conflicts import resolve, sort_by_key, with_correction_columns
from helpers.extract.textnorm import fold
from helpers.extract.vocabulary import OTHER_INDICATOR
from helpers.tables.schema import ORIGIN_EXTRACTED, QUALIFIER_SEPARATOR

CONFLICT = "conflict"
OTHER_RESULT = "other_looks_like_result"
NO_YEAR = "no_year_in_sentence"
ESTIMATED = "estimated"
REASON_WEIGHTS = {CONFLICT: 4, OTHER_RESULT: 3, NO_YEAR: 2, ESTIMATED: 1}
REASON_TEXT = {
    CONFLICT: "sources disagree on this figure",
    OTHER_RESULT: "fits no indicator but reads like a district result",
    NO_YEAR: "the sentence names no year: the year came from the context",
    ESTIMATED: "an estimate",
}
RESULT_UNITS = frozenset({"pct", "vnd_bn", "count_of_total", "rank_of_total"})
RESULT_VERB_BEFORE = re.compile(r"\b(?:dat|tang|giam|vuot|thu|chi|hoan thanh)\W*$")
RESULT_VERB_REACH = 25
YEAR_IN_SENTENCE = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)|\bnam (?:nay|sau|toi|truoc|qua)\b")
REASONS_COLUMN, SCORE_COLUMN = "reasons", "score"


def _looks_like_result(fact: pd.Series) -> bool:
    if fact["unit"] in RESULT_UNITS:
        return True
    before = fold(fact["sentence"][: max(0, fact["start"] - fact["sentence_start"])])
    return bool(RESULT_VERB_BEFORE.search(before[-RESULT_VERB_REACH:]))


def reasons_for(fact: pd.Series, in_conflict: bool) -> list[str]:
    """Why `fact` is worth a look, strongest reason first (empty: it is not)."""
    reasons = []
    if in_conflict:
        reasons.append(CONFLICT)
    if fact["indicator"] == OTHER_INDICATOR and _looks_like_result(fact):
        reasons.append(OTHER_RESULT)
    if not YEAR_IN_SENTENCE.search(fold(fact["sentence"])):
        reasons.append(NO_YEAR)
    if ESTIMATED in str(fact["qualifier"]).split(QUALIFIER_SEPARATOR):
        reasons.append(ESTIMATED)
    return reasons


def review_candidates(facts: pd.DataFrame, articles: pd.DataFrame, district: str) -> pd.DataFrame:
    """The district's extracted figures worth a look, with `reasons` (a list) and a
    `score` (the sum of the reasons' weights), highest score first, then in text order."""
    facts = with_correction_columns(facts)
    conflicts = resolve(facts, articles).conflicts
    conflicting = set(zip(conflicts["doc_id"], conflicts["start"], conflicts["end"], strict=True))
    own = facts[(facts["district"] == district) & (facts["origin"] == ORIGIN_EXTRACTED)]
    reasons = pd.Series(
        [
            reasons_for(fact, (fact["doc_id"], fact["start"], fact["end"]) in conflicting)
            for _, fact in own.iterrows()
        ],
        index=own.index,
        dtype=object,
    )
    flagged = own.assign(**{REASONS_COLUMN: reasons})
    flagged = flagged[flagged[REASONS_COLUMN].map(bool).astype(bool)]
    scores = flagged[REASONS_COLUMN].map(lambda found: sum(REASON_WEIGHTS[r] for r in found))
    flagged = sort_by_key(flagged.assign(**{SCORE_COLUMN: scores}), ["doc_id", "start"])
    return flagged.sort_values(SCORE_COLUMN, ascending=False, kind="stable").reset_index(drop=True)


def reason_counts(candidates: pd.DataFrame) -> dict[str, int]:
    """How many candidates have each reason, in the order of REASON_WEIGHTS."""
    found = [reason for reasons in candidates[REASONS_COLUMN] for reason in reasons]
    return {reason: found.count(reason) for reason in REASON_WEIGHTS}
