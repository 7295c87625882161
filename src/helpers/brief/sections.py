"""The district brief's text and table sections.

Each section function renders one part of a `BriefData` (helpers.brief.model) in a
language (`en`/`vi`) and returns an IPython display object (Markdown for prose without
article text, HTML for everything else), or None when the district has no facts.
All text reaching HTML goes through markupsafe, so `<script>` in an article stays text.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from IPython.display import HTML, Markdown
from markupsafe import Markup, escape

from helpers.brief import guard
from helpers.brief.model import (
    ACTUAL,
    SOURCE_REF_PREFIX,
    TARGET,
    TARGETS_EXCEEDED,
    TARGETS_MET,
    BriefData,
)
from helpers.brief.pages import BRIEF_PAGE_SUFFIXES, CONTENTS, INDEX_PAGES, SECTION_IDS, brief_page
from helpers.extract.reference.gazetteer import slugify
from helpers.extract.reference.vocabulary import headline_indicators
from helpers.extract.resolve.confidence import REVIEW as REVIEW_CONFIDENCE
from helpers.render.figures import derivation, target_scope
from helpers.render.html_kit import NO_VALUE, html_table, in_vietnamese, mark_figures, markdown_text
from helpers.render.labels import (
    district_type_label,
    format_date,
    kind_label,
    period_label,
    qualifier_label,
    series_label,
    ui_text,
)
from helpers.render.values import indicator_cell, reading_value
from helpers.tables.periods import FULL_YEAR_PERIOD
from helpers.tables.readings import ESTIMATED_QUALIFIER, KEY_COLUMNS
from helpers.tables.schema import ORIGIN_ADDED, ORIGIN_CORRECTED

MAX_HEADLINE_FIGURES = 4
SOURCE_ROW_ID = "source-{ref}"
WEB_URL_SCHEMES = ("https://", "http://")
CORRECTION_CLASS = "correction"
CORRECTION_MARKS = {ORIGIN_CORRECTED: "corrected_mark", ORIGIN_ADDED: "added_mark"}


def _heading(section: str, title_key: str, lang: str) -> Markup:
    return Markup('<h2 id="{}">{}</h2>\n').format(SECTION_IDS[section], ui_text(title_key, lang))


def _paragraph(text: str) -> Markup:
    return Markup("<p>{}</p>\n").format(text)


def _source_links(brief: BriefData, doc_ids: str, lang: str) -> Markup:
    links = []
    cited = sorted((brief.source(doc_id) for doc_id in doc_ids.split(";")), key=_ref_number)
    for source in cited:
        links.append(
            Markup('<a href="#{}" title="{}">{}</a>').format(
                SOURCE_ROW_ID.format(ref=source["ref"]),
                _outlet_and_date(source, lang),
                source["ref"],
            )
        )
    return Markup(", ").join(links)


def _ref_number(source: pd.Series) -> int:
    return int(source["ref"].removeprefix(SOURCE_REF_PREFIX))


def _outlet_and_date(source: pd.Series, lang: str) -> str:
    date = format_date(source["published"], lang)
    return f"{source['outlet']}, {date}" if source["outlet"] else date


def _source_label(brief: BriefData, doc_id: str, lang: str) -> str:
    source = brief.source(doc_id)
    return f"{source['ref']}, {_outlet_and_date(source, lang)}"


def correction_mark(row: pd.Series, lang: str) -> Markup:
    """For a figure a researcher corrected or added: a line saying so, with the note."""
    mark = CORRECTION_MARKS.get(row["origin"])
    if mark is None:
        return Markup("")
    return Markup('<br><small class="{}">✎ {}: {}</small>').format(
        CORRECTION_CLASS, ui_text(mark, lang), row["correction_note"]
    )


def _evidence_link(brief: BriefData, row: pd.Series, lang: str) -> Markup:
    """The value, linked to the figure in its sentence (the evidence table)."""
    return Markup('<a class="evidence-link" href="#{}" title="{}">{}</a>').format(
        brief.fact_id(row), ui_text("evidence_link_title", lang), reading_value(row, lang)
    )


def _value_cell(brief: BriefData, row: pd.Series, lang: str) -> Markup:
    value = _evidence_link(brief, row, lang)
    if row["conflict"]:
        value = Markup('{} <a class="conflict-link" href="#{}" aria-label="{}">†</a>').format(
            value, SECTION_IDS["conflicts"], ui_text("see_conflicts", lang)
        )
    return value + correction_mark(row, lang)


def _span_in_sentence(row: pd.Series, anchor: str = "") -> tuple[int, int, str]:
    offset = int(row["sentence_start"])
    return (int(row["start"]) - offset, int(row["end"]) - offset, anchor)


def _highlighted(brief: BriefData, doc_id: str, sentence: str) -> Markup:
    """`sentence` of article `doc_id` with the district's figures in it highlighted, each
    carrying its evidence anchor."""
    rows = brief.facts_in_sentence(doc_id, sentence)
    return mark_figures(
        sentence, [_span_in_sentence(row, brief.fact_id(row)) for _, row in rows.iterrows()]
    )


# ---- sections --------------------------------------------------------------------------


def _years_covered(years: pd.Series) -> str:
    if years.empty:
        return NO_VALUE
    first, last = int(years.min()), int(years.max())
    return str(first) if first == last else f"{first}–{last}"


@guard.section
def header(brief: BriefData, lang: str) -> Markdown:
    """Name with diacritics and type, years covered, sources, figures, and the date of the
    district's latest source; for a district without facts, a sentence saying so."""
    type_label = district_type_label(brief.district_type, lang)
    if lang == "vi":
        title = f"# {markdown_text(type_label.capitalize())} {markdown_text(brief.district)}"
    else:
        native = district_type_label(brief.district_type, "vi")
        title = f"# {markdown_text(brief.district)} — {native} ({type_label})"
    items = [
        (ui_text("years_covered", lang), _years_covered(brief.facts["year"])),
        (ui_text("sources_count", lang), str(len(brief.sources))),
        (ui_text("figures_count", lang), str(len(brief.facts))),
        (ui_text("latest_source", lang), format_date(brief.latest_source_date, lang)),
    ]
    parts = [title, " · ".join(f"**{name}:** {markdown_text(value)}" for name, value in items)]
    if brief.empty:
        message = ui_text("no_facts", lang).format(
            district=brief.district, n_articles=brief.n_articles
        )
        parts.append(markdown_text(message))
    return Markdown("\n\n".join(parts))


