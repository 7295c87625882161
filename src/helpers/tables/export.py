"""`briefs export`: the facts as a dataset another analyst or a data portal can read.

Writes `facts.csv` and `facts.parquet` (the same table), `articles.csv`, the vocabularies
`indicators.csv` and `districts.csv`, and a Frictionless Data Package, `datapackage.json`,
describing the CSV resources declared in helpers.tables.resources with Table Schemas from
helpers.tables.schema (types, units, enumerations, descriptions, primary and foreign
keys), a license and the sources. The
files are replaced together (all or none, see `helpers.atomic.write_all_atomic`); nothing
in them depends on the clock, so the same facts give the same files.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from helpers.atomic import write_all_atomic
from helpers.tables.corpus import CorpusTables, table_bytes
from helpers.tables.resources import ARTICLES, DISTRICTS, FACTS, INDICATORS, Resource
from helpers.tables.schema import (
    ARTICLE_COLUMNS,
    DISTRICT_COLUMNS,
    DISTRICT_FIELDS,
    INDICATOR_COLUMNS,
    INDICATOR_FIELDS,
    conform,
    conform_facts,
    district_table,
    indicator_table,
    table_schema,
)

DATAPACKAGE_NAME = "datapackage.json"
FACTS_CSV = "facts.csv"
FACTS_PARQUET = "facts.parquet"
ARTICLES_CSV = "articles.csv"
INDICATORS_CSV = "indicators.csv"
DISTRICTS_CSV = "districts.csv"
PACKAGE_NAME = "hanoi-district-facts"
PACKAGE_TITLE = "Figures reported for Hanoi's districts in Vietnamese news articles"
PACKAGE_DESCRIPTION = (
    "One row per figure (a result or a target) that a news article states about one of "
    "Hanoi's districts, with the year and period it is about, the indicator, the "
    "normalised value and unit, and the sentence it was taken from. Extracted by the "
    "district-briefs rules and corrected by researchers (column `origin`). "
    f"`{FACTS_PARQUET}` holds the same table as `{FACTS_CSV}`. In the CSV files a text "
    "cell that would start a spreadsheet formula (`=`, `+`, `-`, `@`, a tab or a carriage "
    "return), or that starts with an apostrophe, is written with one more apostrophe in "
    f"front; `{FACTS_PARQUET}` holds the exact values."
)
# The license of the published table; change it here if the data owner chooses another.
LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
MEDIATYPE_CSV = "text/csv"


def _indicator_description(base: str, indicators: pd.DataFrame) -> str:
    labels = "; ".join(f"`{row.id}`: {row.label_en}" for row in indicators.itertuples())
    return f"{base} The indicators: {labels}."


def _resource(resource: Resource, path: str, description: str, schema: dict) -> dict:
    return {
        "name": resource.name,
        "type": "table",
        "path": path,
        "scheme": "file",
        "format": "csv",
        "mediatype": MEDIATYPE_CSV,
        "encoding": "utf-8",
        "description": description,
        "schema": schema,
    }


def _foreign_key(column: str, resource: Resource) -> dict:
    """The facts' `column` refers to `resource`'s primary key."""
    return {
        "fields": [column],
        "reference": {"resource": resource.name, "fields": [resource.primary_key]},
    }


def _source_title(article: pd.Series) -> str:
    parts = [article["outlet"], article["published"], article["title"] or article["file"]]
    return ", ".join(part for part in parts if part)


def datapackage(articles: pd.DataFrame, indicators: pd.DataFrame) -> dict:
    """The Data Package descriptor of the exported files."""
    facts_schema = table_schema(FACTS)
    for field in facts_schema["fields"]:
        if field["name"] == "indicator":
            field["description"] = _indicator_description(field["description"], indicators)
    facts_schema["foreignKeys"] = [
        _foreign_key("doc_id", ARTICLES),
        _foreign_key("indicator", INDICATORS),
        _foreign_key("district", DISTRICTS),
    ]
    return {
        "profile": "data-package",
        "name": PACKAGE_NAME,
        "title": PACKAGE_TITLE,
        "description": PACKAGE_DESCRIPTION,
        "licenses": [LICENSE],
        "sources": [{"title": _source_title(row)} for _, row in articles.iterrows()],
        "resources": [
            _resource(FACTS, FACTS_CSV, "The facts: one row per figure.", facts_schema),
            _resource(
                ARTICLES,
                ARTICLES_CSV,
                "The articles the facts were taken from.",
                table_schema(ARTICLES),
            ),
            _resource(
                INDICATORS,
                INDICATORS_CSV,
                "The indicator vocabulary: unit, basis and labels of each indicator id.",
                table_schema(INDICATORS, INDICATOR_FIELDS),
            ),
            _resource(
                DISTRICTS,
                DISTRICTS_CSV,
                "Hanoi's district-level units.",
                table_schema(DISTRICTS, DISTRICT_FIELDS),
            ),
        ],
    }


def export_dataset(tables: CorpusTables, out_dir: str | Path) -> Path:
    """Write the dataset of `tables` into `out_dir` (checked against the schema first);
    return the path of `datapackage.json`."""
    out_dir = Path(out_dir)
    facts = conform_facts(tables.facts, "facts table")
    articles = conform(tables.articles, ARTICLE_COLUMNS, "articles table")
    indicators = conform(indicator_table(), INDICATOR_COLUMNS, "indicators", INDICATOR_FIELDS)
    districts = conform(district_table(), DISTRICT_COLUMNS, "districts", DISTRICT_FIELDS)
    out_dir.mkdir(parents=True, exist_ok=True)
    descriptor = json.dumps(datapackage(articles, indicators), ensure_ascii=False, indent=2)
    path = out_dir / DATAPACKAGE_NAME
    frames = {
        FACTS_CSV: facts,
        FACTS_PARQUET: facts,
        ARTICLES_CSV: articles,
        INDICATORS_CSV: indicators,
        DISTRICTS_CSV: districts,
    }
    contents = {out_dir / name: table_bytes(frame, name) for name, frame in frames.items()}
    write_all_atomic(contents | {path: (descriptor + "\n").encode("utf-8")})  # all or none
    return path
