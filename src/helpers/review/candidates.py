"""The review queue: every extracted figure of a district, ranked by the evidence that it
may be wrong, the strongest first.

Each reason has a weight (REASON_WEIGHTS) and names the one field it puts in doubt
(REASON_FIELDS), which is the only field a pre-filled correction row changes:

- `conflict`: articles disagree on the figure (the `†` of the briefs);
- `value_outlier`: the value is far from the district's other values of its indicator and
  plan basis (OUTLIER_LIMITS["own"]: a factor for amounts and counts, points for
  percentages), or from the other districts' (OUTLIER_LIMITS["peers"]) — a unit misread,
  a sub-total, another scope;
- `target_cue_elsewhere`: a `target` whose own sentence says no goal (`phấn đấu` stood in
  an earlier sentence): a result read as a goal;
- `other_looks_like_result`: an `other` figure that reads like a district result;
- `year_far_from_article`: a year OLD_YEARS or more before the article's publication
  (or its other figures): history, not the report;
- `period_from_frame`: the period came from the article's framing, not the sentence;
- `in_brackets`: the figure stands in brackets, an aside (`(năm 2019 tăng 10,8%)`);
- `own_budget_scope`: read by a topic that may name the district budget's own revenue
  (`thu ngân sách huyện`, a row that `yields_to` another scope) rather than the revenue
  collected in the area;
- `no_year_in_sentence`: the year came from the context;
- `flagged:<signal>`: the extractor rated the figure `confidence=review` for that signal
  (`weak_year`, `target`, `moved_period`, `district_by_context`, `unusual_value`,
  `conflicting_values`; see `helpers.extract.resolve.confidence`). Those figures come first.

Estimates are not a reason: almost every report says `ước đạt`. Figures a researcher
corrected or added are left out.
"""

from __future__ import annotations

import math
import re
from functools import cache

import pandas as pd

from helpers.extract.lexicon import load_lexicon
from helpers.extract.lexicon.spans import LabelledSentence
from helpers.extract.reference.vocabulary import OTHER_INDICATOR
from helpers.extract.resolve.confidence import REVIEW, REVIEW_SIGNALS
from helpers.extract.text.textnorm import fold
from helpers.tables.readings import resolve, with_correction_columns
from helpers.tables.schema import ORIGIN_EXTRACTED

CONFLICT = "conflict"
VALUE_OUTLIER = "value_outlier"
TARGET_CUE_ELSEWHERE = "target_cue_elsewhere"
OTHER_RESULT = "other_looks_like_result"
OWN_BUDGET_SCOPE = "own_budget_scope"
OLD_YEAR = "year_far_from_article"
FRAME_PERIOD = "period_from_frame"
IN_BRACKETS = "in_brackets"
NO_YEAR = "no_year_in_sentence"
# The extractor's own review signals (`confidence=review`, `review=` in `rule`; see
# helpers.extract.resolve.confidence, which names the field each puts in doubt): each is a
# reason.
FLAGGED = "flagged:"
EXTRACTION_SIGNAL_TEXT = {
    "weak_year": "the extractor found no stated time for its year",
    "target": "read as a goal: goals are misread more often than results",
    "moved_period": "its period came from elsewhere in the article",
    "district_by_context": "its sentence does not name its district",
    "district_in_passing": "the article's title and lead are not about its district",
    "unusual_value": "outside the usual range of its kind of figure",
    "conflicting_values": "its article gives another value for it",
    "unnamed_measure": "its words do not say which measure (revenue or production value)",
    "distant_topic": "the words that name what it measures stand far from it",
}
REASON_WEIGHTS = {
    CONFLICT: 4,
    VALUE_OUTLIER: 3,
    TARGET_CUE_ELSEWHERE: 3,
    OLD_YEAR: 3,
    FRAME_PERIOD: 3,
    IN_BRACKETS: 3,
    OWN_BUDGET_SCOPE: 2,
    OTHER_RESULT: 1,
    NO_YEAR: 1,
    **{FLAGGED + signal: 2 for signal in REVIEW_SIGNALS},
}
REASON_TEXT = {
    CONFLICT: "sources disagree on this figure",
    VALUE_OUTLIER: "far from the other values of this indicator",
    TARGET_CUE_ELSEWHERE: "read as a target, but its sentence names no goal",
    OTHER_RESULT: "fits no indicator but reads like a district result",
    OLD_YEAR: "a year long before the article",
    FRAME_PERIOD: "the period came from the article's framing, not its sentence",
    IN_BRACKETS: "stands in brackets (an aside)",
    OWN_BUDGET_SCOPE: "may be the district budget's own revenue, not the revenue collected",
    NO_YEAR: "the sentence names no year: the year came from the context",
    **{FLAGGED + signal: text for signal, text in EXTRACTION_SIGNAL_TEXT.items()},
}
# The field each reason puts in doubt: the only one a pre-filled correction row changes.
REASON_FIELDS = {
    CONFLICT: "value",
    VALUE_OUTLIER: "value",
    TARGET_CUE_ELSEWHERE: "kind",
    OTHER_RESULT: "indicator",
    OLD_YEAR: "year",
    FRAME_PERIOD: "period",
    IN_BRACKETS: "year",
    OWN_BUDGET_SCOPE: "indicator",
    NO_YEAR: "year",
    **{FLAGGED + signal: field for signal, field in REVIEW_SIGNALS.items()},
}
RESULT_UNITS = frozenset({"pct", "vnd_bn", "count_of_total", "rank_of_total"})
RESULT_VERB_BEFORE = re.compile(r"\b(?:dat|tang|giam|vuot|thu|chi|hoan thanh)\W*$")
RESULT_VERB_REACH = 25
YEAR_IN_SENTENCE = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)|\bnam (?:nay|sau|toi|truoc|qua)\b")
RATIO_UNITS = frozenset({"vnd_bn", "count"})
# (factor for amounts and counts, points for percentages, fewest values to compare with)
OUTLIER_LIMITS = {"own": (3.0, 40.0, 1), "peers": (20.0, 100.0, 3)}
OLD_YEARS = 5
FRAME_RULE = "period=article_frame"
INDICATOR_RULE = "indicator="
TARGET_FAMILY, TARGET_LABEL = "kinds", "target"
REASONS_COLUMN, SCORE_COLUMN = "reasons", "score"
REVIEW_RULE = "review="