def _latest_result_year(readings: pd.DataFrame) -> int:
    actual = readings[readings["kind"] == ACTUAL]
    return int((actual if not actual.empty else readings)["year"].max())


def _targets_line(of_year: pd.DataFrame, year: int, lang: str) -> str:
    met = of_year[of_year["indicator"] == TARGETS_MET]
    if met.empty:
        return markdown_text(ui_text("no_targets_met", lang).format(year=year))
    counts = " · ".join(_with_scope(row, lang) for _, row in met.iterrows())
    line = ui_text("targets_met", lang).format(met=counts, year=year)
    exceeded = of_year[of_year["indicator"] == TARGETS_EXCEEDED]
    if not exceeded.empty:
        count = markdown_text(reading_value(exceeded.iloc[0], lang))
        line += ui_text("of_which_exceeded", lang).format(exceeded=count)
    return line + "."


def _with_scope(row: pd.Series, lang: str) -> str:
    """A count of targets, bold, with whose targets they are (`**12/12** (assigned by the
    city)`), as Markdown."""
    value = f"**{markdown_text(reading_value(row, lang))}**"
    scope = target_scope(row)
    return f"{value} ({markdown_text(ui_text('scope_' + scope, lang))})" if scope else value


def _headline_figures(
    of_year: pd.DataFrame, lang: str, to_review: frozenset[tuple[str, int, int]]
) -> list[str]:
    """A line per headline indicator: its full-year reading if any, one the extractor did
    not doubt before one it did (marked `to review`)."""
    figures = []
    for indicator in headline_indicators():
        rows = of_year[of_year["indicator"] == indicator]
        if rows.empty:
            continue
        full_year = rows[rows["period"] == FULL_YEAR_PERIOD]
        candidates = full_year if not full_year.empty else rows
        row = next(
            (row for _, row in candidates.iterrows() if not _doubted(row, to_review)),
            candidates.iloc[0],
        )
        when = str(row["year"])
        if row["period"] != FULL_YEAR_PERIOD:
            when = f"{period_label(row['period'], lang)} {when}"
        text = ui_text("headline_figure", lang).format(
            value=markdown_text(reading_value(row, lang)),
            label=markdown_text(series_label(indicator, row["basis"], lang)),
            year=markdown_text(when),
        )
        if row["conflict"]:
            text += f" — *{markdown_text(ui_text('see_conflicts', lang))}*"
        if _doubted(row, to_review):
            text += f" — *{markdown_text(ui_text('to_review_mark', lang))}*"
        figures.append(f"- {text}")
        if len(figures) == MAX_HEADLINE_FIGURES:
            break
    return figures


