"""The corrections a brief must not hide: its district's stale corrections, at the top of
the brief, and the figures a researcher's `drop` removed, each with its note.

The report comes from the run (`CorrectionsReport`, read beside the facts snapshot) or
from the notebook's own extraction; `CorrectionsReport.for_district` picks what concerns
the district: a stale correction that names it or one of its articles, and its dropped
figures. A brief with nothing to show here shows nothing.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from IPython.display import HTML
from markupsafe import Markup

from helpers.brief import guard
from helpers.render.html_kit import html_table, in_vietnamese
from helpers.render.labels import ui_text
from helpers.tables.correction_report import CorrectionsReport

STALE_ID = "stale-corrections"
DROPPED_ID = "dropped-figures"


def _stale_part(report: CorrectionsReport, file: str, lang: str) -> Markup:
    rows = [
        (
            str(item.line),
            item.action,
            item.doc_id,
            in_vietnamese(item.figure, lang),
            item.why(lang),
            item.note,
        )
        for item in report.stale
    ]
    headers = [
        (ui_text(key, lang), key == "col_line")
        for key in ("col_line", "col_action", "col_source", "col_figure", "col_reason", "col_note")
    ]
    return Markup('<h2 id="{}" class="stale-warning">{}</h2>\n<p role="alert">{}</p>\n{}\n').format(
        STALE_ID,
        ui_text("stale_title", lang),
        ui_text("stale_intro", lang).format(file=file),
        html_table(headers, rows, "stale-corrections", caption=ui_text("stale_title", lang)),
    )


def _dropped_part(report: CorrectionsReport, file: str, lang: str) -> Markup:
    rows = [
        (
            item.doc_id,
            in_vietnamese(item.figure, lang),
            in_vietnamese(item.sentence, lang),
            item.note,
        )
        for item in report.dropped
    ]
    headers = [
        (ui_text(key, lang), False)
        for key in ("col_source", "col_figure", "col_sentence", "col_note")
    ]
    return Markup('<h2 id="{}">{}</h2>\n<p>{}</p>\n{}\n').format(
        DROPPED_ID,
        ui_text("dropped_title", lang),
        ui_text("dropped_intro", lang).format(file=file),
        html_table(headers, rows, "dropped-figures", caption=ui_text("dropped_title", lang)),
    )


@guard.section
def corrections_notice(
    report: CorrectionsReport, facts: pd.DataFrame, district: str, lang: str
) -> HTML | None:
    """The district's stale corrections and dropped figures (`facts`: the whole facts
    table, whose rows of `district` name its articles), or None when it has none."""
    doc_ids = set(facts.loc[facts["district"] == district, "doc_id"])
    own = report.for_district(district, doc_ids)
    if not own.shows_anything:
        return None
    file = Path(report.path).name
    parts = []
    if own.stale:
        parts.append(_stale_part(own, file, lang))
    if own.dropped:
        parts.append(_dropped_part(own, file, lang))
    return HTML(str(Markup("").join(parts)))
