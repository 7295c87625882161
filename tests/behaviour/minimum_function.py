"""Minimum-function cases: one short article per case, its facts computed from its slots.

An article is a title naming the district, a publication line, a lead giving the period and
year, and one figure sentence (`figure` rows of `wording.csv`). `Spec` holds the slots;
`build` writes the article and the facts it states. Each sweep varies one axis over its whole
wording list (every district and way of writing it, every period, figure, amount, base-year
phrasing, plan basis, estimate word) and takes the other slots in turn.
"""

from __future__ import annotations

from dataclasses import dataclass

from behaviour.harness import Case, Key
from behaviour.templates import (
    District,
    amount,
    capitalise,
    dateline,
    districts,
    fill,
    phrase,
    pick,
    vn_number,
    wording,
)

FAMILY = "mft"
YEARS = (2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024)
PCT_VALUES = (112.0, 98.5, 105.2, 61.0, 127.3, 100.4, 88.75)
GROWTH_VALUES = (9.8, 12.3, 4.5, 15.06, 7.0, 0.8, 21.45)
RATE_VALUES = (8.5, 12.8, 6.02, 10.0)
COUNTS = ((21, 21, 6), (19, 21, 4), (16, 16, 5), (12, 12, 3), (25, 27, 7))
ENTERPRISES = (2039, 315, 1120, 87)
_QUARTER_END = {"Q1": 3, "Q2": 6, "Q3": 9, "Q4": 12}
_FULL_YEAR_PUBLISHED = (15, 1)  # a full-year report: mid-January of the next year
_PUBLISHED_DAY = 10


@dataclass(frozen=True)
class Spec:
    """The slots of one minimum-function article (keys of `wording.csv` rows)."""

    district: District
    year: int
    period: str = "fy"
    title_name: str = "lower"
    lead_name: str = "lower"
    title: str = "results"
    lead: str = "situation"
    dateline: str = "weekday"
    figure: str = "budget_amount"
    ref: str = "area"
    estimate: str = "plain"
    amount: str = "thousands"
    pct: str = "reach"
    plan_base: str = "estimate"
    growth: str = "up"
    base: str = "same_period"
    number: int = 0  # which of the value lists' entries the figure's numbers take
    ref_district: District | None = None  # the figure sentence names another district

    @property
    def figure_district(self) -> District:
        """The district the figure sentence is about."""
        return self.ref_district or self.district

    @property
    def period_code(self) -> str:
        """The period the lead names (`FY`, `6M`, `Q1` …)."""
        return phrase("period", self.period).value


def published(period: str, year: int) -> tuple[int, int, int]:
    """A publication date just after `period` of `year` ends: day, month, year."""
    if period == "FY":
        return (*_FULL_YEAR_PUBLISHED, year + 1)
    months = _QUARTER_END.get(period) or int(period.removesuffix("M"))
    return _PUBLISHED_DAY, months + 1, year


def _numbers(spec: Spec) -> dict[str, object]:
    """The numeric slots of a figure sentence and the value each one states."""
    pct = PCT_VALUES[spec.number % len(PCT_VALUES)]
    growth = GROWTH_VALUES[spec.number % len(GROWTH_VALUES)]
    up = spec.number % 2 == 0  # `bằng N%` below or above 100
    growth_value = {"+": growth, "-": -growth, "=": growth if up else -growth}[
        phrase("growth", spec.growth).value
    ]
    exceed = round(pct - 100, 2) if pct > 100 else 12.0
    pct_value = 100 + exceed if spec.pct == "exceed" else pct
    k, t, m = COUNTS[spec.number % len(COUNTS)]
    return {
        "n": RATE_VALUES[spec.number % len(RATE_VALUES)],
        "pct": pct_value,
        "pct_text": fill(
            phrase("pct_plan", spec.pct).text, {"n": vn_number(pct), "x": vn_number(exceed)}
        ),
        "growth": growth_value,
        "g": growth,
        "growth_text": fill(
            phrase("growth", spec.growth).text,
            {"g": vn_number(growth), "e": vn_number(100 + growth_value)},
        ),
        "k": ENTERPRISES[spec.number % len(ENTERPRISES)] if spec.figure == "enterprises" else k,
        "t": t,
        "m": m,
    }


