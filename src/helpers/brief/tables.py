"""The district brief's text and table sections, built from the facts and articles tables.

`build_brief_data` gathers what one brief shows; each section function renders one part
of it in a language (`en`/`vi`) and returns an IPython display object (Markdown for prose
without article text, HTML for everything else), or None when the district has no facts.
All text reaching HTML goes through markupsafe, so `<script>` in an article stays text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Protocol

import pandas as pd
from IPython.display import HTML, Markdown
from markupsafe import Markup, escape

from helpers.brief import guard
from helpers.extract.confidence import REVIEW as REVIEW_CONFIDENCE
from helpers.extract.gazetteer import slugify
from helpers.extract.vocabulary import OTHER_INDICATOR, load_indicators
from helpers.render.figures import derivation, target_scope
from helpers.render.labels import (
    FULL_YEAR_PERIOD,
    check_language,
    district_type_label,
    format_date,
    format_value,
    indicator_label,
    kind_label,
    period_label,
    qualifier_label,
    series_label,
    ui_text,
)
from helpers.tables.readings import (
    ESTIMATED_QUALIFIER,
    KEY_COLUMNS,
    resolve,
    sort_by_key,
    with_correction_columns,
)
from helpers.tables.schema import ORIGIN_ADDED, ORIGIN_CORRECTED

ACTUAL = "actual"
TARGET = "target"
TARGETS_MET = "targets_met"
TARGETS_EXCEEDED = "targets_exceeded"
# Figures worth a line in the headline, most telling first.
HEADLINE_INDICATORS = (
    "budget_revenue_pct_plan",
    "production_value_growth_pct",
    "production_value_vnd_bn",
    "budget_revenue_vnd_bn",
    "public_investment_pct_city_plan",
    "public_investment_pct_plan",
    "admin_reform_rank",
    "trade_services_revenue_growth_pct",
    "industrial_output_growth_pct",
    "new_enterprises",
)
MAX_HEADLINE_FIGURES = 4
SIGNED_BASES = frozenset({"yoy"})
SOURCE_REF_PREFIX = "S"
SECTION_IDS = {
    "key_indicators": "brief-key-indicators",
    "plan": "brief-plan",
    "growth": "brief-growth",
    "comparison": "brief-comparison",
    "years": "brief-years",
    "targets": "brief-targets",
    "conflicts": "brief-conflicts",
    "evidence": "brief-evidence",
    "sources": "brief-sources",
}
# The sections a table of contents lists, in page order (charts and years included).
CONTENTS = (
    ("key_indicators", "key_indicators_title"),
    ("plan", "plan_title"),
    ("growth", "growth_title"),
    ("comparison", "comparison_title"),
    ("years", "years_title"),
    ("targets", "targets_title"),
    ("conflicts", "conflicts_title"),
    ("evidence", "evidence_title"),
    ("sources", "sources_title"),
)
SOURCE_ROW_ID = "source-{ref}"
FACT_ID = "f{n}"  # a figure in the evidence table
READING_ID = "r{n}"  # a row of the key indicators table
INDEX_PAGES = {"en": "index.html", "vi": "index.vi.html"}
BRIEF_PAGE_SUFFIXES = {"en": ".html", "vi": ".vi.html"}
WEB_URL_SCHEMES = ("https://", "http://")
NUMERIC_CLASS = "num"
NO_VALUE = "—"
MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]|])")
CORRECTION_CLASS = "correction"
CORRECTION_MARKS = {ORIGIN_CORRECTED: "corrected_mark", ORIGIN_ADDED: "added_mark"}


class DistrictLike(Protocol):
    """What a brief needs of a district (helpers.extract.gazetteer.District has it)."""

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


# ---- rendering helpers (also used by helpers.brief.overview and helpers.brief.charts) ----


def markdown_text(text: object) -> str:
    """Text safe inside Markdown: HTML-escaped, Markdown punctuation backslash-escaped."""
    return MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(str(text), quote=False))


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


# ---- figures in their sentences ---------------------------------------------------------


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


def _span_in_sentence(row: pd.Series, anchor: str = "") -> tuple[int, int, str]:
    offset = int(row["sentence_start"])
    return (int(row["start"]) - offset, int(row["end"]) - offset, anchor)


def in_vietnamese(text: Markup | str, lang: str) -> Markup:
    """Article text (Vietnamese) on a page in `lang`: marked `lang="vi"` on an English
    page, so a screen reader reads it with a Vietnamese voice."""
    if lang == "vi":
        return escape(text)
    return Markup('<span lang="vi">{}</span>').format(text)


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


def _headline_figures(of_year: pd.DataFrame, lang: str) -> list[str]:
    figures = []
    for indicator in HEADLINE_INDICATORS:
        rows = of_year[of_year["indicator"] == indicator]
        if rows.empty:
            continue
        full_year = rows[rows["period"] == FULL_YEAR_PERIOD]
        row = (full_year if not full_year.empty else rows).iloc[0]
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
    figures = _headline_figures(of_year, lang)
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


def _qualifiers_cell(row: pd.Series, lang: str, to_review: frozenset[tuple[str, int, int]]) -> str:
    """The reading's qualifiers, and `to review` when the extractor doubted the figure."""
    words = [qualifier_label(row["qualifier"], lang)]
    if (row["doc_id"], row["start"], row["end"]) in to_review:
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


def brief_page(slug: str, lang: str) -> str:
    """The file name of a district's brief in `lang` (`tay-ho.html`, `tay-ho.vi.html`)."""
    return f"{slug}{BRIEF_PAGE_SUFFIXES[check_language(lang)]}"


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
