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
from dataclasses import dataclass, field, replace

from helpers.extract.attribution import CITY, WARD, Subject, sentence_subjects, subject_before
from helpers.extract.cleaning import clean_article
from helpers.extract.gazetteer import District, find_mentions
from helpers.extract.indicators import (
    cue_text,
    match_indicator,
    names_subject,
    nearest_subject,
    read_figure,
)
from helpers.extract.metadata import ArticleMetadata, extract_metadata, find_title
from helpers.extract.numbers import Quantity, scan_quantities
from helpers.extract.reading import Article
from helpers.extract.sentences import Sentence, split_sentences
from helpers.extract.textnorm import fold
from helpers.extract.timeframe import FULL_YEAR, TimeMention, find_time_mentions
from helpers.extract.vocabulary import OTHER_INDICATOR, UNITS, UNITS_WITH_TOTAL, unit_of

FACT_COLUMNS = (
    "doc_id",
    "district",
    "year",
    "period",
    "indicator",
    "kind",
    "value",
    "total",
    "unit",
    "qualifier",
    "sentence",
    "sentence_start",
    "start",
    "end",
    "rule",
)
QUALIFIER_ORDER = ("estimated", "approx", "at_least")

_TARGET_CUE_RE = re.compile(
    r"\b(?:phan dau|de ra|dat ra|muc tieu|chi tieu (?:nam|ke hoach)(?: \w+)? 20\d\d|"
    r"ke hoach nam (?:20\d\d|sau|toi)|nam (?:sau|toi)|huong toi|quyet tam|no luc|phai dat|"
    r"can dat|giao chi tieu|chi tieu phan dau|du kien giao|se dat|se tang)\b"
)
_PAST_MARKER_RE = re.compile(r"\bđã\b", re.IGNORECASE)
_ESTIMATE_RE = re.compile(r"\b(?:uoc|du kien|du bao|uoc tinh)\b")
_ESTIMATE_REACH_CHARS = 8
_FIGURE_IN_CUE_TEXT_RE = re.compile(r"\d(?:[\d.,]*\d)?\s*(?:%|ty\b|trieu\b|nghin\b)|\d+/\d+")
_APPROX_RE = re.compile(r" (?:gan|khoang|hon|tren|xap xi|chung|vao khoang|gan nhu)$")
_AT_LEAST_BEFORE_RE = re.compile(r" (?:it nhat|toi thieu)(?: la)?$")
_AT_LEAST_AFTER_RE = re.compile(r"^(?: [^\W\d]+){0,2} tro len\b")
_CLAUSE_BREAK_RE = re.compile(r"[,;:(]")
_TOPIC_POSITION_CHARS = 40
_SAME_CLAUSE_CHARS = 60
_SUBJECT_REACH_CHARS = 240  # how far back a figure's subject may be named
_MAYBE_TIME_RE = re.compile(r"\d|[Qq]u[ýy]|[Nn]ửa đầu|năm (?:nay|sau|tới|trước|qua)", re.IGNORECASE)
_HEADING_WORDS = 25
_PLAN_YEAR_RE = re.compile(r"\W*(?:ke hoach|du toan|chi tieu)(?: \w+){0,3}?\W*$")
_HEADING_ROUNDING = 1.0  # a heading may round a body figure to a whole number
_CLAUSE_END_RE = re.compile(r" ?(?:[.;,)]|$|so voi|ke hoach|du toan|cung ky)")
_RESPECTIVELY_RE = re.compile(r"\blan luot\b")
_BULLET_MARKERS = frozenset({"-", "+", "•", "*", "–", "—"})
_LEAD_WORDS = 3
_SINGLED_OUT_RE = re.compile(r"\brieng\s*$")
_LEAD_END_RE = re.compile(r"\s*(?:[,:]|$)")
# A sentence that continues the previous one's subject ("Trong đó, riêng quý III thu ...").
_CONTINUATION_RE = re.compile(r"(?:trong do|trong so do|rieng|cu the|ngoai ra)\b")


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
    sentence_start: int
    start: int
    end: int
    rule: str
    in_heading: bool = False