def figure_sentence(spec: Spec) -> tuple[str, dict[str, tuple[float, float | None]]]:
    """The figure sentence and, per indicator, the value (and total) it states."""
    slots = spec.figure_district.slots()
    numbers = _numbers(spec)
    amount_text, amount_value = amount(phrase("amount", spec.amount))
    base = fill(phrase("base", spec.base).text, {"prev": spec.year - 1, "old": spec.year - 3})
    text = fill(
        phrase("figure", spec.figure).text,
        {
            **slots,
            "ref": fill(phrase("ref", spec.ref).text, slots),
            "est": phrase("estimate", spec.estimate).text,
            "amount": amount_text,
            "pct": numbers["pct_text"],
            "plan_base": fill(phrase("plan_base", spec.plan_base).text, slots),
            "growth": numbers["growth_text"],
            "base": base,
            "prev": spec.year - 1,
            "g": vn_number(float(numbers["g"])),  # type: ignore[arg-type]
            "n": vn_number(float(numbers["n"])),  # type: ignore[arg-type]
            "k": vn_number(float(numbers["k"])),  # type: ignore[arg-type]
            "t": numbers["t"],
            "m": numbers["m"],
        },
    )
    values: dict[str, object] = {**numbers, "amount": amount_value}
    stated: dict[str, tuple[float, float | None]] = {}
    for part in phrase("figure", spec.figure).value.split(";"):
        indicator, slot = part.split("=")
        value, _, total = slot.partition("/")
        stated[indicator] = (
            float(values[value]),  # type: ignore[arg-type]
            float(values[total]) if total else None,  # type: ignore[arg-type]
        )
    return " ".join(text.split()).replace(" ,", ","), stated


def build(spec: Spec) -> tuple[str, frozenset[Key]]:
    """The article of `spec` and the facts it states."""
    period = fill(phrase("period", spec.period).text, {"y": spec.year})
    day, month, pub_year = published(spec.period_code, spec.year)
    title_district = spec.district.written(spec.title_name)
    lead_district = spec.district.written(spec.lead_name)
    title = fill(
        phrase("title", spec.title).text,
        {"District": capitalise(title_district), "period": period},
    )
    lead = fill(
        phrase("lead", spec.lead).text,
        {
            "district": lead_district,
            "period": period,
            "Period": capitalise(period),
            "pub_month": month,
        },
    )
    sentence, stated = figure_sentence(spec)
    text = "\n\n".join(
        (title, dateline(spec.dateline, day, month, pub_year), lead, capitalise(sentence))
    )
    expected = frozenset(
        Key(
            spec.figure_district.name,
            spec.year,
            spec.period_code,
            indicator,
            "actual",
            value,
            total,
        )
        for indicator, (value, total) in stated.items()
    )
    return text + "\n", expected


def case(case_id: str, spec: Spec) -> Case:
    """A minimum-function case from its slots."""
    text, expected = build(spec)
    return Case(case_id, f"{FAMILY}.{case_id.split('.')[1]}", text, expected)


def _keys(name: str) -> list[str]:
    return [row.key for row in wording(name)]


# Figures whose wording fits any district reference and period (targets met are yearly).
SIMPLE_FIGURES = ("budget_amount", "budget_plan", "production", "investment_pct", "trade_revenue")
NAME_FORMS = {  # title form, lead form
    "lower": ("lower", "lower"),
    "upper": ("upper", "lower"),
    "ascii": ("ascii", "ascii"),
    "abbr": ("abbr", "abbr"),
    "bare": ("bare", "bare"),
}


def district_cases() -> list[Case]:
    """Every district, written every way (type, capitals, no diacritics, abbreviated, bare)."""
    cases = []
    for i, place in enumerate(districts()):
        for j, (form, (title_form, lead_form)) in enumerate(NAME_FORMS.items()):
            spec = Spec(
                place,
                YEARS[(i + j) % len(YEARS)],
                period=("fy", "m6", "m9")[(i + j) % 3],
                title_name=title_form,
                lead_name=lead_form,
                figure=SIMPLE_FIGURES[(i + j) % len(SIMPLE_FIGURES)],
                lead=pick(wording("lead"), i + j).key,
                title=("results", "budget", "quote")[i % 3],
                number=i + j,
            )
            cases.append(case(f"mft.district.{place.slug}.{form}", spec))
    return cases


def period_cases() -> list[Case]:
    """Every way of writing a period and year, in two leads and two years."""
    cases = []
    places = districts()
    for i, period in enumerate(_keys("period")):
        for j, lead in enumerate(("situation", "ubnd_report", "conference", "results")):
            if (i + j) % 2:  # two of the four leads per period, alternating
                continue
            year = YEARS[(i + j) % len(YEARS)]
            spec = Spec(
                places[(3 * i + j) % len(places)],
                year,
                period=period,
                lead=lead,
                title=("results", "period")[j % 2],
                dateline=pick(wording("dateline"), i).key,
                figure=SIMPLE_FIGURES[(i + j) % len(SIMPLE_FIGURES)],
                estimate=pick(wording("estimate"), i).key,
                number=i,
            )
            cases.append(case(f"mft.period.{period}.{lead}", spec))
    return cases


