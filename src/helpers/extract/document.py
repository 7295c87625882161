"""The document being read: one article's state, which every resolver reads and writes.

A `Document` is built once per article (`facts.extract_article`): the cleaned text and its
`Lines`, the sentences, the metadata and the `Published` date, the title's time, the
districts the article is about, and the `Discourse` carried from sentence to sentence (the
paragraph's subject and `Times`, list intros, the sentence a `Trong đó` continues). Each
sentence is read once into a `SentenceView`; each of its figures becomes a `Figure` that
the figure resolvers (`resolve/pipeline.py`) fill in turn.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from helpers.extract.figures.numbers import Quantity, scan_quantities
from helpers.extract.lexicon.spans import LabelledSentence
from helpers.extract.reference.gazetteer import District
from helpers.extract.resolve.attribution import OPENING_CHARS, Subject, subjects_in
from helpers.extract.resolve.indicators import Match, TopicSpan
from helpers.extract.resolve.measures import Reading
from helpers.extract.resolve.timeframe import (
    TimeMention,
    framing_scope,
    opens_with_span,
    same_period_base,
    time_mentions,
)
from helpers.extract.text.layout import Lines, is_bullet, is_heading, parenthesised
from helpers.extract.text.metadata import ArticleMetadata
from helpers.extract.text.sentences import Sentence

# What a sentence without figures is read for: the times and an opening subject that frame
# the sentences after it (in full only when one of them continues it: `Trong đó, ...`).
TIME_FAMILIES = frozenset({"times", "time_context"})
SUBJECT_FAMILIES = frozenset({"subjects", "subject_context"})
YEAR_END_REVIEW_MONTH = 10  # a review published from October on is about its own year
MONTH_END_DAY = 25  # a report published from this day on covers its own month
QUARTER_MONTHS = 3  # a month-only date in a quarter's last month counts that month


@dataclass(frozen=True)
class Published:
    """The article's publication year and month (None when it has no date)."""

    year: int | None = None
    month: int | None = None
    day: int | None = None  # None for a month-only date (` date 2022-11`)

    @classmethod
    def of(cls, metadata: ArticleMetadata) -> Published:
        if not metadata.published:
            return cls()
        day = int(metadata.published[8:10]) if len(metadata.published) >= 10 else None
        return cls(int(metadata.published[:4]), int(metadata.published[5:7]), day)

    def months_to_date(self) -> int | None:
        """The months a report "to date" covers when only its publication date says: those
        before the publication month, or that month too when it is published at its end
        (`đến nay` in a report of 12 July covers 6 months; of 30 June, 6 months too). A
        month-only date (an archive's ` date 2022-06`) may be either: it counts its month
        when that month ends a quarter, the close of the usual report periods (Q1, 6M, 9M)."""
        months = self.months_reached()
        return months if months is not None and 1 <= months <= 11 else None

    def months_reached(self) -> int | None:
        """The months of its year the publication date has seen end (0 to 12; see
        `months_to_date`), None without a month."""
        if self.month is None:
            return None
        if self.day is None:
            reached = self.month % QUARTER_MONTHS == 0
        else:
            reached = self.day >= MONTH_END_DAY
        return self.month if reached else self.month - 1

    def recent_year(self) -> int | None:
        """The year `năm qua` means with nothing else to go by: a review published late in
        the year is about that year, one published early about the year before."""
        if self.year is None or self.month is None:
            return None
        return self.year if self.month >= YEAR_END_REVIEW_MONTH else self.year - 1


@dataclass(frozen=True)
class Times:
    """Resolved times of a stretch of text: `lead` from time adverbials that open a clause
    (`Năm 2023, ...`), `inline` from other mentions (`chỉ số CCHC năm 2021`)."""

    lead: TimeMention | None = None
    inline: TimeMention | None = None

    def over(self, earlier: Times) -> Times:
        """These times where set, else the earlier ones."""
        return Times(self.lead or earlier.lead, self.inline or earlier.inline)


@dataclass
class Discourse:
    """State carried through an article: the subject and time of the current paragraph and
    of the text before it, the sentence a `Trong đó` continues (`carried`) and the intros
    of the lists being read."""

    paragraph: int = -1
    subject: District | str | None = None
    section: District | None = None  # a district the paragraph opens with: its own section
    paragraph_time: Times = field(default_factory=lambda: Times())
    article_time: Times = field(default_factory=lambda: Times())
    carried: LabelledSentence | None = None
    previous_sentence: LabelledSentence | None = None
    list_intro: LabelledSentence | None = None
    list_root: LabelledSentence | None = None  # the intro of the outer list, in nested lists
    paragraph_bases: list[TimeMention] = field(default_factory=list)

    def new_paragraph(self, paragraph: int) -> None:
        """Carry the paragraph's times to the article level and start afresh."""
        self.paragraph = paragraph
        self.subject = None
        self.section = None
        self.article_time = self.paragraph_time.over(self.article_time)
        self.paragraph_time = Times()
        self.previous_sentence = None
        self.paragraph_bases = []


