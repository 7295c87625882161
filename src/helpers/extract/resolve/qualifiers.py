"""Qualifiers of a figure: `estimated`, `approx`, `at_least` (lexicon `qualifiers.csv`).

- `estimated` (`ước`, `dự kiến`): a cue between the figure's topic (or, with no topic, its
  clause start) and the figure, just before the topic (`ước giải ngân`), or before the topic
  with no other figure in between (`Dự kiến cả năm 2023, thu ngân sách đạt ...`). Figures
  chained after an estimate share it; a new topic's figure does not.
- `approx` (`gần`, `khoảng`, `hơn`, `trên`): right before the figure, or before the reach
  verbs of `reach_verbs.csv` that stand right before it (`hơn ... đạt`).
- `at_least`: `ít nhất`/`tối thiểu` right before the figure, or `trở lên` right after it.
"""

from __future__ import annotations

from dataclasses import dataclass

from helpers.extract.lexicon.spans import CLAUSE_BREAKS, LabelledSentence
from helpers.extract.resolve.indicators import TopicSpan

FAMILY = "qualifiers"
QUALIFIER_ORDER = ("estimated", "approx", "at_least")
ESTIMATE_REACH_CHARS = 8  # a cue this close before the topic governs it
AT_LEAST_AFTER_WORDS = 2
_FIGURE_UNIT_WORDS = frozenset({"%", "ty", "ti", "trieu", "nghin"})


@dataclass(frozen=True, order=True)
class _Place:
    """A position in the figure's left context: `part` 0 is a sentence it continues, 1 its
    own sentence; `char` an offset in that part."""

    part: int
    char: int


def _states_figure(sentence: LabelledSentence, start: int, end: int) -> bool:
    """Whether chars [start, end) of the sentence hold a figure (`5%`, `12 tỷ`, `3/4`)."""
    tokens = sentence.tokens
    for index, token in enumerate(tokens):
        if token.kind != "num" or not start <= token.start < end:
            continue
        following = tokens[index + 1].text if index + 1 < len(tokens) else ""
        if following in _FIGURE_UNIT_WORDS or following == "/":
            return True
    return False


def is_estimated(
    sentence: LabelledSentence,
    scope_start: int,
    figure_char: int,
    topic: TopicSpan | None,
    carried: LabelledSentence | None,
) -> bool:
    """Whether an estimate cue governs the figure at `figure_char` (see module docstring)."""
    parts = [(1, sentence, scope_start, figure_char)]
    if carried is not None:
        parts.insert(0, (0, carried, 0, len(carried.text)))
    cues = [
        (_Place(part, text.char_start(s)), _Place(part, text.char_end(s)), text)
        for part, text, low, high in parts
        for s in text.of_family(FAMILY, ("estimated",))
        if low <= text.char_start(s) and text.char_end(s) <= high
    ]
    if topic is None:
        breaks = [
            _Place(part, t.end)
            for part, text, low, high in parts
            for t in text.tokens
            if t.text in CLAUSE_BREAKS and low <= t.start < high
        ]
        last_break = max(breaks, default=_Place(-1, 0))
        return any(last_break <= start for start, _, _ in cues)
    part = 1 if topic.sentence is sentence else 0
    topic_start = topic.sentence.char_start(topic.span)
    reach = _Place(part, max(0, topic_start - ESTIMATE_REACH_CHARS))
    if any(reach <= start for start, _, _ in cues):
        return True
    before = [(start, end, text) for start, end, text in cues if start < _Place(part, topic_start)]
    if not before:
        return False
    _, end, text = max(before, key=lambda cue: cue[0])
    if text is topic.sentence:
        return not _states_figure(text, end.char, topic_start)
    # The cue stands in the sentence this one continues: no figure may follow it there, nor
    # stand before the topic here.
    return not (
        _states_figure(text, end.char, len(text.text))
        or _states_figure(topic.sentence, scope_start, topic_start)
    )


def _at_least_after(sentence: LabelledSentence, stop: int) -> bool:
    """Whether `trở lên` follows the figure ending before token `stop`, at most
    `AT_LEAST_AFTER_WORDS` words later."""
    for gap in range(AT_LEAST_AFTER_WORDS + 1):
        if sentence.starting_at(FAMILY, stop + gap, ("at_least_after",)):
            return all(t.kind == "word" for t in sentence.tokens[stop : stop + gap])
    return False


def qualifiers(
    sentence: LabelledSentence,
    first: int,
    stop: int,
    estimated: bool,
) -> str:
    """The `;`-joined qualifiers of the figure in tokens [first, stop)."""
    found = {"estimated"} if estimated else set()
    bare = sentence.skip_back("reach_verbs", first)
    if sentence.ending_at(FAMILY, first, ("approx",)) or sentence.ending_at(
        FAMILY, bare, ("approx",)
    ):
        found.add("approx")
    if sentence.ending_at(FAMILY, first, ("at_least",)) or _at_least_after(sentence, stop):
        found.add("at_least")
    return ";".join(q for q in QUALIFIER_ORDER if q in found)
