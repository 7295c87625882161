"""Cases, extraction and comparison for the behavioural tests.

A case is an article text and what its facts must be: a set of fact keys computed from the
template slots (minimum-function cases), or the facts of a base text changed by a stated
relation (invariance: unchanged; directional: the year, period, sign or district moved).
Only scored facts count (indicator other than `other`), compared as `Key` tuples.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from helpers.extract.facts import extract_article
from helpers.extract.reference.vocabulary import OTHER_INDICATOR
from helpers.extract.text.reading import read_article

KNOWN_FAILURES = Path(__file__).resolve().parent / "known_failures.csv"
_VALUE_DIGITS = 3


@dataclass(frozen=True, order=True)
class Key:
    """What a behavioural case compares of a fact."""

    district: str
    year: int
    period: str
    indicator: str
    kind: str
    value: float
    total: float | None = None

    def __str__(self) -> str:
        total = "" if self.total is None else f"/{self.total:g}"
        return (
            f"{self.district} {self.year} {self.period} {self.indicator} {self.kind} "
            f"{self.value:g}{total}"
        )


Relation = Callable[[Key], Key]


def same(key: Key) -> Key:
    """The invariance relation: the fact does not change."""
    return key


@dataclass(frozen=True)
class Case:
    """One generated case. `expected` is a fixed set of keys, or None when the case's facts
    are `relation` applied to the facts of `base` (an article text)."""

    id: str
    family: str
    text: str
    expected: frozenset[Key] | None = None
    base: str | None = None
    relation: Relation = same

    def expected_keys(self) -> frozenset[Key]:
        """The facts this case's text must yield."""
        if self.expected is not None:
            return self.expected
        if self.base is None:
            raise ValueError(f"case {self.id} has neither expected facts nor a base text")
        return frozenset(self.relation(key) for key in extract_keys(self.base))


@cache
def extract_keys(text: str) -> frozenset[Key]:
    """The scored facts of an article text, read from a file as `briefs extract` reads it
    (so CRLF, NFD and encodings go through `read_article`)."""
    with tempfile.TemporaryDirectory(prefix="behaviour-") as directory:
        path = Path(directory) / "case.txt"
        path.write_bytes(text.encode("utf-8"))
        article = read_article(path)
        result = extract_article(article.text, article.doc_id)
    return frozenset(
        Key(
            f.district,
            f.year,
            f.period,
            f.indicator,
            f.kind,
            round(f.value, _VALUE_DIGITS),
            f.total,
        )
        for f in result.facts
        if f.indicator != OTHER_INDICATOR
    )


def problems(case: Case) -> str:
    """Empty when the case holds; otherwise what is missing and what is extra, one line."""
    expected = case.expected_keys()
    got = extract_keys(case.text)
    if got == expected:
        return ""
    missing = sorted(expected - got)
    extra = sorted(got - expected)
    parts = []
    if missing:
        parts.append("expected " + "; ".join(map(str, missing)))
    if extra:
        parts.append("got " + "; ".join(map(str, extra)))
    if not extra:
        parts.append("got nothing else")
    return ", ".join(parts)


@cache
def known_failures() -> dict[str, str]:
    """Case id → reason, from `known_failures.csv`."""
    with open(KNOWN_FAILURES, encoding="utf-8", newline="") as handle:
        return {row["case_id"]: row["reason"] for row in csv.DictReader(handle)}


def params(cases: Iterable[Case]) -> list:
    """pytest params of `cases`, a known failure marked strict xfail with its reason."""
    failures = known_failures()
    return [
        pytest.param(
            case,
            id=case.id,
            marks=[pytest.mark.xfail(strict=True, reason=failures[case.id])]
            if case.id in failures
            else [],
        )
        for case in cases
    ]


def check(case: Case) -> None:
    """Fail with the difference when the case's facts are not what it expects."""
    difference = problems(case)
    assert not difference, f"{case.family}: {difference}"