@dataclass(frozen=True)
class SentenceView:
    """One sentence as the resolvers read it: its labelled tokens and what it mentions."""

    index: int
    sentence: Sentence
    labelled: LabelledSentence
    quantities: list[Quantity]
    subjects: list[Subject]
    times: list[TimeMention]
    in_heading: bool
    bullet: bool
    groups: tuple[tuple[int, int], ...] = ()
    bases: list[TimeMention] = field(default_factory=list)
    span_lead: bool = False  # opens with a span of years: `Giai đoạn 2023 - 2025, ...`
    # bases not of the same period (`so với năm 2015`, `so 2015`)
    compared_years: list[TimeMention] = field(default_factory=list)

    @classmethod
    def read(cls, index: int, sentence: Sentence, lines: Lines, folded_text: str) -> SentenceView:
        """Read sentence `index` of the cleaned text (`folded_text`: all of it, folded):
        label it once, then find its figures, subjects and times."""
        quantities = scan_quantities(sentence.text)
        folded = folded_text[sentence.start : sentence.end]
        if quantities:
            labelled = LabelledSentence.read(sentence.text, folded)
        else:  # read for what frames the sentences after it: its times, an opening subject
            labelled = LabelledSentence.read_framing(
                sentence.text, folded, TIME_FAMILIES, SUBJECT_FAMILIES, OPENING_CHARS
            )
        mentions = time_mentions(labelled)
        return cls(
            index=index,
            sentence=sentence,
            labelled=labelled,
            quantities=quantities,
            # Without figures, only a subject opening the sentence counts (`update_subject`).
            subjects=subjects_in(labelled, None if quantities else OPENING_CHARS),
            times=[framing_scope(labelled, t) for t in mentions if not t.base],
            bases=[t for t in mentions if t.base and same_period_base(labelled, t)],
            span_lead=opens_with_span(labelled),
            compared_years=[t for t in mentions if t.base and not same_period_base(labelled, t)],
            in_heading=bool(quantities) and is_heading(sentence, lines),
            bullet=is_bullet(sentence, lines),
            groups=parenthesised(sentence.text) if "(" in sentence.text else (),
        )


@dataclass
class Figure:
    """One figure on its way to a fact: each figure resolver fills its part, and writes
    its provenance under its key of `rules` (in the order of `RULE_KEYS`)."""

    view: SentenceView
    quantity: Quantity
    first: int  # its token range [first, stop) in the sentence
    stop: int
    rules: dict[str, str]
    reading: Reading | None = None
    district: District | None = None
    clause_start: int = 0  # the char after the last `;` before it
    scope_start: int = 0  # how far back its topic and qualifiers may stand
    carried: LabelledSentence | None = None  # the sentence it continues, when it opens one
    topic: TopicSpan | None = None
    match: Match | None = None
    indicator: str = ""
    value: float = 0.0
    unit: str = ""
    kind: str = ""
    target_cue: str = ""
    stated_done: bool = False
    year: int = 0
    period: str = ""
    whole_year: bool = False
    estimated: bool = False
    qualifier: str = ""
    basis: str = ""


# A fact's `rule` lists its figure resolvers' keys in this order.
RULE_KEYS = ("indicator", "measure", "time", "kind", "topic_reach", "scale")


@dataclass
class Document:
    """One article being read: its text, sentences, dates and the districts it is about,
    the `discourse` state, and what the article-level resolvers gather on the way (the
    times of its lead sentences and every part-year period it names)."""

    doc_id: str
    title: str
    text: str
    folded: str
    lines: Lines
    sentences: list[Sentence]
    metadata: ArticleMetadata
    published: Published
    title_time: TimeMention | None
    districts: tuple[District, ...]
    districts_from_page: bool = False  # the text names none: its page's title or URL does
    discourse: Discourse = field(default_factory=Discourse)
    lead_times: list[TimeMention] = field(default_factory=list)
    partial_periods: list[TimeMention] = field(default_factory=list)
    # The years each sentence states, by its start, read when a neighbour asks (dating.py).
    stated_years: dict[int, list[TimeMention]] = field(default_factory=dict)

    def is_title_line(self, sentence: Sentence) -> bool:
        """Whether `sentence` is the article's title line (which frames nothing)."""
        return sentence.text == self.title.strip()