@dataclass(frozen=True)
class ArticleFacts:
    """What one article yields: metadata, the districts it is about, and its facts."""

    doc_id: str
    file: str
    metadata: ArticleMetadata
    districts: tuple[District, ...]
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class _SentenceView:
    """One sentence as the rules read it: folded text, cue text, and what it mentions."""

    sentence: Sentence
    folded: str
    cue: str
    quantities: list[Quantity]
    subjects: list[Subject]
    times: list[TimeMention]
    in_heading: bool


@dataclass(frozen=True)
class _Times:
    """Resolved times of a stretch of text: `lead` from time adverbials that open a clause
    (`Năm 2023, ...`), `inline` from other mentions (`chỉ số CCHC năm 2021`)."""

    lead: TimeMention | None = None
    inline: TimeMention | None = None

    def over(self, earlier: _Times) -> _Times:
        """These times where set, else the earlier ones."""
        return _Times(self.lead or earlier.lead, self.inline or earlier.inline)


@dataclass
class _Context:
    """State carried through an article: the districts it is about, and the subject and
    time of the current paragraph and of the text before it."""

    districts: tuple[District, ...]
    paragraph: int = -1
    subject: District | str | None = None
    paragraph_time: _Times = field(default_factory=lambda: _Times())
    article_time: _Times = field(default_factory=lambda: _Times())
    carried: str = ""
    previous_sentence: str = ""
    list_intro: str = ""

    def new_paragraph(self, paragraph: int) -> None:
        """Carry the paragraph's times to the article level and start afresh."""
        self.paragraph = paragraph
        self.subject = None
        self.article_time = self.paragraph_time.over(self.article_time)
        self.paragraph_time = _Times()
        self.previous_sentence = ""


def _article_subject(title: str, sentences: list[Sentence]) -> tuple[District, ...]:
    """The districts an article is about: those in its title; none when the title is about
    the city; else the districts mentioned most often."""
    title_subjects = sentence_subjects(title, fold(title))
    in_title = list(
        dict.fromkeys(s.district for s in title_subjects if isinstance(s.district, District))
    )
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


def _is_estimate(left: str) -> bool:
    """Whether `ước`/`dự kiến` governs the figure that `left` leads up to: between its
    subject (or, with no subject, its clause) and the figure, just before the subject
    ("ước giải ngân"), or before the subject with no other figure in between ("Dự kiến
    cả năm 2023, thu ngân sách đạt ...")."""
    subject = nearest_subject(left)
    if subject is None:
        breaks = [m.end() for m in _CLAUSE_BREAK_RE.finditer(left)]
        return bool(_ESTIMATE_RE.search(left, breaks[-1] if breaks else 0))
    if _ESTIMATE_RE.search(left, max(0, subject[0] - _ESTIMATE_REACH_CHARS)):
        return True
    cues = list(_ESTIMATE_RE.finditer(left, 0, subject[0]))
    return bool(cues) and not _FIGURE_IN_CUE_TEXT_RE.search(left, cues[-1].end(), subject[0])


def _qualifiers(left: str, right: str) -> str:
    """Qualifiers from cues attached to a figure (see `_is_estimate`; `gần`, `khoảng`,
    `hơn`, `trên` right before it; `ít nhất` before or `trở lên` after it). Figures
    chained after an estimate share it ("ước đạt 5.000 tỷ đồng, bằng 110% dự toán"); a
    new subject's figure does not."""
    found = set()
    if _is_estimate(left):
        found.add("estimated")
    bare_left = re.sub(r"(?: (?:uoc dat|uoc tinh|uoc|dat|la|dat duoc|dat muc|o muc))+$", "", left)
    if _APPROX_RE.search(left) or _APPROX_RE.search(bare_left):
        found.add("approx")
    if _AT_LEAST_BEFORE_RE.search(left) or _AT_LEAST_AFTER_RE.match(right):
        found.add("at_least")
    return ";".join(q for q in QUALIFIER_ORDER if q in found)


