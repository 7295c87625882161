"""Yields-to-scopes: a narrower topic gives way when the article states the wider one.

Provenance key `yields_to`: the scope the fact's topic row yields to.
"""

from __future__ import annotations

from dataclasses import replace

from helpers.extract.document import Document
from helpers.extract.fact import Fact, with_rule
from helpers.extract.lexicon import Row, load_lexicon
from helpers.extract.reference.vocabulary import OTHER_INDICATOR

INDICATOR_KEY = "indicator="


def topic_row(fact: Fact) -> Row | None:
    """The topic row that decided a fact's indicator, from its `rule`."""
    for part in fact.rule.split(";"):
        if part.startswith(INDICATOR_KEY):
            return load_lexicon().row(part.removeprefix(INDICATOR_KEY))
    return None


def yield_to_scopes(document: Document, facts: list[Fact]) -> list[Fact]:
    """Article resolver: facts whose topic row `yields_to` a scope become `other` when the
    article states a fact of a topic with that `scope`: `thu ngân sách huyện` beside `thu
    ngân sách nhà nước trên địa bàn` is the district budget's own revenue (FACTS rule 1)."""
    rows = {id(f): topic_row(f) for f in facts}
    scopes = {row.attrs["scope"] for row in rows.values() if row and "scope" in row.attrs}
    return [
        replace(
            f,
            indicator=OTHER_INDICATOR,
            value=f.value,
            rule=with_rule(f.rule, "yields_to", row.attrs["yields_to"]),
        )
        if row is not None and row.attrs.get("yields_to") in scopes
        else f
        for f in facts
        for row in (rows[id(f)],)
    ]
