"""Facts from one article: every district figure with indicator, year, period, kind and provenance.

Rules follow `spec/FACTS.md`: a figure belongs to the subject named nearest before it
(a district, the district in context, or the city — whose figures are dropped); its year
and period come from the sentence, then the paragraph, earlier paragraphs, the title and
the publication date; it is a target when a target cue precedes it or its year lies after
the article's reference year; a figure repeated in one article is one fact.

This module only orchestrates: it opens a `Document` (`document.py`), reads each sentence
once, runs the resolvers of `resolve/pipeline.py` in their declared order, and builds a
`Fact` (`fact.py`) from each figure they keep.
"""

from __future__ import annotations

from helpers.extract.document import (
    RULE_KEYS,
    SUBJECT_FAMILIES,
    TIME_FAMILIES,
    Document,
    Figure,
    Published,
    SentenceView,
)
from helpers.extract.fact import ArticleFacts, Fact
from helpers.extract.figures.numbers import Quantity
from helpers.extract.lexicon.spans import LabelledSentence
from helpers.extract.reference.vocabulary import UNITS_WITH_TOTAL
from helpers.extract.resolve.attribution import subjects_in
from helpers.extract.resolve.components.parts import unnamed_part, whole_sentence
from helpers.extract.resolve.components.subject import article_subject, page_subject
from helpers.extract.resolve.pipeline import (
    AFTER_FIGURES,
    ARTICLE_RESOLVERS,
    BEFORE_FIGURES,
    FIGURE_RESOLVERS,
)
from helpers.extract.resolve.timeframe import time_mentions, title_time
from helpers.extract.text.cleaning import clean_article
from helpers.extract.text.layout import Lines
from helpers.extract.text.metadata import GivenMetadata, extract_metadata, find_title
from helpers.extract.text.sentences import split_sentences
from helpers.extract.text.textnorm import fold


def open_document(text: str, doc_id: str, given: GivenMetadata | None = None) -> Document:
    """Clean an article's text (NFC, `\\n` line breaks), read its metadata, split it into
    sentences and find the districts it is about and its title's time."""
    title = find_title(text.split("\n"))
    folded = fold(text)
    cleaned = clean_article(text, title, folded)
    metadata = extract_metadata(text, cleaned.text.split("\n"), title, given, folded)
    sentences = split_sentences(cleaned.text)
    # An article printed with no title is headed by its opening paragraph: the districts
    # and the time it names frame the article as a title's would (a city and a figure in
    # it do not make the article the city's, as they would a title).
    heading = title or cleaned.text.split("\n", 1)[0]
    title_read = LabelledSentence.read_framing(
        heading, fold(heading), TIME_FAMILIES, SUBJECT_FAMILIES, len(heading)
    )
    title_subjects = subjects_in(title_read)
    districts = article_subject(title, title_subjects, sentences)
    from_page = () if districts else page_subject(given, title_subjects, sentences)
    return Document(
        doc_id=doc_id,
        title=title,
        text=cleaned.text,
        folded=cleaned.folded,
        lines=Lines.of(cleaned.text),
        sentences=sentences,
        metadata=metadata,
        published=Published.of(metadata),
        title_time=title_time(time_mentions(title_read)),
        districts=districts or from_page,
        districts_from_page=bool(from_page),
    )


def resolve_figure(document: Document, view: SentenceView, quantity: Quantity) -> Fact | None:
    """The fact one figure states, or None when a resolver finds it states none about a
    district."""
    labelled = view.labelled
    figure = Figure(
        view,
        quantity,
        labelled.token_at(quantity.start),
        labelled.token_at(quantity.end),
        dict.fromkeys(RULE_KEYS, ""),
    )
    for resolver in FIGURE_RESOLVERS:
        if not resolver(document, figure):
            return None
    return fact_of(document, figure)


def fact_of(document: Document, figure: Figure) -> Fact:
    """The fact a resolved figure states."""
    view, quantity, district = figure.view, figure.quantity, figure.district
    assert district is not None  # (`subject` keeps only figures about a district)
    sentence = view.sentence
    return Fact(
        document.doc_id,
        district.name,
        figure.year,
        figure.period,
        figure.indicator,
        figure.kind,
        round(float(figure.value), 6),
        quantity.total if figure.unit in UNITS_WITH_TOTAL else None,
        figure.unit,
        figure.qualifier,
        sentence.text,
        sentence.start,
        sentence.start + quantity.start,
        sentence.start + quantity.end,
        ";".join(f"{key}={value}" for key, value in figure.rules.items() if value),
        basis=figure.basis,
        in_heading=view.in_heading,
        stated_done=figure.stated_done,
        dated=bool(view.times),
        whole_year=figure.whole_year,
        whole_sentence=whole_sentence(document, figure),
        unnamed_part=unnamed_part(figure),
    )


def extract_article(
    text: str, doc_id: str, file: str = "", given: GivenMetadata | None = None
) -> ArticleFacts:
    """Clean one article's `text`, read its metadata and extract its facts. `file` names
    where it came from; `given` is what its source states about it."""
    document = open_document(text, doc_id, given)
    facts: list[Fact] = []
    for index, sentence in enumerate(document.sentences):
        view = SentenceView.read(index, sentence, document.lines, document.folded)
        for before in BEFORE_FIGURES:
            before(document, view)
        for quantity in view.quantities:
            fact = resolve_figure(document, view, quantity)
            if fact is not None:
                facts.append(fact)
        for after in AFTER_FIGURES:
            after(document, view)
    for resolver in ARTICLE_RESOLVERS:
        facts = resolver(document, facts)
    return ArticleFacts(doc_id, file, document.metadata, document.districts, tuple(facts))
