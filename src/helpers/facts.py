"""Facts from one article: every district figure with indicator, year, period, kind and provenance.

Rules follow `spec/FACTS.md`: a figure belongs to the subject named nearest before it
(a district, the district in context, or the city — whose figures are dropped); its year
and period come from the sentence, then the paragraph, earlier paragraphs, the title and
the publication date; it is a target when a target cue precedes it or its year lies after
the article's reference year; a figure repeated in one article is one fact.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from helpers.attribution import CITY, Subject, sentence_subjects, subject_before
from helpers.cleaning import clean_article
from helpers.gazetteer import District, find_mentions
from helpers.indicators import cue_text, match_indicator, read_figure
from helpers.metadata import ArticleMetadata, extract_metadata, find_title
from helpers.numbers import Quantity, scan_quantities
from helpers.reading import Article
from helpers.sentences import Sentence, split_sentences
from helpers.textnorm import fold
from helpers.timeframe import FULL_YEAR, TimeMention, find_time_mentions
from helpers.vocabulary import OTHER_INDICATOR, UNITS, UNITS_WITH_TOTAL, unit_of

FACT_COLUMNS = (
    "doc_id", "district", "year", "period", "indicator", "kind", "value", "total", "unit",
    "qualifier", "sentence", "start", "end",
)
QUALIFIER_ORDER = ("estimated", "approx", "at_least")

_TARGET_CUE_RE = re.compile(
    r"\b(?:phan dau|de ra|dat ra|muc tieu|chi tieu (?:nam|ke hoach)(?: \w+)? 20\d\d|"
    r"ke hoach nam (?:20\d\d|sau|toi)|nam (?:sau|toi)|huong toi|quyet tam|no luc|phai dat|"
    r"can dat|giao chi tieu|chi tieu phan dau|du kien giao|se dat|se tang)\b"
)
_PAST_MARKER_RE = re.compile(r"\bđã\b", re.IGNORECASE)
_ESTIMATE_RE = re.compile(r"\b(?:uoc|du kien|du bao|uoc tinh)\b")
_APPROX_RE = re.compile(r" (?:gan|khoang|hon|tren|xap xi|chung|vao khoang|gan nhu)$")
_AT_LEAST_BEFORE_RE = re.compile(r" (?:it nhat|toi thieu)(?: la)?$")
_AT_LEAST_AFTER_RE = re.compile(r"^ (?:tro len|tro len nua)\b")
_CLAUSE_BREAK_RE = re.compile(r"[,;:(]")
_TOPIC_POSITION_CHARS = 40


@dataclass(frozen=True)
class Fact:
    """One row of the facts table (see FACT_COLUMNS)."""

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
    start: int
    end: int
    in_title: bool = False


@dataclass(frozen=True)
class ArticleFacts:
    """What one article yields: metadata, the districts it is about, and its facts."""

    doc_id: str
    file: str
    metadata: ArticleMetadata
    districts: tuple[District, ...]
    facts: tuple[Fact, ...]


@dataclass
class _Context:
    """State carried through an article: the districts it is about, and the subject and
    time of the current paragraph and of the text before it."""

    districts: tuple[District, ...]
    paragraph: int = -1
    subject: District | str | None = None
    paragraph_time: TimeMention | None = None
    article_time: TimeMention | None = None


def _article_subject(title: str, sentences: list[Sentence]) -> tuple[District, ...]:
    """The districts an article is about: those in its title; none when the title is about
    the city; else the districts mentioned most often."""
    title_subjects = sentence_subjects(title, fold(title))
    in_title = list(dict.fromkeys(s.district for s in title_subjects
                                  if isinstance(s.district, District)))
    if in_title:
        return tuple(in_title)
    if any(s.district == CITY for s in title_subjects):
        return ()
    counts = Counter(m.district for s in sentences for m in find_mentions(s.text))
    if not counts:
        return ()
    top = max(counts.values())
    return tuple(d for d, n in counts.items() if n == top)


def _reference_year(metadata: ArticleMetadata) -> int | None:
    return int(metadata.published[:4]) if metadata.published else None


def _resolve_time(
    candidates: list[TimeMention | None], reference_year: int | None
) -> tuple[int | None, str]:
    """Year and period from time mentions, most specific first; a period-only mention
    takes its year from the next mention that has one."""
    period: str | None = None
    for mention in candidates:
        if mention is None:
            continue
        period = period or mention.period
        if mention.year is not None:
            return mention.year, period or FULL_YEAR
        if mention.relative is not None and reference_year is not None:
            return reference_year + mention.relative, period or FULL_YEAR
    return reference_year, period or FULL_YEAR


def _qualifiers(clause: str, left: str, right: str) -> str:
    found = set()
    if _ESTIMATE_RE.search(clause):
        found.add("estimated")
    bare_left = re.sub(r"(?: (?:uoc dat|uoc tinh|uoc|dat|la|dat duoc|dat muc|o muc))+$", "", left)
    if _APPROX_RE.search(left) or _APPROX_RE.search(bare_left):
        found.add("approx")
    if _AT_LEAST_BEFORE_RE.search(left) or _AT_LEAST_AFTER_RE.match(right):
        found.add("at_least")
    return ";".join(q for q in QUALIFIER_ORDER if q in found)


def _is_target(sentence: Sentence, folded: str, position: int) -> bool:
    cue = None
    for cue in _TARGET_CUE_RE.finditer(folded, 0, position):
        pass
    if cue is None:
        return False
    return not _PAST_MARKER_RE.search(sentence.text, cue.end(), position)


def _subject_district(subject: Subject | None, context: _Context) -> District | None:
    """The district a figure belongs to; None for city-wide figures, figures of districts
    the article only compares with, and figures with no district in context."""
    marker = subject.district if subject is not None else context.subject
    if marker == CITY:
        return None
    if isinstance(marker, District):
        about_city = not context.districts
        explicit = subject is not None
        if marker in context.districts or (about_city and explicit):
            return marker
        return None
    return context.districts[0] if context.districts else None


def _figure_facts(
    doc_id: str,
    sentence: Sentence,
    folded: str,
    quantity: Quantity,
    subjects: list[Subject],
    times: list[TimeMention],
    context: _Context,
    title_time: TimeMention | None,
    reference_year: int | None,
    in_title: bool,
) -> Fact | None:
    if quantity.unit not in UNITS and quantity.unit != "pct":
        return None
    scope_start = folded.rfind(";", 0, quantity.start) + 1
    left = " " + cue_text(folded[scope_start : quantity.start]).strip()
    right = " " + cue_text(folded[quantity.end :]).strip()
    reading = read_figure(quantity, left, right)
    if reading is None:
        return None
    district = _subject_district(subject_before(subjects, quantity.start), context)
    if district is None:
        return None
    whole = " " + cue_text(folded).strip()
    match = match_indicator(reading, quantity.value, left, right, whole)
    if match is not None:
        indicator, value, unit = match.indicator, match.value, unit_of(match.indicator)
    else:
        indicator, value = OTHER_INDICATOR, reading.value
        unit = "pct" if quantity.unit == "pct" else quantity.unit
    before = [t for t in times if t.end <= quantity.start]
    after = [t for t in times if t.start >= quantity.end]
    year, period = _resolve_time(
        [before[-1] if before else None, after[0] if after else None,
         context.paragraph_time, context.article_time, title_time],
        reference_year,
    )
    if year is None:
        return None
    kind = (
        "target"
        if (match is not None and match.kind == "target")
        or _is_target(sentence, folded, quantity.start)
        else "actual"
    )
    breaks = [m.end() for m in _CLAUSE_BREAK_RE.finditer(folded, 0, quantity.start)]
    clause_start = breaks[-1] if breaks else 0
    qualifier = _qualifiers(folded[clause_start : quantity.start], left, right)
    total = quantity.total if unit in UNITS_WITH_TOTAL else None
    return Fact(
        doc_id, district.name, year, period, indicator, kind, float(value), total, unit,
        qualifier, sentence.text, sentence.start + quantity.start, sentence.start + quantity.end,
        in_title,
    )


def _apply_future_years(facts: list[Fact], reference_year: int | None) -> list[Fact]:
    """Mark as targets the facts about a year after the article's reference year: the
    publication year, or else the year most of its results are about."""
    if reference_year is None:
        years = Counter(f.year for f in facts if f.kind == "actual")
        if not years:
            return facts
        top = max(years.values())
        reference_year = min(y for y, n in years.items() if n == top)
    return [
        replace(f, kind="target") if f.kind == "actual" and f.year > reference_year else f
        for f in facts
    ]


def _one_per_figure(facts: list[Fact]) -> list[Fact]:
    """One fact per figure per article, preferring a body sentence to the title."""
    kept: dict[tuple, Fact] = {}
    for fact in sorted(facts, key=lambda f: (f.in_title, f.start)):
        key = (fact.district, fact.year, fact.period, fact.indicator, fact.kind, fact.value,
               fact.total)
        kept.setdefault(key, fact)
    return sorted(kept.values(), key=lambda f: f.start)


def extract_article(article: Article) -> ArticleFacts:
    """Clean one article, read its metadata and extract its facts."""
    title = find_title(article.text.split("\n"))
    cleaned = clean_article(article.text, title)
    metadata = extract_metadata(article.text, cleaned.text.split("\n"))
    sentences = split_sentences(cleaned.text)
    districts = _article_subject(title, sentences)
    context = _Context(districts=districts)
    title_mentions = find_time_mentions(fold(title))
    title_time = title_mentions[0] if title_mentions else None
    reference_year = _reference_year(metadata)
    title_paragraph = next((s.paragraph for s in sentences if s.text in title), -1)
    facts: list[Fact] = []
    for sentence in sentences:
        if sentence.paragraph != context.paragraph:
            context.paragraph = sentence.paragraph
            context.subject = None
            if context.paragraph_time is not None:
                context.article_time = context.paragraph_time
            context.paragraph_time = None
        folded = fold(sentence.text)
        quantities = scan_quantities(sentence.text)
        times = find_time_mentions(folded)
        subjects = sentence_subjects(sentence.text, folded)
        for quantity in quantities:
            fact = _figure_facts(
                article.doc_id, sentence, folded, quantity, subjects, times, context,
                title_time, reference_year, sentence.paragraph == title_paragraph,
            )
            if fact is not None:
                facts.append(fact)
        topic = next((s for s in subjects if s.start <= _TOPIC_POSITION_CHARS), None)
        if topic is not None:
            context.subject = topic.district if topic.district is not None else context.subject
        latest = [t for t in times if not t.horizon]
        if latest:
            year, period = _resolve_time(
                [latest[-1], context.paragraph_time, context.article_time, title_time],
                reference_year,
            )
            context.paragraph_time = TimeMention(0, 0, year, period)
    facts = _one_per_figure(_apply_future_years(facts, reference_year))
    return ArticleFacts(
        article.doc_id, article.path.name, metadata, districts, tuple(facts)
    )
