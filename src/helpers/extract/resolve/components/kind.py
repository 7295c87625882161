"""Kind: whether a figure is a target or an actual result.

A figure is a target when its topic row says so (`topic_indicators.csv`), when a target
cue (`phấn đấu`, `đề ra`; `kinds.csv`) precedes it with no `đã` between — in its sentence,
the sentence it continues or the intro of its list — or, over the article, when its year
lies after the publication year. A whole year's estimate in that year's report, or in an
undated one (`dự kiến cả năm 2019`), is a result. Provenance key `kind`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from helpers.extract.document import Document, Figure
from helpers.extract.fact import Fact, with_rule
from helpers.extract.lexicon.spans import CLAUSE_BREAKS, LabelledSentence
from helpers.extract.resolve.indicators import TOPIC_TABLE
from helpers.extract.resolve.timeframe import FULL_YEAR

FAMILY = "kinds"
TARGET, ACTUAL = "target", "actual"
FUTURE_YEAR_RULE = "year_after_publication"
ESTIMATE_OF_YEAR_RULE = "estimate_of_the_year"  # `dự kiến cả năm` in that year's report


def stated_done(labelled: LabelledSentence, first: int) -> bool:
    """Whether a `past` marker (`đã`) stands before token `first` in its clause."""
    clause = 0
    for index in range(first - 1, -1, -1):
        if labelled.tokens[index].text in CLAUSE_BREAKS:
            clause = index + 1
            break
    return any(clause <= s.start and s.end <= first for s in labelled.of_family(FAMILY, ("past",)))


def target_cue(labelled: LabelledSentence, first: int) -> str:
    """The target cue row (phấn đấu, đề ra, ...) that precedes token `first` in a sentence
    with no `past` marker (đã: done) between them, or "". A cue inside an `achieved`
    phrase (`đạt chỉ tiêu kế hoạch đề ra`) names what was set, not a goal."""
    achieved = labelled.of_family(FAMILY, ("achieved",))
    cues = [
        s
        for s in labelled.of_family(FAMILY, (TARGET,))
        if s.end <= first and not any(a.start <= s.start and s.end <= a.end for a in achieved)
    ]
    if not cues:
        return ""
    past = labelled.of_family(FAMILY, ("past",))
    if any(cues[-1].end <= s.start and s.end <= first for s in past):
        return ""
    return cues[-1].row.id


def kind(document: Document, figure: Figure) -> bool:
    """Figure resolver: target or actual, from the topic row or a preceding target cue."""
    labelled = figure.view.labelled
    cue = target_cue(labelled, figure.first)
    for governing in (document.discourse.carried, document.discourse.list_root):
        # "phấn đấu ... đạt 21.858 tỷ đồng. Trong đó, công nghiệp 12.823 tỷ đồng; nông
        # nghiệp 1.677 tỷ đồng": the goal runs on through the sentence that breaks it down,
        # and through the items of a list it introduces ("20 chỉ tiêu ... đề ra: 1. ...").
        if not cue and governing is not None:
            cue = target_cue(governing.complete(), len(governing.tokens))
    match = figure.match
    if match is not None and match.kind == TARGET:
        figure.kind, figure.rules["kind"] = TARGET, f"{TOPIC_TABLE}:{match.rule}"
    elif cue:
        figure.kind, figure.rules["kind"] = TARGET, cue
    else:
        figure.kind = ACTUAL
    figure.target_cue = cue
    figure.stated_done = stated_done(labelled, figure.first)
    return True


def estimate_of_year(document: Document, figure: Figure) -> bool:
    """Figure resolver: "Dự kiến cả năm 2019 ... sẽ đạt 16/16" in a report of that year (or
    in an undated one, when its own sentence names the year) is the year's estimate, not a
    goal for a coming period (FACTS rule 2: `ước cả năm`); `future_years` still makes it a
    goal in an undated article about the year before. An item of a list of goals (`dự
    kiến: 797,15 tỷ đồng`, its year from the list's intro) stays a goal."""
    labelled = figure.view.labelled
    estimate_said = figure.estimated or any(
        span.end <= figure.first for span in labelled.of_family("qualifiers", ("estimated",))
    )
    published = document.published.year
    own_year = any(t.year == figure.year for t in figure.view.times)
    if (
        figure.rules["kind"] == figure.target_cue
        and figure.whole_year
        and estimate_said
        and (published == figure.year or (published is None and own_year))
    ):
        figure.kind, figure.rules["kind"] = ACTUAL, ESTIMATE_OF_YEAR_RULE
    return True


def future_years(document: Document, facts: list[Fact]) -> list[Fact]:
    """Article resolver: mark as targets the facts about a year after the article's
    publication year, unless stated as done in their clause (`đến năm 2022 đã đạt`). In an
    undated article, only the year after the one most of its results are about is the
    coming year (`kết quả năm 2022, phương hướng năm 2023`); a history of results (`năm
    2008 ... năm 2022`) has none. Goals are for whole years: a figure for part of a year
    stays a result."""
    published_year = document.published.year
    if published_year is None:
        years = Counter(f.year for f in facts if f.kind == ACTUAL)
        if not years:
            return facts
        top = max(years.values())
        modal = min(y for y, n in years.items() if n == top)
        future = {modal + 1}
    else:
        future = {f.year for f in facts if f.year > published_year}
    return [
        replace(f, kind=TARGET, rule=with_rule(f.rule, "kind", FUTURE_YEAR_RULE))
        if f.kind == ACTUAL
        and f.year in future
        and not f.stated_done
        and f.period == FULL_YEAR  # a part-year result (`6 tháng đầu năm 2016`) is no goal
        else f
        for f in facts
    ]
