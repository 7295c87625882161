"""The HTML kit of the brief, the index and the review notebook: escaped Markdown text,
tables, figures marked in their sentence, and article text marked as Vietnamese.

Every string reaching HTML goes through markupsafe, so `<script>` in an article stays text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from markupsafe import Markup, escape

NUMERIC_CLASS = "num"
NO_VALUE = "—"
MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]|])")


def markdown_text(text: object) -> str:
    """Text safe inside Markdown: HTML-escaped, Markdown punctuation backslash-escaped."""
    return MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(str(text), quote=False))


def html_table(
    headers: Sequence[tuple[str, bool]],
    rows: Sequence[Sequence[object]],
    css_class: str,
    row_ids: Sequence[str] | None = None,
    caption: str = "",
) -> Markup:
    """An HTML table. `headers` are (text, numeric) pairs; numeric columns get class
    `num`; the first cell of a row is its row header. Each cell carries its column's name
    (`data-label`, shown beside it when a narrow screen stacks the row into a card).
    Cells are escaped unless they are Markup. With a `caption` the table is named by it,
    and, as it may scroll sideways, is a keyboard stop."""
    head = Markup("").join(
        Markup('<th scope="col" class="{}">{}</th>').format(NUMERIC_CLASS, text)
        if numeric
        else Markup('<th scope="col">{}</th>').format(text)
        for text, numeric in headers
    )
    labels = [Markup(str(text)).striptags() for text, _ in headers]
    body = []
    for index, cells in enumerate(rows):
        tds = Markup("").join(
            Markup('<{} data-label="{}"{}{}>{}</{}>').format(
                tag,
                label,
                Markup(' scope="row"') if tag == "th" else "",
                Markup(' class="{}"').format(NUMERIC_CLASS) if numeric else "",
                cell,
                tag,
            )
            for position, (cell, label, (_, numeric)) in enumerate(
                zip(cells, labels, headers, strict=True)
            )
            for tag in ("th" if position == 0 else "td",)
        )
        row_id = Markup(' id="{}"').format(row_ids[index]) if row_ids and row_ids[index] else ""
        body.append(Markup("<tr{}>{}</tr>").format(row_id, tds))
    opening = Markup('<table class="{}">').format(css_class)
    if caption:
        opening = Markup('<table class="{}" tabindex="0">\n<caption>{}</caption>').format(
            css_class, caption
        )
    return Markup("{}\n<thead><tr>{}</tr></thead>\n<tbody>\n{}\n</tbody>\n</table>").format(
        opening, head, Markup("\n").join(body)
    )


def mark_figures(sentence: str, spans: Sequence[tuple[int, int, str]]) -> Markup:
    """The escaped sentence with each span (offsets in the sentence, anchor id or '')
    wrapped in <mark>; spans outside the sentence or overlapping an earlier one are left
    unmarked, and further ids of a span already marked become empty anchors."""
    pieces: list[Markup] = []
    cursor = 0
    marked: dict[tuple[int, int], list[str]] = {}
    for start, end, anchor in sorted(spans):
        marked.setdefault((start, end), []).append(anchor)
    for (start, end), anchors in sorted(marked.items()):
        if start < cursor or start < 0 or end > len(sentence):
            continue
        first, *more = [anchor for anchor in anchors if anchor] or [""]
        pieces.append(escape(sentence[cursor:start]))
        pieces.extend(Markup('<span id="{}"></span>').format(anchor) for anchor in more)
        mark = Markup('<mark id="{}">{}</mark>') if first else Markup("<mark>{}</mark>")
        pieces.append(mark.format(*([first] if first else []), sentence[start:end]))
        cursor = end
    pieces.append(escape(sentence[cursor:]))
    return Markup("").join(pieces)


def in_vietnamese(text: Markup | str, lang: str) -> Markup:
    """Article text (Vietnamese) on a page in `lang`: marked `lang="vi"` on an English
    page, so a screen reader reads it with a Vietnamese voice."""
    if lang == "vi":
        return escape(text)
    return Markup('<span lang="vi">{}</span>').format(text)