def _looks_like_result(fact: pd.Series) -> bool:
    if fact["unit"] in RESULT_UNITS:
        return True
    before = fold(fact["sentence"][: max(0, fact["start"] - fact["sentence_start"])])
    return bool(RESULT_VERB_BEFORE.search(before[-RESULT_VERB_REACH:]))


def _offset(fact: pd.Series) -> int:
    return int(fact["start"]) - int(fact["sentence_start"])


def _in_brackets(fact: pd.Series) -> bool:
    before = str(fact["sentence"])[: _offset(fact)]
    return before.count("(") > before.count(")")


def _target_cue_in_sentence(fact: pd.Series) -> bool:
    """Whether a goal word (`phấn đấu`, `chỉ tiêu đề ra` …) stands in the fact's own sentence
    before it."""
    sentence = str(fact["sentence"])
    labelled = LabelledSentence.read(sentence, fold(sentence))
    figure = labelled.token_at(_offset(fact))
    return any(s.end <= figure for s in labelled.of_family(TARGET_FAMILY, (TARGET_LABEL,)))


def _far(value: float, others: list[float], unit: str, limits: tuple[float, float, int]) -> bool:
    """Whether `value` is far from the median of `others` (of one series)."""
    ratio, points, fewest = limits
    if len(others) < fewest:
        return False
    middle = float(pd.Series(others).median())
    if unit in RATIO_UNITS:
        if value <= 0 or middle <= 0:
            return False
        return abs(math.log(value / middle)) > math.log(ratio)
    return abs(value - middle) > points


def _outliers(facts: pd.DataFrame) -> pd.Series:
    """Per fact: whether its value is far from its district's other values of its series
    (same indicator, basis, unit and period), or from the other districts' values."""
    comparable = facts[facts["indicator"] != OTHER_INDICATOR]
    flags = pd.Series(False, index=facts.index)
    for _, series in comparable.groupby(["indicator", "basis", "unit", "period"]):
        unit = str(series["unit"].iloc[0])
        values = series["value"].astype("float64")
        rows = list(zip(series.index, series["district"], values, strict=True))
        for index, district, value in rows:
            own = [v for i, d, v in rows if i != index and d == district]
            peers = [v for _, d, v in rows if d != district]
            flags[index] = _far(value, own, unit, OUTLIER_LIMITS["own"]) or _far(
                value, peers, unit, OUTLIER_LIMITS["peers"]
            )
    return flags


