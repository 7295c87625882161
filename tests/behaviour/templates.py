"""The template engine of the behavioural tests: wording lists, slot filling, short articles.

Every phrase a case is built from is a row of `wording.csv` (`list,key,text,value,note`), taken
from real reports. A template names its slots in braces (`{district}`, `{period}`); filling one
with a slot it does not know is an error, so a typo cannot silently leave a brace in a case.
Numbers are written the Vietnamese way (`1.234,5`) by `vn_number`; amounts in `wording.csv`
mark their figure as `{v:1.234,5}` (tỷ đồng), `{k:1,2}` (nghìn tỷ) or `{m:582.900}` (triệu),
so the value a case expects is read from the same text the article shows.
"""

from __future__ import annotations

import csv
import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from helpers.extract.text.textnorm import fold

HERE = Path(__file__).resolve().parent
WORDING = HERE / "wording.csv"
DISTRICTS = HERE.parents[1] / "src" / "helpers" / "extract" / "data" / "hanoi_districts.csv"
_AMOUNT_SLOT = re.compile(r"\{([vkm]):([\d.,]+)\}")
_AMOUNT_SCALE = {"v": 1.0, "k": 1000.0, "m": 0.001}
_ABBREVIATIONS = {"quận": "Q. ", "huyện": "H. ", "thị xã": "TX. "}


@dataclass(frozen=True)
class Phrase:
    """One row of a wording list: its key, text, value and note."""

    key: str
    text: str
    value: str
    note: str


@cache
def wording(name: str) -> tuple[Phrase, ...]:
    """The rows of one list of `wording.csv`, in file order."""
    with open(WORDING, encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["list"] == name]
    if not rows:
        raise KeyError(f"wording.csv has no list {name!r}")
    return tuple(Phrase(r["key"], r["text"], r["value"], r["note"]) for r in rows)


def phrase(name: str, key: str) -> Phrase:
    """One row of a wording list by key."""
    for row in wording(name):
        if row.key == key:
            return row
    raise KeyError(f"wording.csv list {name!r} has no key {key!r}")


@dataclass(frozen=True)
class District:
    """A district of `hanoi_districts.csv`: type (`quận`, `huyện`, `thị xã`), name, slug."""

    type: str
    name: str
    slug: str

    def slots(self) -> dict[str, str]:
        """The slots a `name` or `ref` template fills from this district."""
        return {
            "type": self.type,
            "Type": capitalise(self.type),
            "TYPE": self.type.upper(),
            "name": self.name,
            "NAME": self.name.upper(),
            "type_ascii": fold(self.type),
            "name_ascii": capitalise_words(fold(self.name)),
            "abbr": _ABBREVIATIONS[self.type],
        }

    def written(self, form: str) -> str:
        """The district as the `name` list's row `form` writes it (`quận Tây Hồ`, `Q. Tây Hồ`)."""
        return fill(phrase("name", form).text, self.slots())


@cache
def districts() -> tuple[District, ...]:
    """The 30 districts, in the file's order."""
    with open(DISTRICTS, encoding="utf-8", newline="") as handle:
        return tuple(District(r["type"], r["name"], r["slug"]) for r in csv.DictReader(handle))


def district(name: str) -> District:
    """A district by its canonical name."""
    return next(d for d in districts() if d.name == name)


def fill(template: str, slots: Mapping[str, object]) -> str:
    """`template` with each `{slot}` replaced; a slot missing from `slots` raises KeyError."""
    names = {field for _, field, _, _ in string.Formatter().parse(template) if field}
    missing = names - set(slots)
    if missing:
        raise KeyError(f"template {template!r} needs slots {sorted(missing)}")
    return template.format_map(slots)


def capitalise(text: str) -> str:
    """The first letter upper-cased, the rest as written."""
    return text[:1].upper() + text[1:]


def capitalise_words(text: str) -> str:
    """Each word's first letter upper-cased (`tay ho` → `Tay Ho`)."""
    return " ".join(capitalise(word) for word in text.split(" "))


def vn_number(value: float) -> str:
    """A number written the Vietnamese way: `.` groups thousands, `,` is the decimal mark."""
    whole, _, decimals = f"{value:,.3f}".rstrip("0").rstrip(".").partition(".")
    whole = whole.replace(",", ".")
    return f"{whole},{decimals}" if decimals else whole


def parse_vn_number(text: str) -> float:
    """The value of a Vietnamese-style number (`1.234,5` → 1234.5)."""
    return float(text.replace(".", "").replace(",", "."))


def amount(row: Phrase) -> tuple[str, float]:
    """An `amount` row as the article shows it and its value in tỷ đồng."""
    match = _AMOUNT_SLOT.search(row.text)
    if match is None:
        return row.text, float(row.value)
    value = parse_vn_number(match.group(2)) * _AMOUNT_SCALE[match.group(1)]
    return _AMOUNT_SLOT.sub(lambda m: m.group(2), row.text), round(value, 6)


def dateline(form: str, day: int, month: int, year: int) -> str:
    """A publication line in the `dateline` list's form `form`."""
    return fill(
        phrase("dateline", form).text, {"dd": f"{day:02d}", "mm": f"{month:02d}", "yyyy": year}
    )


def pick(rows: Sequence[Phrase], index: int, stride: int = 1) -> Phrase:
    """The row a case `index` takes from a list: every row in turn, offset by `stride`."""
    return rows[(index * stride) % len(rows)]
