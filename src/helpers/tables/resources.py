"""Every table the project writes, declared once: its columns in order (name, type, whether
a value is required) and its primary key, after PUDL's resources.

`helpers.tables.schema` describes and checks these columns and builds the Frictionless
Table Schemas of `briefs export` from them; the extractor's `Fact` record is checked
against the facts' extracted columns by a test, so neither side imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass

STRING, INTEGER, NUMBER = "string", "integer", "number"


@dataclass(frozen=True)
class Column:
    """One column: its name, Frictionless type, and whether every row must have a value."""

    name: str
    type: str
    required: bool = True


@dataclass(frozen=True)
class Resource:
    """One table: its name, its columns in order and the column that identifies a row."""

    name: str
    columns: tuple[Column, ...]
    primary_key: str

    @property
    def names(self) -> tuple[str, ...]:
        """The column names, in order."""
        return tuple(column.name for column in self.columns)


# What the extractor writes for each figure (the leading fields of helpers.extract.fact.Fact).
EXTRACTED_FACTS = (
    Column("doc_id", STRING),
    Column("district", STRING),
    Column("year", INTEGER),
    Column("period", STRING),
    Column("indicator", STRING),
    Column("kind", STRING),
    Column("value", NUMBER),
    Column("total", NUMBER, required=False),
    Column("unit", STRING),
    Column("qualifier", STRING, required=False),
    Column("sentence", STRING),
    Column("sentence_start", INTEGER),
    Column("start", INTEGER),
    Column("end", INTEGER),
    Column("rule", STRING, required=False),
    Column("basis", STRING, required=False),
    Column("confidence", STRING),
)
# Derived from the extracted columns when a table lacks them (see schema.with_provenance).
FACT_PROVENANCE = (
    Column("fact_id", STRING),
    Column("figure", STRING, required=False),
    Column("origin", STRING),
    Column("correction_note", STRING, required=False),
)
FACTS = Resource("facts", (*EXTRACTED_FACTS, *FACT_PROVENANCE), primary_key="fact_id")
ARTICLES = Resource(
    "articles",
    (
        Column("doc_id", STRING),
        Column("file", STRING),
        Column("title", STRING, required=False),
        Column("published", STRING, required=False),
        Column("author", STRING, required=False),
        Column("outlet", STRING, required=False),
        Column("url", STRING, required=False),
        Column("districts", STRING, required=False),
        Column("n_facts", INTEGER),
        Column("provenance", STRING, required=False),
    ),
    primary_key="doc_id",
)
# The vocabularies published beside the facts (see helpers.tables.export).
INDICATORS = Resource(
    "indicators",
    (
        Column("id", STRING),
        Column("unit", STRING, required=False),
        Column("basis", STRING, required=False),
        Column("label_en", STRING),
        Column("label_vi", STRING, required=False),
    ),
    primary_key="id",
)
DISTRICTS = Resource(
    "districts",
    (
        Column("name", STRING),
        Column("slug", STRING),
        Column("type", STRING),
        Column("province", STRING),
    ),
    primary_key="name",
)
