"""Subject: which district a figure is about, and the districts the article is about.

A figure belongs to the subject named nearest before it (a district, the district in
context, the city, a ward or a place outside Hanoi — whose figures are dropped), or to the
district named in the same position before `lần lượt`. Provenance: none (the subject is the
`district` column).
"""

from __future__ import annotations

from collections import Counter
from itertools import islice

from helpers.extract.document import Document, Figure, SentenceView
from helpers.extract.figures.numbers import scan_quantities
from helpers.extract.reference.gazetteer import District, find_mentions, names_a_district_in_context
from helpers.extract.resolve.attribution import (
    CITY,
    NOT_THE_DISTRICT,
    TOPIC_POSITION_CHARS,
    Subject,
    in_complement,
    subject_before,
)
from helpers.extract.text.metadata import GivenMetadata
from helpers.extract.text.sentences import Sentence

KICKER_MARKS = (":", "-", "–")
SUBJECT_REACH_CHARS = 240  # how far back a figure's subject (and topic) may be named
RESPECTIVELY = ("respectively",)
# How many sentences after the title make an article's lead: where a report names the
# district it is about (or speaks of `the district`, `quận`, `toàn huyện`).
LEAD_SENTENCES = 3


def article_subject(
    title: str, title_subjects: list[Subject], sentences: list[Sentence]
) -> tuple[District, ...]:
    """The districts an article is about: those its title names (`title_subjects`); none
    when the title is about the city and states a figure (a kicker such as `Hà Nội:` opening
    a title about a district does not count); else those most often named in the body."""
    after_kicker = [s for s in title_subjects if not is_kicker(title, s)]
    if any(s.district is None or isinstance(s.district, District) for s in after_kicker):
        title_subjects = after_kicker  # `Hà Nội: Quận ...`: the title is about a district
    in_title = list(
        dict.fromkeys(s.district for s in title_subjects if isinstance(s.district, District))
    )
    if in_title:
        return tuple(in_title)
    if any(s.district == CITY for s in title_subjects) and scan_quantities(title):
        return ()
    counts = Counter(m.district for s in sentences for m in find_mentions(s.text))
    if not counts:
        return ()
    top = max(counts.values())
    return tuple(d for d, n in counts.items() if n == top)


def page_subject(
    given: GivenMetadata | None, title_subjects: list[Subject], sentences: list[Sentence]
) -> tuple[District, ...]:
    """The districts an article's page names, for an article whose text names none (an
    excerpt that says only `huyện`): those in the title its source states, else in the words
    of its URL's path (`/dien-mao-huyen-soc-son-thay-doi-...`; not the site's name). Lines
    of related links are furniture and never reach `sentences`."""
    if given is None or any(isinstance(s.district, District) for s in title_subjects):
        return ()
    if any(find_mentions(sentence.text) for sentence in sentences):
        return ()
    for words in given.page_words():
        named = dict.fromkeys(mention.district for mention in find_mentions(words))
        if named:
            return tuple(named)
    return ()


def is_kicker(title: str, subject: Subject) -> bool:
    """Whether a subject opens the title as a kicker followed by `:` or `-` (`Hà Nội: Quận
    có giá trị sản xuất tăng 5.000 lần`): it names the section, not what the title says."""
    return not title[: subject.start].strip() and title[subject.end :].lstrip()[:1] in KICKER_MARKS


def respective_subjects(view: SentenceView) -> dict[int, Subject]:
    """Subjects given in order by `lần lượt` ("Hoàn Kiếm và Tây Hồ ... lần lượt giảm 22,5%
    và 9,1%"): figure start → the district named in the same position."""
    labelled = view.labelled
    markers = labelled.of_family("discourse", RESPECTIVELY)
    if not markers:
        return {}
    marker_start, marker_end = labelled.char_start(markers[0]), labelled.char_end(markers[0])
    named: dict[District, Subject] = {}
    for subject in view.subjects:
        if subject.end <= marker_start and isinstance(subject.district, District):
            named.setdefault(subject.district, subject)
    figures = [q for q in view.quantities if q.start >= marker_end]
    if len(named) < 2 or not figures or len(figures) % len(named):
        return {}
    order = list(named.values())
    return {q.start: order[i % len(order)] for i, q in enumerate(figures)}


