"""The facts and articles tables' columns: one definition of names, types, enumerations
and descriptions, in the style of PUDL's field metadata.

Everything that writes, reads or publishes a table uses this module: `conform` checks a
table (from the extractor, from a CSV or Parquet file) and returns it with its pandas
types, raising `SchemaError` that names the row for a bad value; `table_schema` gives the
Frictionless Table Schema of the same fields for `datapackage.json`.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

import pandas as pd

from helpers.extract.figures.numbers import UNIT_OTHER
from helpers.extract.reference.gazetteer import districts
from helpers.extract.reference.vocabulary import (
    OTHER_INDICATOR,
    UNITS,
    UNITS_WITH_TOTAL,
    load_indicators,
)
from helpers.extract.resolve.confidence import CONFIDENCE_LEVELS
from helpers.extract.resolve.plan_basis import BASES as PLAN_BASES
from helpers.extract.resolve.qualifiers import QUALIFIER_ORDER
from helpers.extract.run.validate import (
    CITY_BUDGET_CEILING_VND_BN,
    MAX_ABS_PERCENT,
    UNIT_PERCENT,
    UNIT_RANK_OF_TOTAL,
    UNIT_VND_BN,
)
from helpers.tables.resources import (
    ARTICLES,
    DISTRICTS,
    EXTRACTED_FACTS,
    FACT_PROVENANCE,
    FACTS,
    INDICATORS,
    INTEGER,
    NUMBER,
    STRING,
    Column,
    Resource,
)
from helpers.years import MAX_YEAR, MIN_YEAR

PANDAS_DTYPES = {STRING: "str", INTEGER: "int64", NUMBER: "float64"}
# A publication date at the precision its source gives: a day, a month (an archive's
# ` date 2022-04`) or a year. Table Schema's `date` type takes only the first.
PUBLISHED_PATTERN = r"\d{4}(-\d{2}(-\d{2})?)?"
NULLABLE_NUMBER_DTYPE = "Float64"

PERIODS = ("FY", "Q1", "Q2", "Q3", "Q4", *(f"{n}M" for n in range(1, 12)))
KINDS = ("actual", "target")
# The vocabulary's units, and the extractor's unit for a figure with a measuring unit
# outside it (area, foreign currency ...), which only `other` figures may carry.
FACT_UNITS = (*UNITS, UNIT_OTHER)
ORIGIN_EXTRACTED, ORIGIN_CORRECTED, ORIGIN_ADDED = "extracted", "corrected", "added"
ORIGINS = (ORIGIN_EXTRACTED, ORIGIN_CORRECTED, ORIGIN_ADDED)
QUALIFIER_SEPARATOR = ";"
MAX_ROWS_NAMED = 5
FACT_ID_DIGEST_CHARS = 12

UNIT_DESCRIPTIONS = {
    "pct": "percent",
    "vnd_bn": "billion Vietnamese đồng",
    "count": "a count",
    "count_of_total": "a count out of the total in column `total` (21/21)",
    "rank_of_total": "a rank out of the total in column `total` (4th of 30)",
    UNIT_OTHER: "a measuring unit outside the vocabulary, as written (indicator `other` only)",
}


def qualifier_values() -> tuple[str, ...]:
    """Every non-empty qualifier: the qualifiers in their fixed order, `;`-joined."""
    return tuple(
        QUALIFIER_SEPARATOR.join(combination)
        for size in range(1, len(QUALIFIER_ORDER) + 1)
        for combination in itertools.combinations(QUALIFIER_ORDER, size)
    )


def indicator_ids() -> tuple[str, ...]:
    """The vocabulary's indicator ids, then `other`."""
    return (*load_indicators().index, OTHER_INDICATOR)


def district_names() -> tuple[str, ...]:
    """The canonical names of the gazetteer's districts."""
    return tuple(district.name for district in districts())


@dataclass(frozen=True)
class About:
    """What the schema says of a column beyond its declaration: a description, allowed
    values (a function, so vocabularies load lazily), bounds, and the unit of its values."""

    description: str
    enum: Callable[[], tuple[str, ...]] | None = None
    minimum: int | None = None
    maximum: int | None = None
    unit: str = ""
    pattern: str = ""