def _is_target(sentence: Sentence, folded: str, position: int) -> bool:
    """Whether a target cue (phấn đấu, đề ra, ...) precedes the figure in its sentence,
    with no `đã` (done) between them."""
    cues = list(_TARGET_CUE_RE.finditer(folded, 0, position))
    return bool(cues) and not _PAST_MARKER_RE.search(sentence.text, cues[-1].end(), position)


def _subject_district(subject: Subject | None, context: _Context) -> District | None:
    """The district a figure belongs to; None for city-wide and ward figures, figures of
    districts the article only compares with, and figures with no district in context."""
    explicit = subject is not None and subject.district is not None
    marker = subject.district if explicit else context.subject
    if subject is not None and not explicit and not isinstance(marker, District):
        marker = None  # `quận`, `toàn huyện`: the district, whatever the paragraph was about
    if marker in (CITY, WARD):
        return None
    if isinstance(marker, District):
        about_city = not context.districts
        if marker in context.districts or (about_city and explicit):
            return marker
        return None
    return context.districts[0] if context.districts else None


def _is_elliptic(clause_start: int, left: str, right: str) -> bool:
    """Whether a figure ends an elliptic clause after ";" that names no subject."""
    return clause_start > 0 and bool(_CLAUSE_END_RE.match(right)) and not names_subject(left)


def _time_candidates(
    view: _SentenceView, quantity: Quantity, context: _Context, title_time: TimeMention | None
) -> list[TimeMention | None]:
    """Time mentions for a figure, most specific first: one that follows the figure in its
    own clause (`21/21 chỉ tiêu ... năm 2023`), the nearest before it, one later in its
    sentence part, then the paragraph's and the article's, then the title's."""
    folded, times = view.folded, view.times
    scope_end = folded.find(";", quantity.end)
    scope_end = len(folded) if scope_end < 0 else scope_end
    after = [t for t in times if quantity.end <= t.start < scope_end and not t.horizon]
    same_clause = [
        t
        for t in after
        if t.start - quantity.end <= _SAME_CLAUSE_CHARS
        and not _CLAUSE_BREAK_RE.search(folded, quantity.end, t.start)
    ]
    before = [t for t in times if t.end <= quantity.start]
    nearest_before = before[-1] if before else None
    own = same_clause[0] if same_clause else None
    if own is not None and _PLAN_YEAR_RE.match(folded, quantity.end, own.start):
        # "15,2% kế hoạch vốn năm 2024": the year of the plan, not the figure's period.
        own, nearest_before = nearest_before, own
    return [
        own,
        nearest_before,
        after[0] if after else None,
        context.paragraph_time.lead,
        context.article_time.lead,
        context.paragraph_time.inline,
        context.article_time.inline,
        title_time,
    ]


