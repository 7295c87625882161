"""The output record: one `Fact` per district figure, and `ArticleFacts` per article."""

from __future__ import annotations

from dataclasses import dataclass

from helpers.extract.reference.gazetteer import District
from helpers.extract.resolve.confidence import HIGH
from helpers.extract.run.records import Reduction, reduce_by_fields
from helpers.extract.text.metadata import ArticleMetadata


@dataclass(frozen=True, slots=True)
class Fact:
    """One row of the facts table: its leading fields are the declared columns of
    `helpers.tables.resources.FACTS`, in order (a test checks), then working flags."""

    doc_id: str
    district: str
    year: int
    period: str
    indicator: str
    kind: str
    value: float
    total: float | None
    unit: str
    qualifier: str
    sentence: str
    sentence_start: int
    start: int
    end: int
    rule: str
    basis: str = ""  # whose plan a plan-relative figure is measured against (plan_basis)
    confidence: str = HIGH  # `review` when its evidence is weak (see confidence.py)
    in_heading: bool = False
    stated_done: bool = False  # `đã` stands before the figure in its clause
    dated: bool = False  # its own sentence names a time
    whole_sentence: int = -1  # after a `trong đó`/`gồm`: the start of the sentence it breaks down
    unnamed_part: bool = False  # after a `trong đó`/`gồm`, it names no subject of its own
    whole_year: bool = False  # its time says the whole year (`cả năm`, `12 tháng`)

    def __reduce__(self) -> Reduction:
        return reduce_by_fields(self)


@dataclass(frozen=True, slots=True)
class ArticleFacts:
    """What one article yields: metadata, the districts it is about, and its facts."""

    doc_id: str
    file: str
    metadata: ArticleMetadata
    districts: tuple[District, ...]
    facts: tuple[Fact, ...]

    def __reduce__(self) -> Reduction:
        return reduce_by_fields(self)


def rule_source(rule: str, key: str) -> str:
    """The row or rule that decided `key` in `rule` (the part before any `+`), or ''."""
    for part in rule.split(";"):
        name, _, value = part.partition("=")
        if name == key:
            return value.split("+")[0]
    return ""


def with_rule(rule: str, key: str, value: str) -> str:
    """`rule` with `key=value` set (the `;`-joined provenance of a fact)."""
    kept = [part for part in rule.split(";") if part and not part.startswith(f"{key}=")]
    return ";".join([*kept, f"{key}={value}"])
