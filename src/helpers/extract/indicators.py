"""Which indicator a figure reports, from the cue table `data/indicator_cues.csv`.

A figure first gets a *measure* from the words right around it (grammar, in code):
`count_of_total` (21/21), `rank_of_total` (thứ 4/30), `count`, `amount` (tỷ đồng),
and for percentages `pct_plan` (… kế hoạch / dự toán), `pct_city_plan` (… kế hoạch
Thành phố giao), `growth` (tăng/giảm N%, bằng N% so với cùng kỳ) or plain `pct`.
Then the cue table (data) says which indicator a measure reports given the words
after the figure (`after`, anchored at the figure), the nearest subject before it in
its clause chain (`before`), or a phrase anywhere in the sentence (`sentence`).
A researcher adds an indicator by adding rows to the cue table and the vocabulary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pandas as pd

from helpers.extract.numbers import Quantity
from helpers.extract.vocabulary import OTHER_INDICATOR, load_indicators

CUES_FILE = "indicator_cues.csv"
SIDES = ("after", "before", "sentence")
MEASURES = (
    "count_of_total",
    "rank_of_total",
    "count",
    "amount",
    "pct_plan",
    "pct_city_plan",
    "growth",
    "share",
    "pct",
)
VALUE_RULES = ("", "abs")

_MEASURE_OF_UNIT = {
    "count_of_total": "count_of_total",
    "rank_of_total": "rank_of_total",
    "count": "count",
    "vnd_bn": "amount",
}
# Cue text: folded text with dashes, quotes and colons read as word breaks, and commas
# kept as `, ` so that a cue cannot run across a clause unless its pattern allows `,?`.
_BREAKS_RE = re.compile(r"[\s\-–—“”\"'‘’:…]+")
_COMMA_RE = re.compile(r"\s*,(?!\d)\s*")  # not the decimal comma of 9,8
_PARENTHESES_RE = re.compile(r"([()])")
_SPACES_RE = re.compile(r" {2,}")
_QUALIFIER_WORDS = (
    r"uoc dat|uoc tinh|uoc|du kien|dat duoc|dat|la|o muc|muc|khoang|gan|hon|tren|xap xi|"
    r"it nhat|toi thieu|chiem|bang|len|dat ty le|ty le|chung|con|vao khoang|tuong duong"
)
_TRAILING_QUALIFIERS_RE = re.compile(rf"(?:,? (?:{_QUALIFIER_WORDS}))+ ?$")
_GROWTH_VERB_RE = re.compile(r" (?:tang|tang truong|tang them|giam|giam di|sut giam|tang thu)$")
_DECREASE_RE = re.compile(r" (?:giam|giam di|sut giam)$")
_AVERAGE_GROWTH_RE = re.compile(
    r" (?:tang|tang truong|giam)(?: \w+){0,2}? (?:binh quan|trung binh)(?: (?:moi|hang) nam)?$"
    r"| (?:binh quan|trung binh)(?: (?:moi|hang) nam)? (?:tang|tang truong|giam)$"
)
_PER_YEAR_AFTER_RE = re.compile(r"^ ?/ ?nam")
_PLAN_AFTER_RE = re.compile(
    r"^ (?:so voi |cua |theo |tren )?(?:(?:tong |muc )?(?:ke hoach|du toan|chi tieu|kh|muc tieu))\b"
)
_CITY_PLAN_AFTER_RE = re.compile(
    r"^ (?:so voi |cua |theo |tren )?(?:ke hoach|du toan|chi tieu|kh)(?: \w+){0,4}? "
    r"(?:thanh pho|tp|ubnd thanh pho|ha noi) giao"
)
_EXCEED_BEFORE_RE = re.compile(
    r" vuot(?: (?:ke hoach|du toan|chi tieu|muc)(?: (?:von|nam|thanh pho|tp|giao|ha noi|\d+))*)?$"
)
_COORDINATED_RE = re.compile(r"(?: \d[\d.]*(?:,\d+)?%?(?: va|,| hoac))+ ?$")
_REACH_OR_EXCEED_RE = re.compile(r" (?:dat|hoan thanh) va vuot$")  # "đạt và vượt 100%" → 100
_MILESTONE_RE = re.compile(r" (?:vuot|cham|dat|can|qua) (?:moc|nguong)$")
_CITY_IN_EXCEED_RE = re.compile(r"(?:thanh pho|tp|ha noi) giao")
_COMPARED_AFTER_RE = re.compile(r"^ (?:so voi )?(?:cung ky|nam truoc|nam 20\d\d|ky truoc)|^ so voi")
_LEVEL_VERBS_RE = re.compile(r" (?:bang|dat|dat duoc|la|uoc dat)$")
_SHARE_VERB_RE = re.compile(r" chiem(?: (?:ty trong|khoang|gan|hon|tren|xap xi|uoc|la))*$")
# "tốc độ tăng <subject> (là|từ|đạt) N%": a growth rate named before its subject.
_GROWTH_RATE_RE = re.compile(r"\btoc do tang(?: truong)?\b[^;%\d]{0,60}$")


def cue_text(folded: str) -> str:
    """Folded text normalised for cue patterns (word breaks unified to one space)."""
    spaced = _PARENTHESES_RE.sub(r" \1 ", _BREAKS_RE.sub(" ", folded))
    return _SPACES_RE.sub(" ", _COMMA_RE.sub(", ", spaced))


@dataclass(frozen=True)
class Reading:
    """How one figure reads: its measure and normalised value."""

    measure: str
    value: float


@dataclass(frozen=True)
class CueRule:
    """One row of the cue table."""

    indicator: str
    measures: frozenset[str]
    side: str
    pattern: re.Pattern[str]
    requires: re.Pattern[str] | None
    kind: str
    value_rule: str
    rule_id: str


@cache
def load_cue_rules() -> tuple[CueRule, ...]:
    """The shipped cue table (`data/indicator_cues.csv`), validated."""
    with resources.files("helpers.extract.data").joinpath(CUES_FILE).open(encoding="utf-8") as fh:
        return parse_cue_rules(pd.read_csv(fh, dtype=str, keep_default_na=False))


def parse_cue_rules(table: pd.DataFrame) -> tuple[CueRule, ...]:
    """Cue rules from a table, validated against the vocabulary; ValueError names the bad
    line (counting the header as line 1) and what is wrong with it."""
    known = set(load_indicators().index) | {OTHER_INDICATOR}
    rules = []
    for number, row in enumerate(table.itertuples(index=False), start=2):
        where = f"{CUES_FILE} line {number}"
        measures = frozenset(row.measures.split("|"))
        problems = [
            f"unknown indicator {row.indicator!r}" if row.indicator not in known else "",
            f"unknown measure(s) {sorted(measures - set(MEASURES))}"
            if measures - set(MEASURES)
            else "",
            f"unknown side {row.side!r}" if row.side not in SIDES else "",
            f"unknown kind {row.kind!r}" if row.kind not in ("", "actual", "target") else "",
            f"unknown value_rule {row.value_rule!r}" if row.value_rule not in VALUE_RULES else "",
        ]
        problems = [p for p in problems if p]
        if problems:
            raise ValueError(f"{where}: {'; '.join(problems)}")
        try:
            pattern = re.compile(row.pattern)
            requires = re.compile(row.requires) if row.requires else None
        except re.error as error:
            raise ValueError(f"{where}: bad pattern: {error}") from error
        rules.append(
            CueRule(
                row.indicator,
                measures,
                row.side,
                pattern,
                requires,
                row.kind,
                row.value_rule,
                f"{CUES_FILE}:{number}",
            )
        )
    return tuple(rules)


def read_figure(quantity: Quantity, left: str, right: str) -> Reading | None:
    """The measure and value of a figure from its cue-text context; None if not a fact."""
    if _MILESTONE_RE.search(_TRAILING_QUALIFIERS_RE.sub("", left)):
        return None  # "vượt mốc 6.000 tỷ" names a threshold, not the figure reached
    measure = _MEASURE_OF_UNIT.get(quantity.unit)
    if measure is not None:
        return Reading(measure, quantity.value)
    if quantity.unit != "pct":
        return None
    value = quantity.value
    # "giảm 22,5% và 9,1%": a verb governs every figure of a coordinated list.
    verb_part = _TRAILING_QUALIFIERS_RE.sub("", _COORDINATED_RE.sub("", left))
    reach_or_exceed = _REACH_OR_EXCEED_RE.search(verb_part)
    exceed = None if reach_or_exceed else _EXCEED_BEFORE_RE.search(verb_part)
    if exceed:
        city = bool(_CITY_IN_EXCEED_RE.search(exceed.group(0)) or _CITY_PLAN_AFTER_RE.match(right))
        return Reading("pct_city_plan" if city else "pct_plan", 100 + value)
    if _CITY_PLAN_AFTER_RE.match(right):
        return Reading("pct_city_plan", value)
    if _PLAN_AFTER_RE.match(right):
        return Reading("pct_plan", value)
    if _AVERAGE_GROWTH_RE.search(verb_part) or (
        _PER_YEAR_AFTER_RE.match(right) and _GROWTH_VERB_RE.search(verb_part)
    ):
        return None  # a multi-year average is not a growth fact
    if _GROWTH_VERB_RE.search(verb_part):
        return Reading("growth", -value if _DECREASE_RE.search(verb_part) else value)
    if _COMPARED_AFTER_RE.match(right) and _LEVEL_VERBS_RE.search(left):
        return Reading("growth", value - 100)
    if _SHARE_VERB_RE.search(left):
        return Reading("share", value)
    if _GROWTH_RATE_RE.search(left):
        return Reading("growth", value)
    return Reading("pct", value)


@dataclass(frozen=True)
class Match:
    """The indicator a figure reports, with the rule's forced kind and value rule applied."""

    indicator: str
    value: float
    kind: str
    rule: str


