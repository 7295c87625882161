"""Researchers' corrections to the facts table, kept as data and applied after every
extraction.

A corrections file is a CSV with the columns of `CORRECTION_COLUMNS`, one correction a
row. A correction names a figure by what the article says, not by how the rules read it:
the article (`doc_id`), the `sentence` (verbatim, as in the facts table) and the `figure`
as written in it (`119%`, `21/21`). That key survives any change of the extraction rules;
it goes stale only when the article is edited or removed (or the rules stop reporting
the figure), and a stale correction is reported, never silently dropped.

- `drop`: the figure is not a fact; the row leaves the table.
- `fix`: the non-empty cells among `FIXABLE_COLUMNS` replace the extracted values.
- `add`: a figure the extractor missed; `district`, `year`, `period`, `indicator`,
  `kind` and `value` are required (`unit` follows the indicator, `total` is needed for
  `X/Y` units).

Every correction needs a `note` (shown in the briefs); `by` and `date` (YYYY-MM-DD) say
who made it and when. A malformed row raises `CorrectionsError` naming its line.
"""

from __future__ import annotations

import csv
import datetime as dt
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers.extract.reference.gazetteer import UnknownDistrictError, resolve_district
from helpers.extract.reference.vocabulary import OTHER_INDICATOR, UNITS_WITH_TOTAL, unit_of
from helpers.extract.resolve.confidence import HIGH
from helpers.tables.correction_report import CorrectionsReport, DroppedFigure, StaleCorrection
from helpers.tables.corrections_file import DEFAULT_CORRECTIONS_NAME as DEFAULT_CORRECTIONS_NAME
from helpers.tables.corrections_file import corrections_path_for as corrections_path_for
from helpers.tables.corrections_file import default_corrections_path as default_corrections_path
from helpers.tables.resources import INTEGER, NUMBER
from helpers.tables.schema import (
    EXTRACTED_FACT_COLUMNS,
    FIELDS,
    ORIGIN_ADDED,
    ORIGIN_CORRECTED,
    conform,
    conform_facts,
    with_provenance,
)

DROP, FIX, ADD = "drop", "fix", "add"
ACTIONS = (DROP, FIX, ADD)
KEY_COLUMNS = ("doc_id", "figure", "sentence")
FIXABLE_COLUMNS = (
    "district",
    "year",
    "period",
    "indicator",
    "kind",
    "value",
    "total",
    "unit",
    "qualifier",
    "basis",
)
ADD_REQUIRED = ("district", "year", "period", "indicator", "kind", "value")
CORRECTION_COLUMNS = ("action", *KEY_COLUMNS, *FIXABLE_COLUMNS, "note", "by", "date")
REQUIRED_HEADER = ("action", *KEY_COLUMNS, "note")
FILE_ENCODING = "utf-8-sig"  # a spreadsheet's BOM is fine
MAX_CELL_CHARS = 131_072  # the csv module's default field limit (a sentence is far shorter)

# Why a correction went stale: keys of `stale_reasons.csv` (its wording, in each language).
REASON_NO_ARTICLE = "no_article"
REASON_NO_SENTENCE = "no_sentence"
REASON_NOT_REPORTED = "not_reported"
REASON_DROPPED = "dropped_first"
REASON_NOW_EXTRACTED = "now_extracted"


