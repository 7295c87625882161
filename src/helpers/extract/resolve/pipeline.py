"""The resolvers, in the order they run. Each reads and writes the `Document`.

For each sentence, read once into a `SentenceView`:
1. `BEFORE_FIGURES` — sentence resolvers that set up the sentence: a new paragraph, lists
   and `Trong đó` (discourse), a paragraph that is a district's own section (subject), the
   times that may frame the article (frame);
2. `FIGURE_RESOLVERS` — for each figure, in turn: measure, subject, indicator, kind,
   time, qualifier, basis, and the year's estimate (kind again); any may drop the figure
   (return False); each writes its own key of the fact's `rule`;
3. `AFTER_FIGURES` — what the sentence leaves for the sentences after it: the paragraph's
   subject, its times, the sentence a `Trong đó` continues and list intros.
Then `ARTICLE_RESOLVERS` run over the article's facts: parts of a whole, yields-to-scopes,
the article's frame, to-date figures, future years, one per figure, confidence.
"""

from __future__ import annotations

from collections.abc import Callable

from helpers.extract.document import Document, Figure, SentenceView
from helpers.extract.fact import Fact
from helpers.extract.resolve.components.basis import basis
from helpers.extract.resolve.components.dating import time, update_times
from helpers.extract.resolve.components.dedupe import one_per_figure
from helpers.extract.resolve.components.discourse import close_sentence, open_sentence
from helpers.extract.resolve.components.frame import (
    note_periods,
    to_date_in_article_period,
    within_frame,
)
from helpers.extract.resolve.components.indicator import indicator
from helpers.extract.resolve.components.kind import estimate_of_year, future_years, kind
from helpers.extract.resolve.components.measure import measure
from helpers.extract.resolve.components.parts import parts_of_a_whole
from helpers.extract.resolve.components.qualifier import qualifier
from helpers.extract.resolve.components.review import with_confidence
from helpers.extract.resolve.components.scopes import yield_to_scopes
from helpers.extract.resolve.components.subject import open_section, subject, update_subject

SentenceResolver = Callable[[Document, SentenceView], None]
FigureResolver = Callable[[Document, Figure], bool]  # False: the figure states no fact
ArticleResolver = Callable[[Document, list[Fact]], list[Fact]]

BEFORE_FIGURES: tuple[SentenceResolver, ...] = (open_sentence, open_section, note_periods)
FIGURE_RESOLVERS: tuple[FigureResolver, ...] = (
    measure,
    subject,
    indicator,
    kind,
    time,
    qualifier,
    basis,
    estimate_of_year,
)
AFTER_FIGURES: tuple[SentenceResolver, ...] = (update_subject, update_times, close_sentence)
ARTICLE_RESOLVERS: tuple[ArticleResolver, ...] = (
    parts_of_a_whole,
    yield_to_scopes,
    within_frame,
    to_date_in_article_period,
    future_years,
    one_per_figure,
    with_confidence,
)