def figure_cases() -> list[Case]:
    """Every figure sentence, its other slots taken in turn."""
    cases = []
    places = districts()
    for i, figure in enumerate(_keys("figure")):
        for j in range(6):
            n = i * 6 + j
            period = "fy" if figure.startswith("targets") else ("fy", "m6", "m9", "q1")[n % 4]
            spec = Spec(
                places[(7 * n) % len(places)],
                YEARS[n % len(YEARS)],
                period=period,
                figure=figure,
                lead=pick(wording("lead"), n).key,
                ref=pick(wording("ref"), n).key,
                estimate=pick(wording("estimate"), n, 3).key,
                amount=pick(wording("amount"), n, 5).key,
                pct=pick(wording("pct_plan"), n).key,
                plan_base=pick(wording("plan_base"), n, 3).key,
                growth=pick(wording("growth"), n).key,
                base=pick(wording("base"), n, 3).key,
                number=n,
            )
            cases.append(case(f"mft.figure.{figure}.{j}", spec))
    return cases


def amount_cases() -> list[Case]:
    """Every way of writing an amount, in three figure sentences."""
    cases = []
    places = districts()
    for i, written in enumerate(_keys("amount")):
        for j, figure in enumerate(("budget_amount", "production", "investment_amount")):
            n = 3 * i + j
            spec = Spec(
                places[(11 * n) % len(places)],
                YEARS[n % len(YEARS)],
                period=("fy", "m6", "m9")[n % 3],
                figure=figure,
                amount=written,
                estimate=pick(wording("estimate"), n).key,
                number=n,
            )
            cases.append(case(f"mft.amount.{written}.{figure}", spec))
    return cases


def base_cases() -> list[Case]:
    """Every base-year phrasing with every growth verb: the base never dates the figure."""
    cases = []
    places = districts()
    figures = ("budget_growth", "production_growth", "trade_revenue")
    for i, base in enumerate(_keys("base")):
        for j, growth in enumerate(_keys("growth")):
            n = 4 * i + j
            spec = Spec(
                places[(13 * n) % len(places)],
                YEARS[n % len(YEARS)],
                period=("fy", "m6", "m9")[n % 3],
                figure=figures[n % len(figures)],
                growth=growth,
                base=base,
                number=n,
            )
            cases.append(case(f"mft.base.{base}.{growth}", spec))
    return cases


def plan_cases() -> list[Case]:
    """Every plan basis with every way of stating a share of plan."""
    cases = []
    places = districts()
    for i, base in enumerate(_keys("plan_base")):
        for j, pct in enumerate(_keys("pct_plan")):
            n = 6 * i + j
            spec = Spec(
                places[(17 * n) % len(places)],
                YEARS[n % len(YEARS)],
                period=("fy", "m6", "m9")[n % 3],
                figure=("budget_plan", "budget_plan_only")[n % 2],
                pct=pct,
                plan_base=base,
                number=n,
            )
            cases.append(case(f"mft.plan.{base}.{pct}", spec))
    return cases


def estimate_cases() -> list[Case]:
    """Every estimate word, in four figure sentences."""
    cases = []
    places = districts()
    for i, estimate in enumerate(_keys("estimate")):
        figures = ("budget_amount", "production", "spending_plan", "agriculture_branches")
        for j, figure in enumerate(figures):
            n = len(figures) * i + j
            spec = Spec(
                places[(19 * n) % len(places)],
                YEARS[n % len(YEARS)],
                period=("fy", "m6", "m9")[n % 3],
                figure=figure,
                estimate=estimate,
                number=n,
            )
            cases.append(case(f"mft.estimate.{estimate}.{figure}", spec))
    return cases


def all_cases() -> list[Case]:
    """Every minimum-function case."""
    return [
        *district_cases(),
        *period_cases(),
        *figure_cases(),
        *amount_cases(),
        *base_cases(),
        *plan_cases(),
        *estimate_cases(),
    ]


def specs_for_directions() -> list[tuple[str, Spec]]:
    """A spread of specs the directional cases vary: every figure with growth, two each."""
    out = []
    places = districts()
    growth_figures = [k for k in _keys("figure") if "{growth}" in phrase("figure", k).text]
    for i, figure in enumerate(growth_figures):
        for j in range(4):
            n = 4 * i + j
            out.append(
                (
                    f"{figure}.{j}",
                    Spec(
                        places[(5 * n + 1) % len(places)],
                        YEARS[(n + 2) % (len(YEARS) - 1)],
                        period=("fy", "m6", "m9")[n % 3],
                        figure=figure,
                        lead=pick(wording("lead"), n).key,
                        ref=("area", "none", "of")[n % 3],
                        number=n,
                    ),
                )
            )
    return out
