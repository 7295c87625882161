"""One matcher for all lexicon rows: a token trie walked from every token in one pass."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import NamedTuple

from helpers.extract.lexicon.grammar import ClassTest, Step, classes_of
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
_KINDS = frozenset({"num", "word", "punct"})


class _Node:
    __slots__ = ("accepts", "classes", "exacts", "literals")

    def __init__(self) -> None:
        self.literals: dict[str, _Node] = {}  # by a token's folded text
        self.exacts: dict[str, _Node] = {}  # by its original lower-case text (`=đã`)
        self.classes: dict[str, _Node] = {}
        self.accepts: list[int] = []  # ranks of the rows whose sequence ends here


# A row with `unaccented=fold` in its attrs: in a sentence written without diacritics its
# exact literals match their folds (`=đã` matches `da`, where `đã` is by far the likeliest).
UNACCENTED_ATTR, UNACCENTED_FOLD = "unaccented", "fold"
_UNACCENTED_MARK = "~"  # an exact edge's key prefix in the path for unaccented sentences


def _exact_key(token: Token, original: str, unaccented: bool) -> str:
    """A token's key for exact literals: its original lower-case text (`đã`), or `~` and
    its fold (`~da`) when it is written without diacritics in a sentence written so."""
    written = original[token.start : token.end].lower()
    return _UNACCENTED_MARK + token.text if unaccented and written.isascii() else written


def _written_unaccented(tokens: Sequence[Token], original: str) -> bool:
    """Whether a sentence is written without diacritics: no lower-case word of it carries
    one (names may keep theirs). The exact literals of `unaccented=fold` rows then match
    the words of their fold."""
    lower = False
    for token in tokens:  # stops at the first word with a diacritic: most sentences' first
        word = original[token.start : token.end]
        if token.kind == "word" and word[:1].islower():
            if not word.isascii():
                return False
            lower = True
    return lower


class Matcher:
    """All rows compiled into one trie; rows sharing a prefix share nodes."""

    def __init__(self, rows: Sequence[Row]) -> None:
        self.rows = tuple(rows)
        # A row's rank orders spans of equal extent: higher priority first, then id.
        self._ranked = sorted(self.rows, key=lambda row: (-row.priority, row.id))
        self._root = _Node()
        exact_texts: set[str] = set()  # what the exact literals (`=đã`) spell

        def advancing(
            unaccented: bool, folds: bool, exact: set[str]
        ) -> Callable[[_Node, Step], _Node]:
            """How a row's steps add edges (noting its exact literals in `exact`): in the
            path for sentences written without diacritics (`unaccented`), an exact literal
            spelled without diacritics (`=theo`), or any exact literal of a row that `folds`
            (`=đã`), is keyed by `~` and its fold; elsewhere an exact literal is keyed by
            its text."""

            def advance(node: _Node, step: Step) -> _Node:
                """The child of `node` by `step` (added when new)."""
                if isinstance(step, ClassTest):
                    return _child(node.classes, step.name)
                if step.exact:
                    exact.add(step.text)
                    if unaccented and (folds or step.text.isascii()):
                        return _child(node.exacts, _UNACCENTED_MARK + fold(step.text))
                    return _child(node.exacts, step.text)
                return _child(node.literals, step.text)

            return advance

        with _collector_paused():
            for rank, row in enumerate(self._ranked):
                folds = row.attr(UNACCENTED_ATTR) == UNACCENTED_FOLD
                row_exact: set[str] = set()
                self._add(row, rank, advancing(False, folds, row_exact))
                if row_exact:  # a second path, for sentences written without diacritics
                    self._add(row, rank, advancing(True, folds, row_exact))
                exact_texts |= row_exact
        # Only tokens folding to what an exact literal spells can take an exact edge.
        self._exact_folds = frozenset(map(fold, exact_texts))
        # The kinds of token a row may start with by a class: none when no row starts with
        # a class, numbers only, unless a row starts with a class words or marks belong to.
        classes = set(self._root.classes)
        self._class_kinds = frozenset(
            () if not classes else {"num"} if classes <= _NUMBER_CLASSES else _KINDS
        )

    def _add(self, row: Row, rank: int, advance: Callable[[_Node, Step], _Node]) -> None:
        """Every token-test sequence of `row` (of `rank`), its edges added by `advance`."""
        for node in row.tree().ends([self._root], advance):
            if rank not in node.accepts:
                node.accepts.append(rank)

    def spans(self, tokens: Sequence[Token], original: str = "") -> list[Span]:
        """Every span any row matches, sorted by (start, -end, -priority, id). Exact
        literals (`=đã`) compare the `original` text the tokens were read from (none match
        without it)."""
        texts = [t.text for t in tokens]
        exact_keys = self._exact_keys(tokens, texts, original)
        classes: list[frozenset[str] | None] = [None] * len(texts)  # each read on first use
        walk = _Walk(texts, tokens, exact_keys, classes, [])
        root, class_kinds = self._root, self._class_kinds
        literals = root.literals
        for start, text in enumerate(texts):
            # Most tokens start no row: one dict look-up each, and no walk.
            first = literals.get(text)
            if first is not None:
                _walk(first, start, start + 1, walk)
        # Class and exact edges from the root: only from tokens of a kind a row starts with
        # by a class, or that an exact literal may match.
        branching = [i for i, token in enumerate(tokens) if token.kind in class_kinds]
        for start in sorted({*branching, *exact_keys}) if exact_keys else branching:
            _branch_off(root, start, start, walk)
        new, ranked = tuple.__new__, self._ranked
        return [
            new(Span, (start, -end, ranked[rank])) for start, end, rank in sorted(set(walk.found))
        ]

    def _exact_keys(
        self, tokens: Sequence[Token], texts: list[str], original: str
    ) -> dict[int, str]:
        """The key for exact literals (`_exact_key`) of each token an exact literal may
        match, by its position."""
        exact_folds = self._exact_folds
        if not exact_folds:
            return {}
        candidates = [index for index, text in enumerate(texts) if text in exact_folds]
        if not candidates:
            return {}
        unaccented = _written_unaccented(tokens, original)
        return {index: _exact_key(tokens[index], original, unaccented) for index in candidates}


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector (as it was before, after), then move every object it
    tracks, the new trie with them, out of its generations (`gc.freeze`; reference counts
    still free them): a trie of 100k nodes holds no cycles and lives as long as its
    lexicon, and the collector would otherwise trace it again and again as it grows (two
    thirds of the time to build it), twice more as young objects once it is built, and in
    each full collection after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _child(edges: dict[str, _Node], key: str) -> _Node:
    """The node `edges` lead to by `key`, added when there is none."""
    node = edges.get(key)
    if node is None:
        node = edges[key] = _Node()
    return node


class _Walk(NamedTuple):
    """One sentence as the trie walks read it: its tokens' folded texts, the tokens, their
    exact keys and classes (None until a class edge asks), and the spans found so far, as
    (start, -end, rank)."""

    texts: list[str]
    tokens: Sequence[Token]
    exact_keys: dict[int, str]
    classes: list[frozenset[str] | None]
    found: list[tuple[int, int, int]]


def _walk(node: _Node, start: int, position: int, walk: _Walk) -> None:
    """Follow the trie from `node` (reached by the tokens start..position-1), recording
    every row that accepts. A node has one parent, so no path is walked twice; the walk
    follows literal edges and branches off only at class edges and exact literals."""
    texts, found = walk.texts, walk.found
    count = len(texts)
    while True:
        for rank in node.accepts:
            found.append((start, -position, rank))
        if position == count:
            return
        if node.classes or node.exacts:
            _branch_off(node, start, position, walk)
        literal = node.literals.get(texts[position])
        if literal is None:
            return
        node, position = literal, position + 1


def _branch_off(node: _Node, start: int, position: int, walk: _Walk) -> None:
    """Walk on from `node` along its exact and class edges that token `position` takes
    (`_walk` follows the literal edge)."""
    if node.exacts:
        key = walk.exact_keys.get(position)
        exact = None if key is None else node.exacts.get(key)
        if exact is not None:
            _walk(exact, start, position + 1, walk)
    if node.classes:
        token_classes = walk.classes[position]
        if token_classes is None:
            token_classes = walk.classes[position] = classes_of(walk.tokens[position])
        for name, child in node.classes.items():
            if name in token_classes:
                _walk(child, start, position + 1, walk)


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
