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
        self.accepts: list[int] = []  # indices of rows whose sequence ends here


class Matcher:
    """All rows compiled into one trie; rows sharing a prefix share nodes."""

    def __init__(self, rows: Sequence[Row]) -> None:
        self.rows = tuple(rows)
        self._root = _Node()
        for index, row in enumerate(self.rows):
            for steps in row.sequences():
                node = self._root
                for step in steps:
                    if isinstance(step, Literal):
                        node = node.literals.setdefault(step.text, _Node())
                    else:
                        node = node.classes.setdefault(step.name, _Node())
                if index not in node.accepts:
                    node.accepts.append(index)
        self._used_classes = frozenset(_class_names(self._root))

    def spans(self, tokens: Sequence[Token]) -> list[Span]:
        """Every span any row matches, sorted by (start, -end, -priority, id)."""
        classes = [classes_of(token) & self._used_classes for token in tokens]
        found: set[tuple[int, int, int]] = set()
        for start in range(len(tokens)):
            active = [self._root]
            position = start
            while active and position < len(tokens):
                text, token_classes = tokens[position].text, classes[position]
                position += 1
                following: dict[int, _Node] = {}
                for node in active:
                    child = node.literals.get(text)
                    if child is not None:
                        following[id(child)] = child
                    for name in token_classes:
                        child = node.classes.get(name)
                        if child is not None:
                            following[id(child)] = child
                active = list(following.values())
                for node in active:
                    found.update((start, position, index) for index in node.accepts)
        return sorted((Span(s, e, self.rows[i]) for s, e, i in found), key=span_order)


def _class_names(root: _Node) -> set[str]:
    names: set[str] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        names.update(node.classes)
        stack.extend(node.literals.values())
        stack.extend(node.classes.values())
    return names


def select_best(spans: Sequence[Span], family: str | None = None) -> list[Span]:
    """Non-overlapping spans per family: higher priority, then longer, then earlier wins.

    With `family`, only that family's spans are considered. The result keeps `span_order`.
    """
    ranked = sorted(
        (s for s in spans if family is None or s.family == family),
        key=lambda s: (-s.row.priority, s.start - s.end, s.start, s.row.id),
    )
    taken: dict[str, list[Span]] = {}
    for span in ranked:
        chosen = taken.setdefault(span.family, [])
        if all(span.end <= other.start or other.end <= span.start for other in chosen):
            chosen.append(span)
    return sorted((s for chosen in taken.values() for s in chosen), key=span_order)
