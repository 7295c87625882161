"""Swap cases: a published article with one slot's wording swapped for an equivalent one.

Each wording list of `wording.csv` that names equivalent phrasings (`base`: the base of a
growth rate; `plan_base`: the plan a rate is of, by its `value`; `estimate`: the verb before
a figure) gives a class of phrases that mean the same to the facts table. In every open real
article, each occurrence of a slot-free phrase of a class, where the text around it marks
the phrase's end, is replaced by the class's next phrase (in turn, from an offset set by the
article), and the facts must not change. This tests the variety the minimum-function cases
sweep inside real sentences, where it meets every other wording of the article.
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
_SLOT = re.compile(r"\{")


@dataclass(frozen=True)
class SwapClass:
    """Equivalent phrases of one list (`value` selects a class within it), what must
    precede a phrase for it to fill the slot, and what must follow it for its occurrence to
    be taken whole."""

    name: str
    phrases: tuple[str, ...]
    precedes: str
    follows: str


def _phrases(
    name: str, value: str | None = None, leave: frozenset[str] = frozenset()
) -> tuple[str, ...]:
    return tuple(
        row.text
        for row in wording(name)
        if not _SLOT.search(row.text)
        and row.key not in leave
        and (value is None or row.value == value)
    )


# A base or plan phrase ends where punctuation, `và`, or a bracket follows; a plan phrase
# is the base of the rate before it (`đạt 90% kế hoạch`, not `chỉ tiêu đạt kế hoạch`); an
# estimate verb is followed by its amount (`đạt 7%` in a list of growth rates is a growth).
_ENDS_PHRASE = r"(?=\s*(?:[,.;:)\n]|$|\s(?:và|\()\s?))"
_AFTER_RATE = r"%\s*(?:so với\s+)?"
_BEFORE_AMOUNT = (
    r"(?=\s+(?:gần\s|hơn\s|trên\s|khoảng\s)?[\d.,]+\s*(?:tỷ|tỉ|triệu|nghìn|ngàn)(?!\w))"
)
SWAP_CLASSES = (
    SwapClass("swap_base", _phrases("base"), "", _ENDS_PHRASE),
    SwapClass(
        "swap_plan",
        _phrases("plan_base", "plan", frozenset({"capital_assigned"})),
        _AFTER_RATE,
        _ENDS_PHRASE,
    ),
    SwapClass("swap_city_plan", _phrases("plan_base", "city_plan"), _AFTER_RATE, _ENDS_PHRASE),
    SwapClass("swap_estimate", _phrases("estimate"), "", _BEFORE_AMOUNT),
)


def _swapper(swap: SwapClass, offset: int) -> Callable[[re.Match[str]], str]:
    turn = itertools.count(offset)

    def replace(match: re.Match[str]) -> str:
        found = match["phrase"]
        others = [p for p in swap.phrases if p.lower() != found.lower()]
        chosen = others[next(turn) % len(others)]
        cased = chosen[0].upper() + chosen[1:] if found[0].isupper() else chosen
        return match["lead"] + cased

    return replace


def swapped(text: str, swap: SwapClass, offset: int) -> str:
    """`text` with every whole occurrence of a phrase of `swap` replaced by another."""
    longest_first = sorted(swap.phrases, key=len, reverse=True)
    pattern = re.compile(
        rf"(?P<lead>{swap.precedes})(?<!\w)(?P<phrase>{'|'.join(map(re.escape, longest_first))})"
        rf"{swap.follows}",
        re.IGNORECASE,
    )
    return pattern.sub(_swapper(swap, offset), text)


def all_cases() -> list[Case]:
    """Every swap case: one per open real article and class the article holds."""
    cases = []
    for article in real_articles():
        offset = zlib.crc32(article.id.encode())
        for swap in SWAP_CLASSES:
            text = swapped(article.text, swap, offset)
            if text != article.text:
                cases.append(
                    Case(
                        f"inv.{swap.name}.{article.id}",
                        f"{FAMILY}.{swap.name}",
                        text,
                        base=article.text,
                    )
                )
    return cases
