"""Confidence: each fact `high`, or `review` when its evidence is weak (`confidence.py`).

Provenance key `review`: the signals, `+`-joined.
"""

from __future__ import annotations

from dataclasses import replace

from helpers.extract.document import Document
from helpers.extract.fact import Fact, with_rule
from helpers.extract.reference.gazetteer import find_mentions
from helpers.extract.reference.vocabulary import OTHER_INDICATOR
from helpers.extract.resolve.components.dedupe import close
from helpers.extract.resolve.components.subject import introduced_districts
from helpers.extract.resolve.confidence import REVIEW, review_signals


def reading_key(fact: Fact) -> tuple[str, int, str, str, str, str]:
    """What two figures must share to be readings of the same quantity."""
    return (fact.district, fact.year, fact.period, fact.indicator, fact.kind, fact.basis)


def with_confidence(document: Document, facts: list[Fact]) -> list[Fact]:
    """Article resolver: each fact with its confidence (`high`, or `review` with the
    signals in its rule)."""
    several_districts = len(document.districts) > 1
    introduced = introduced_districts(document) if facts else frozenset()
    lead_names = {d.name for d in introduced if d is not None}
    from_page = document.districts_from_page
    named: dict[str, set[str]] = {}
    values: dict[tuple, list[tuple[float, int]]] = {}
    for fact in facts:
        if fact.indicator != OTHER_INDICATOR:
            values.setdefault(reading_key(fact), []).append((fact.value, fact.sentence_start))
    rated = []
    for fact in facts:
        if (several_districts or from_page) and fact.sentence not in named:  # else moot
            named[fact.sentence] = {m.district.name for m in find_mentions(fact.sentence)}
        signals = review_signals(
            fact.rule,
            fact.indicator,
            fact.kind,
            fact.value,
            fact.total,
            district_named=fact.district in named.get(fact.sentence, ()),
            several_districts=several_districts,
            district_from_page=from_page,
            in_passing=None not in introduced and fact.district not in lead_names,
            # Two values in one sentence are two bases or a breakdown (`đạt 80% dự toán
            # thành phố giao, đạt 80,4% dự toán HĐND huyện giao`); in two, a disagreement.
            conflicting=any(
                start != fact.sentence_start and not close(fact.value, other)
                for other, start in values.get(reading_key(fact), ())
            ),
        )
        rated.append(
            replace(fact, confidence=REVIEW, rule=with_rule(fact.rule, REVIEW, "+".join(signals)))
            if signals
            else fact
        )
    return rated
