"""What one district's brief shows, gathered from the facts and articles tables.

`build_brief_data` reconciles the corpus's figures into readings (see
`helpers.tables.readings`) and keeps the district's own facts, readings, conflicts and
numbered sources; the sections (`helpers.brief.sections`) render it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Protocol

import pandas as pd

from helpers.extract.reference.vocabulary import OTHER_INDICATOR
from helpers.tables.readings import KEY_COLUMNS, resolve, sort_by_key, with_correction_columns

ACTUAL = "actual"
TARGET = "target"
TARGETS_MET = "targets_met"
TARGETS_EXCEEDED = "targets_exceeded"
SOURCE_REF_PREFIX = "S"
FACT_ID = "f{n}"  # a figure in the evidence table
READING_ID = "r{n}"  # a row of the key indicators table


class DistrictLike(Protocol):
    """What a brief needs of a district (helpers.extract.reference.gazetteer.District has it)."""

    name: str
    type: str


@dataclass(frozen=True)
class BriefData:
    """Everything one brief shows, language-neutral.

    `facts`: the district's facts of vocabulary indicators (`n_other` more fit none and
    are left out); `readings`: the figures the brief uses (see helpers.tables.readings);
    `conflicts`: the disagreeing readings; `sources`: the cited articles, numbered `ref`
    S1, S2, ... in publication order; `all_readings`: every district's readings.
    """

    district: str
    district_type: str
    facts: pd.DataFrame
    readings: pd.DataFrame
    conflicts: pd.DataFrame
    sources: pd.DataFrame
    all_readings: pd.DataFrame
    corpus_date: str
    n_articles: int
    n_other: int

    @property
    def empty(self) -> bool:
        """True when the corpus holds no figure about the district."""
        return self.facts.empty

    @property
    def latest_source_date(self) -> str:
        """The latest publication date of the district's own sources ('' when undated)."""
        dated = self.sources.loc[self.sources["published"] != "", "published"]
        return str(dated.max()) if not dated.empty else ""

    @cached_property
    def fact_ids(self) -> dict[tuple, str]:
        """The anchor of each figure in the evidence table, by `_fact_key`."""
        ids: dict[tuple, str] = {}
        for n, (_, row) in enumerate(self.facts.iterrows(), start=1):
            ids.setdefault(_fact_key(row), FACT_ID.format(n=n))
        return ids

    @cached_property
    def reading_ids(self) -> dict[tuple, str]:
        """The key-indicator row using each reading, by key and (value, total)."""
        return {
            _reading_key(row): READING_ID.format(n=n)
            for n, (_, row) in enumerate(self.readings.iterrows(), start=1)
        }

    def fact_id(self, row: pd.Series) -> str:
        """The evidence anchor of the figure behind a fact, reading or conflict row."""
        return self.fact_ids[_fact_key(row)]

    def reading_id(self, row: pd.Series) -> str | None:
        """The key-indicator row that uses this fact's reading; None when the brief uses
        another source's value (a conflict)."""
        return self.reading_ids.get(_reading_key(row))

    @cached_property
    def _sources_by_id(self) -> dict[str, pd.Series]:
        return {row["doc_id"]: row for _, row in self.sources.iterrows()}

    @cached_property
    def _facts_by_sentence(self) -> dict[tuple[str, str], pd.DataFrame]:
        grouped = self.facts.groupby(["doc_id", "sentence"], sort=False)
        return {(str(doc_id), str(sentence)): rows for (doc_id, sentence), rows in grouped}

    def source(self, doc_id: str) -> pd.Series:
        """The cited article `doc_id` (with its `ref`)."""
        return self._sources_by_id[doc_id]

    def facts_in_sentence(self, doc_id: str, sentence: str) -> pd.DataFrame:
        """The district's facts taken from `sentence` of article `doc_id`."""
        return self._facts_by_sentence[(doc_id, sentence)]


def _fact_key(row: pd.Series) -> tuple:
    return (row["doc_id"], int(row["start"]), int(row["end"]), row["indicator"], row["kind"])


def _reading_key(row: pd.Series) -> tuple:
    total = None if pd.isna(row["total"]) else float(row["total"])
    return (*(row[column] for column in KEY_COLUMNS), round(float(row["value"]), 6), total)


def _numbered_sources(articles: pd.DataFrame, doc_ids: set[str]) -> pd.DataFrame:
    cited = articles[articles["doc_id"].isin(doc_ids)]
    cited = cited.assign(_undated=cited["published"] == "").sort_values(
        ["_undated", "published", "doc_id"], kind="stable"
    )
    refs = [f"{SOURCE_REF_PREFIX}{n}" for n in range(1, len(cited) + 1)]
    return cited.drop(columns="_undated").assign(ref=refs).reset_index(drop=True)


def build_brief_data(
    facts: pd.DataFrame, articles: pd.DataFrame, district: DistrictLike
) -> BriefData:
    """Gather the brief of `district` from the whole corpus's facts and articles."""
    facts = with_correction_columns(facts)
    resolution = resolve(facts, articles)
    own = facts[facts["district"] == district.name]
    other = own["indicator"] == OTHER_INDICATOR
    own_facts = sort_by_key(own[~other], ["doc_id", "start"])
    own_readings = resolution.readings["district"] == district.name
    own_conflicts = resolution.conflicts["district"] == district.name
    dated = articles.loc[articles["published"] != "", "published"]
    return BriefData(
        district=district.name,
        district_type=district.type,
        facts=own_facts,
        readings=resolution.readings[own_readings].reset_index(drop=True),
        conflicts=resolution.conflicts[own_conflicts].reset_index(drop=True),
        sources=_numbered_sources(articles, set(own_facts["doc_id"])),
        all_readings=resolution.readings,
        corpus_date=str(dated.max()) if not dated.empty else "",
        n_articles=len(articles),
        n_other=int(other.sum()),
    )
