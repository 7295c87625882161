"""Year and period mentions in Vietnamese text: `năm 2023`, `6 tháng đầu năm 2024`, `quý I/2024`.

Work on folded text (see `textnorm.fold`). Comparison years (`so với cùng kỳ năm 2022`),
spans (`2021 - 2025`, `giai đoạn`, `nhiệm kỳ`) and far horizons (`tầm nhìn đến năm 2045`)
are not the year a figure is about, so they are not mentions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FULL_YEAR = "FY"
# The first three months are reported as the first quarter.
MONTHS_AS_QUARTER = {3: "Q1"}
ROMAN_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
MIN_YEAR, MAX_YEAR = 1990, 2030  # later years are horizons (tầm nhìn 2045), not report years

_YEAR = r"(?:19|20)\d{2}"
_MENTION_RE = re.compile(
    # The lookahead lets the engine skip positions that cannot start a mention.
    r"(?=[0-9qnhdc])(?:"
    rf"\bquy (?P<quarter>iv|i{{1,3}}|[1-4])\b"
    rf"(?:\s*(?:/|nam|-)\s*(?P<qyear>{_YEAR})\b)?"
    rf"|\b(?:het |den het )?(?P<months>[1-9]|1[01]) thang(?! cuoi)(?: dau)?(?: nam)?"
    rf"(?:\s*(?:/\s*)?(?P<myear>{_YEAR})\b)?"
    rf"|\bhet thang (?P<through>[1-9]|1[01])\b(?:\s*(?:/|nam)\s*(?P<tyear>{_YEAR})\b)?"
    rf"|\b(?:tinh )?den (?:het )?ngay \d{{1,2}}[/.-](?P<through_day>\d{{1,2}})\b"
    rf"(?:[/.-](?P<dyear2>{_YEAR})\b)?"
    rf"|\bnua dau nam(?:\s+(?P<hyear>{_YEAR})\b)?"
    rf"|\bca nam\b(?! (?:nay|sau|toi|truoc|qua)\b)"
    rf"|\b(?:ca )?nam (?P<relative>nay|sau|toi|truoc|qua)\b"
    rf"|(?<![\d/.-])(?P<year>{_YEAR})(?![\d]|\s*[-–—]\s*{_YEAR}|/\d)"
    rf"|\b\d{{1,2}}[/.-]\d{{1,2}}[/.-](?P<dyear>{_YEAR})\b"
    r")"
)
# Text right before a year that makes it a comparison base, a span or a horizon.
_NOT_ABOUT_RE = re.compile(
    r"\b(?:so voi|so cung ky|hon|gap)(?: \w+){0,5}?\s*$"
    r"|(?:giai doan|nhiem ky|tam nhin|khoa|ke hoach \d+ nam|tu nam|nam hoc|gia so sanh|"
    r"gia co dinh|gia hien hanh)"
    r"[^.;]{0,12}$"
    r"|[-–—]\s*$"
)
_HORIZON_RE = re.compile(r"(?:den|toi|truoc) (?:het )?(?:nam )?$")
YEAR_GROUPS = ("qyear", "myear", "tyear", "dyear2", "hyear", "year", "dyear")
_RELATIVE_OFFSETS = {"nay": 0, "sau": 1, "toi": 1, "truoc": -1, "qua": -1}


@dataclass(frozen=True)
class TimeMention:
    """A mention of the time a figure is about. `year` is None when only a period is named;
    `relative` is a year offset from the reference year (`năm sau` → +1) when not absolute;
    `horizon` marks a deadline (`đến năm 2025`), which dates only its own sentence."""

    start: int
    end: int
    year: int | None
    period: str | None
    relative: int | None = None
    horizon: bool = False


def _period_of(match: re.Match[str]) -> str | None:
    if match.group("quarter"):
        return f"Q{ROMAN_QUARTERS[match.group('quarter')]}"
    months = match.group("months") or match.group("through") or match.group("through_day")
    if months and int(months) == 12:
        return FULL_YEAR
    if months:
        return MONTHS_AS_QUARTER.get(int(months), f"{int(months)}M")
    if match.group(0).startswith("nua dau"):
        return "6M"
    if match.group(0).startswith("ca nam"):
        return FULL_YEAR
    return None


def find_time_mentions(folded: str) -> list[TimeMention]:
    """Time mentions in folded text, in order."""
    mentions = []
    for match in _MENTION_RE.finditer(folded):
        if _NOT_ABOUT_RE.search(folded, max(0, match.start() - 40), match.start()):
            continue
        if match.group("relative"):
            offset = _RELATIVE_OFFSETS[match.group("relative")]
            mentions.append(TimeMention(match.start(), match.end(), None, None, offset))
            continue
        year_text = next(
            (match.group(g) for g in YEAR_GROUPS if match.group(g)),
            None,
        )
        year = int(year_text) if year_text else None
        if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
            continue
        period = _period_of(match)
        horizon = period is None and bool(
            _HORIZON_RE.search(folded, max(0, match.start() - 12), match.start())
        )
        mentions.append(TimeMention(match.start(), match.end(), year, period, horizon=horizon))
    return mentions
