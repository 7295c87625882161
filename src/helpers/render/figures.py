"""A figure in its sentence: its text, how its value was derived, and whose target it is.

The facts table stores where each sentence starts in the cleaned article
(`sentence_start`) and where the figure is (`start`, `end`), so the figure's own text is
`sentence[start - sentence_start : end - sentence_start]`; nothing is guessed.

`derivation` explains a value that is not simply the number written in the text, from
the figure text and the unit alone (no per-article rule): `vượt 11,6%` of a % of plan is
100 % + 11,6 % = 111,6 %; `98 nghìn tỷ đồng` is 98 000 bn VND; `6/21` counted as 6.
`target_scope` says whose target a count of targets is (`city`, `council`, `party`), from
the words after the figure (cue patterns in `data/target_scopes.csv`).
"""

from __future__ import annotations

import csv
import io
import re
from functools import cache
from importlib import resources

import pandas as pd

from helpers.extract.figures.numbers import parse_vn_number
from helpers.extract.text.textnorm import fold
from helpers.render.labels import format_number, ui_text
from helpers.tables.schema import figure_text as schema_figure_text

SCOPES_FILE = "target_scopes.csv"
SCOPES = ("city", "council", "party")
NUMBER_IN_FIGURE = re.compile(r"\d[\d.,]*\d|\d")
PLAN_LEVEL = 100.0
THOUSAND = 1000.0
TOLERANCE = 1e-6
# How far after a figure its scope words may be (`12/12 chỉ tiêu Thành phố giao`).
SCOPE_WINDOW_CHARS = 40
SCOPE_STOP = re.compile(r"[,;.:]")


def figure_text(row: pd.Series | dict) -> str:
    """The figure exactly as the article writes it (`11,6%`, `1.050 tỷ đồng`)."""
    sentence = str(row["sentence"])
    text = schema_figure_text(
        sentence, int(row["sentence_start"]), int(row["start"]), int(row["end"])
    )
    if not text:
        raise ValueError(
            f"figure offsets {row['start']}..{row['end']} lie outside the sentence at "
            f"{row['sentence_start']} (length {len(sentence)})"
        )
    return text


def written_number(text: str) -> float | None:
    """The first number written in a figure's text (`11,6%` → 11.6), None if unreadable."""
    found = NUMBER_IN_FIGURE.search(text)
    if found is None:
        return None
    try:
        return parse_vn_number(found.group())
    except ValueError:
        return None


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= TOLERANCE * max(1.0, abs(a), abs(b))


def derivation(row: pd.Series | dict, lang: str) -> str:
    """How the value came from the text, in `lang`; '' when the text states it plainly.

    Rules, tried in order: the written number is the value (''); a percentage that is
    100 + the written number (an excess over the plan); the written number in thousands
    (`nghìn tỷ`); a count taken out of `X/Y`; otherwise the text and the value side by side.
    """
    text = figure_text(row)
    value = float(row["value"])
    written = written_number(text)
    shown = format_number(value, lang)
    if written is None:
        return ui_text("derived_read_as", lang).format(text=text, value=shown)
    number = format_number(written, lang)
    if _close(written, value):
        return ""
    if row["unit"] == "pct" and _close(PLAN_LEVEL + written, value):
        return ui_text("derived_plan_excess", lang).format(text=text, number=number, value=shown)
    if _close(written * THOUSAND, value):
        return ui_text("derived_thousands", lang).format(text=text, value=shown)
    return ui_text("derived_read_as", lang).format(text=text, value=shown)


@cache
def _scope_cues() -> tuple[tuple[re.Pattern[str], str], ...]:
    table = resources.files("helpers.render.data").joinpath(SCOPES_FILE)
    with io.TextIOWrapper(table.open("rb"), encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    unknown = {row["scope"] for row in rows} - set(SCOPES)
    if unknown:
        raise ValueError(f"{SCOPES_FILE}: unknown scope(s) {sorted(unknown)}; known: {SCOPES}")
    return tuple((re.compile(rf"\b{row['pattern']}\b"), row["scope"]) for row in rows)


def target_scope(row: pd.Series | dict) -> str:
    """Whose targets a count refers to: `city`, `council`, `party`, or '' when the words
    right after the figure (up to the next comma or stop) do not say."""
    after = str(row["sentence"])[int(row["end"]) - int(row["sentence_start"]) :]
    after = SCOPE_STOP.split(after[:SCOPE_WINDOW_CHARS], maxsplit=1)[0]
    folded = fold(after).lower()
    for pattern, scope in _scope_cues():
        if pattern.search(folded):
            return scope
    return ""
