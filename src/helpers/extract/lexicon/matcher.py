"""One matcher for all lexicon rows: a token trie walked from every token in one pass."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from helpers.extract.lexicon.grammar import Literal, classes_of
from helpers.extract.lexicon.rows import Attrs, Row
from helpers.extract.lexicon.tokens import Token


@dataclass(frozen=True, slots=True)
class Span:
    """Tokens `start` (first index) to `end` (one past the last) matched by `row`."""

    start: int
    end: int
    row: Row

    @property
    def family(self) -> str:
        """The row's family (its file stem)."""
        return self.row.family

    @property
    def label(self) -> str:
        """The row's label."""
        return self.row.label

    @property
    def attrs(self) -> Attrs:
        """The row's attributes."""
        return self.row.attrs


def span_order(span: Span) -> tuple[int, int, int, str]:
    """The output order of spans: by start, longest first, then higher priority, then id."""
    return (span.start, -span.end, -span.row.priority, span.row.id)


class _Node:
    __slots__ = ("accepts", "classes", "literals")

    def __init__(self) -> None:
        self.literals: dict[str, _Node] = {}
        self.classes: dict[str, _Node] = {}
        self.accepts: list[int] = []  # ranks of the rows whose sequence ends here


class Matcher:
    """All rows compiled into one trie; rows sharing a prefix share nodes."""

    def __init__(self, rows: Sequence[Row]) -> None:
        self.rows = tuple(rows)
        # A row's rank orders spans of equal extent: higher priority first, then id.
        self._ranked = sorted(self.rows, key=lambda row: (-row.priority, row.id))
        self._root = _Node()
        for rank, row in enumerate(self._ranked):
            for steps in row.sequences():
                node = self._root
                for step in steps:
                    if isinstance(step, Literal):
                        node = node.literals.setdefault(step.key, _Node())
                    else:
                        node = node.classes.setdefault(step.name, _Node())
                if rank not in node.accepts:
                    node.accepts.append(rank)

    def spans(self, tokens: Sequence[Token]) -> list[Span]:
        """Every span any row matches, sorted by (start, -end, -priority, id)."""
        texts = [token.text for token in tokens]
        exact = [f"={token.raw}" for token in tokens]
        classes = [classes_of(token) for token in tokens]
        found: set[tuple[int, int, int]] = set()  # (start, -end, rank)
        for start in range(len(tokens)):
            # Every trie node has one parent, so the active nodes never repeat.
            active = [self._root]
            position = start
            while active and position < len(tokens):
                text, token_classes = texts[position], classes[position]
                position += 1
                following = []
                for node in active:
                    for key in (text, exact[position - 1]):
                        child = node.literals.get(key)
                        if child is not None:
                            following.append(child)
                    for name, child in node.classes.items():
                        if name in token_classes:
                            following.append(child)
                for node in following:
                    for rank in node.accepts:
                        found.add((start, -position, rank))
                active = following
        return [Span(start, -end, self._ranked[rank]) for start, end, rank in sorted(found)]


def select_best(spans: Sequence[Span], family: str | None = None) -> list[Span]:
    """Non-overlapping spans per family: higher priority, then longer, then earlier wins.

    With `family`, only that family's spans are considered. The result keeps `span_order`.
    """
    ranked = sorted(
        (s for s in spans if family is None or s.family == family),
        key=lambda s: (-s.row.priority, s.start - s.end, s.start, s.row.id),
    )
    covered: dict[str, set[int]] = {}  # token indices already taken, per family
    chosen = []
    for span in ranked:
        taken = covered.setdefault(span.family, set())
        if taken.isdisjoint(range(span.start, span.end)):
            taken.update(range(span.start, span.end))
            chosen.append(span)
    return sorted(chosen, key=span_order)