def _figure_fact(
    doc_id: str,
    view: _SentenceView,
    quantity: Quantity,
    context: _Context,
    title_time: TimeMention | None,
    reference_year: int | None,
    respective: Subject | None = None,
) -> Fact | None:
    """The fact one figure states, or None when it states none about a district.
    `respective` is the subject a `lần lượt` construction gives the figure."""
    sentence, folded = view.sentence, view.folded
    if quantity.unit not in UNITS:
        return None
    clause_start = folded.rfind(";", 0, quantity.start) + 1
    carried = context.carried if clause_start == 0 else ""
    scope_start = max(clause_start, quantity.start - _SUBJECT_REACH_CHARS)
    left = " " + cue_text(f"{carried} {folded[scope_start : quantity.start]}").strip()
    right = " " + cue_text(folded[quantity.end :]).strip()
    reading = read_figure(quantity, left, right)
    if reading is None:
        return None
    subject = respective or subject_before(view.subjects, quantity.start)
    district = _subject_district(subject, context)
    if district is None:
        return None
    match = match_indicator(reading, quantity.value, left, right, view.cue)
    if match is None and _is_elliptic(clause_start, left, right):
        # An elliptic clause after ";" that ends at its figure ("; riêng quý III ước tăng
        # 11,2%") keeps the subject of the clause before it.
        reach = max(0, quantity.start - _SUBJECT_REACH_CHARS)
        wide_left = " " + cue_text(f"{context.carried} {folded[reach : quantity.start]}").strip()
        match = match_indicator(reading, quantity.value, wide_left, right, view.cue)
    if match is not None:
        indicator, value, unit = match.indicator, match.value, unit_of(match.indicator)
    else:
        indicator, value, unit = OTHER_INDICATOR, reading.value, quantity.unit
    year, period = _resolve_time(
        _time_candidates(view, quantity, context, title_time), reference_year
    )
    if year is None:
        return None
    forced_target = match is not None and match.kind == "target"
    kind = "target" if forced_target or _is_target(sentence, folded, quantity.start) else "actual"
    total = quantity.total if unit in UNITS_WITH_TOTAL else None
    return Fact(
        doc_id,
        district.name,
        year,
        period,
        indicator,
        kind,
        round(float(value), 6),
        total,
        unit,
        _qualifiers(left, right),
        sentence.text,
        sentence.start,
        sentence.start + quantity.start,
        sentence.start + quantity.end,
        match.rule if match is not None else "",
        view.in_heading,
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
    """One fact per figure per article. A figure in a heading (the title, a subheading or a
    caption line) that the body states too is the body's fact, even when the heading words
    it more loosely (`đạt 52% kế hoạch` for `52% kế hoạch vốn Thành phố giao`) or rounds
    it (`vượt 26%` for `vượt 26,4%`)."""
    body = [f for f in facts if not f.in_heading]
    kept: dict[tuple, Fact] = {}
    for fact in sorted(facts, key=lambda f: (f.in_heading, f.start)):
        if fact.in_heading and any(_same_figure(fact, other) for other in body):
            continue
        key = (fact.district, fact.year, fact.period, fact.kind, fact.indicator, fact.value)
        kept.setdefault((*key, fact.total), fact)
    return sorted(kept.values(), key=lambda f: f.start)


def _same_figure(heading: Fact, body: Fact) -> bool:
    """Whether a heading's figure is a body figure, possibly rounded or loosely labelled."""
    if (heading.district, heading.year, heading.period, heading.kind, heading.total) != (
        body.district,
        body.year,
        body.period,
        body.kind,
        body.total,
    ):
        return False
    if heading.value == body.value:
        return True
    rounded = abs(heading.value - body.value) < _HEADING_ROUNDING
    return rounded and heading.indicator == body.indicator


def _respective_subjects(
    folded: str, subjects: list[Subject], quantities: list[Quantity]
) -> dict[int, Subject]:
    """Subjects given in order by `lần lượt` ("Hoàn Kiếm và Tây Hồ ... lần lượt giảm 22,5%
    và 9,1%"): figure start → the district named in the same position."""
    marker = _RESPECTIVELY_RE.search(folded)
    if marker is None:
        return {}
    named: dict[District, Subject] = {}
    for subject in subjects:
        if subject.end <= marker.start() and isinstance(subject.district, District):
            named.setdefault(subject.district, subject)
    figures = [q for q in quantities if q.start >= marker.end()]
    if len(named) < 2 or not figures or len(figures) % len(named):
        return {}
    order = list(named.values())
    return {q.start: order[i % len(order)] for i, q in enumerate(figures)}


def _is_bullet(sentence: Sentence, text: str) -> bool:
    """Whether a sentence stands on a line that opens with a list marker (`-`, `+`, `•`)."""
    line_start = text.rfind("\n", 0, sentence.start) + 1
    return text[line_start : sentence.start].strip() in _BULLET_MARKERS


def _is_heading(sentence: Sentence, text: str) -> bool:
    """Whether a sentence is a whole short line without final punctuation: a title,
    subheading or caption heading."""
    line_start = text.rfind("\n", 0, sentence.start) + 1
    line_end = text.find("\n", sentence.end)
    line = text[line_start : len(text) if line_end < 0 else line_end].strip()
    return (
        line == sentence.text
        and len(line.split()) <= _HEADING_WORDS
        and not line.endswith((".", "!", "?", "…", ";"))
    )


def _is_lead(folded: str, mention: TimeMention) -> bool:
    """Whether a time mention is an adverbial opening its clause (`Trong năm 2022, ...`)."""
    breaks = [m.end() for m in _CLAUSE_BREAK_RE.finditer(folded, 0, mention.start)]
    opening = folded[breaks[-1] if breaks else 0 : mention.start].split()
    return len(opening) <= _LEAD_WORDS and bool(_LEAD_END_RE.match(folded, mention.end))


def _update_times(
    context: _Context,
    folded: str,
    times: list[TimeMention],
    title_time: TimeMention | None,
    reference_year: int | None,
) -> None:
    """Record the sentence's last lead and inline times (resolved) in the paragraph; a time
    singled out with `riêng` (`Riêng quý III, ...`) holds for its own sentence only."""
    for lead in (True, False):
        mentions = [
            t
            for t in times
            if not t.horizon
            and _is_lead(folded, t) == lead
            and not _SINGLED_OUT_RE.search(folded, max(0, t.start - 8), t.start)
        ]
        if not mentions:
            continue
        year, period = _resolve_time(
            [
                mentions[-1],
                context.paragraph_time.lead,
                context.article_time.lead,
                context.paragraph_time.inline,
                context.article_time.inline,
                title_time,
            ],
            reference_year,
        )
        resolved = TimeMention(0, 0, year, period)
        current = context.paragraph_time
        context.paragraph_time = (
            _Times(resolved, current.inline) if lead else _Times(current.lead, resolved)
        )


def _update_subject(context: _Context, subjects: list[Subject], quantities: list[Quantity]) -> None:
    """The paragraph's subject becomes what a sentence names before its first figure (or,
    in a sentence without figures, names first near its start): a district, the city, a
    ward; a generic `quận`/`huyện` brings it back from the city or a ward to the district."""
    if quantities:
        before = [s for s in subjects if s.end <= quantities[0].start]
        topic = before[-1] if before else None
    else:
        topic = subjects[0] if subjects and subjects[0].start <= _TOPIC_POSITION_CHARS else None
    if topic is None:
        return
    if topic.district is not None:
        context.subject = topic.district
    elif not isinstance(context.subject, District):
        context.subject = None


def _read_sentence(sentence: Sentence, text: str) -> _SentenceView:
    """Read one sentence of the cleaned `text`. Folding is the costliest step, so a
    sentence without figures or time words is read only as far as a subject in topic
    position can reach."""
    quantities = scan_quantities(sentence.text)
    whole = bool(quantities) or bool(_MAYBE_TIME_RE.search(sentence.text))
    read = sentence.text if whole else sentence.text[: _TOPIC_POSITION_CHARS + 30]
    folded = fold(read)
    return _SentenceView(
        sentence=sentence,
        folded=folded,
        cue=" " + cue_text(folded) if quantities else "",
        quantities=quantities,
        subjects=sentence_subjects(read, folded),
        times=find_time_mentions(folded) if whole else [],
        in_heading=bool(quantities) and _is_heading(sentence, text),
    )


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
    facts: list[Fact] = []
    for sentence in sentences:
        if sentence.paragraph != context.paragraph:
            context.new_paragraph(sentence.paragraph)
        view = _read_sentence(sentence, cleaned.text)
        bullet = _is_bullet(sentence, cleaned.text)
        if not bullet and context.list_intro and not context.list_intro.endswith(view.folded):
            context.list_intro = ""
        if bullet and context.list_intro:
            context.carried = context.list_intro
        elif _CONTINUATION_RE.match(view.folded):
            context.carried = context.previous_sentence
        else:
            context.carried = ""
        respective = _respective_subjects(view.folded, view.subjects, view.quantities)
        for quantity in view.quantities:
            fact = _figure_fact(
                article.doc_id,
                view,
                quantity,
                context,
                title_time,
                reference_year,
                respective.get(quantity.start),
            )
            if fact is not None:
                facts.append(fact)
        _update_subject(context, view.subjects, view.quantities)
        _update_times(context, view.folded, view.times, title_time, reference_year)
        context.previous_sentence = view.folded
        if sentence.text.endswith(":"):
            context.list_intro = view.folded
    facts = _one_per_figure(_apply_future_years(facts, reference_year))
    return ArticleFacts(article.doc_id, article.path.name, metadata, districts, tuple(facts))
