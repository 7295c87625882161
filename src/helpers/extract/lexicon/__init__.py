"""Span-labelling lexicons: CSV rows in a token grammar, compiled into one matcher.

`load_lexicon()` loads and checks the shipped lexicons (`helpers/extract/lexicons/*.csv`);
`Lexicon.spans` labels a sentence, `Lexicon.best` keeps the winning spans per family.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache
from importlib.resources.abc import Traversable
from pathlib import Path

from helpers.extract.lexicon.grammar import Literal
from helpers.extract.lexicon.matcher import Matcher, Span, select_best
from helpers.extract.lexicon.rows import Attrs, Row, load_rows
from helpers.extract.lexicon.tokens import Token, tokenize
from helpers.extract.text.textnorm import fold

__all__ = [
    "Attrs",
    "Lexicon",
    "Matcher",
    "Row",
    "Span",
    "Token",
    "coverage",
    "load_lexicon",
    "load_rows",
    "tokenize",
]


class Lexicon:
    """Rows plus the matcher compiled from them."""

    def __init__(self, rows: Sequence[Row]) -> None:
        self.rows = tuple(rows)
        self.matcher = Matcher(self.rows)
        self._by_id = {row.id: row for row in self.rows}
        self._partial: dict[frozenset[str], Matcher] = {}

    def row(self, row_id: str) -> Row:
        """The row with id `row_id`; KeyError names it when there is none."""
        try:
            return self._by_id[row_id]
        except KeyError:
            raise KeyError(f"no lexicon row {row_id!r}") from None

    def rows_with(self, key: str, value: str = "1") -> frozenset[str]:
        """The ids of the rows whose attribute `key` is `value` (how code names a set of
        rows: by what they are, never by id)."""
        return frozenset(row.id for row in self.rows if row.attr(key) == value)

    def phrases(self, family: str, label: str, attr: str | None = None) -> tuple[str, ...]:
        """Every folded phrase the rows of `family` with `label` (and, given `attr`, that
        attribute) spell, tokens joined by a space (for line-level checks that need no
        matcher); ValueError on a row with a class or gap, which spells no fixed phrase."""
        found = []
        for row in self.rows:
            if row.family != family or row.label != label:
                continue
            if attr is not None and row.attr(attr) is None:
                continue
            for steps in row.sequences():
                words = [s.text for s in steps if isinstance(s, Literal) and not s.exact]
                if len(words) != len(steps):
                    raise ValueError(f"{row.source} ({row.id}): a phrase row may hold only words")
                found.append(" ".join(words))
        return tuple(dict.fromkeys(found))

    def spans(
        self, text: str, folded: str, families: frozenset[str] | None = None
    ) -> tuple[list[Token], list[Span]]:
        """Tokens of `text` (NFC) and every span any row matches in them; with `families`,
        only the rows of those families (one matcher compiled for them, cached)."""
        tokens = tokenize(text, folded)
        return tokens, self._matcher_for(families).spans(tokens, text)

    def match(
        self, tokens: Sequence[Token], text: str, families: frozenset[str] | None = None
    ) -> list[Span]:
        """Every span the rows (of `families`, or all) match in `tokens` of `text`."""
        return self._matcher_for(families).spans(tokens, text)

    def _matcher_for(self, families: frozenset[str] | None) -> Matcher:
        if families is None:
            return self.matcher
        if families not in self._partial:
            self._partial[families] = Matcher([r for r in self.rows if r.family in families])
        return self._partial[families]

    @staticmethod
    def best(spans: Sequence[Span], family: str | None = None) -> list[Span]:
        """Non-overlapping spans per family (see `matcher.select_best`)."""
        return select_best(spans, family)

    def row_problems(self, row: Row) -> list[str]:
        """What is wrong with one row's examples and counter-examples (empty when fine)."""
        where = f"{row.source} ({row.id})"
        problems = []
        for example in row.examples:
            whole = self._whole_matches(example)
            if row not in whole:
                problems.append(f"{where}: example {example!r} is not matched over its whole text")
                continue
            problems.extend(
                f"{where}: example {example!r} is ambiguous: {other.source} ({other.id}) has the "
                f"same family and priority but gives {other.label} {dict(other.attrs)}"
                for other in whole
                if other.family == row.family
                and other.priority == row.priority
                and (other.label, other.attrs) != (row.label, row.attrs)
            )
        for counter in row.counter_examples:
            tokens, spans = self.spans(counter, fold(counter))
            hits = [_quote(counter, tokens, s) for s in spans if s.row is row]
            if hits:
                problems.append(f"{where}: counter-example {counter!r} matches at {hits}")
        return problems

    def check(self) -> None:
        """Raise one ValueError listing every row problem (see `row_problems`)."""
        problems = [problem for row in self.rows for problem in self.row_problems(row)]
        if problems:
            raise ValueError(f"lexicon check: {len(problems)} problem(s):\n" + "\n".join(problems))

    def _whole_matches(self, phrase: str) -> list[Row]:
        tokens, spans = self.spans(phrase, fold(phrase))
        return [s.row for s in spans if s.start == 0 and s.end == len(tokens)]


def _quote(text: str, tokens: Sequence[Token], span: Span) -> str:
    return text[tokens[span.start].start : tokens[span.end - 1].end]


@cache
def _default_lexicon() -> Lexicon:
    return _checked(Lexicon(load_rows()))


def _checked(lexicon: Lexicon) -> Lexicon:
    lexicon.check()
    return lexicon


def load_lexicon(directory: str | Path | Traversable | None = None) -> Lexicon:
    """Load and `check()` the lexicons of `directory` (default: the shipped ones, cached)."""
    if directory is None:
        return _default_lexicon()
    return _checked(Lexicon(load_rows(directory)))


def coverage(lexicon: Lexicon, texts: Iterable[tuple[str, str]]) -> dict[str, int]:
    """How often each row's span survives `best()` over (text, folded) pairs; 0 if never."""
    counts = Counter(
        span.row.id
        for text, folded in texts
        for span in lexicon.best(lexicon.spans(text, folded)[1])
    )
    return {row.id: counts[row.id] for row in lexicon.rows}
