"""The review notebook's output: a summary, and each figure worth a look with its sentence
(figure highlighted, article text escaped) and a correction row ready to paste into the
corrections file (see helpers.tables.corrections)."""

from __future__ import annotations

import csv
import io

import pandas as pd
from IPython.display import HTML, Markdown
from markupsafe import Markup

from helpers.render.html_kit import html_table, mark_figures, markdown_text
from helpers.render.labels import format_value, indicator_label, period_label
from helpers.review.candidates import REASON_FIELDS, REASON_TEXT, REASONS_COLUMN, reason_counts
from helpers.tables.corrections import CORRECTION_COLUMNS, DEFAULT_CORRECTIONS_NAME, FIX

LANG = "en"
REVIEW_TABLE_CLASS = "review-facts"


def _csv_line(cells: list[object]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(cells)
    return buffer.getvalue()


def corrections_header() -> str:
    """The header line of a corrections file."""
    return _csv_line(list(CORRECTION_COLUMNS))


OTHER_KIND = {"actual": "target", "target": "actual"}


def _in_doubt(fact: pd.Series) -> tuple[str, str]:
    """The field the strongest reason doubts, and the value to start from: the other kind
    for a kind, else the current value (to edit)."""
    reasons = list(fact.get(REASONS_COLUMN, []) or [])
    field = REASON_FIELDS[reasons[0]] if reasons else "value"
    if field == "kind":
        return field, OTHER_KIND[str(fact["kind"])]
    if field == "value":
        return field, f"{fact['value']:g}"
    return field, str(fact[field])


def correction_row(fact: pd.Series) -> str:
    """A `fix` row for `fact` that changes only the field in doubt (pre-filled with the
    other kind, or the current value to edit): pasted as it is, it pins nothing else.
    Edit it (or make the action `drop` and clear it), write a note, paste it into the
    corrections file."""
    field, value = _in_doubt(fact)
    values = {
        "action": FIX,
        "doc_id": fact["doc_id"],
        "figure": fact["figure"],
        "sentence": fact["sentence"],
        field: value,
    }
    return _csv_line([values.get(column, "") for column in CORRECTION_COLUMNS])


def highlighted_sentence(fact: pd.Series) -> Markup:
    """The fact's sentence, escaped, with its figure in <mark>."""
    offset = fact["start"] - fact["sentence_start"]
    return mark_figures(fact["sentence"], [(offset, offset + len(fact["figure"]), "")])


def _reading(fact: pd.Series) -> str:
    total = None if pd.isna(fact["total"]) else float(fact["total"])
    value = format_value(float(fact["value"]), total, fact["unit"], LANG)
    when = f"{fact['year']} {period_label(fact['period'], LANG)}"
    return f"{value}: {indicator_label(fact['indicator'], LANG)}, {when}, {fact['kind']}"


def summary(candidates: pd.DataFrame, district: str) -> Markdown:
    """How many figures are worth a look, by reason."""
    lines = [
        f"## {markdown_text(district)}: {len(candidates)} figures worth a look, "
        "the most doubtful first"
    ]
    for reason, count in reason_counts(candidates).items():
        lines.append(f"- {count} — {markdown_text(REASON_TEXT[reason])}")
    return Markdown("\n".join(lines))


def candidates_table(candidates: pd.DataFrame) -> HTML:
    """One row per figure: why, what the rules read, the sentence, the correction row."""
    headers = [
        ("#", True),
        ("Why", False),
        ("Read as", False),
        ("Sentence (article)", False),
        ("Correction row", False),
    ]
    rows = [
        [
            str(number),
            Markup("<br>").join(REASON_TEXT[reason] for reason in fact[REASONS_COLUMN]),
            _reading(fact),
            highlighted_sentence(fact) + Markup("<br><small>{}</small>").format(fact["doc_id"]),
            Markup("<code>{}</code>").format(correction_row(fact)),
        ]
        for number, (_, fact) in enumerate(candidates.iterrows(), start=1)
    ]
    return HTML(str(html_table(headers, rows, REVIEW_TABLE_CLASS)))


def how_to_correct() -> Markdown:
    """Where correction rows go and what to edit in them."""
    return Markdown(
        "\n".join(
            [
                "## Correcting a figure",
                f"Paste rows into `{DEFAULT_CORRECTIONS_NAME}` beside the corpus folder "
                "(or the file given with `--corrections`), under this header:",
                "",
                f"    {corrections_header()}",
                "",
                "Change the values that are wrong, or set the action to `drop` and clear "
                "the values; write a `note` (shown in the briefs), `by` and `date`. The "
                "next run applies it; see the README, *Fix a figure*.",
            ]
        )
    )


def misses_table(misses: pd.DataFrame) -> HTML:
    """The sentences that state a figure but gave no fact: possible misses, to `add`."""
    heading = Markup("<h2>Possible misses: {} sentences with a figure and no fact</h2>").format(
        len(misses)
    )
    headers = [("Article", False), ("Figures", False), ("Sentence", False)]
    rows = [
        [row["doc_id"], ", ".join(row["figures"]), Markup('<span lang="vi">{}</span>').format(
            row["sentence"]
        )]
        for _, row in misses.iterrows()
    ]  # fmt: skip
    return HTML(str(heading + html_table(headers, rows, REVIEW_TABLE_CLASS)))
