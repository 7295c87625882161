"""One sentence as the lexicons label it: tokens, spans, and look-ups by token position.

Every rule that reads a figure asks this view what stands right before or after a token,
or anywhere in the sentence, instead of scanning the text again.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from operator import attrgetter

from helpers.extract.lexicon import Span, Token, load_lexicon, tokenize

# Tokens that end a clause for the rules that look back from a figure.
CLAUSE_BREAKS = frozenset({",", ";", ":", "("})
_TOKEN_START = attrgetter("start")  # the key that finds a character offset among tokens


def _ranked(spans: list[Span]) -> list[Span]:
    """Spans in precedence order: higher priority, then longer, then earlier."""
    return sorted(spans, key=lambda s: (-s.row.priority, s.start - s.end, s.start, s.row.id))


@dataclass
class LabelledSentence:
    """A sentence (NFC `text`, its `folded` form), its tokens and every lexicon span."""

    text: str
    folded: str
    tokens: list[Token]
    spans: list[Span]  # in text order within each family
    families: frozenset[str] | None = None  # labelled by these families only (None: all)
    _ending: dict[str, dict[int, list[Span]]] = field(init=False, repr=False)
    _starting: dict[str, dict[int, list[Span]]] = field(init=False, repr=False)
    _family: dict[str, list[Span]] = field(init=False, repr=False)
    _selected: dict[tuple[str, tuple[str, ...] | None], list[Span]] = field(init=False, repr=False)
    _complete: LabelledSentence | None = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._family = defaultdict(list)
        for span in self.spans:
            self._family[span.row.family].append(span)
        self._ending = {}
        self._starting = {}
        self._selected = {}
        self._complete = None  # set here, not as a field default: mypyc leaves those unset

    def _index(self, family: str) -> None:
        """Index a family's spans by end and start token, on first use."""
        ending: dict[int, list[Span]] = defaultdict(list)
        starting: dict[int, list[Span]] = defaultdict(list)
        for span in _ranked(self._family.get(family, [])):  # each list in precedence order
            ending[span.end].append(span)
            starting[span.start].append(span)
        self._ending[family], self._starting[family] = ending, starting

    @classmethod
    def read(
        cls, text: str, folded: str, families: frozenset[str] | None = None
    ) -> LabelledSentence:
        """Tokenise and label one sentence with the shipped lexicons (with `families`, only
        theirs: a sentence without figures needs only what frames the ones after it)."""
        tokens, spans = load_lexicon().spans(text, folded, families)
        return cls(text, folded, tokens, spans, families)

    @classmethod
    def read_framing(
        cls,
        text: str,
        folded: str,
        whole: frozenset[str],
        opening: frozenset[str],
        opening_chars: int,
    ) -> LabelledSentence:
        """Label a sentence by the `whole` families over all of it and the `opening` ones over
        its first `opening_chars` characters only (a subject frames what follows only from
        the start of a sentence); `complete()` labels it in full when needed."""
        lexicon = load_lexicon()
        tokens = tokenize(text, folded)
        opening_end = bisect.bisect_left(tokens, opening_chars, key=_TOKEN_START)
        # Each family comes from one call, already in order: no sort needed.
        spans = lexicon.match(tokens, text, whole) + lexicon.match(
            tokens[:opening_end], text, opening
        )
        return cls(text, folded, tokens, spans, whole | opening)

    def complete(self) -> LabelledSentence:
        """This sentence labelled by every family (itself when it already is)."""
        if self.families is None:
            return self
        if self._complete is None:
            self._complete = LabelledSentence.read(self.text, self.folded)
        return self._complete

    def token_at(self, char: int) -> int:
        """The index of the first token starting at or after char offset `char`."""
        return bisect.bisect_left(self.tokens, char, key=_TOKEN_START)

    def char_start(self, span: Span) -> int:
        return self.tokens[span.start].start

    def char_end(self, span: Span) -> int:
        return self.tokens[span.end - 1].end

    def token_text(self, index: int) -> str:
        """The folded text of token `index`, or "" outside the sentence."""
        return self.tokens[index].text if 0 <= index < len(self.tokens) else ""

    def ending_at(
        self, family: str, index: int, labels: Collection[str] | None = None
    ) -> list[Span]:
        """Spans of `family` that end right before token `index`, in precedence order."""
        if family not in self._ending:
            self._index(family)
        found = self._ending[family].get(index, [])
        return found if labels is None else [s for s in found if s.row.label in labels]

    def starting_at(
        self, family: str, index: int, labels: Collection[str] | None = None
    ) -> list[Span]:
        """Spans of `family` that start at token `index`, in precedence order."""
        if family not in self._starting:
            self._index(family)
        found = self._starting[family].get(index, [])
        return found if labels is None else [s for s in found if s.row.label in labels]

    def of_family(self, family: str, labels: tuple[str, ...] | None = None) -> list[Span]:
        """Every span of `family` (with one of `labels`), in text order."""
        key = (family, labels)
        found = self._selected.get(key)
        if found is None:
            spans = self._family.get(family, [])
            found = spans if labels is None else [s for s in spans if s.row.label in labels]
            self._selected[key] = found
        return found

    def has_row(self, row_id: str) -> bool:
        """Whether a span of the lexicon row `row_id` stands anywhere in the sentence."""
        family = load_lexicon().row(row_id).family  # KeyError names an unknown row
        return any(s.row.id == row_id for s in self._family.get(family, []))

    def skip_back(self, family: str, index: int, labels: Collection[str] | None = None) -> int:
        """Move left from token `index` over a chain of adjacent spans of `family`."""
        while True:
            found = self.ending_at(family, index, labels)
            if not found:
                return index
            index = min(s.start for s in found)