@guard.section
def headline(brief: BriefData, lang: str) -> Markdown | None:
    """Targets met in the latest year with results (e.g. 21/21, of which 6 exceeded) and a
    few telling figures of that year."""
    if brief.empty:
        return None
    year = _latest_result_year(brief.readings)
    readings = brief.readings
    of_year = readings[(readings["year"] == year) & (readings["kind"] == ACTUAL)]
    lines = [f"## {ui_text('headline_title', lang)}", _targets_line(of_year, year, lang)]
    figures = _headline_figures(of_year, lang, _to_review(brief))
    if figures:
        lines.append("\n".join(figures))
    return Markdown("\n\n".join(lines))


_Column = tuple[str, bool, Callable[[pd.Series], str]]


def _readings_table(
    brief: BriefData,
    readings: pd.DataFrame,
    lang: str,
    middle: list[_Column],
    css_class: str,
    anchored: bool = False,
    caption: str = "",
) -> Markup:
    """Readings as a table: indicator, year, period, value (linked to its evidence), the
    `middle` columns (UI text key, numeric, cell), then sources. `anchored` rows carry the
    reading's id, the target of the evidence table's back links."""
    headers = [
        (ui_text("col_indicator", lang), False),
        (ui_text("col_year", lang), True),
        (ui_text("col_period", lang), False),
        (ui_text("col_value", lang), True),
        *[(ui_text(key, lang), numeric) for key, numeric, _ in middle],
        (ui_text("col_sources", lang), False),
    ]
    rows = [
        [
            indicator_cell(row["indicator"], lang, row["basis"]),
            str(row["year"]),
            period_label(row["period"], lang),
            _value_cell(brief, row, lang),
            *[cell(row) for _, _, cell in middle],
            _source_links(brief, row["doc_ids"], lang),
        ]
        for _, row in readings.iterrows()
    ]
    row_ids = [brief.reading_id(row) or "" for _, row in readings.iterrows()] if anchored else None
    return html_table(headers, rows, css_class, row_ids, caption)


def _to_review(brief: BriefData) -> frozenset[tuple[str, int, int]]:
    """The figures (doc_id, start, end) the extractor rated `confidence=review`."""
    if "confidence" not in brief.facts.columns:
        return frozenset()
    rated = brief.facts[brief.facts["confidence"] == REVIEW_CONFIDENCE]
    return frozenset(zip(rated["doc_id"], rated["start"], rated["end"], strict=True))


def _doubted(row: pd.Series, to_review: frozenset[tuple[str, int, int]]) -> bool:
    """Whether the extractor rated the reading's figure `confidence=review`."""
    return (row["doc_id"], row["start"], row["end"]) in to_review


def _qualifiers_cell(row: pd.Series, lang: str, to_review: frozenset[tuple[str, int, int]]) -> str:
    """The reading's qualifiers, and `to review` when the extractor doubted the figure."""
    words = [qualifier_label(row["qualifier"], lang)]
    if _doubted(row, to_review):
        words.append(ui_text("to_review_mark", lang))
    return ", ".join(word for word in words if word)


@guard.section
def key_indicators(brief: BriefData, lang: str) -> HTML | None:
    """One row per indicator, year, period and kind: value, qualifiers, sources."""
    if brief.empty:
        return None
    to_review = _to_review(brief)
    middle: list[_Column] = [
        ("col_kind", False, lambda row: kind_label(row["kind"], lang)),
        ("col_qualifiers", False, lambda row: _qualifiers_cell(row, lang, to_review)),
    ]
    table = _readings_table(
        brief,
        brief.readings,
        lang,
        middle,
        "brief-key-indicators",
        anchored=True,
        caption=ui_text("key_indicators_title", lang),
    )
    return HTML(str(_heading("key_indicators", "key_indicators_title", lang) + table))


def _reported_result(results: pd.DataFrame, row: pd.Series, lang: str) -> str:
    same = results[
        (results["indicator"] == row["indicator"])
        & (results["year"] == row["year"])
        & (results["period"] == row["period"])
    ]
    return " · ".join(reading_value(r, lang) for _, r in same.iterrows()) or NO_VALUE