@dataclass(frozen=True)
class Field:
    """One declared column (helpers.tables.resources) and what the schema says of it."""

    column: Column
    about: About

    @property
    def name(self) -> str:
        return self.column.name

    @property
    def type(self) -> str:
        return self.column.type

    @property
    def required(self) -> bool:
        return self.column.required

    @property
    def dtype(self) -> str:
        """The pandas dtype the column has in memory."""
        if self.type == NUMBER and not self.required:
            return NULLABLE_NUMBER_DTYPE
        return PANDAS_DTYPES[self.type]

    def descriptor(self) -> dict:
        """The Frictionless field descriptor."""
        about = self.about
        constraints: dict[str, object] = {}
        if self.required:
            constraints["required"] = True
        if about.enum is not None:
            constraints["enum"] = list(about.enum())
        if about.minimum is not None:
            constraints["minimum"] = about.minimum
        if about.maximum is not None:
            constraints["maximum"] = about.maximum
        if about.pattern:
            constraints["pattern"] = about.pattern
        descriptor: dict[str, object] = {
            "name": self.name,
            "type": self.type,
            "description": about.description,
        }
        if about.unit:
            descriptor["unit"] = about.unit
        if constraints:
            descriptor["constraints"] = constraints
        return descriptor


def _units_text() -> str:
    return "; ".join(f"`{unit}`: {text}" for unit, text in UNIT_DESCRIPTIONS.items())


_ABOUT: dict[str, About] = {
    "doc_id": About("The article's file stem (see the articles table)."),
    "district": About(
        "Canonical district name with diacritics (`Tây Hồ`).",
        enum=district_names,
    ),
    "year": About(
        "The year the figure is about (not the publication year).",
        minimum=MIN_YEAR,
        maximum=MAX_YEAR,
    ),
    "period": About(
        "`FY` full year; `Q1`..`Q4` a quarter; `nM` the first n months (cumulative).",
        enum=lambda: PERIODS,
    ),
    "indicator": About(
        "An indicator id of the vocabulary (the indicators resource), or `other` for a "
        "figure that fits none.",
        enum=indicator_ids,
    ),
    "kind": About(
        "`actual` (an achieved or estimated result) or `target` (a goal for a coming period).",
        enum=lambda: KINDS,
    ),
    "value": About(
        "The figure, normalised (`9,8%` → 9.8; `1.050 tỷ đồng` → 1050), in column `unit`.",
        unit="see column unit",
    ),
    "total": About(
        "The denominator of `count_of_total` and `rank_of_total` figures (21/21 → 21); "
        "empty otherwise.",
        minimum=0,
    ),
    "unit": About(f"The unit of `value`: {_units_text()}.", enum=lambda: FACT_UNITS),
    "qualifier": About(
        "`estimated`, `approx`, `at_least`, `;`-joined in that order; empty when plain.",
        enum=qualifier_values,
    ),
    "sentence": About("The source sentence, verbatim (Unicode NFC)."),
    "sentence_start": About(
        "Offset of the sentence in the cleaned article text (characters).",
        minimum=0,
    ),
    "start": About("Offset of the figure in the cleaned article text.", minimum=0),
    "end": About("End offset of the figure in the cleaned article text.", minimum=0),
    "rule": About(
        "The lexicon rows that decided the fact (indicator=, measure=, time=, kind=).",
    ),
    "basis": About(
        "Whose plan, estimate or set of targets a plan-relative figure is measured "
        "against: `city` (`dự toán thành phố giao`) or `district` (`dự toán HĐND huyện "
        "giao`); empty when the text does not say or the figure is not plan-relative.",
        enum=lambda: PLAN_BASES,
    ),
    "confidence": About(
        "`high`, or `review` when the evidence for the figure's district, period, year or "
        "kind is weak or disagrees (the signals are in `rule` as `review=`).",
        enum=lambda: CONFIDENCE_LEVELS,
    ),
    "fact_id": About(
        "Identifier of the figure: the doc_id, then a digest of the district, the "
        "sentence, the figure as written and its occurrence in the sentence.",
    ),
    "figure": About("The figure as written in the sentence (`9,8%`)."),
    "origin": About(
        "`extracted` by the rules, `corrected` or `added` by a researcher's correction.",
        enum=lambda: ORIGINS,
    ),
    "correction_note": About(
        "The note of the correction that changed or added the figure.",
    ),
    "file": About("The article's file name."),
    "title": About("The article's title."),
    "published": About(
        "Publication date (ISO 8601) at the precision the source gives: `2023-12-14`, "
        "`2022-04` (the month only) or `2019`; empty when unknown.",
        pattern=PUBLISHED_PATTERN,
    ),
    "author": About("The article's author; empty when unknown."),
    "outlet": About("The publishing outlet; empty when unknown."),
    "url": About(
        "The article's web address: from its page or archive, `sources.csv` beside the "
        "corpus, or the article text; empty when unknown.",
    ),
    "provenance": About(
        "Where each of title, published, author, outlet and url came from, `;`-joined "
        "`field=source` pairs; source `page`, `archive`, `warc`, `sources.csv`, `text` "
        "or (outlet) `url`.",
    ),
    "districts": About(
        "The districts the article is about, `;`-joined.",
    ),
    "n_facts": About("The number of facts taken from the article.", minimum=0),
}