class CorrectionsError(ValueError):
    """A corrections file that cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class Correction:
    """One row of a corrections file, checked; `changes` holds typed values by column."""

    line: int
    action: str
    doc_id: str
    figure: str
    sentence: str
    changes: dict[str, object]
    note: str
    by: str = ""
    date: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        """What names the figure: article, figure as written, normalised sentence."""
        return (self.doc_id, self.figure, normalise_sentence(self.sentence))


def normalise_sentence(sentence: str) -> str:
    """NFC with runs of whitespace as one space, so a pasted sentence still matches."""
    return " ".join(unicodedata.normalize("NFC", sentence).split())


def _typed(column: str, text: str, where: str) -> object:
    """A cell's value in its column's type; raises CorrectionsError for a bad one."""
    field = FIELDS[column]
    if column == "district":
        try:
            return resolve_district(text).name
        except UnknownDistrictError as error:
            raise CorrectionsError(f"{where}: {error}") from None
    if field.type in (INTEGER, NUMBER):
        try:
            number = float(text)
        except ValueError:
            kind = "an integer" if field.type == INTEGER else "a number (decimal point: .)"
            raise CorrectionsError(f"{where}: {column} {text!r} is not {kind}") from None
        if field.type == INTEGER:
            if not number.is_integer():
                raise CorrectionsError(f"{where}: {column} {text!r} is not an integer")
            return int(number)
        return number
    if field.about.enum is not None and text not in field.about.enum():
        allowed = ", ".join(field.about.enum())
        raise CorrectionsError(f"{where}: {column} {text!r} is not one of {allowed}")
    return text


def _parse_row(row: dict[str, str], where: str, line: int) -> Correction:
    cells = {column: (row.get(column) or "").strip() for column in CORRECTION_COLUMNS}
    action = cells["action"].lower()
    if action not in ACTIONS:
        raise CorrectionsError(
            f"{where}: action {cells['action']!r} is not one of {', '.join(ACTIONS)}"
        )
    for column in (*KEY_COLUMNS, "note"):
        if not cells[column]:
            raise CorrectionsError(f"{where}: {column} is empty (a {action} needs it)")
    figure = unicodedata.normalize("NFC", cells["figure"])
    sentence = unicodedata.normalize("NFC", cells["sentence"])
    if figure not in sentence:
        raise CorrectionsError(f"{where}: figure {figure!r} is not written in the sentence")
    changes = {
        column: _typed(column, cells[column], where) for column in FIXABLE_COLUMNS if cells[column]
    }
    if action == FIX and not changes:
        raise CorrectionsError(
            f"{where}: a fix changes nothing; fill one of {', '.join(FIXABLE_COLUMNS)}"
        )
    if action == DROP and changes:
        raise CorrectionsError(f"{where}: a drop takes no values ({', '.join(changes)} given)")
    if action == ADD:
        missing = [column for column in ADD_REQUIRED if column not in changes]
        if missing:
            raise CorrectionsError(f"{where}: an add needs {', '.join(missing)}")
    if cells["date"]:
        try:
            dt.date.fromisoformat(cells["date"])
        except ValueError:
            raise CorrectionsError(f"{where}: date {cells['date']!r} is not YYYY-MM-DD") from None
    return Correction(
        line=line,
        action=action,
        doc_id=unicodedata.normalize("NFC", cells["doc_id"]),
        figure=figure,
        sentence=sentence,
        changes=changes,
        note=cells["note"],
        by=cells["by"],
        date=cells["date"],
    )


def read_corrections(path: str | Path) -> list[Correction]:
    """The corrections of a file, in file order; a missing column, an unknown column or a
    malformed row raises CorrectionsError naming the line."""
    path = Path(path)
    try:
        return _read_rows(path)
    except UnicodeDecodeError as error:
        raise CorrectionsError(
            f"{path}: not UTF-8 ({error.reason} at byte {error.start}); save it as CSV UTF-8"
        ) from None
    except csv.Error as error:  # in the header line
        raise CorrectionsError(f"{path}:1: {error}") from None


def _read_rows(path: Path) -> list[Correction]:
    with path.open(encoding=FILE_ENCODING, newline="") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        missing = [column for column in REQUIRED_HEADER if column not in header]
        unknown = [column for column in header if column not in CORRECTION_COLUMNS]
        if missing or unknown:
            raise CorrectionsError(
                f"{path}:1: header lacks {missing} or has unknown columns {unknown}; "
                f"the columns are {', '.join(CORRECTION_COLUMNS)}"
            )
        corrections = []
        line = reader.line_num
        for row in _rows(reader, path):
            first_line, line = line + 1, reader.line_num
            if None in row:
                raise CorrectionsError(f"{path}:{first_line}: more cells than columns")
            longest = max(len(value or "") for value in row.values())
            if longest > MAX_CELL_CHARS:  # whatever limit a library gave the csv module
                raise CorrectionsError(
                    f"{path}:{first_line}: a cell of {longest:,} characters, over the limit "
                    f"of {MAX_CELL_CHARS:,}: not a correction"
                )
            if not any((value or "").strip() for value in row.values()):
                continue
            corrections.append(_parse_row(row, f"{path}:{first_line}", first_line))
    return corrections


def _rows(reader: csv.DictReader, path: Path) -> Iterator[dict[str, str]]:
    """The reader's rows; a row the csv module cannot parse (a cell over its size limit, a
    stray quote) is a CorrectionsError naming the line."""
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as error:  # raised before the line it is on is counted
            raise CorrectionsError(f"{path}:{reader.line_num + 1}: {error}") from None


def _fixed(row: dict, correction: Correction, origin: str) -> dict:
    """`row` with the correction's values; the unit follows a changed indicator, and a
    unit without a total clears it."""
    fixed = {
        **row,
        **correction.changes,
        "origin": origin,
        "correction_note": correction.note,
        "confidence": HIGH,  # a researcher has read the figure
    }
    new_indicator = "indicator" in correction.changes and "unit" not in correction.changes
    if new_indicator and fixed["indicator"] != OTHER_INDICATOR:
        fixed["unit"] = unit_of(fixed["indicator"])
    if fixed["unit"] not in UNITS_WITH_TOTAL:
        fixed["total"] = pd.NA
    return fixed


def _checked(rows: list[dict], where: str) -> None:
    """Raise CorrectionsError when corrected rows no longer fit the facts schema."""
    try:
        conform(pd.DataFrame(rows), EXTRACTED_FACT_COLUMNS, where)
    except ValueError as error:
        raise CorrectionsError(str(error)) from None


@dataclass
class _Applier:
    """Applies corrections one by one to a facts table (with its provenance columns).

    Rows are numbered as in `facts`, added rows after them; `changed` holds the rows a
    correction touched (None: dropped), so only those leave the DataFrame."""

    facts: pd.DataFrame
    known_articles: set[str]
    article_text: Callable[[str], str | None]
    path: str

    def __post_init__(self) -> None:
        self.stale: list[StaleCorrection] = []
        self.dropped: list[DroppedFigure] = []
        self.by_district: dict[str, int] = {}
        self.applied = 0
        self.changed: dict[int, dict | None] = {}
        self.checks: list[tuple[str, list[dict]]] = []
        self._by_key: dict[tuple[str, str, str], list[int]] = {}
        self._dropped_by: dict[tuple[str, str, str], int] = {}  # key -> line of its drop
        columns = zip(
            *(self.facts[name].tolist() for name in ("doc_id", "figure", "sentence")),
            strict=True,
        )
        for index, (doc_id, figure, sentence) in enumerate(columns):
            self._index(index, doc_id, figure, sentence)

    def _index(self, index: int, doc_id: str, figure: str, sentence: str) -> None:
        key = (doc_id, figure, normalise_sentence(sentence))
        self._by_key.setdefault(key, []).append(index)

    def _row(self, index: int) -> dict | None:
        if index in self.changed:
            return self.changed[index]
        return self.facts.iloc[index].to_dict()

    def _matches(self, correction: Correction) -> list[int]:
        indices = self._by_key.get(correction.key, [])
        return [index for index in indices if self._row(index) is not None]

    def _stale(self, correction: Correction, reason: str, dropped_by: int = 0) -> None:
        self.stale.append(
            StaleCorrection(
                line=correction.line,
                action=correction.action,
                doc_id=correction.doc_id,
                figure=correction.figure,
                reason=reason,
                note=correction.note,
                district=str(correction.changes.get("district", "")),
                dropped_by=dropped_by,
            )
        )

    def _count(self, districts: set[str]) -> None:
        self.applied += 1
        for district in districts:
            self.by_district[district] = self.by_district.get(district, 0) + 1

    def _why_unmatched(self, correction: Correction) -> tuple[str, int]:
        """The stale reason of a correction that matched nothing, and the line of the drop
        that removed its figure first (0: none)."""
        if correction.doc_id not in self.known_articles:
            return REASON_NO_ARTICLE, 0
        dropped_by = self._dropped_by.get(correction.key)
        if dropped_by is not None:
            return REASON_DROPPED, dropped_by
        text = self.article_text(correction.doc_id)
        if text is not None and correction.sentence not in text:
            return REASON_NO_SENTENCE, 0
        return REASON_NOT_REPORTED, 0

    def apply(self, correction: Correction) -> None:
        where = f"{self.path}:{correction.line}"
        matches = self._matches(correction)
        if correction.action == ADD and not matches:
            self._add(correction, where)
            return
        if not matches:
            self._stale(correction, *self._why_unmatched(correction))
            return
        rows = {index: self._row(index) for index in matches}
        touched = {row["district"] for row in rows.values() if row is not None}
        if correction.action == DROP:
            self.changed.update(dict.fromkeys(matches))
            self.dropped.extend(
                DroppedFigure(
                    correction.line,
                    correction.doc_id,
                    str(row["district"]),
                    correction.figure,
                    correction.sentence,
                    correction.note,
                )
                for row in rows.values()
                if row is not None
            )
            self._dropped_by[correction.key] = correction.line
        else:
            fixed = {
                index: _fixed(row, correction, ORIGIN_CORRECTED)
                for index, row in rows.items()
                if row is not None
            }
            self.changed.update(fixed)
            self.checks.append((where, list(fixed.values())))
            touched |= {row["district"] for row in fixed.values()}
            if correction.action == ADD:
                self._stale(correction, REASON_NOW_EXTRACTED)
        self._count(touched)

    def _add(self, correction: Correction, where: str) -> None:
        known = correction.doc_id in self.known_articles
        text = self.article_text(correction.doc_id) if known else None
        if text is None or correction.sentence not in text:
            self._stale(correction, REASON_NO_ARTICLE if text is None else REASON_NO_SENTENCE)
            return
        sentence_start = text.index(correction.sentence)
        start = sentence_start + correction.sentence.index(correction.figure)
        indicator = str(correction.changes["indicator"])
        base = {
            "doc_id": correction.doc_id,
            "total": pd.NA,
            "unit": "" if indicator == OTHER_INDICATOR else unit_of(indicator),
            "qualifier": "",
            "sentence": correction.sentence,
            "sentence_start": sentence_start,
            "start": start,
            "end": start + len(correction.figure),
            "rule": "",
            "basis": "",
            "figure": correction.figure,
        }
        row = _fixed({**base, **correction.changes}, correction, ORIGIN_ADDED)
        index = len(self.facts) + sum(1 for i in self.changed if i >= len(self.facts))
        self.changed[index] = row
        self._index(index, correction.doc_id, correction.figure, correction.sentence)
        self.checks.append((where, [row]))
        self._count({str(row["district"])})

    def check(self) -> None:
        """Raise CorrectionsError naming the first correction whose rows break the schema
        (all rows are checked at once; one by one only to find the culprit)."""
        rows = [row for _, group in self.checks for row in group]
        if not rows:
            return
        try:
            conform(pd.DataFrame(rows), EXTRACTED_FACT_COLUMNS, self.path)
        except ValueError:
            for where, group in self.checks:
                _checked(group, where)
            raise

    def corrected(self) -> pd.DataFrame:
        """The facts with the changes: fixed rows in place, dropped ones gone, added ones
        after the other facts of their article."""
        n_facts = len(self.facts)
        kept = self.facts.drop(index=[i for i in self.changed if i < n_facts])
        rows = {i: row for i, row in self.changed.items() if row is not None}
        changed = pd.DataFrame.from_dict(rows, orient="index", columns=list(self.facts.columns))
        table = pd.concat([kept, changed]).sort_index(kind="stable") if rows else kept
        if any(i >= n_facts for i in rows):
            order = {
                doc_id: rank for rank, doc_id in enumerate(dict.fromkeys(self.facts["doc_id"]))
            }
            table = table.assign(_doc=table["doc_id"].map(order).fillna(len(order)))
            table = table.sort_values(["_doc", "doc_id", "start"], kind="stable")
            table = table.drop(columns="_doc")
        return table.reset_index(drop=True)


def apply_corrections(
    facts: pd.DataFrame,
    corrections: list[Correction],
    known_articles: set[str],
    article_text: Callable[[str], str | None],
    path: str | Path = "",
) -> tuple[pd.DataFrame, CorrectionsReport]:
    """`facts` with the corrections applied in file order (checked against the facts
    schema), and the report.

    `known_articles` are the doc_ids of the corpus; `article_text(doc_id)` gives an
    article's cleaned text (None when it cannot be read), where an added figure's
    sentence is looked up for its offsets. A correction that matches nothing is stale;
    an `add` whose figure the extractor now reports corrects it and is reported stale.
    A correction whose values break the schema (a `X/Y` unit without a total) raises
    CorrectionsError naming its line.
    """
    applier = _Applier(
        facts=with_provenance(facts).reset_index(drop=True),
        known_articles=known_articles,
        article_text=article_text,
        path=str(path),
    )
    for correction in corrections:
        applier.apply(correction)
    applier.check()
    report = CorrectionsReport(
        path=str(path),
        applied=applier.applied,
        by_district=dict(sorted(applier.by_district.items())),
        stale=applier.stale,
        dropped=applier.dropped,
    )
    return conform_facts(applier.corrected(), f"{path} (corrected facts)"), report