@guard.section
def targets(brief: BriefData, lang: str) -> HTML | None:
    """The targets the district set, with the result where one is reported."""
    if brief.empty:
        return None
    heading = _heading("targets", "targets_title", lang)
    goals = brief.readings[brief.readings["kind"] == TARGET]
    if goals.empty:
        message = ui_text("no_targets", lang).format(district=brief.district)
        return HTML(str(heading + _paragraph(message)))
    results = brief.readings[brief.readings["kind"] == ACTUAL]
    to_review = _to_review(brief)
    middle: list[_Column] = [
        ("col_qualifiers", False, lambda row: _qualifiers_cell(row, lang, to_review)),
        ("col_result", True, lambda row: _reported_result(results, row, lang)),
    ]
    table = _readings_table(
        brief, goals, lang, middle, "brief-targets", caption=ui_text("targets_title", lang)
    )
    return HTML(str(heading + table))


def _key_title(row: pd.Series, lang: str) -> str:
    parts = [
        series_label(row["indicator"], row["basis"], lang),
        str(row["year"]),
        period_label(row["period"], lang),
        kind_label(row["kind"], lang),
    ]
    return " · ".join(parts)


def _conflict_block(brief: BriefData, group: pd.DataFrame, lang: str) -> Markup:
    headers = [
        (ui_text("col_value", lang), True),
        (ui_text("col_qualifiers", lang), False),
        (ui_text("col_source", lang), False),
        (ui_text("col_published", lang), False),
        (ui_text("col_sentence", lang), False),
        (ui_text("col_used", lang), False),
    ]
    rows = [
        [
            _evidence_link(brief, row, lang),
            qualifier_label(row["qualifier"], lang),
            _source_links(brief, row["doc_id"], lang),
            format_date(row["published"], lang),
            in_vietnamese(mark_figures(row["sentence"], [_span_in_sentence(row)]), lang),
            ui_text("used_mark" if row["used"] else "not_used_mark", lang),
        ]
        for _, row in group.iterrows()
    ]
    first = group.iloc[0]
    chosen = group[(group["doc_id"] == first["chosen_doc_id"]) & group["used"]]
    verdict = ui_text("conflict_uses", lang).format(
        value=" · ".join(reading_value(row, lang) for _, row in chosen.iterrows()),
        source=_source_label(brief, first["chosen_doc_id"], lang),
        reason=ui_text(f"reason_{first['reason']}", lang),
    )
    return (
        Markup("<h3>{}</h3>\n").format(_key_title(first, lang))
        + html_table(headers, rows, "brief-conflict", caption=_key_title(first, lang))
        + _paragraph(verdict)
    )


def _caveats(brief: BriefData, lang: str) -> list[Markup]:
    notes = []
    per_source = brief.readings.groupby([*KEY_COLUMNS, "doc_id"], sort=False)
    for _, group in per_source:
        if len(group) > 1:
            first = group.iloc[0]
            note = ui_text("breakdown_note", lang).format(
                label=series_label(first["indicator"], first["basis"], lang),
                year=first["year"],
                source=_source_label(brief, first["doc_id"], lang),
                values=" · ".join(reading_value(row, lang) for _, row in group.iterrows()),
            )
            notes.append(_paragraph(note))
    estimated = brief.readings["qualifier"].map(
        lambda qualifier: ESTIMATED_QUALIFIER in qualifier.split(";")
    )
    if estimated.any():
        notes.append(_paragraph(ui_text("caveat_estimates", lang).format(n=int(estimated.sum()))))
    if brief.n_other:
        notes.append(_paragraph(ui_text("caveat_other", lang).format(n=brief.n_other)))
    return notes


@guard.section
def conflicts_and_caveats(brief: BriefData, lang: str) -> HTML | None:
    """Each conflict with every source's value and date and which value the brief uses
    and why; then caveats (breakdowns within one article, estimates used)."""
    if brief.empty:
        return None
    parts = [_heading("conflicts", "conflicts_title", lang)]
    if brief.conflicts.empty:
        parts.append(_paragraph(ui_text("no_conflicts", lang).format(district=brief.district)))
    for _, group in brief.conflicts.groupby(KEY_COLUMNS, sort=False):
        parts.append(_conflict_block(brief, group, lang))
    parts.extend(_caveats(brief, lang))
    return HTML(str(Markup("").join(parts)))