def subject_district(subject: Subject | None, document: Document) -> District | None:
    """The district a figure belongs to; None for city-wide and ward figures, figures of a
    place outside Hanoi, figures of districts the article only compares with (named neither
    in its title nor most often, nor opening their own paragraph), and figures with no
    district in context."""
    districts = document.districts
    explicit = subject is not None and subject.district is not None
    marker = subject.district if subject is not None and explicit else document.discourse.subject
    if subject is not None and not explicit and not isinstance(marker, District):
        marker = None  # `quận`, `toàn huyện`: the district, whatever the paragraph was about
    if marker in NOT_THE_DISTRICT:
        return None
    if isinstance(marker, District):
        about_city = not districts
        if marker in districts or marker == document.discourse.section:
            return marker
        return marker if about_city and explicit else None
    return districts[0] if districts else None


def subject(document: Document, figure: Figure) -> bool:
    """Figure resolver: the figure's district (False when it is about none), and the reach
    of its clause: where it starts, how far back its topic may stand, what it continues."""
    view, quantity = figure.view, figure.quantity
    named = respective_subjects(view).get(quantity.start) or subject_before(
        view.subjects, quantity.start
    )
    district = subject_district(named, document)
    if district is None:
        return False
    figure.district = district
    figure.clause_start = view.labelled.folded.rfind(";", 0, quantity.start) + 1
    carried = document.discourse.carried
    figure.carried = carried.complete() if figure.clause_start == 0 and carried else None
    figure.scope_start = max(figure.clause_start, quantity.start - SUBJECT_REACH_CHARS)
    return True


def topic_of(view: SentenceView) -> Subject | None:
    """What a sentence is about: the subject it names last before its first figure, or (a
    sentence without figures) the one it names first near its start."""
    subjects, quantities = view.subjects, view.quantities
    if quantities:
        before = [s for s in subjects if s.end <= quantities[0].start]
        return before[-1] if before else None
    return subjects[0] if subjects and subjects[0].start <= TOPIC_POSITION_CHARS else None


def open_section(document: Document, view: SentenceView) -> None:
    """Sentence resolver: a paragraph whose first sentence is about a district by name
    (`Tình hình kinh tế - xã hội của quận Nam Từ Liêm ...`) is that district's section,
    even in an article about another district (two councils in one news item). Not when
    it names another unit before its first figure (a list of districts, a comparison, the
    city), or names the district in a complement (`so với`, `cao hơn`)."""
    context = document.discourse
    if context.previous_sentence is not None or view.bullet or not view.subjects:
        return  # not the paragraph's first sentence, an item of a list, or about no one
    topic = topic_of(view)
    if topic is None:
        return
    opening = view.quantities[0].start if view.quantities else len(view.sentence.text)
    named = {s.district for s in view.subjects if s.start < opening and s.district is not None}
    district = topic.district
    # Not in a complement: `So với huyện Sóc Sơn (thu 2.180 tỷ đồng), Mê Linh ...`.
    if named == {district} and isinstance(district, District):
        context.section = None if in_complement(view.labelled, topic) else district


def update_subject(document: Document, view: SentenceView) -> None:
    """Sentence resolver: the paragraph's subject becomes what a sentence names before its
    first figure (or, in a sentence without figures, names first near its start): a
    district, the city, a ward; a generic `quận`/`huyện` brings it back from the city or a
    ward to the district."""
    topic = topic_of(view)
    if topic is None:
        return
    if topic.district is not None:
        document.discourse.subject = topic.district
    elif not isinstance(document.discourse.subject, District):
        document.discourse.subject = None


def introduced_districts(document: Document) -> frozenset[District | None]:
    """The districts an article's title and lead (its first `LEAD_SENTENCES` sentences)
    name, with None when they speak of the district in context (`kinh tế quận`, `toàn
    huyện`). A district named only later is named in passing: an address, a court, one
    project's site."""
    body = (s.text for s in document.sentences if not document.is_title_line(s))
    introduced: set[District | None] = set()
    for text in (document.title, *islice(body, LEAD_SENTENCES)):
        mentions = find_mentions(text)
        introduced.update(mention.district for mention in mentions)
        if names_a_district_in_context(text, mentions):
            introduced.add(None)
    return frozenset(introduced)
