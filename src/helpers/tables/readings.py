"""Which value a brief uses when articles disagree, and the conflicts it must show.

A *key* is (district, indicator, year, period, kind). One article may give several
readings (value, total) for a key, e.g. 12/12 targets assigned by the city and 16/16 by
the district council: that is a breakdown, not a conflict. Articles *conflict* on a key
when their sets of readings differ. The brief then uses the readings of the preferred
article: the latest publication (undated articles rank after dated ones); at the same
date, or with no dates, a final figure beats an estimate; remaining ties go to the first
document id. Figures of indicator `other` fit no indicator, so they are not compared.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from helpers.extract.reference.vocabulary import OTHER_INDICATOR, load_indicators
from helpers.tables.periods import period_sort_key
from helpers.tables.schema import ORIGIN_EXTRACTED

# `basis`: whose plan a plan-relative figure is measured against; the city's and the
# district council's are two readings, never one compared with the other.
KEY_COLUMNS = ["district", "indicator", "basis", "year", "period", "kind"]
ESTIMATED_QUALIFIER = "estimated"
VALUE_DECIMALS = 6

# A fact's provenance (see helpers.tables.corrections); tables without it were extracted.
CORRECTION_DEFAULTS = {"origin": ORIGIN_EXTRACTED, "correction_note": "", "basis": ""}

REASON_LATEST_PUBLICATION = "latest_publication"
REASON_DATED_OVER_UNDATED = "dated_over_undated"
REASON_FINAL_OVER_ESTIMATE = "final_over_estimate"
REASON_FIRST_BY_DOC_ID = "first_by_doc_id"
UNDATED = ""

READING_COLUMNS = [
    *KEY_COLUMNS,
    "value",
    "total",
    "unit",
    "qualifier",
    "doc_id",
    "doc_ids",
    "sentence",
    "sentence_start",
    "start",
    "end",
    "origin",
    "correction_note",
    "conflict",
]
CONFLICT_COLUMNS = [
    *KEY_COLUMNS,
    "value",
    "total",
    "unit",
    "qualifier",
    "doc_id",
    "published",
    "sentence",
    "sentence_start",
    "start",
    "end",
    "origin",
    "correction_note",
    "used",
    "chosen_doc_id",
    "reason",
]


@dataclass(frozen=True)
class Resolution:
    """`readings`: the figures briefs use, one row per key and reading, with every
    agreeing source in `doc_ids` (';'-joined, preferred first) and `conflict` set when
    articles disagree. `conflicts`: every article's readings of each conflicting key,
    with `used`, the `chosen_doc_id` and the `reason` code for the choice."""

    readings: pd.DataFrame
    conflicts: pd.DataFrame


@dataclass(frozen=True)
class _SourceReadings:
    """One article's facts for one key: its first fact per distinct reading, in text order."""

    doc_id: str
    published: str
    estimated: bool
    rows: tuple[dict, ...]

    @property
    def readings(self) -> frozenset[tuple[float, float | None]]:
        return frozenset(_reading(row) for row in self.rows)


def _reading(row: dict) -> tuple[float, float | None]:
    total = row["total"]
    return (round(float(row["value"]), VALUE_DECIMALS), None if pd.isna(total) else float(total))


def _text_order(row: dict) -> tuple:
    total = row["total"]
    return (row["start"], row["end"], row["value"], pd.isna(total), 0 if pd.isna(total) else total)


def _source(doc_id: str, published: str, rows: list[dict]) -> _SourceReadings:
    first_per_reading: dict[tuple[float, float | None], dict] = {}
    for row in sorted(rows, key=_text_order):
        first_per_reading.setdefault(_reading(row), row)
    estimated = any(ESTIMATED_QUALIFIER in row["qualifier"].split(";") for row in rows)
    return _SourceReadings(doc_id, published, estimated, tuple(first_per_reading.values()))


def _rank_sources(sources: list[_SourceReadings]) -> list[_SourceReadings]:
    """Preferred first: latest date ('' = undated sorts last), final before estimate, doc id."""
    by_id = sorted(sources, key=lambda source: source.doc_id)
    by_status = sorted(by_id, key=lambda source: source.estimated)
    return sorted(by_status, key=lambda source: source.published, reverse=True)


