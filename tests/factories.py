"""Small builders of facts tables for the brief, chart and overview tests."""

from __future__ import annotations

import pandas as pd

from helpers.extract.reference.vocabulary import OTHER_INDICATOR, unit_of

FACT_DTYPES = {
    "year": "int64",
    "value": "float64",
    "total": "Float64",
    "sentence_start": "int64",
    "start": "int64",
    "end": "int64",
}


def fact(
    doc_id: str,
    district: str,
    indicator: str,
    value: float,
    *,
    sentence: str | None = None,
    figure: str | None = None,
    sentence_start: int = 0,
    **fields: object,
) -> dict:
    """One facts-table row (full year, actual, 2023 unless `fields` say otherwise); with
    `figure`, its offsets point at that text of `sentence`, placed at `sentence_start`."""
    sentence = sentence if sentence is not None else f"{district} {indicator} {value}"
    start = sentence_start + (sentence.index(figure) if figure else 0)
    row = {
        "doc_id": doc_id,
        "district": district,
        "year": 2023,
        "period": "FY",
        "indicator": indicator,
        "kind": "actual",
        "value": value,
        "total": pd.NA,
        "unit": "count" if indicator == OTHER_INDICATOR else unit_of(indicator),
        "qualifier": "",
        "sentence": sentence,
        "sentence_start": sentence_start,
        "start": start,
        "end": start + (len(figure) if figure else 1),
        "rule": "",
        "basis": "",
        "confidence": "high",
    }
    return {**row, **fields}


def facts_frame(rows: list[dict]) -> pd.DataFrame:
    """A facts table with the dtypes of `helpers.tables.corpus`."""
    return pd.DataFrame(rows).astype(FACT_DTYPES)
