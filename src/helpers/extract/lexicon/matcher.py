"""One matcher for all lexicon rows: a token trie walked from every token in one pass."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from helpers.extract.lexicon.grammar import Literal, classes_of
from helpers.extract.lexicon.rows import Attrs, Row
from helpers.extract.lexicon.tokens import Token
from helpers.extract.text.textnorm import fold


class Span(NamedTuple):
    """Tokens `start` (first index) to `end` (one past the last) matched by `row`. (A named
    tuple: a corpus makes millions of spans, and tuples are cheap to build.)"""

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


_NUMBER_CLASSES = frozenset({"num", "int", "year", "month"})


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
        # Folded texts some exact literal (`=đã`) spells: only their tokens need an exact key.
        self._exact_folds = frozenset(
            fold(step.text)
            for row in self.rows
            for steps in row.sequences()
            for step in steps
            if isinstance(step, Literal) and step.exact
        )
        for rank, row in enumerate(self._ranked):
            for steps in row.sequences():
                node = self._root
                for step in steps:
                    if isinstance(step, Literal):
                        node = _child(node.literals, step.key)
                    else:
                        node = _child(node.classes, step.name)
                if rank not in node.accepts:
                    node.accepts.append(rank)

    def spans(self, tokens: Sequence[Token], original: str = "") -> list[Span]:
        """Every span any row matches, sorted by (start, -end, -priority, id). Exact
        literals (`=đã`) compare the `original` text the tokens were read from (none match
        without it)."""
        exact_folds = self._exact_folds
        keys = [
            (t.text, f"={original[t.start : t.end].lower()}" if t.text in exact_folds else None)
            for t in tokens
        ]
        found: list[tuple[int, int, int]] = []  # (start, -end, rank)
        root_literals = self._root.literals
        class_roots = self._root.classes
        numeric_roots = set(class_roots) <= _NUMBER_CLASSES  # then only numbers start them
        for start, (text, exact) in enumerate(keys):
            # Most tokens start no row: one dict look-up each, and no walk.
            first = root_literals.get(text)
            if first is not None:
                _walk(first, start, start + 1, keys, tokens, found)
            if exact is not None and exact in root_literals:
                _walk(root_literals[exact], start, start + 1, keys, tokens, found)
            if class_roots and (not numeric_roots or tokens[start].kind == "num"):
                token_classes = classes_of(tokens[start])
                for name, child in class_roots.items():
                    if name in token_classes:
                        _walk(child, start, start + 1, keys, tokens, found)
        new, ranked = tuple.__new__, self._ranked
        return [new(Span, (start, -end, ranked[rank])) for start, end, rank in sorted(set(found))]


def _child(edges: dict[str, _Node], key: str) -> _Node:
    """The node `edges` lead to by `key`, added when there is none (a node is built only
    when new: the trie has hundreds of thousands of steps)."""
    node = edges.get(key)
    if node is None:
        node = edges[key] = _Node()
    return node


def _walk(
    node: _Node,
    start: int,
    position: int,
    keys: list[tuple[str, str | None]],
    tokens: Sequence[Token],
    found: list[tuple[int, int, int]],
) -> None:
    """Follow the trie from `node` (reached by the tokens start..position-1), recording
    every row that accepts. A node has one parent, so no path is walked twice; the walk
    branches only at class edges and exact literals."""
    count = len(keys)
    while True:
        for rank in node.accepts:
            found.append((start, -position, rank))
        if position == count:
            return
        text, exact = keys[position]
        literal = node.literals.get(text)
        if node.classes or (exact is not None and exact in node.literals):
            branches = [] if literal is None else [literal]
            if exact is not None and exact in node.literals:
                branches.append(node.literals[exact])
            if node.classes:
                token_classes = classes_of(tokens[position])
                branches.extend(c for name, c in node.classes.items() if name in token_classes)
            for branch in branches:
                _walk(branch, start, position + 1, keys, tokens, found)
            return
        if literal is None:
            return
        node, position = literal, position + 1


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
