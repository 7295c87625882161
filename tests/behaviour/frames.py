"""Minimum-function cases on an article's frame: who it is about and when, from all its parts.

Each `frame` row of `wording.csv` is a whole article with slots (`{District}`, `{y}`, `{y1}`
the next year, `{y_1}` the year before, `{goal}` a goal year, `{A}`… other districts) and,
in its value column, the facts it states written with the same slots
(`{d}|{y}|FY|budget_revenue_vnd_bn|actual|2046`, `;` between facts, `X/Y` for a total). The
rows are the failure kinds of issue 21 (a goal year in the title, a rounded headline, an
archive's date marker, a district named only in a caption or an official's title, lists of
districts, a term's targets, an outlet writing without diacritics: `{district_plain}`,
`{type_plain}`) written as families; each is filled for several districts and years.
"""

from __future__ import annotations

import unicodedata

from behaviour.harness import Case, Key
from behaviour.templates import District, capitalise, districts, fill, wording

FAMILY = "mft.frame"
YEARS = (2018, 2019, 2020, 2021, 2022, 2023, 2024)
PER_FRAME = 8
TARGET_COUNTS = (21, 16, 19, 12)
_GOAL_AHEAD = 5


def _plain(text: str) -> str:
    """`text` as an outlet that writes without diacritics has it (`huyện Đông Anh` →
    `huyen Dong Anh`)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _slots(place: District, year: int, index: int) -> dict[str, object]:
    form = ("lower", "bare")[index % 2]
    others = [d for d in districts() if d.type == "huyện" and d != place]
    first, second, third = (others[(index + step * 5) % len(others)] for step in range(3))
    written = place.written(form)
    return {
        "d": place.name,
        "district": written,
        "District": capitalise(written),
        "district_plain": _plain(written),
        "District_plain": _plain(capitalise(written)),
        "type": place.type,
        "type_plain": _plain(place.type),
        "y": year,
        "y1": year + 1,
        "y_1": year - 1,
        "y_2": year - 2,
        "y_5": year - 5,
        "goal": year + _GOAL_AHEAD,
        "k": TARGET_COUNTS[index % len(TARGET_COUNTS)],
        "A": first.name,
        "B": second.name,
        "C": third.name,
        "a": first.name,
        "b": second.name,
        "c": third.name,
    }


def _facts(spec: str) -> frozenset[Key]:
    keys = []
    for fact in spec.split(";"):
        district, year, period, indicator, kind, value = fact.split("|")
        number, _, total = value.partition("/")
        keys.append(
            Key(
                district,
                int(year),
                period,
                indicator,
                kind,
                float(number),
                float(total) if total else None,
            )
        )
    return frozenset(keys)


def all_cases() -> list[Case]:
    """Every frame row, filled for `PER_FRAME` districts and years in turn."""
    cases = []
    places = districts()
    for i, row in enumerate(wording("frame")):
        for j in range(PER_FRAME):
            n = i * PER_FRAME + j
            place = places[(7 * n + i) % len(places)]
            slots = _slots(place, YEARS[n % len(YEARS)], n)
            cases.append(
                Case(
                    f"mft.frame.{row.key}.{place.slug}",
                    FAMILY,
                    fill(row.text, slots) + "\n",
                    _facts(fill(row.value, slots)),
                )
            )
    return cases
