"""Parts of a whole: figures after `trong đó`/`gồm` that break down an earlier figure.

Provenance key `part_of`: the indicator the part would otherwise have had.
"""

from __future__ import annotations

from dataclasses import replace

from helpers.extract.document import Document
from helpers.extract.fact import Fact, with_rule
from helpers.extract.lexicon.spans import LabelledSentence
from helpers.extract.reference.vocabulary import OTHER_INDICATOR

FAMILY = "discourse"


def parts_of_a_whole(document: Document, facts: list[Fact]) -> list[Fact]:
    """Article resolver: figures after `trong đó`/`gồm` that break down a figure of the
    same indicator earlier in their sentence are its parts (`phấn đấu thực hiện 25 chỉ
    tiêu, trong đó 5 chỉ tiêu kinh tế, 17 chỉ tiêu xã hội`): `other`, not more of the same
    indicator."""
    wholes = {
        (f.sentence_start, f.indicator)
        for f in facts
        if not f.after_breakdown and f.indicator != OTHER_INDICATOR
    }
    return [
        replace(f, indicator=OTHER_INDICATOR, rule=with_rule(f.rule, "part_of", f.indicator))
        if f.after_breakdown and (f.sentence_start, f.indicator) in wholes
        else f
        for f in facts
    ]


def after_breakdown(labelled: LabelledSentence, first: int) -> bool:
    """Whether a `trong đó`/`gồm` stands before token `first` in its sentence."""
    return any(s.end <= first for s in labelled.of_family(FAMILY, ("breakdown",)))
