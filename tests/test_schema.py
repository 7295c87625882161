"""The schema module: one source of columns, types and enumerations for the facts table,
checked when a table is written or read."""

from __future__ import annotations

import dataclasses
import re
import typing
from pathlib import Path

import pandas as pd
import pytest

from helpers.extract import fact as extractor
from helpers.extract.reference.vocabulary import load_indicators
from helpers.tables.corpus import extract_corpus, load_tables, read_facts, write_tables
from helpers.tables.resources import (
    EXTRACTED_FACTS,
    FACTS,
    INTEGER,
    NUMBER,
    STRING,
)
from helpers.tables.schema import (
    ARTICLE_COLUMNS,
    EXTRACTED_FACT_COLUMNS,
    FACT_COLUMNS,
    FIELDS,
    PERIODS,
    SchemaError,
    conform,
    fact_id,
    qualifier_values,
    table_schema,
)


@pytest.fixture(scope="module")
def seed_tables(seeds_dir: Path):
    return extract_corpus(seeds_dir)


@pytest.fixture
def facts_csv(tmp_path: Path, seed_tables) -> Path:
    path = tmp_path / "facts.csv"
    write_tables(seed_tables, path)
    return path


# The Python type of a declared column's values in the extractor's `Fact`.
PYTHON_TYPES = {
    (STRING, True): str,
    (STRING, False): str,  # empty text when there is nothing to say
    (INTEGER, True): int,
    (NUMBER, True): float,
    (NUMBER, False): float | None,
}


def test_the_fact_record_has_the_declared_columns_in_order() -> None:
    """The extractor's `Fact` starts with the facts' declared extracted columns, in their
    order and types; its further fields are working flags, none of them a column."""
    hints = typing.get_type_hints(extractor.Fact)
    fields = [field.name for field in dataclasses.fields(extractor.Fact)]
    assert fields[: len(EXTRACTED_FACTS)] == list(EXTRACTED_FACT_COLUMNS)
    assert not set(fields[len(EXTRACTED_FACTS) :]) & set(FACTS.names)
    for column in EXTRACTED_FACTS:
        assert hints[column.name] == PYTHON_TYPES[column.type, column.required], column


def test_the_schema_describes_every_declared_column() -> None:
    assert set(FACT_COLUMNS) <= set(FIELDS)
    assert all(FIELDS[column].about.description for column in FACT_COLUMNS)
    assert FACT_COLUMNS[: len(EXTRACTED_FACT_COLUMNS)] == EXTRACTED_FACT_COLUMNS


def test_enumerations_cover_what_the_extractor_writes(seed_tables) -> None:
    facts = seed_tables.facts
    for column in ("district", "period", "indicator", "kind", "unit", "origin"):
        assert set(facts[column]) <= set(FIELDS[column].about.enum()), column
    assert set(facts.loc[facts["qualifier"] != "", "qualifier"]) <= set(qualifier_values())
    assert {"FY", "Q1", "Q4", "5M", "6M", "9M", "11M"} <= set(PERIODS)
    assert "H1" not in PERIODS and "12M" not in PERIODS
    assert "estimated;approx" in qualifier_values()
    assert "approx;estimated" not in qualifier_values()


def test_the_table_schema_lists_every_column_with_descriptions() -> None:
    schema = table_schema(FACTS)
    assert [f["name"] for f in schema["fields"]] == list(FACT_COLUMNS)
    assert all(f["description"] for f in schema["fields"])
    indicator = next(f for f in schema["fields"] if f["name"] == "indicator")
    assert indicator["constraints"]["enum"][-1] == "other"
    assert set(load_indicators().index) < set(indicator["constraints"]["enum"])


def test_fact_ids_are_unique_and_ignore_offsets_and_whitespace(seed_tables) -> None:
    assert seed_tables.facts["fact_id"].is_unique
    assert fact_id("d", "Tây Hồ", "Tăng  9%.", "9%", 1) == fact_id(
        "d", "Tây Hồ", "Tăng 9%.", "9%", 1
    )
    assert fact_id("d", "Tây Hồ", "Tăng 9%.", "9%", 1) != fact_id(
        "d", "Tây Hồ", "Tăng 9%.", "9%", 2
    )


def _rewrite(path: Path, row: int, column: str, value: str) -> None:
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    table.loc[row, column] = value
    table.to_csv(path, index=False)


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("period", "H1", r"row 3 \(doc_id 000_97d56c37aaf6bf3e\): period 'H1' is not one of FY"),
        ("year", "2023a", r"row 3 .*year '2023a' is not an integer"),
        ("value", "9,8", r"row 3 .*value '9,8' is not a number"),
        ("unit", "percent", r"row 3 .*unit 'percent' is not one of pct"),
        ("indicator", "gdp", r"row 3 .*indicator 'gdp' is not one of targets_met"),
        ("kind", "", r"row 3 .*kind is empty"),
        ("start", "-4", r"row 3 .*start -4 is outside the bound 0"),
        ("total", "", r"row 1 .*unit count_of_total needs a total"),
    ],
)
def test_a_bad_facts_csv_is_rejected_naming_the_row(
    facts_csv: Path, seeds_dir: Path, column: str, value: str, message: str
) -> None:
    _rewrite(facts_csv, 0 if column == "total" else 2, column, value)
    with pytest.raises(SchemaError, match=message):
        load_tables(seeds_dir, facts_csv)


def test_a_missing_column_is_named(facts_csv: Path) -> None:
    table = pd.read_csv(facts_csv, dtype=str, keep_default_na=False)
    table.drop(columns="period").to_csv(facts_csv, index=False)
    with pytest.raises(SchemaError, match=r"missing column\(s\) \['period'\]"):
        read_facts(facts_csv)


def test_a_table_without_provenance_columns_is_completed(facts_csv: Path, seed_tables) -> None:
    table = pd.read_csv(facts_csv, dtype=str, keep_default_na=False)
    table[list(EXTRACTED_FACT_COLUMNS)].to_csv(facts_csv, index=False)
    assert read_facts(facts_csv).equals(seed_tables.facts)


def test_a_bad_table_is_not_written(tmp_path: Path, seed_tables) -> None:
    facts = seed_tables.facts.copy()
    facts.loc[4, "kind"] = "plan"
    tables = type(seed_tables)(facts, seed_tables.articles, seed_tables.errors)
    with pytest.raises(SchemaError, match=r"row 5 .*kind 'plan'"):
        write_tables(tables, tmp_path / "facts.csv")
    assert not (tmp_path / "facts.csv").exists()


@pytest.mark.parametrize(
    ("published", "ok"),
    [("2023-12-14", True), ("2022-04", True), ("2019", True), ("", True), ("04/2022", False)],
)
def test_publication_dates_keep_their_precision(seed_tables, published: str, ok: bool) -> None:
    """A day, a month (an archive's ` date 2022-04`) or a year; nothing else."""
    articles = seed_tables.articles.assign(published=published)
    if ok:
        assert (conform(articles, ARTICLE_COLUMNS, "a")["published"] == published).all()
    else:
        with pytest.raises(SchemaError, match="published '04/2022' does not match"):
            conform(articles, ARTICLE_COLUMNS, "a")
    pattern = FIELDS["published"].descriptor()["constraints"]["pattern"]
    assert (re.fullmatch(pattern, published) is not None) == (ok and published != "")