def _figures_cell(brief: BriefData, rows: pd.DataFrame, lang: str) -> Markup:
    """Each figure of a sentence: value, indicator and year, how the value was read from
    the text when it is not written as such, and a link back to the row using it."""
    items = []
    for _, row in rows.iterrows():
        text = (
            f"{reading_value(row, lang)}: {series_label(row['indicator'], row['basis'], lang)}, "
            f"{row['year']}"
        )
        if row["kind"] == TARGET:
            text += f" ({kind_label(TARGET, lang)})"
        item = escape(text) + correction_mark(row, lang)
        explained = derivation(row, lang)
        if explained:
            item += Markup('<br><small class="derivation">{}</small>').format(explained)
        used_in = brief.reading_id(row)
        back = f"#{used_in}" if used_in else f"#{SECTION_IDS['conflicts']}"
        item += Markup(' <a class="back-link" href="{}" aria-label="{}">↩</a>').format(
            back, ui_text("back_link_title", lang)
        )
        items.append(item)
    return Markup("<br>").join(items)


@guard.section
def evidence(brief: BriefData, lang: str) -> HTML | None:
    """Every figure in the sentence it was taken from, highlighted, with its source."""
    if brief.empty:
        return None
    headers = [
        (ui_text("col_source", lang), False),
        (ui_text("col_sentence", lang), False),
        (ui_text("col_figures", lang), False),
    ]
    rows = []
    for _, source in brief.sources.iterrows():
        own = brief.facts[brief.facts["doc_id"] == source["doc_id"]].sort_values(
            ["start", "end"], kind="stable"
        )
        for sentence in own["sentence"].drop_duplicates():
            in_sentence = brief.facts_in_sentence(source["doc_id"], sentence).sort_values(
                ["start", "end"], kind="stable"
            )
            rows.append(
                [
                    _source_links(brief, source["doc_id"], lang),
                    in_vietnamese(_highlighted(brief, source["doc_id"], sentence), lang),
                    _figures_cell(brief, in_sentence, lang),
                ]
            )
    heading = _heading("evidence", "evidence_title", lang)
    intro = _paragraph(ui_text("evidence_intro", lang))
    table = html_table(headers, rows, "brief-evidence", caption=ui_text("evidence_title", lang))
    return HTML(str(heading + intro + table))


def _linked_title(source: pd.Series, lang: str) -> Markup:
    """The article's title (Vietnamese), linked to its web page when the corpus gives its
    URL."""
    url = str(source.get("url", ""))
    if not url.startswith(WEB_URL_SCHEMES):
        return in_vietnamese(source["title"], lang)
    return Markup('<a href="{}" rel="noopener noreferrer">{}</a>').format(
        url, in_vietnamese(source["title"], lang)
    )


@guard.section
def sources(brief: BriefData, lang: str) -> HTML | None:
    """The cited articles: reference, title, outlet, date, author, file."""
    if brief.empty:
        return None
    headers = [
        (ui_text(key, lang), False)
        for key in ("col_ref", "col_title", "col_outlet", "col_date", "col_author", "col_file")
    ]
    rows = [
        [
            source["ref"],
            _linked_title(source, lang),
            source["outlet"] or ui_text("unknown", lang),
            format_date(source["published"], lang),
            source["author"] or ui_text("unknown", lang),
            source["file"],
        ]
        for _, source in brief.sources.iterrows()
    ]
    row_ids = [SOURCE_ROW_ID.format(ref=ref) for ref in brief.sources["ref"]]
    heading = _heading("sources", "sources_title", lang)
    table = html_table(
        headers, rows, "brief-sources", row_ids, caption=ui_text("sources_title", lang)
    )
    return HTML(str(heading + table))


@guard.section
def contents(brief: BriefData, lang: str) -> HTML | None:
    """Navigation: back to the index of all districts, the same brief in the other
    language, and a table of contents of the sections below."""
    if brief.empty:
        return None
    other = next(code for code in BRIEF_PAGE_SUFFIXES if code != lang)
    links = Markup(
        '<p class="brief-nav"><a href="{}">{}</a> · '
        '<a href="{}" lang="{}" hreflang="{}">{}</a></p>\n'
    ).format(
        INDEX_PAGES[lang],
        ui_text("back_to_index", lang),
        brief_page(slugify(brief.district), other),
        other,
        other,
        ui_text("other_language", lang),
    )
    items = Markup("").join(
        Markup('<li><a href="#{}">{}</a></li>').format(SECTION_IDS[section], ui_text(key, lang))
        for section, key in CONTENTS
    )
    toc = Markup(
        '<nav class="brief-contents" aria-label="{}"><strong>{}</strong><ol>{}</ol></nav>\n'
    )
    return HTML(
        str(
            links
            + toc.format(ui_text("contents_title", lang), ui_text("contents_title", lang), items)
        )
    )