def _own_budget_scope(fact: pd.Series) -> bool:
    """Whether the topic row that decided the indicator may name another scope."""
    for part in str(fact["rule"]).split(";"):
        if part.startswith(INDICATOR_RULE):
            row_id = part.removeprefix(INDICATOR_RULE)
            return row_id in _lexicon_ids() and "yields_to" in load_lexicon().row(row_id).attrs
    return False


@cache
def _lexicon_ids() -> frozenset[str]:
    return frozenset(row.id for row in load_lexicon().rows)


def _reference_years(facts: pd.DataFrame, articles: pd.DataFrame) -> pd.Series:
    """Per fact: its article's publication year, else the median year of its figures."""
    published = dict(zip(articles["doc_id"], articles["published"], strict=True))
    medians = facts.groupby("doc_id")["year"].median()
    return pd.Series(
        [
            int(published[doc][:4]) if published.get(doc) else int(medians[doc])
            for doc in facts["doc_id"]
        ],
        index=facts.index,
    )


def reasons_for(
    fact: pd.Series, in_conflict: bool, outlier: bool = False, reference_year: int | None = None
) -> list[str]:
    """Why `fact` may be wrong, strongest reason first (empty: no evidence found)."""
    found = {
        CONFLICT: in_conflict,
        VALUE_OUTLIER: outlier,
        TARGET_CUE_ELSEWHERE: fact["kind"] == "target" and not _target_cue_in_sentence(fact),
        OTHER_RESULT: fact["indicator"] == OTHER_INDICATOR and _looks_like_result(fact),
        OLD_YEAR: reference_year is not None and reference_year - int(fact["year"]) >= OLD_YEARS,
        FRAME_PERIOD: FRAME_RULE in str(fact["rule"]),
        IN_BRACKETS: _in_brackets(fact),
        OWN_BUDGET_SCOPE: _own_budget_scope(fact),
        NO_YEAR: not YEAR_IN_SENTENCE.search(fold(fact["sentence"])),
        **{FLAGGED + signal: True for signal in _extraction_signals(fact)},
    }
    return [reason for reason in REASON_WEIGHTS if found.get(reason)]


def _extraction_signals(fact: pd.Series) -> list[str]:
    """The extractor's review signals of a fact (`review=weak_year+target` in its rule)."""
    for part in str(fact["rule"]).split(";"):
        if part.startswith(REVIEW_RULE):
            return [s for s in part.removeprefix(REVIEW_RULE).split("+") if s]
    return []


def review_queue(facts: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Every extracted figure of the corpus with its `reasons` (a list) and `score` (the
    sum of their weights), highest score first, then in text order."""
    facts = with_correction_columns(facts)
    conflicts = resolve(facts, articles).conflicts
    conflicting = set(zip(conflicts["doc_id"], conflicts["start"], conflicts["end"], strict=True))
    own = facts[facts["origin"] == ORIGIN_EXTRACTED]
    outliers = _outliers(own)
    years = _reference_years(own, articles)
    reasons = pd.Series(
        [
            reasons_for(
                fact,
                (fact["doc_id"], fact["start"], fact["end"]) in conflicting,
                bool(outliers[index]),
                int(years[index]),
            )
            for index, fact in own.iterrows()
        ],
        index=own.index,
        dtype=object,
    )
    scores = reasons.map(lambda found: sum(REASON_WEIGHTS[r] for r in found))
    queue = own.assign(**{REASONS_COLUMN: reasons, SCORE_COLUMN: scores})
    queue = queue.sort_values(["doc_id", "start"], kind="stable")
    # The facts the extractor itself rated `review` first, then by the evidence's weight.
    rated = queue["confidence"].eq(REVIEW).rename("rated_review")
    order = pd.concat([rated, queue[SCORE_COLUMN]], axis=1)
    ranked = order.sort_values(["rated_review", SCORE_COLUMN], ascending=False, kind="stable")
    return queue.loc[ranked.index].reset_index(drop=True)


def review_candidates(facts: pd.DataFrame, articles: pd.DataFrame, district: str) -> pd.DataFrame:
    """The district's figures with some evidence of error (see `review_queue`), the most
    doubtful first; values are compared with the whole corpus's."""
    queue = review_queue(facts, articles)
    flagged = queue[(queue["district"] == district) & (queue[SCORE_COLUMN] > 0)]
    return flagged.reset_index(drop=True)


def reason_counts(candidates: pd.DataFrame) -> dict[str, int]:
    """How many candidates have each reason, in the order of REASON_WEIGHTS."""
    found = [reason for reasons in candidates[REASONS_COLUMN] for reason in reasons]
    return {reason: found.count(reason) for reason in REASON_WEIGHTS}