# The vocabularies published beside the facts (see helpers.tables.export).
_ABOUT_INDICATORS: dict[str, About] = {
    "id": About("The indicator id used in the facts' `indicator` column."),
    "unit": About(
        "The unit of the indicator's values (empty for `other`, whose unit varies).",
        enum=lambda: UNITS,
    ),
    "basis": About(
        "What a percentage is measured against: `plan`, `city_plan`, `yoy` (the "
        "previous year), `share`; empty otherwise.",
    ),
    "label_en": About("English label."),
    "label_vi": About("Vietnamese label."),
}
_ABOUT_DISTRICTS: dict[str, About] = {
    "name": About("Canonical name with diacritics, as in the facts."),
    "slug": About("ASCII name used in file names (`tay-ho`)."),
    "type": About("`quận` (urban district), `huyện` (rural) or `thị xã` (town)."),
    "province": About("The province or city: Hà Nội."),
}


def _fields(columns: Iterable[Column], about: dict[str, About]) -> dict[str, Field]:
    """The declared columns (helpers.tables.resources) with what this module says of them."""
    return {column.name: Field(column, about[column.name]) for column in columns}


FIELDS = _fields((*FACTS.columns, *ARTICLES.columns), _ABOUT)
INDICATOR_FIELDS = _fields(INDICATORS.columns, _ABOUT_INDICATORS)
DISTRICT_FIELDS = _fields(DISTRICTS.columns, _ABOUT_DISTRICTS)
EXTRACTED_FACT_COLUMNS = tuple(column.name for column in EXTRACTED_FACTS)
PROVENANCE_COLUMNS = tuple(column.name for column in FACT_PROVENANCE)
FACT_COLUMNS = FACTS.names
ARTICLE_COLUMNS = ARTICLES.names
INDICATOR_COLUMNS = INDICATORS.names
DISTRICT_COLUMNS = DISTRICTS.names


class SchemaError(ValueError):
    """A table that does not fit its schema; the message names the rows and columns."""


def table_schema(resource: Resource, fields: dict[str, Field] | None = None) -> dict:
    """The Frictionless Table Schema of `resource` (its fields in `fields`, default FIELDS)."""
    fields = FIELDS if fields is None else fields
    return {
        "fields": [fields[name].descriptor() for name in resource.names],
        "primaryKey": [resource.primary_key],
        "missingValues": [""],
    }


def figure_text(sentence: str, sentence_start: int, start: int, end: int) -> str:
    """The figure as written: the sentence's characters at the figure's offsets ('' when
    the offsets fall outside the sentence)."""
    first, last = start - sentence_start, end - sentence_start
    if first < 0 or last > len(sentence) or first >= last:
        return ""
    return sentence[first:last]


def fact_id(doc_id: str, district: str, sentence: str, figure: str, occurrence: int) -> str:
    """A figure's identifier: the article and a digest of what the text says there, so it
    does not change when unrelated rules or offsets change."""
    key = "\x1f".join((district, " ".join(sentence.split()), figure, str(occurrence)))
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:FACT_ID_DIGEST_CHARS]
    return f"{doc_id}:{digest}"


