"""A reading's value and indicator as the brief and the index show them."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup, escape

from helpers.extract.reference.vocabulary import load_indicators
from helpers.render.labels import format_value, indicator_label, series_label

SIGNED_BASES = frozenset({"yoy"})


def is_signed(indicator: str) -> bool:
    """Whether the indicator is a growth rate, shown with an explicit sign."""
    table = load_indicators()
    return indicator in table.index and table.at[indicator, "basis"] in SIGNED_BASES


def reading_value(row: pd.Series, lang: str) -> str:
    """A reading's (or fact's) value with its unit, signed for growth rates."""
    total = None if pd.isna(row["total"]) else float(row["total"])
    return format_value(
        float(row["value"]), total, row["unit"], lang, signed=is_signed(row["indicator"])
    )


def indicator_cell(indicator: str, lang: str, basis: str = "") -> Markup:
    """The indicator's label (with its plan's `basis`); in English with the Vietnamese
    term beneath it."""
    label = escape(series_label(indicator, basis, lang))
    if lang == "vi":
        return label
    return Markup('{}<br><span lang="vi" class="vi-term">{}</span>').format(
        label, indicator_label(indicator, "vi")
    )
