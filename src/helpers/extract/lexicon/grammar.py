r"""The token grammar of lexicon patterns: parse one pattern into its token-test sequences.

A pattern is read like a sentence (numbers, words, single punctuation marks) and every
item tests ONE token of the folded sentence:

- `quy`, `tang`, `2024`, `%`, `/`, `,`, `;`, `:`, `-`, `+`, `.`: a literal token. Words are
  folded when the pattern is parsed, so `quý` and `quy` are the same literal. A literal is
  compared with the token's folded text exactly (`quy` never matches `quyet`).
- `=đã`: a literal compared with the token's original lower-case text, diacritics kept,
  for words whose folds collide (`đã` done / `đà` momentum / `đa` many all fold to `da`).
- `(a b|c|d e f)`: alternatives of sub-sequences, nestable; `|` also works at the top level.
- `X?`: the previous item (literal, class or group) is optional.
- classes: `<num>` any number token; `<year>` a 4-digit number token 1990..2035 with no
  separators (`helpers.years.MIN_REPORT_YEAR`..`MAX_REPORT_YEAR`); `<int>` a number token of
  digits only; `<month>` an integer 1..12; `<roman>` a word among i ii iii iv or an integer
  1..4; `<w>` any word token; `<Cap>` a word token whose original first letter is upper
  case; `<any>` any token.
- gaps: `<w>{m,n}` (any class) = between m and n such tokens, 0 <= m <= n <= 8.
- `\X` escapes one reserved character as a punctuation literal: `\(` `\)` `\|` `\?` `\<`
  `\>` `\{` `\}` `\\`. These characters cannot be written bare as literals.

Optionals, alternatives and gaps are expanded into plain sequences; a pattern expanding to
more than `MAX_EXPANSIONS` sequences, or able to match no token at all, is a ValueError.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from helpers.extract.lexicon.tokens import NUMBER, WORD, Token
from helpers.extract.text.textnorm import fold, nfc
from helpers.years import MAX_REPORT_YEAR, MIN_REPORT_YEAR

MAX_EXPANSIONS = 4096
MAX_GAP = 8
ROMAN_WORDS = frozenset({"i", "ii", "iii", "iv"})
# Counts of months written as words, folded (`sáu tháng đầu năm`, `chín tháng`): what
# `timeframe` reads a word-month row's count from. `năm` (five) is left out: it is the year.
NUMBER_WORDS = {
    "mot": 1,
    "hai": 2,
    "ba": 3,
    "bon": 4,
    "tu": 4,
    "sau": 6,
    "bay": 7,
    "tam": 8,
    "chin": 9,
    "muoi": 10,
}
RESERVED = "()|?<>{}\\"  # written as literals only when escaped with a backslash
CLASSES = ("num", "year", "int", "month", "roman", "w", "Cap", "any")
_WORD_CLASSES = frozenset({"any", "w"})
_NUM_CLASSES = frozenset({"any", "num"})


def classes_of(token: Token) -> frozenset[str]:
    """The names of every class (see the module docstring) the token belongs to."""
    return _classes(token.text, token.kind, token.capitalised)


@functools.lru_cache(maxsize=65536)
def _classes(text: str, kind: str, capitalised: bool) -> frozenset[str]:
    if kind == "word":
        names = set(_WORD_CLASSES)
        if capitalised:
            names.add("Cap")
        if text in ROMAN_WORDS:
            names.add("roman")
        return frozenset(names)
    if kind != "num":
        return frozenset({"any"})
    if not text.isdigit():
        return _NUM_CLASSES
    names = {"any", "num", "int"}
    if len(text) <= 4:
        value = int(text)
        if len(text) == 4 and MIN_REPORT_YEAR <= value <= MAX_REPORT_YEAR:
            names.add("year")
        if 1 <= value <= 12:
            names.add("month")
        if 1 <= value <= 4:
            names.add("roman")
    return frozenset(names)


@dataclass(frozen=True, slots=True)
class Literal:
    """Matches a token whose folded text equals `text`; with `exact`, a token whose original
    lower-case text (diacritics kept) equals `text`."""

    text: str
    exact: bool = False


@dataclass(frozen=True, slots=True)
class ClassTest:
    """Matches a token of the class `name` (one of `CLASSES`)."""

    name: str


Step = Literal | ClassTest
Steps = tuple[Step, ...]


# What a pattern's tree is walked over (`Tree.ends`): a trie node, say, and how a step
# advances one (to its child by that step).
State = TypeVar("State")
Advance = Callable[[State, Step], State]


def _distinct(states: list[State]) -> list[State]:
    """`states` without repeats (by identity), in order."""
    return list({id(state): state for state in states}.values())


@dataclass(frozen=True)
class _Leaf:
    step: Step

    def count(self) -> int:
        return 1

    def nullable(self) -> bool:
        return False

    def expand(self) -> list[Steps]:
        return [(self.step,)]

    def ends(self, states: list[State], advance: Advance[State]) -> list[State]:
        return [advance(state, self.step) for state in states]


@dataclass(frozen=True)
class _Gap:
    step: ClassTest
    low: int
    high: int

    def count(self) -> int:
        return self.high - self.low + 1

    def nullable(self) -> bool:
        return self.low == 0

    def expand(self) -> list[Steps]:
        return [(self.step,) * n for n in range(self.low, self.high + 1)]

    def ends(self, states: list[State], advance: Advance[State]) -> list[State]:
        found = list(states) if self.low == 0 else []
        for taken in range(1, self.high + 1):
            states = [advance(state, self.step) for state in states]
            if taken >= self.low:
                found.extend(states)
        return _distinct(found)


@dataclass(frozen=True)
class _Optional:
    item: Tree

    def count(self) -> int:
        return self.item.count() + 1

    def nullable(self) -> bool:
        return True

    def expand(self) -> list[Steps]:
        return [*self.item.expand(), ()]

    def ends(self, states: list[State], advance: Advance[State]) -> list[State]:
        return _distinct([*self.item.ends(states, advance), *states])


@dataclass(frozen=True)
class _Seq:
    items: tuple[Tree, ...]

    def count(self) -> int:
        return math.prod(item.count() for item in self.items)

    def nullable(self) -> bool:
        return all(item.nullable() for item in self.items)

    def expand(self) -> list[Steps]:
        result: list[Steps] = [()]
        for item in self.items:
            result = [head + tail for head in result for tail in item.expand()]
        return result

    def ends(self, states: list[State], advance: Advance[State]) -> list[State]:
        for item in self.items:
            states = item.ends(states, advance)
        return states


@dataclass(frozen=True)
class _Alt:
    options: tuple[_Seq, ...]

    def count(self) -> int:
        return sum(option.count() for option in self.options)

    def nullable(self) -> bool:
        return any(option.nullable() for option in self.options)

    def expand(self) -> list[Steps]:
        return [seq for option in self.options for seq in option.expand()]

    def ends(self, states: list[State], advance: Advance[State]) -> list[State]:
        return _distinct([end for option in self.options for end in option.ends(states, advance)])


# A parsed pattern: `expand()` lists its sequences; `ends(states, advance)` follows every
# sequence from each of `states` at once, advancing a state by one step, without listing
# them (sequences sharing a prefix advance it once), and returns where they end.
Tree = _Leaf | _Gap | _Optional | _Seq | _Alt

_LEXEME = re.compile(
    rf"(?P<space>\s+)|\\(?P<escape>.)|=(?P<exact>{WORD})|<(?P<cls>[^<>\s]*)>"
    rf"|\{{(?P<gap>[^{{}}]*)\}}"
    rf"|(?P<syntax>[()|?])|(?P<reserved>[<>{{}}\\])|(?P<token>{NUMBER}|{WORD}|\S)"
)
_GAP = re.compile(r"\s*(\d+)\s*,\s*(\d+)\s*")


class _Parser:
    def __init__(self, pattern: str, name: str) -> None:
        self.pattern = pattern
        self.name = name
        self.lexemes = [m for m in _LEXEME.finditer(nfc(pattern)) if m.lastgroup != "space"]
        self.pos = 0

    def fail(self, message: str) -> ValueError:
        where = self.lexemes[self.pos].start() if self.pos < len(self.lexemes) else "end"
        return ValueError(f"{self.name}: pattern {self.pattern!r}: {message} (at column {where})")

    def peek(self) -> re.Match[str] | None:
        return self.lexemes[self.pos] if self.pos < len(self.lexemes) else None

    def is_syntax(self, char: str) -> bool:
        lexeme = self.peek()
        return lexeme is not None and lexeme.group("syntax") == char

    def alternatives(self) -> _Alt:
        options = [self.sequence()]
        while self.is_syntax("|"):
            self.pos += 1
            options.append(self.sequence())
        return _Alt(tuple(options))

    def sequence(self) -> _Seq:
        items: list[Tree] = []
        while (lexeme := self.peek()) is not None and lexeme.group("syntax") not in ("|", ")"):
            items.append(self.item(items))
        if not items:
            raise self.fail("empty alternative")
        return _Seq(tuple(items))

    def item(self, previous: list[Tree]) -> Tree:
        lexeme = self.lexemes[self.pos]
        kind = str(lexeme.lastgroup)
        value = lexeme.group(kind)
        if kind == "syntax" and value == "(":
            self.pos += 1
            group = self.alternatives()
            if not self.is_syntax(")"):
                raise self.fail("unclosed '('")
            self.pos += 1
            return group
        if kind == "syntax" and value == "?":
            if not previous or isinstance(previous[-1], _Optional):
                raise self.fail("'?' must follow an item that is not already optional")
            self.pos += 1
            return _Optional(previous.pop())
        if kind == "gap":
            return self.gap(previous, value)
        if kind == "cls":
            if value not in CLASSES:
                raise self.fail(f"unknown class <{value}>; known: {', '.join(CLASSES)}")
            self.pos += 1
            return _Leaf(ClassTest(value))
        if kind == "exact":
            self.pos += 1
            return _Leaf(Literal(nfc(value).lower(), exact=True))
        if kind == "reserved":
            raise self.fail(f"reserved character {value!r}: escape it as '\\{value}'")
        if kind == "escape" and value not in RESERVED:
            raise self.fail(f"only the grammar characters {RESERVED} are escaped, not {value!r}")
        self.pos += 1
        return _Leaf(Literal(fold(value)))

    def gap(self, previous: list[Tree], body: str) -> Tree:
        bounds = _GAP.fullmatch(body)
        if not previous or not isinstance(previous[-1], _Leaf):
            raise self.fail("'{m,n}' must follow a class such as <w>")
        step = previous[-1].step
        if not isinstance(step, ClassTest) or bounds is None:
            raise self.fail("a gap is written <class>{m,n}")
        low, high = int(bounds.group(1)), int(bounds.group(2))
        if not low <= high <= MAX_GAP:
            raise self.fail(f"gap {{{low},{high}}} needs 0 <= m <= n <= {MAX_GAP}")
        self.pos += 1
        previous.pop()
        return _Gap(step, low, high)


def parse_tree(pattern: str, *, name: str = "pattern", cap: int = MAX_EXPANSIONS) -> Tree:
    """Parse `pattern` into its tree (see `Tree`).

    `name` (e.g. the row's `file:line (id)`) starts every error message. Raises ValueError
    on a syntax error, an unknown class, more than `cap` sequences, or an empty match.
    """
    parser = _Parser(pattern, name)
    tree = parser.alternatives()
    if parser.peek() is not None:
        raise parser.fail("unmatched ')'")
    count = tree.count()
    if count > cap:
        raise ValueError(
            f"{name}: pattern {pattern!r} expands to {count} sequences (cap {cap}): "
            "use fewer optionals, alternatives or narrower gaps"
        )
    if tree.nullable():
        raise ValueError(f"{name}: pattern {pattern!r} can match no token at all")
    return tree


def parse_pattern(pattern: str, *, name: str = "pattern", cap: int = MAX_EXPANSIONS) -> list[Steps]:
    """Expand `pattern` into its token-test sequences, in a deterministic order (raises
    as `parse_tree` does)."""
    return list(dict.fromkeys(parse_tree(pattern, name=name, cap=cap).expand()))
