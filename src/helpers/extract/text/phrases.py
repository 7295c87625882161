"""Phrase tables: the words of a regex-based step, kept as CSV data beside the step.

Steps that read raw or folded lines with regular expressions (cleaning, metadata, numbers)
keep their words in `<stage>/data/*.csv`, not in code. Each row is a regex fragment of one
family (a plain word or phrase in most rows) with the examples it must be found in (a row
is a fragment of a larger regex, so an example may hold more than the row matches); every
row is checked when its table is loaded, as lexicon rows are. A step compiles its regexes
from `PhraseTable.alternation` of each family it reads.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from helpers.extract.text.textnorm import fold, nfc

COLUMNS = ("id", "family", "pattern", "value", "examples", "note")


@dataclass(frozen=True)
class PhraseRow:
    """One row: a regex fragment of `family`, an optional `value`, its `file:line`."""

    id: str
    family: str
    pattern: str
    value: str
    examples: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class PhraseTable:
    """The rows of one phrase file, in file order."""

    rows: tuple[PhraseRow, ...]

    def family(self, name: str) -> tuple[PhraseRow, ...]:
        """The rows of family `name`; KeyError when the file has none."""
        found = tuple(row for row in self.rows if row.family == name)
        if not found:
            raise KeyError(f"no phrase rows of family {name!r}")
        return found

    def alternation(self, name: str, space: str = " ") -> str:
        """The patterns of family `name` as one regex alternation (no group around it),
        each space written as `space`."""
        return "|".join(row.pattern.replace(" ", space) for row in self.family(name))

    def values(self, name: str) -> dict[str, str]:
        """Pattern → value of each row of family `name`."""
        return {row.pattern: row.value for row in self.family(name)}


@cache
def phrase_table(
    package: str, file_name: str, *, folded: bool = False, flags: int = 0
) -> PhraseTable:
    """The checked rows of `file_name` in `package`. `folded`: the step reads folded text,
    so examples are folded before the check; `flags`: the step's regex flags.

    Raises ValueError naming `file:line` for a bad header, a duplicate or empty id, a row
    without examples, a pattern that does not compile, or an example it is not found in."""
    data = resources.files(package).joinpath(file_name)
    # Traversable.open takes no `newline`: decode the bytes as csv wants (newline="").
    with io.TextIOWrapper(data.open("rb"), encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise ValueError(f"{file_name}:1: columns {reader.fieldnames}, expected {COLUMNS}")
        rows = [_row(cells, f"{file_name}:{reader.line_num}") for cells in reader]
    seen: set[str] = set()
    for row in rows:
        if not row.id or row.id in seen:
            raise ValueError(f"{row.source}: empty or duplicate id {row.id!r}")
        seen.add(row.id)
        _check(row, folded, flags)
    return PhraseTable(tuple(rows))


def _row(cells: dict[str, str], source: str) -> PhraseRow:
    examples = tuple(nfc(p.strip()) for p in cells["examples"].split("|") if p.strip())
    return PhraseRow(
        id=cells["id"].strip(),
        family=cells["family"].strip(),
        pattern=nfc(cells["pattern"].strip()),
        value=nfc(cells["value"].strip()),
        examples=examples,
        source=source,
    )


def _check(row: PhraseRow, folded: bool, flags: int) -> None:
    where = f"{row.source} ({row.id})"
    if not row.examples:
        raise ValueError(f"{where}: a row needs at least one example")
    try:
        regex = re.compile(row.pattern, flags)
    except re.error as error:
        raise ValueError(f"{where}: pattern {row.pattern!r} does not compile: {error}") from None
    for example in row.examples:
        if not regex.search(fold(example) if folded else example):
            raise ValueError(f"{where}: pattern {row.pattern!r} is not found in {example!r}")