@dataclass(frozen=True)
class _RuleIndex:
    """The cue rules arranged for matching: anchored rules in file order, and `before`
    rules grouped by pattern (each group searched once), with each rule's file position and
    whether its rules take part only under conditions (`requires`, or a `$`-anchored cue)."""

    anchored: tuple[CueRule, ...]
    before: tuple[tuple[re.Pattern[str], tuple[tuple[int, CueRule], ...], bool], ...]


@cache
def _rule_index() -> _RuleIndex:
    rules = load_cue_rules()
    groups: dict[str, list[tuple[int, CueRule]]] = {}
    for position, rule in enumerate(rules):
        if rule.side == "before":
            groups.setdefault(rule.pattern.pattern, []).append((position, rule))
    return _RuleIndex(
        anchored=tuple(r for r in rules if r.side != "before"),
        before=tuple(
            (
                members[0][1].pattern,
                tuple(members),
                members[0][1].pattern.pattern.endswith("$")
                or any(rule.requires is not None for _, rule in members),
            )
            for members in groups.values()
        ),
    )


def match_indicator(
    reading: Reading, raw_value: float, left: str, right: str, sentence: str
) -> Match | None:
    """The first `after`/`sentence` rule that fits the figure's measure; else the subject
    named nearest before the figure (the longer on a tie) decides, and the figure is that
    subject's indicator for its measure, or none when the subject has no such indicator.
    `left`/`right` are cue texts of the sentence up to / from the figure; `sentence` the
    whole cue text."""
    index = _rule_index()
    for rule in index.anchored:
        if reading.measure not in rule.measures:
            continue
        if rule.requires is not None and not rule.requires.search(sentence):
            continue
        found = rule.pattern.match(right) if rule.side == "after" else rule.pattern.search(sentence)
        if found:
            return _apply(rule, reading, raw_value)
    nearest: tuple[int, int] | None = None
    chosen: tuple[int, CueRule] | None = None
    for pattern, members, conditional in index.before:
        taking_part = (
            members
            if not conditional
            else [
                (position, rule)
                for position, rule in members
                if (rule.requires is None or rule.requires.search(sentence))
                # a cue right before the figure speaks only for its own measures
                and not (pattern.pattern.endswith("$") and reading.measure not in rule.measures)
            ]
        )
        if not taking_part:
            continue
        keys = [
            (m.end(), m.end() - m.start()) for m in pattern.finditer(left) if m.end() > m.start()
        ]
        if not keys or (nearest is not None and max(keys) < nearest):
            continue
        key = max(keys)
        if nearest is None or key > nearest:
            nearest, chosen = key, None
        fitting = [(p, r) for p, r in taking_part if reading.measure in r.measures]
        if fitting and (chosen is None or fitting[0][0] < chosen[0]):
            chosen = fitting[0]
    return _apply(chosen[1], reading, raw_value) if chosen else None


def names_subject(left: str) -> bool:
    """Whether the text before a figure names any subject of the cue table."""
    return nearest_subject(left) is not None


def nearest_subject(left: str) -> tuple[int, int] | None:
    """Where the subject named nearest before a figure stands in `left` (start, end)."""
    spans = [
        (found.end(), found.start())
        for pattern, _, _ in _rule_index().before
        for found in pattern.finditer(left)
        if found.end() > found.start()
    ]
    if not spans:
        return None
    end, start = max(spans)
    return start, end


def _apply(rule: CueRule, reading: Reading, raw_value: float) -> Match | None:
    if rule.indicator == OTHER_INDICATOR:
        return None
    value = abs(raw_value) if rule.value_rule == "abs" else reading.value
    return Match(rule.indicator, value, rule.kind, rule.rule_id)
