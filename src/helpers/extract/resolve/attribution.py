"""Who a sentence is about: a district, the city / the nation, or the district in context.

A figure belongs to the subject named nearest before it in its sentence: a district
name found by the gazetteer (with or without `quận`/`huyện`/`thị xã`), or a row of the
`subjects` lexicon (`lexicons/subjects.csv`): `district_generic` (`quận`, `toàn huyện`,
`trên địa bàn`: the district in context), `city` (`Hà Nội`, `toàn thành phố`, `cả nước`:
never a district's figures), `ward` (`phường Nhật Tân`). Precedence, in order:
1. a district name beats any lexicon row it overlaps;
2. overlapping lexicon rows: the lexicon's `best` (priority, then length), so
   `not_subject` rows (`Thành phố giao`, `quận ủy`, `cơ quan`) silence what they cover;
3. context rows (`lexicons/subject_context.csv`): a city marker right after a
   `city_not_subject_before` phrase (an institution's name, `theo`, `sự chỉ đạo của`) is
   no subject; a district name without
   its type word right after a `place_before` word (`phường`, `phố`, `hồ`) names a place;
4. a `weak=1` marker (`trên địa bàn`) right after the city or a ward refers to that unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from helpers.extract.lexicon import load_lexicon
from helpers.extract.lexicon.spans import LabelledSentence
from helpers.extract.reference.gazetteer import District, find_mentions

FAMILY = "subjects"
CONTEXT_FAMILY = "subject_context"
CITY = "city"
WARD = "ward"  # a ward, commune or township inside a district: its figures are not the district's
ELSEWHERE = "elsewhere"  # a place outside Hanoi (a province, its districts, another city)
UNIT = "unit"  # a named company, cooperative, industrial park or cluster, project
# A subject this near a figure-less sentence's start frames the sentences after it.
TOPIC_POSITION_CHARS = 40
OPENING_CHARS = TOPIC_POSITION_CHARS + 30  # room for a subject that starts in topic position
_MARKERS = {
    "district_generic": None,
    "city": CITY,
    "ward": WARD,
    "elsewhere": ELSEWHERE,
    "unit": UNIT,
}
# The markers whose figures are no district's.
NOT_THE_DISTRICT = frozenset({CITY, WARD, ELSEWHERE, UNIT})
_APPOSITION = re.compile(r"\s*[,(–-]?\s*")
_MARKER_LABELS = frozenset([*_MARKERS, "not_subject"])  # the spans subject scanning reads


@dataclass(frozen=True)
class Subject:
    """A subject marker in a sentence: `district` is a District, CITY, WARD, ELSEWHERE,
    UNIT, or None (the district in context)."""

    start: int
    end: int
    district: District | str | None


def subjects_in(labelled: LabelledSentence, names_within: int | None = None) -> list[Subject]:
    """Subject markers of one labelled sentence, in order; with `names_within`, district
    names are looked for only in the sentence's first `names_within` characters."""
    sentence, tokens = labelled.text, labelled.tokens
    family = labelled.of_family(FAMILY)
    mentions = find_mentions(sentence[:names_within])
    if not family and not mentions:
        return []
    context = labelled.of_family(CONTEXT_FAMILY)
    ends = {
        label: {s.end for s in context if s.label == label}
        for label in ("city_not_subject_before", "place_before")
    }
    subjects: list[Subject] = []
    named: list[tuple[int, int]] = []
    for mention in mentions:
        first = labelled.token_at(mention.start)
        if mention.type_word is None and first in ends["place_before"]:
            continue
        subjects.append(Subject(mention.start, mention.end, mention.district))
        named.append((mention.start, mention.end))
    weak_starts = set()
    chosen = load_lexicon().best([s for s in family if s.label in _MARKER_LABELS])
    for span in chosen:
        if span.label == "not_subject":
            continue
        start, end = tokens[span.start].start, tokens[span.end - 1].end
        if any(s < end and start < e for s, e in named):
            continue
        marker = _MARKERS[span.label]
        if marker == CITY and span.start in ends["city_not_subject_before"]:
            continue
        if marker == ELSEWHERE and _in_apposition(sentence, start, named):
            continue
        subjects.append(Subject(start, end, marker))
        if span.attrs.get("weak") == "1":
            weak_starts.add(start)
    subjects.sort(key=lambda s: (s.start, -s.end))
    return [
        s
        for i, s in enumerate(subjects)
        if not (s.start in weak_starts and i > 0 and subjects[i - 1].district in NOT_THE_DISTRICT)
    ]


def _in_apposition(sentence: str, start: int, named: list[tuple[int, int]]) -> bool:
    """Whether a place outside Hanoi starting at `start` follows a named district with only
    a comma, a bracket or a dash between: it says where that district is (`huyện Ba Vì,
    tỉnh Hà Tây`; `Ba Vì (tỉnh Hà Tây cũ)`), not whose the figures are."""
    return any(end <= start and _APPOSITION.fullmatch(sentence[end:start]) for _, end in named)


def in_complement(labelled: LabelledSentence, subject: Subject) -> bool:
    """Whether a subject is named in a complement (`so với huyện Sóc Sơn`, `cao hơn quận
    Đống Đa`, `theo quận ...`): a `complement=1` row of the context lexicon ends right
    before it."""
    first = labelled.token_at(subject.start)
    return any(
        span.end == first and span.attrs.get("complement") == "1"
        for span in labelled.of_family(CONTEXT_FAMILY)
    )


def sentence_subjects(sentence: str, folded: str) -> list[Subject]:
    """Subject markers in one sentence (NFC text and its fold), in order."""
    return subjects_in(LabelledSentence.read(sentence, folded))


def subject_before(subjects: list[Subject], position: int) -> Subject | None:
    """The subject marker nearest before `position`, if any."""
    before = [s for s in subjects if s.end <= position]
    return before[-1] if before else None
