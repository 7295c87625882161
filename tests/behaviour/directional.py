"""Directional cases: a change to an article that must move its facts in a known way.

On built articles (`mft.Spec`): the lead's year changes → every fact's year moves with it;
the period word changes (`6 tháng` → `9 tháng`) → the period moves; `tăng` becomes `giảm` →
each growth figure's sign flips; the figure sentence names another district → its facts are
that district's. On the published articles: every year in the text moved by one → every
fact's year moves by one; the article's district renamed → its facts follow the name.
"""

from __future__ import annotations

import re
from dataclasses import replace

from behaviour import invariance as inv
from behaviour import minimum_function as mft
from behaviour.harness import Case, Key, Relation
from behaviour.templates import District, districts, phrase
from helpers.extract.text.textnorm import fold

FAMILY = "dir"
YEAR_SHIFTS = (1, -2, 3)
PERIOD_CHANGES = ("m9", "m8_word", "m6_word", "fy", "q1")
GROWTH_SUFFIX = "_growth_pct"
_YEAR_RE = re.compile(r"(?<![\d.,])(?:199\d|20[0-2]\d)(?![\d.,]\d)")


def _year_moved(delta: int) -> Relation:
    return lambda key: replace(key, year=key.year + delta)


def _period_moved(period: str) -> Relation:
    return lambda key: replace(key, period=period)


def _sign_flipped(key: Key) -> Key:
    return replace(key, value=-key.value) if key.indicator.endswith(GROWTH_SUFFIX) else key


def _district_moved(source: str, target: str) -> Relation:
    return lambda key: replace(key, district=target) if key.district == source else key


def _pair(case_id: str, family: str, base: mft.Spec, moved: mft.Spec, relation: Relation) -> Case:
    base_text, _ = mft.build(base)
    text, _ = mft.build(moved)
    return Case(case_id, f"{FAMILY}.{family}", text, base=base_text, relation=relation)


def _other_district(spec: mft.Spec, index: int) -> District:
    """A district of the same type as the spec's, never the spec's own."""
    same_type = [d for d in districts() if d.type == spec.district.type and d != spec.district]
    return same_type[index % len(same_type)]


def built_cases() -> list[Case]:
    """The directional cases on built articles."""
    cases = []
    for i, (name, spec) in enumerate(mft.specs_for_directions()):
        for delta in YEAR_SHIFTS:
            cases.append(
                _pair(
                    f"dir.year.{name}.{delta:+d}",
                    "year",
                    spec,
                    replace(spec, year=spec.year + delta),
                    _year_moved(delta),
                )
            )
        for period in PERIOD_CHANGES:
            code = phrase("period", period).value
            if code == spec.period_code:
                continue
            cases.append(
                _pair(
                    f"dir.period.{name}.{period}",
                    "period",
                    spec,
                    replace(spec, period=period),
                    _period_moved(code),
                )
            )
        cases.append(
            _pair(
                f"dir.sign.{name}",
                "sign",
                replace(spec, growth="up"),
                replace(spec, growth="down"),
                _sign_flipped,
            )
        )
        if "{ref}" not in phrase("figure", spec.figure).text:
            continue  # the figure sentence names no district: naming another moves nothing
        other = _other_district(spec, i)
        cases.append(
            _pair(
                f"dir.district.{name}",
                "district",
                replace(spec, ref="named"),
                replace(spec, ref=("named", "named_of")[i % 2], ref_district=other),
                _district_moved(spec.district.name, other.name),
            )
        )
    return cases


def _shift_years(text: str) -> str:
    return _YEAR_RE.sub(lambda m: str(int(m.group()) + 1), text)


def _renamed(text: str, source: str, target: str) -> str:
    """`text` with the district `source` written as `target`, however it is written
    (capitals, tone marks placed the old way: `Ứng Hoà`); folding keeps offsets."""
    pattern = re.compile(rf"(?<!\w){re.escape(fold(source))}(?!\w)")
    pieces, last = [], 0
    for match in pattern.finditer(fold(text)):
        written = text[match.start() : match.end()]
        pieces += [text[last : match.start()], target.upper() if written.isupper() else target]
        last = match.end()
    return "".join([*pieces, text[last:]])


def _unnamed_twin(article: inv.Article) -> District:
    """A district the article never names, of the same type as the article's if one is left."""
    kind = next(d.type for d in districts() if d.name == article.about)
    folded = fold(article.text)
    unnamed = [d for d in districts() if fold(d.name) not in folded]
    return next((d for d in unnamed if d.type == kind), unnamed[0])


def real_cases() -> list[Case]:
    """The directional cases on the published articles."""
    cases = []
    for article in inv.real_articles():
        cases.append(
            Case(
                f"dir.real_year.{article.id}",
                f"{FAMILY}.real_year",
                _shift_years(article.text),
                base=article.text,
                relation=_year_moved(1),
            )
        )
        target = _unnamed_twin(article)
        cases.append(
            Case(
                f"dir.real_district.{article.id}",
                f"{FAMILY}.real_district",
                _renamed(article.text, article.about, target.name),
                base=article.text,
                relation=_district_moved(article.about, target.name),
            )
        )
    return cases


def all_cases() -> list[Case]:
    """Every directional case."""
    return [*built_cases(), *real_cases()]
