"""Swap cases: a published article with one slot's wording swapped for an equivalent one.

Each wording list of `wording.csv` that names equivalent phrasings gives a swap: `base` (the
base of a growth rate), `plan_base` (the plan a rate is of; the city's plan apart),
`estimate` (the verb before an amount) and `period` (a part of a year, by its period code:
`6 tháng đầu năm 2021` ↔ `nửa đầu năm 2021`). The whole year is left out, since `năm Y` is
also a base's, a plan's or a term's year, and so is a period written as the date it runs to.
In every open real article, each occurrence of a phrase of a swap, where the text around it
marks the phrase's end, is replaced by another phrase of its group (in turn, from an offset
set by the article; a `{y}` keeps its year), and the facts must not change. This tests the
variety the minimum-function cases sweep inside real sentences, where it meets every other
wording of the article.
"""

from __future__ import annotations

import itertools
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from behaviour.harness import Case
from behaviour.invariance import real_articles
from behaviour.templates import wording

FAMILY = "inv"
YEAR_SLOT = "{y}"
_YEAR = r"(?:19|20)\d\d"
_OTHER_SLOT = re.compile(r"\{(?!y\})")
_SENTENCE_ENDS = ".!?:\n"
# A period written as the date it runs to (`tính đến ngày 30/6/{y}`, `lũy kế đến hết tháng 9`)
# opens a clause of its own: it cannot stand where a period's name does (`so với 6 tháng`).
_THROUGH_KEYS = ("through", "cumulative")


@dataclass(frozen=True)
class Swap:
    """Groups of equivalent phrases (a phrase is swapped only within its group), what must
    precede a phrase for it to fill the slot, and what must follow it for its occurrence to
    be taken whole."""

    name: str
    groups: tuple[tuple[str, ...], ...]
    precedes: str
    follows: str

    def pattern(self) -> re.Pattern[str]:
        """Any phrase of any group, longest first, `{y}` matching a year."""
        phrases = sorted((p for g in self.groups for p in g), key=len, reverse=True)
        written = (re.escape(p).replace(re.escape(YEAR_SLOT), _YEAR, 1) for p in phrases)
        alternatives = "|".join(f"(?:{w})" for w in written)
        return re.compile(
            rf"(?P<lead>{self.precedes})(?<!\w)(?P<phrase>{alternatives}){self.follows}",
            re.IGNORECASE,
        )

    def group_of(self, found: str, year: str | None) -> tuple[str, tuple[str, ...]]:
        """The phrase `found` is written as (its year back in the slot), and its group."""
        folded = found.lower() if year is None else found.lower().replace(year, YEAR_SLOT, 1)
        for group in self.groups:
            for phrase in group:
                if phrase.lower() == folded:
                    return phrase, group
        raise KeyError(found)


def _phrases(name: str, value: str, leave: frozenset[str] = frozenset()) -> tuple[str, ...]:
    return tuple(
        row.text
        for row in wording(name)
        if not _OTHER_SLOT.search(row.text)
        and row.key not in leave
        and not any(word in row.key for word in _THROUGH_KEYS)
        and row.value == value
    )


def _groups(name: str, leave_values: frozenset[str] = frozenset()) -> tuple[tuple[str, ...], ...]:
    values = dict.fromkeys(row.value for row in wording(name) if row.value not in leave_values)
    groups = (_phrases(name, value) for value in values)
    return tuple(g for g in groups if len(g) > 1)


# A base or plan phrase ends where punctuation, `và`, or a bracket follows; a plan phrase
# is the base of the rate before it (`đạt 90% kế hoạch`, not `chỉ tiêu đạt kế hoạch`); an
# estimate verb is followed by its amount (`đạt 7%` in a list of growth rates is a growth);
# a period ends before punctuation or a word, not before more of a date (`/`, `-`).
_ENDS_PHRASE = r"(?=\s*(?:[,.;:)\n]|$|\s(?:và|\()\s?))"
_AFTER_RATE = r"%\s*(?:so với\s+)?"
_BEFORE_AMOUNT = (
    r"(?=\s+(?:gần\s|hơn\s|trên\s|khoảng\s)?[\d.,]+\s*(?:tỷ|tỉ|triệu|nghìn|ngàn)(?!\w))"
)
_ENDS_PERIOD = r"(?![\w/-])"
SWAPS = (
    Swap("swap_base", (_phrases("base", ""),), "", _ENDS_PHRASE),
    Swap(
        "swap_plan",
        (_phrases("plan_base", "plan", frozenset({"capital_assigned"})),),
        _AFTER_RATE,
        _ENDS_PHRASE,
    ),
    Swap("swap_city_plan", (_phrases("plan_base", "city_plan"),), _AFTER_RATE, _ENDS_PHRASE),
    Swap("swap_estimate", (_phrases("estimate", ""),), "", _BEFORE_AMOUNT),
    Swap("swap_period", _groups("period", frozenset({"FY"})), "", _ENDS_PERIOD),
)


def _swapper(swap: Swap, offset: int) -> Callable[[re.Match[str]], str]:
    turn = itertools.count(offset)

    def replace(match: re.Match[str]) -> str:
        found = match["phrase"]
        year = written_year.group() if (written_year := re.search(_YEAR, found)) else None
        phrase, group = swap.group_of(found, year)
        others = [p for p in group if p != phrase]
        chosen = others[next(turn) % len(others)]
        if year is not None:
            chosen = chosen.replace(YEAR_SLOT, year)
        before = match.string[: match.start("phrase")].rstrip(" ")
        opens = not before or before[-1] in _SENTENCE_ENDS
        cased = chosen[0].upper() + chosen[1:] if found[0].isupper() or opens else chosen
        return match["lead"] + cased

    return replace


def swapped(text: str, swap: Swap, offset: int) -> str:
    """`text` with every whole occurrence of a phrase of `swap` replaced by another of its
    group."""
    return swap.pattern().sub(_swapper(swap, offset), text)


def all_cases() -> list[Case]:
    """Every swap case: one per open real article and swap the article holds."""
    cases = []
    for article in real_articles():
        offset = zlib.crc32(article.id.encode())
        for swap in SWAPS:
            text = swapped(article.text, swap, offset)
            if text != article.text:
                case_id = f"inv.{swap.name}.{article.id}"
                cases.append(Case(case_id, f"{FAMILY}.{swap.name}", text, base=article.text))
    return cases
