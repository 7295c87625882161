"""Lexicon rows: load every `*.csv` of a lexicons directory into validated `Row`s."""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TypeVar, overload

from helpers.extract.lexicon.grammar import Steps, Tree, parse_pattern, parse_tree
from helpers.extract.text.textnorm import nfc

_Default = TypeVar("_Default")

COLUMNS = ("id", "pattern", "label", "attrs", "priority", "examples", "counter_examples", "note")


class Attrs(Mapping[str, str]):
    """A read-only, hashable mapping of a row's attributes (insertion ordered)."""

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, str] | None = None) -> None:
        self._items = dict(items or {})

    def __getitem__(self, key: str) -> str:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def get(self, key: str) -> str | None: ...

    @overload
    def get(self, key: str, default: str | _Default) -> str | _Default: ...

    def get(self, key: str, default: object = None) -> object:
        """The value of `key`, else `default` (one dict look-up: `Mapping.get` raises and
        catches a KeyError for each missing key)."""
        return self._items.get(key, default)

    def __hash__(self) -> int:
        return hash(frozenset(self._items.items()))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mapping) and self._items == dict(other.items())

    def __repr__(self) -> str:
        return f"Attrs({self._items!r})"


@dataclass(frozen=True)
class Row:
    """One lexicon row; `family` is its file's stem, `source` its `file:line`."""

    id: str
    family: str
    pattern: str
    label: str
    attrs: Attrs
    priority: int
    examples: tuple[str, ...]
    counter_examples: tuple[str, ...]
    source: str
    note: str = ""

    def attr(self, key: str, default: str | None = None) -> str | None:
        """The attribute `key`, or `default` when the row does not set it."""
        return self.attrs.get(key, default)

    def sequences(self) -> list[Steps]:
        """The token-test sequences of this row's pattern."""
        return parse_pattern(self.pattern, name=self._name())

    def tree(self) -> Tree:
        """This row's pattern, parsed (once per process: each matcher reads it again)."""
        return _parsed(self.pattern, self._name())

    def _name(self) -> str:
        return f"{self.source} ({self.id})"


@functools.lru_cache(maxsize=4096)
def _parsed(pattern: str, name: str) -> Tree:
    return parse_tree(pattern, name=name)


def default_directory() -> Traversable:
    """The shipped lexicons directory, `helpers/extract/lexicons/`."""
    return resources.files("helpers.extract").joinpath("lexicons")


def load_rows(directory: str | Path | Traversable | None = None) -> list[Row]:
    """Every row of every `*.csv` in `directory` (default: the shipped one), by file then line.

    Raises ValueError naming `file:line` for a missing or unknown column, a duplicate id, an
    empty id or label, a non-integer priority, bad attrs, or a pattern that does not parse.
    """
    folder = default_directory() if directory is None else directory
    folder = Path(folder) if isinstance(folder, str) else folder
    if not folder.is_dir():
        raise ValueError(f"lexicons directory {folder} does not exist")
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".csv")), key=lambda f: f.name)
    rows: list[Row] = []
    seen: dict[str, str] = {}
    for file in files:
        for row in _read_file(file):
            if row.id in seen:
                raise ValueError(f"{row.source}: duplicate id {row.id!r} (first at {seen[row.id]})")
            seen[row.id] = row.source
            rows.append(row)
    return rows


def _read_file(file: Path | Traversable) -> Iterator[Row]:
    family = file.name.removesuffix(".csv")
    # Traversable.open takes no `newline`: decode the bytes as csv wants (newline="").
    with io.TextIOWrapper(file.open("rb"), encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            return
        missing = [c for c in COLUMNS if c not in header]
        unknown = [c for c in header if c not in COLUMNS]
        if missing or unknown or len(set(header)) != len(header):
            raise ValueError(
                f"{file.name}:1: bad header (missing {missing}, unknown {unknown}); "
                f"columns are {', '.join(COLUMNS)}"
            )
        last_line = reader.line_num
        for cells in reader:
            source, last_line = f"{file.name}:{last_line + 1}", reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(header):
                raise ValueError(f"{source}: {len(cells)} fields, the header has {len(header)}")
            yield _make_row(dict(zip(header, cells, strict=True)), family, source)


def _make_row(cells: dict[str, str], family: str, source: str) -> Row:
    row_id, label = cells["id"].strip(), cells["label"].strip()
    if not row_id:
        raise ValueError(f"{source}: empty id")
    if not label:
        raise ValueError(f"{source} ({row_id}): empty label")
    try:
        priority = int(cells["priority"].strip())
    except ValueError:
        raise ValueError(
            f"{source} ({row_id}): priority {cells['priority']!r} is not an integer"
        ) from None
    row = Row(
        id=row_id,
        family=family,
        pattern=cells["pattern"].strip(),
        label=label,
        attrs=_parse_attrs(cells["attrs"], f"{source} ({row_id})"),
        priority=priority,
        examples=_split_phrases(cells["examples"], f"{source} ({row_id}) examples"),
        counter_examples=_split_phrases(
            cells["counter_examples"], f"{source} ({row_id}) counter_examples"
        ),
        source=source,
        note=cells["note"].strip(),
    )
    row.tree()  # fails loudly, naming the row, on a pattern that does not parse
    return row


def _parse_attrs(cell: str, where: str) -> Attrs:
    attrs: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in cell.split(";"))):
        key, sep, value = (s.strip() for s in part.partition("="))
        if not sep or not key:
            raise ValueError(f"{where}: attrs part {part!r} is not key=value")
        if key in attrs:
            raise ValueError(f"{where}: attrs key {key!r} given twice")
        attrs[key] = value
    return Attrs(attrs)


def _split_phrases(cell: str, where: str) -> tuple[str, ...]:
    if not cell.strip():
        return ()
    phrases = tuple(nfc(p.strip()) for p in cell.split("|"))
    if not all(phrases):
        raise ValueError(f"{where}: empty phrase in {cell!r}")
    return phrases
