"""News archives as corpora: JSON Lines, CSV or Parquet, one article a row.

The text, title, URL, date, id, author and outlet columns are named by the caller
(`ArchiveColumns`, the `--text-column`... options) or found by their common names
(`columns.csv`: `text`/`content`/`body`, `url`/`link`, `date`/`published`/`publish_date`,
any case). A row's `doc_id` is its id column's value, else `STEM-ROW` (the archive's file
stem and the row's number from 1): stable as long as the archive is. Rows are read in
chunks of `CHUNK_ROWS`, so an archive of any size never sits in memory whole.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from helpers.extract.text.metadata import stated_by
from helpers.sources.records import Record, iso_date

CHUNK_ROWS = 1_000
ARCHIVE = "archive"
TEXT = "text"
# Columns an article may take from a row: the metadata fields and the id.
STATED_FIELDS = ("title", "url", "published", "author", "outlet")


class ArchiveError(ValueError):
    """An archive that cannot be read as articles (no text column, not the format)."""


@dataclass(frozen=True)
class ArchiveColumns:
    """Column names chosen by the caller; None: found by their common names."""

    text: str | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = None
    doc_id: str | None = None

    def chosen(self, field: str) -> str | None:
        return getattr(self, field, None)


@cache
def common_names() -> dict[str, tuple[str, ...]]:
    """field -> the column names it is found under, from `columns.csv`."""
    text = resources.files("helpers.sources").joinpath("columns.csv").read_text("utf-8")
    rows = csv.DictReader(text.splitlines())
    return {row["field"]: tuple(row["names"].split(";")) for row in rows}


def resolve_columns(path: Path, header: list[str], chosen: ArchiveColumns) -> dict[str, str]:
    """field -> column of `header`; ArchiveError when a chosen column is missing or no text
    column is found."""
    by_folded = {name.strip().lower(): name for name in header}
    found: dict[str, str] = {}
    for field, names in common_names().items():
        explicit = chosen.chosen(field)
        if explicit is not None:
            if explicit not in header:
                raise ArchiveError(f"{path}: no column {explicit!r} (columns: {header})")
            found[field] = explicit
            continue
        for name in names:
            if name in by_folded:
                found[field] = by_folded[name]
                break
    if TEXT not in found:
        known = "/".join(common_names()[TEXT])
        raise ArchiveError(f"{path}: no text column ({known}; or name it) among {header}")
    return found


def row_record(
    path: Path, number: int, row: Mapping[str, object], columns: dict[str, str]
) -> Record:
    """The article of row `number` (from 1)."""
    values = {field: row.get(column) for field, column in columns.items()}
    raw_id = values.get("doc_id")
    doc_id = str(raw_id).strip() if raw_id not in (None, "") else f"{path.stem}-{number}"
    stated = {
        field: iso_date(values.get(field)) if field == "published" else _text(values.get(field))
        for field in STATED_FIELDS
    }
    text = values.get(TEXT)
    error = "" if isinstance(text, str) and text.strip() else "the row has no text"
    return Record(path, number, doc_id, stated_by(ARCHIVE, **stated), text=_text(text), error=error)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):  # `authors: ["A", "B"]`
        return ", ".join(str(item) for item in value)
    return str(value)


def read_archive(path: Path, chosen: ArchiveColumns) -> Iterator[Record]:
    """Every row of a JSON Lines, CSV or Parquet archive as a Record, in order."""
    suffix = path.name.lower().rsplit(".", 1)[-1]
    rows = {"jsonl": _json_lines, "ndjson": _json_lines, "csv": _csv_rows}.get(
        suffix, _parquet_rows
    )
    columns: dict[str, str] | None = None
    for number, (header, row) in enumerate(rows(path), start=1):
        if row is None:  # a line that is not a JSON object
            yield Record(path, number, f"{path.stem}-{number}", stated_by(ARCHIVE), error=header[0])
            continue
        if columns is None:
            columns = resolve_columns(path, header, chosen)
        yield row_record(path, number, row, columns)


RowStream = Iterator[tuple[list[str], Mapping[str, object] | None]]


def _json_lines(path: Path) -> RowStream:
    """(keys, object) per line; (problem, None) for a line that is not a JSON object."""
    with open(path, "rb") as handle:
        for line_number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError as error:
                yield [f"line {line_number} is not JSON: {error}"], None
                continue
            if not isinstance(row, dict):
                yield [f"line {line_number} is not a JSON object"], None
                continue
            yield list(row), row


def _csv_rows(path: Path) -> RowStream:
    import pandas as pd

    try:
        chunks = pd.read_csv(
            path, dtype=str, keep_default_na=False, chunksize=CHUNK_ROWS, encoding="utf-8-sig"
        )
        for chunk in chunks:
            header = [str(name) for name in chunk.columns]
            for row in chunk.to_dict("records"):
                yield header, row
    except (UnicodeDecodeError, pd.errors.ParserError) as error:
        raise ArchiveError(f"{path}: not a UTF-8 CSV table: {error}") from error


def _parquet_rows(path: Path) -> RowStream:
    import pyarrow
    import pyarrow.parquet as pq

    try:
        table = pq.ParquetFile(path)
    except pyarrow.ArrowException as error:
        raise ArchiveError(f"{path}: not a Parquet file: {error}") from error
    header = list(table.schema_arrow.names)
    for batch in table.iter_batches(batch_size=CHUNK_ROWS):
        for row in batch.to_pylist():
            yield header, row