def _occurrence(sentence: str, figure: str, offset: int) -> int:
    """1 + how often `figure` is written in `sentence` before `offset`."""
    if not figure:
        return 1
    return 1 + sentence.count(figure, 0, max(offset, 0) + len(figure) - 1)


def with_provenance(facts: pd.DataFrame) -> pd.DataFrame:
    """`facts` with the provenance columns: `figure` and `fact_id` recomputed from the
    extracted columns, `origin` (default `extracted`) and `correction_note` kept or added."""
    names = ("doc_id", "district", "sentence", "sentence_start", "start", "end")
    rows = zip(*(facts[name].tolist() for name in names), strict=True)
    figures, ids = [], []
    for doc_id, district, sentence, sentence_start, start, end in rows:
        figure = figure_text(sentence, int(sentence_start), int(start), int(end))
        occurrence = _occurrence(sentence, figure, int(start) - int(sentence_start))
        figures.append(figure)
        ids.append(fact_id(doc_id, district, sentence, figure, occurrence))
    origin = facts.get("origin", ORIGIN_EXTRACTED)
    note = facts.get("correction_note", "")
    return facts.assign(fact_id=ids, figure=figures, origin=origin, correction_note=note)


def _row_label(index: int, frame: pd.DataFrame) -> str:
    label = f"row {index + 1}"
    if "doc_id" in frame.columns:
        label += f" (doc_id {frame['doc_id'].iat[index]})"
    return label


def _fail(source: str, frame: pd.DataFrame, bad: pd.Series, problem: Callable[[int], str]) -> None:
    positions = [i for i, flag in enumerate(bad.fillna(False).astype(bool).to_numpy()) if flag]
    if not positions:
        return
    named = "; ".join(f"{_row_label(i, frame)}: {problem(i)}" for i in positions[:MAX_ROWS_NAMED])
    extra = len(positions) - MAX_ROWS_NAMED
    more = f" (and {extra} more rows)" if extra > 0 else ""
    raise SchemaError(f"{source}: {named}{more}")


def _is_empty(column: pd.Series) -> pd.Series:
    # A search, not `.str.strip() == ""`: no stripped copy of every sentence at once.
    return column.isna() | ~column.astype("str").str.contains(r"\S", regex=True)


def _outside_bound(name: str, numbers: pd.Series, bound: int) -> Callable[[int], str]:
    return lambda i: f"{name} {numbers.iat[i]:g} is outside the bound {bound}"


def _implausible(values: pd.Series, problem: str) -> Callable[[int], str]:
    return lambda i: f"value {values.iat[i]:g} is {problem}"


def _check_field(source: str, frame: pd.DataFrame, field: Field) -> pd.Series:
    """The column checked against `field` and converted to its dtype."""
    column = frame[field.name]
    empty = _is_empty(column)
    if field.required:
        _fail(source, frame, empty, lambda _: f"{field.name} is empty")
    if field.type in (INTEGER, NUMBER):
        numbers = pd.to_numeric(column.where(~empty), errors="coerce").astype("float64")
        invalid = numbers.isna() & ~empty
        if field.type == INTEGER:
            invalid |= ~empty & numbers.notna() & (numbers != numbers.round())
        kind = "an integer" if field.type == INTEGER else "a number"
        _fail(source, frame, invalid, lambda i: f"{field.name} {column.iat[i]!r} is not {kind}")
        infinite = numbers.notna() & ~numbers.abs().lt(float("inf"))
        _fail(source, frame, infinite, lambda i: f"{field.name} {column.iat[i]!r} is not finite")
        for bound, outside in (
            (field.about.minimum, numbers < (field.about.minimum or 0)),
            (field.about.maximum, numbers > (field.about.maximum or 0)),
        ):
            if bound is not None:
                _fail(source, frame, outside, _outside_bound(field.name, numbers, bound))
        return numbers.astype(field.dtype)
    text = column.where(~empty, "").astype("str")
    if field.about.pattern:
        invalid = ~empty & ~text.str.fullmatch(field.about.pattern)
        _fail(
            source,
            frame,
            invalid,
            lambda i: f"{field.name} {text.iat[i]!r} does not match {field.about.pattern}",
        )
    if field.about.enum is not None:
        allowed = field.about.enum()
        invalid = ~empty & ~text.isin(allowed)
        _fail(
            source,
            frame,
            invalid,
            lambda i: f"{field.name} {text.iat[i]!r} is not one of {', '.join(allowed)}",
        )
    return text


