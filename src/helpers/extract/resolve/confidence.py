"""How far a fact's evidence holds: `high`, or `review` with the reasons (FACTS.md).

A fact is `review` when one of these signals fires (each a name in `REVIEW_SIGNALS`):
- `weak_year`: its year came from no time the text states — the publication date, the
  year after a same-period comparison base, `năm qua` (a year counted back from a date),
  a neighbouring sentence of an undated page, or nothing;
- `target`: it is a goal; goals are read from cue words (`phấn đấu`, `đề ra`) that may
  govern a whole sentence, or only from a year after the publication's, and are misread
  far more often than results;
- `moved_period`: its period came from elsewhere in the article (the article's frame or
  the period a cumulative `đến nay` figure took), not from its own sentence or paragraph;
- `district_by_context`: its sentence does not name its district, and the article is
  about several districts or names its district only on its page (title or URL);
- `district_in_passing`: the article's title and lead (components/subject.py,
  `introduced_districts`) neither name its district nor speak of `the district`: news
  about something else that names the district in passing (a company's address, a
  court, one project's site); on a corpus of national news naming a district, every
  such fact was misread, against 3 of 594 facts of the open real reports;
- `unusual_value`: the value lies outside its indicator basis's usual range
  (`data/usual_ranges.csv`), or a count exceeds its total;
- `conflicting_values`: the same article gives another value for the same district,
  year, period, indicator and kind (one of them is misread, or they measure different
  things);
- `unnamed_measure`: its indicator came from a topic row marked `weak_measure=1`, a
  phrase that does not say which measure it is (`tốc độ tăng trưởng dịch vụ, thương mại,
  du lịch`: revenue or production value);
- `distant_topic`: the topic that gave its indicator stands far before it, or in the
  sentence it continues (`topic_reach=far`, components/indicator.py).
The reasons are kept in the fact's `rule` as `review=...` so the review queue can show them.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

from helpers.extract.lexicon import load_lexicon
from helpers.extract.reference.vocabulary import load_indicators
from helpers.extract.resolve.components.indicator import FAR as FAR_TOPIC

HIGH, REVIEW = "high", "review"
CONFIDENCE_LEVELS = (HIGH, REVIEW)
RANGES_FILE = "usual_ranges.csv"
# Each review signal, in order, and the one field of the fact it puts in doubt (the field
# a pre-filled correction row in the review queue changes).
REVIEW_SIGNALS: dict[str, str] = {
    "weak_year": "year",
    "target": "kind",
    "moved_period": "period",
    "district_by_context": "district",
    "district_in_passing": "district",
    "unusual_value": "value",
    "conflicting_values": "value",
    "unnamed_measure": "indicator",
    "distant_topic": "indicator",
}
# `rule` values (see components/dating.py) that date a figure by no time the text states.
# and the lexicon rows marked `weak_year=1` (`năm qua`: which year depends on the framing).
WEAK_YEAR_SOURCES = frozenset(
    {"publication_year", "year_after_comparison_base", "neighbouring_sentence", ""}
)
WEAK_YEAR_ROWS = "weak_year"
WEAK_MEASURE_ROWS = "weak_measure"
TARGET = "target"


@cache
def usual_ranges() -> dict[str, tuple[float, float]]:
    """Basis (`plan`, `yoy`, ...) → the (minimum, maximum) a value usually lies within."""
    path = resources.files("helpers.extract.data").joinpath(RANGES_FILE)
    with path.open(encoding="utf-8") as handle:
        return {
            row["basis"]: (float(row["minimum"]), float(row["maximum"]))
            for row in csv.DictReader(handle)
        }


@cache
def _basis_of(indicator: str) -> str:
    table = load_indicators()
    return str(table.at[indicator, "basis"]) if indicator in table.index else ""


@cache
def _weak_year_rows() -> frozenset[str]:
    return load_lexicon().rows_with(WEAK_YEAR_ROWS)


@cache
def _weak_measure_rows() -> frozenset[str]:
    return load_lexicon().rows_with(WEAK_MEASURE_ROWS)


def _rule_parts(rule: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in rule.split(";") if "=" in part)


def review_signals(
    rule: str,
    indicator: str,
    kind: str,
    value: float,
    total: float | None,
    *,
    district_named: bool,
    several_districts: bool,
    conflicting: bool,
    district_from_page: bool = False,
    in_passing: bool = False,
) -> tuple[str, ...]:
    """The review signals (see the module docstring) a fact's evidence fires, in order."""
    parts = _rule_parts(rule)
    year_source = parts.get("time", "").split("+")[0]
    fired = {
        "weak_year": year_source in WEAK_YEAR_SOURCES or year_source in _weak_year_rows(),
        "target": kind == TARGET,
        "moved_period": "period" in parts,
        "district_by_context": (several_districts or district_from_page) and not district_named,
        "district_in_passing": in_passing,
        "unusual_value": _unusual(indicator, value, total),
        "conflicting_values": conflicting,
        "unnamed_measure": parts.get("indicator", "") in _weak_measure_rows(),
        "distant_topic": parts.get("topic_reach") == FAR_TOPIC,
    }
    return tuple(signal for signal in REVIEW_SIGNALS if fired[signal])


def _unusual(indicator: str, value: float, total: float | None) -> bool:
    if total is not None and value > total:
        return True
    bounds = usual_ranges().get(_basis_of(indicator))
    return bounds is not None and not bounds[0] <= value <= bounds[1]