def _reason(chosen: _SourceReadings, runner_up: _SourceReadings) -> str:
    if chosen.published != runner_up.published:
        undated = runner_up.published == UNDATED
        return REASON_DATED_OVER_UNDATED if undated else REASON_LATEST_PUBLICATION
    if not chosen.estimated and runner_up.estimated:
        return REASON_FINAL_OVER_ESTIMATE
    return REASON_FIRST_BY_DOC_ID


def _resolve_key(
    rows_by_doc: dict[str, list[dict]], published: dict[str, str]
) -> tuple[list[dict], list[dict]]:
    sources = _rank_sources(
        [_source(doc_id, published[doc_id], rows) for doc_id, rows in rows_by_doc.items()]
    )
    chosen = sources[0]
    differing = [source for source in sources if source.readings != chosen.readings]
    conflict = bool(differing)
    reading_rows = []
    for row in chosen.rows:
        agreeing = [source.doc_id for source in sources if _reading(row) in source.readings]
        reading_rows.append({**row, "doc_ids": ";".join(agreeing), "conflict": conflict})
    conflict_rows = []
    if conflict:
        reason = _reason(chosen, differing[0])
        for source in sources:
            for row in source.rows:
                conflict_rows.append(
                    {
                        **row,
                        "published": source.published,
                        "used": _reading(row) in chosen.readings,
                        "chosen_doc_id": chosen.doc_id,
                        "reason": reason,
                    }
                )
    return reading_rows, conflict_rows


def with_correction_columns(facts: pd.DataFrame) -> pd.DataFrame:
    """`facts` with `origin`, `correction_note` (extracted, no note) and `basis` (unsaid)
    when it lacks them."""
    missing = {name: value for name, value in CORRECTION_DEFAULTS.items() if name not in facts}
    return facts.assign(**missing) if missing else facts


def indicator_rank(indicators: pd.Series) -> pd.Series:
    """Each indicator's position in the vocabulary (`other` after all of them)."""
    order = {indicator: rank for rank, indicator in enumerate(load_indicators().index)}
    order[OTHER_INDICATOR] = len(order)
    return indicators.map(order).fillna(len(order) + 1)


def sort_by_key(table: pd.DataFrame, extra: list[str] | None = None) -> pd.DataFrame:
    """Sort rows by district, vocabulary order of indicators, basis, year, period, kind,
    then `extra`."""
    keyed = table.assign(
        _indicator_rank=indicator_rank(table["indicator"]),
        _period_rank=table["period"].map(period_sort_key),
    )
    columns = ["district", "_indicator_rank", "indicator", "basis", "year", "_period_rank", "kind"]
    columns = [column for column in columns if column in keyed.columns]
    keyed = keyed.sort_values([*columns, *(extra or [])], kind="stable")
    return keyed.drop(columns=["_indicator_rank", "_period_rank"]).reset_index(drop=True)


def resolve(facts: pd.DataFrame, articles: pd.DataFrame) -> Resolution:
    """Pick the readings briefs use for every key in `facts` (`other` figures excluded)
    and list the conflicts."""
    published = dict(zip(articles["doc_id"], articles["published"], strict=True))
    missing = sorted(set(facts["doc_id"]) - set(published))
    if missing:
        raise ValueError(f"facts cite doc_ids absent from the articles table: {missing}")
    facts = with_correction_columns(facts)
    comparable = facts[facts["indicator"] != OTHER_INDICATOR]
    groups: dict[tuple, dict[str, list[dict]]] = {}
    for row in comparable.to_dict("records"):
        key = tuple(row[column] for column in KEY_COLUMNS)
        groups.setdefault(key, {}).setdefault(row["doc_id"], []).append(row)
    reading_rows: list[dict] = []
    conflict_rows: list[dict] = []
    for key in sorted(groups):
        readings, conflicts = _resolve_key(groups[key], published)
        reading_rows.extend(readings)
        conflict_rows.extend(conflicts)
    readings_table = pd.DataFrame(reading_rows, columns=READING_COLUMNS)
    conflicts_table = pd.DataFrame(conflict_rows, columns=CONFLICT_COLUMNS)
    for table in (readings_table, conflicts_table):
        table["total"] = table["total"].astype("Float64")
        table["year"] = table["year"].astype("int64")
    return Resolution(
        readings=sort_by_key(readings_table, ["value", "total"]),
        conflicts=sort_by_key(conflicts_table),
    )