def _check_totals(source: str, facts: pd.DataFrame) -> None:
    needs_total = facts["unit"].isin(tuple(UNITS_WITH_TOTAL))
    _fail(
        source,
        facts,
        needs_total & facts["total"].isna(),
        lambda i: f"unit {facts['unit'].iat[i]} needs a total",
    )


def _check_plausible(source: str, facts: pd.DataFrame) -> None:
    """The bounds of `helpers.extract.run.validate` on every figure, so that a corrected or
    prebuilt table holds no figure the extractor itself would have rejected."""
    value, total, unit = facts["value"].abs(), facts["total"], facts["unit"]
    for bad, problem in (
        (unit.eq(UNIT_PERCENT) & value.gt(MAX_ABS_PERCENT), f"beyond ±{MAX_ABS_PERCENT:g} %"),
        (
            unit.eq(UNIT_VND_BN) & value.gt(CITY_BUDGET_CEILING_VND_BN),
            f"above {CITY_BUDGET_CEILING_VND_BN:g} tỷ đồng, more than the city's whole budget",
        ),
        (unit.eq(UNIT_RANK_OF_TOTAL) & facts["value"].gt(total), "a rank above its total"),
    ):
        _fail(source, facts, bad, _implausible(facts["value"], problem))


def conform(
    frame: pd.DataFrame,
    columns: tuple[str, ...],
    source: str,
    fields: dict[str, Field] | None = None,
) -> pd.DataFrame:
    """`frame`'s `columns`, checked and in their dtypes; raises `SchemaError` naming the
    first offending rows (1-based, as in a CSV file below its header) for a missing
    column, an empty required value, a value of the wrong type or outside its
    enumeration, or a `X of Y` figure without its total."""
    missing = [name for name in columns if name not in frame.columns]
    if missing:
        raise SchemaError(f"{source}: missing column(s) {missing}")
    fields = FIELDS if fields is None else fields
    frame = frame.reset_index(drop=True)
    checked = pd.DataFrame(
        {name: _check_field(source, frame, fields[name]) for name in columns}, index=frame.index
    )
    if {"unit", "total"} <= set(checked.columns):
        _check_totals(source, checked)
        if "value" in checked.columns:
            _check_plausible(source, checked)
    return checked


# Columns added to the facts table after its first release, with the value a table written
# before them takes: no plan basis said, and nothing flagged for review.
LATER_COLUMNS = {"basis": "", "confidence": CONFIDENCE_LEVELS[0]}


def conform_facts(facts: pd.DataFrame, source: str) -> pd.DataFrame:
    """A facts table (with or without its provenance columns) checked and typed, with the
    provenance columns recomputed (see `with_provenance`)."""
    missing = {name: value for name, value in LATER_COLUMNS.items() if name not in facts.columns}
    if missing:  # a table written before these columns existed
        facts = facts.assign(**missing)
    extracted = conform(facts, EXTRACTED_FACT_COLUMNS, source)
    for name in ("origin", "correction_note"):
        if name in facts.columns:
            extracted[name] = facts[name].reset_index(drop=True)
    completed = with_provenance(extracted)
    provenance = conform(completed, PROVENANCE_COLUMNS, source)
    return pd.concat([extracted[list(EXTRACTED_FACT_COLUMNS)], provenance], axis=1)


@cache
def indicator_table() -> pd.DataFrame:
    """The indicator vocabulary with a row for `other`, as published with the facts."""
    table = load_indicators().reset_index(drop=True)
    other = {column: "" for column in table.columns} | {
        "id": OTHER_INDICATOR,
        "label_en": "A district figure that fits no indicator of the vocabulary",
        "label_vi": "Số liệu khác",
    }
    table = pd.concat([table, pd.DataFrame([other])], ignore_index=True)
    return table[list(INDICATOR_COLUMNS)]


def district_table() -> pd.DataFrame:
    """The gazetteer's districts, as published with the facts."""
    rows = [
        {"name": d.name, "slug": d.slug, "type": d.type, "province": d.province}
        for d in districts()
    ]
    return pd.DataFrame(rows, columns=list(DISTRICT_COLUMNS))
