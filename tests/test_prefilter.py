"""The prefilter's scan passes every spelling of a district's name that `find_mentions` accepts.

The recall of `may_hold_facts` rests on `accepted_spellings` being exactly the words the
gazetteer lets through, and on the scan's catch-all for other letters: both are checked
exhaustively here, and the whole chain against `find_mentions` on generated spellings.
"""

from __future__ import annotations

import itertools
import os
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.extract.reference.gazetteer import (
    _FOLDS_TO,
    _words_match,
    accepted_spellings,
    districts,
    find_mentions,
    name_characters,
)
from helpers.extract.run import prefilter
from helpers.extract.run.prefilter import may_hold_facts
from helpers.extract.text.textnorm import fold

# Generated spellings per run: 200 by default; `BRIEFS_PREFILTER_EXAMPLES=3000` searches harder.
EXAMPLES = int(os.environ.get("BRIEFS_PREFILTER_EXAMPLES", "200"))
NAME_WORDS = sorted({word for d in districts() for word in d.name.split()})
GAPS = [c for c in map(chr, range(0x3001)) if c.isspace() and c != "\n"]


@pytest.mark.parametrize("word", NAME_WORDS)
def test_accepted_spellings_are_the_words_the_gazetteer_accepts(word: str) -> None:
    vietnamese = prefilter._vietnamese_letters()
    letters = [sorted(_FOLDS_TO[base] & vietnamese) for base in fold(word.lower())]
    accepted = accepted_spellings(word)
    for written in map("".join, itertools.product(*letters)):  # every case and diacritic
        assert _words_match([written], [word]) == (written.lower() in accepted), written


def test_a_word_with_two_tone_marks_is_refused() -> None:
    with pytest.raises(ValueError, match="2 tone marks"):
        accepted_spellings(unicodedata.normalize("NFC", "ho\u0300a\u0301"))


def test_name_characters_outside_vietnamese_letters_pass_the_scan() -> None:
    others = name_characters() - prefilter._vietnamese_letters()
    assert {"Ḷ", "ǹ", "İ"} <= others  # a tone mark on a consonant; a dotted capital I
    for char in others:
        assert prefilter._spells_a_district(f"năm 2024 {char}"), char


@pytest.mark.parametrize(
    "text",
    [
        "Quận Hải Châu tăng 9,8%",  # another city's district
        "Tây\nHồ tăng 9,8%",  # a line break is not a gap inside a name
        "Đồng Anh tăng 9,8%",  # other diacritics: not Đông Anh
        "Quận 1 tăng 9,8%",
    ],
)
def test_the_scan_refuses_what_names_no_district(text: str) -> None:
    assert not prefilter._spells_a_district(text)


@st.composite
def written_names(draw: st.DrawFn) -> str:
    """A district's name with each letter drawn from what the mention patterns let through,
    and any gaps between its words."""
    name = draw(st.sampled_from([d.name for d in districts()]))
    words = []
    for word in name.split():
        letters = [draw(st.sampled_from(sorted(_FOLDS_TO[b]))) for b in fold(word)]
        if draw(st.booleans()):  # often the word as written, or with its letters recased
            letters = [draw(st.sampled_from(sorted({c, c.upper()}))) for c in word]
        words.append("".join(letters))
    gaps = [draw(st.text(st.sampled_from(GAPS), min_size=1, max_size=3)) for _ in words[1:]]
    type_word = draw(st.sampled_from(["", "Quận ", "huyện ", "THỊ XÃ "]))
    return type_word + "".join(w + g for w, g in itertools.zip_longest(words, gaps, fillvalue=""))


@settings(max_examples=EXAMPLES, deadline=None)
@given(written_names())
def test_every_mention_the_gazetteer_finds_passes_the_prefilter(name: str) -> None:
    text = f"Năm 2024, {name} tăng 9,8%."
    if find_mentions(text):
        assert may_hold_facts(text), text
