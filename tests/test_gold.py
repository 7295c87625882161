"""Every gold corpus against its hand-labelled gold table, in one place.

Two kinds of check, parametrised by corpus:

- the extractor: each corpus is extracted once (a module fixture) and scored with the
  scoring of FACTS.md (`helpers.evaluate.scoring`, the shared scorer's rules, with the
  corpus's disputed rows) against its F1 floor: the seeds stay perfect; the others fail on a
  drop of more than `REGRESSION` below their measured F1. `real` holds the 67 published
  articles of the shared real-dev corpus and `real-raw` its 120 articles as collected; their
  pins include the articles set aside before tuning (tests/data/set_aside.csv);
- the labels: a labelling slip fails here (a sentence that no number can give the value, an
  unknown indicator, a wrong unit or total, a non-canonical district, a duplicate, a file
  whose encoding is not the one its name announces), with checks that fit one corpus only
  (the held-out corpus's body sentences and cues, the variants' generated encodings).
"""

from __future__ import annotations

import codecs
import csv
import functools
import importlib.util
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest

from helpers.evaluate.scoring import score_facts
from helpers.extract.text.textnorm import fold
from helpers.tables.corpus import CorpusTables, articles_without_facts, silent_articles_note

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
SEEDS_GOLD = DATA / "seeds_gold.csv"

REGRESSION = 0.01  # below a corpus's measured F1 by more than this fails
MIN_QUALIFIER_AGREEMENT = 0.95  # qualifiers are not scored, but briefs show them
WRITTEN_YEARS = range(2018, 2027)  # the corpora written for the extractor
REAL_YEARS = range(1990, 2027)  # real articles report from 1997 on


@dataclass(frozen=True)
class Corpus:
    """A folder of articles with its gold (and disputed rows), and what to expect of both."""

    articles: Path
    gold: Path
    disputed: Path | None
    measured_f1: float  # `briefs extract` + `briefs score --disputed`
    allowed_drop: float
    years: range
    values_printed: bool = True  # each value follows from a number of its sentence


CORPORA = {
    "seeds": Corpus(ROOT / "seeds", SEEDS_GOLD, None, 1.0, 0.0, WRITTEN_YEARS),
    "variants": Corpus(
        DATA / "variants", DATA / "variants_gold.csv", None, 1.0, REGRESSION, WRITTEN_YEARS
    ),
    "heldout": Corpus(
        DATA / "heldout", DATA / "heldout_gold.csv", None, 1.0, REGRESSION, WRITTEN_YEARS
    ),
    "real": Corpus(
        DATA / "real" / "articles",
        DATA / "real" / "gold_facts.csv",
        DATA / "real" / "disputed_facts.csv",
        0.976,
        REGRESSION,
        REAL_YEARS,
    ),
    # Portals and theses add up or restate figures: not every value is printed as such.
    "real-raw": Corpus(
        DATA / "real-raw" / "articles",
        DATA / "real-raw" / "gold_facts.csv",
        DATA / "real-raw" / "disputed_facts.csv",
        0.954,
        REGRESSION,
        REAL_YEARS,
        values_printed=False,
    ),
}

GoldRow = dict[str, str]
Extracted = Callable[[Path], CorpusTables]  # the session's `extracted` fixture (conftest.py)

UNITS_WITH_TOTAL = frozenset({"count_of_total", "rank_of_total"})
KINDS = frozenset({"actual", "target"})
PLAN_BASES = frozenset({"plan", "city_plan"})
YEAR_ON_YEAR_BASIS = "yoy"
QUALIFIER_ORDER = ("estimated", "approx", "at_least")
QUALIFIER_SEPARATOR = ";"
QUALIFIER_CUES = {
    "estimated": ("ước", "dự kiến"),
    "approx": ("gần", "khoảng", "hơn", "trên"),
    "at_least": ("trở lên", "ít nhất", "tối thiểu"),
}
PERIOD_PATTERN = re.compile(r"^(FY|Q[1-4]|\d{1,2}M)$")
SENTENCE_END = (".", "…", "?", "!")
FACT_KEY_COLUMNS = ("doc_id", "district", "year", "period", "indicator", "kind")

# File stem suffix -> the raw form the file must have on disk; any other stem is UTF-8 NFC.
ENCODING_BY_SUFFIX = {
    "-nfd": "utf-8 NFD",
    "-bom": "utf-8 BOM",
    "-utf16": "utf-16 BOM",
    "-cp1258": "cp1258",
}
DEFAULT_RAW_FORM = "utf-8 NFC"

VN_NUMBER = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?")
BILLION_AND_MILLION = re.compile(r"(\d{1,3}(?:\.\d{3})*|\d+) tỷ (\d{1,3}) triệu")
# `giảm 22,5%`, `giảm tới 41%` and the list in `lần lượt giảm 22,5% và 9,1%`.
DECREASE_RUN = re.compile(r"giảm (?:tới )?(\d+(?:,\d+)?%(?:(?:, | và )\d+(?:,\d+)?%)*)")
PERCENT_NUMBER = re.compile(r"\d+(?:,\d+)?")
# `vượt 26,4% dự toán` means 126.4; `đạt và vượt 100%` is a plain 100.
EXCEEDS_BY = re.compile(r"(?<!đạt và )vượt (?:tối thiểu |ít nhất )?(\d+(?:,\d+)?)%")
RELATIVE_TOLERANCE = 1e-9

# The held-out corpus: what may precede a sentence on its line (a list marker, an interview
# dash or an outlet tag), and the headings that open a related-news block.
LINE_PREFIX = re.compile(r"[-+] |\((?:HNM|KTĐT|Dân trí)\) - |(?:TTTĐ|TPO) - ")
FURNITURE_HEADINGS = frozenset(
    {
        "Tin liên quan",
        "Xem thêm:",
        "Bài liên quan",
        "Tin khác",
        "Đừng bỏ lỡ",
        "Có thể bạn quan tâm",
        "Tin cùng chuyên mục",
        "Các tin đã đưa:",
    }
)
# What the held-out corpus was written to cover (see tests/data/heldout/README.md).
HELDOUT_MIN_DISTRICTS = 10
HELDOUT_DISTRICT_TYPES = frozenset({"quận", "huyện", "thị xã"})
HELDOUT_PERIODS = frozenset({"FY", "Q1", "Q3", "6M", "9M", "11M"})
HELDOUT_RESULT_YEARS = frozenset(range(2018, 2025))

# The variants corpus: files that must carry no facts (an empty non-article and a
# city-wide-only article), and the script that writes its encoding variants.
VARIANTS_NON_ARTICLES = frozenset({"110_trang-trong"})
VARIANTS_CITY_ONLY = frozenset({"109_ha-noi-grdp-9-thang-2022"})
MAKE_ENCODINGS = DATA / "variants" / "make_encodings.py"


# --- readers ----------------------------------------------------------------------------


def read_csv(path: Path) -> list[GoldRow]:
    """Rows of a UTF-8 CSV file as dicts."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_package_csv(resource: str) -> list[GoldRow]:
    """Rows of a CSV file shipped in the `helpers` package, as dicts."""
    with resources.files("helpers").joinpath(resource).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def decode_article(raw: bytes) -> str:
    """Decode article bytes as the reader would (BOM, then UTF-8, then cp1258), in NFC."""
    if raw.startswith(codecs.BOM_UTF8):
        text = raw[len(codecs.BOM_UTF8) :].decode("utf-8")
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = raw.decode("utf-16")
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1258")
    return unicodedata.normalize("NFC", text)


def raw_form(raw: bytes) -> str:
    """Name the on-disk form of an article's bytes."""
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8 BOM"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16 BOM"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1258"
    return DEFAULT_RAW_FORM if unicodedata.is_normalized("NFC", text) else "utf-8 NFD"


def announced_form(path: Path) -> str:
    """The raw form an article's stem suffix announces (UTF-8 NFC without one)."""
    return next(
        (form for suffix, form in ENCODING_BY_SUFFIX.items() if path.stem.endswith(suffix)),
        DEFAULT_RAW_FORM,
    )


def parse_vn_number(token: str) -> float:
    """`5.330,9` -> 5330.9 (dot groups thousands, comma is the decimal mark)."""
    return float(token.replace(".", "").replace(",", "."))


def printed_numbers(sentence: str) -> list[float]:
    """Every number printed in `sentence`, parsed."""
    return [parse_vn_number(token) for token in VN_NUMBER.findall(sentence)]


def derivable_values(sentence: str) -> list[float]:
    """Every value a rule of FACTS.md can make from a number printed in `sentence`."""
    values: list[float] = []
    for number in printed_numbers(sentence):
        values += [number, -number, number * 1000, number / 1000, number - 100, number + 100]
    for billions, millions in BILLION_AND_MILLION.findall(sentence):
        values.append(parse_vn_number(billions) + int(millions) / 1000)
    return values


def decreases_in(sentence: str) -> list[float]:
    """Every percentage a `giảm` in `sentence` governs, including `giảm X% và Y%`."""
    return [
        parse_vn_number(number)
        for run in DECREASE_RUN.findall(sentence)
        for number in PERCENT_NUMBER.findall(run)
    ]


def close(a: float, b: float) -> bool:
    """True when `a` and `b` are equal up to float rounding."""
    return abs(a - b) <= RELATIVE_TOLERANCE * max(1.0, abs(a), abs(b))


def qualifier_tokens(qualifier: str) -> list[str]:
    """The qualifiers of a gold cell: `estimated;approx` -> ["estimated", "approx"]."""
    return qualifier.split(QUALIFIER_SEPARATOR) if qualifier else []


def qualifiers_are_known_and_ordered(tokens: list[str]) -> bool:
    """True when every token is a known qualifier, none repeats, and they follow QUALIFIER_ORDER."""
    return all(token in QUALIFIER_ORDER for token in tokens) and tokens == sorted(
        set(tokens), key=QUALIFIER_ORDER.index
    )


def has_cue(sentence: str, cue: str) -> bool:
    """True when `cue` occurs in `sentence` as whole words (`ước` is not the end of `nước`)."""
    return re.search(rf"(?<!\w){re.escape(cue)}(?!\w)", sentence.lower()) is not None


def body_span(text: str) -> tuple[int, int]:
    """Offsets of the article body: after the title line, before the first related-news block."""
    start = text.find("\n") + 1
    end = len(text)
    offset = 0
    for line in text.splitlines(keepends=True):
        if line.strip() in FURNITURE_HEADINGS:
            end = offset
            break
        offset += len(line)
    return start, end


def is_whole_sentence_at(text: str, start: int, end: int) -> bool:
    """True when text[start:end] starts and ends where a sentence can start and end."""
    before = text[text.rfind("\n", 0, start) + 1 : start]
    after = text[end : end + 1]
    starts = (
        before == ""
        or LINE_PREFIX.fullmatch(before) is not None
        or before.endswith(tuple(mark + " " for mark in SENTENCE_END))
    )
    ends_at_line_end = after in ("", "\n")
    ends_with_mark = text[start:end].endswith(SENTENCE_END) and after in ("", " ", "\n")
    return starts and (ends_at_line_end or ends_with_mark)


def body_occurrence_is_whole(sentence: str, text: str) -> bool:
    """True when `sentence` occurs as a whole sentence somewhere in the article body."""
    body_start, body_end = body_span(text)
    return any(
        body_start <= match.start()
        and match.end() <= body_end
        and is_whole_sentence_at(text, match.start(), match.end())
        for match in re.finditer(re.escape(sentence), text)
    )


def load_module(path: Path) -> ModuleType:
    """Import a script that is not in a package."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_frame(path: Path) -> pd.DataFrame:
    """A gold table as strings, as the scorer reads it."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


# --- fixtures ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def indicators() -> dict[str, GoldRow]:
    """The indicator vocabulary: id -> its row (unit, basis, labels, ...)."""
    return {row["id"]: row for row in read_package_csv("extract/data/indicators.csv")}


@pytest.fixture(scope="module")
def district_types() -> dict[str, str]:
    """Canonical district name -> its type (quận, huyện, thị xã)."""
    rows = read_package_csv("extract/data/hanoi_districts.csv")
    return {row["name"]: row["type"] for row in rows}


@functools.cache
def gold_of(name: str) -> list[GoldRow]:
    """The gold rows of a corpus (read once)."""
    return read_csv(CORPORA[name].gold)


@functools.cache
def articles_of(name: str) -> dict[str, str]:
    """File stem -> decoded text of every article of a corpus (read once)."""
    return {
        path.stem: decode_article(path.read_bytes())
        for path in CORPORA[name].articles.glob("*.txt")
    }


every_corpus = pytest.mark.parametrize("name", list(CORPORA))


# --- the extractor against the gold -----------------------------------------------------


@every_corpus
def test_f1_is_not_below_the_corpus_floor(name: str, extracted: Extracted) -> None:
    corpus = CORPORA[name]
    disputed = read_frame(corpus.disputed) if corpus.disputed else None
    score = score_facts(read_frame(corpus.gold), extracted(corpus.articles).facts, disputed)
    print(f"{name}: {score.summary()}")
    assert score.qualifier_agreement >= MIN_QUALIFIER_AGREEMENT, score.qualifier_agreement
    assert score.f1 >= corpus.measured_f1 - corpus.allowed_drop, (
        f"{name}: {score.summary()}\nmissed:\n{score.misses.to_string()}\n"
        f"extra:\n{score.extras.drop(columns=['sentence']).to_string()}"
    )


def test_every_raw_article_is_read_and_a_schema_breaking_figure_is_rejected(
    extracted: Extracted,
) -> None:
    """One article, figure or date of the real articles as collected never fails a corpus."""
    folder = CORPORA["real-raw"].articles
    tables = extracted(folder)
    assert tables.errors.empty
    read = len(tables.articles) + tables.about_no_district + len(tables.duplicates)
    assert read == len(list(folder.glob("*.txt")))
    # `28 xã được công nhận` has no total: rejected with its reason, not a failed corpus.
    assert "without its total" in " ".join(tables.rejected["reason"])
    assert set(tables.facts["confidence"]) <= {"high", "review"}
    silent = articles_without_facts(tables.articles)
    assert silent and set(silent) <= set(tables.articles["doc_id"])
    note = silent_articles_note(tables.articles)
    assert note.startswith(f"{len(silent)} articles name a district but gave no fact: {silent[0]}")


def test_scoring_counts_mismatches() -> None:
    gold = read_frame(SEEDS_GOLD)
    wrong = gold.copy()
    wrong.loc[0, "value"] = "999"
    wrong.loc[1, "kind"] = "target"
    score = score_facts(gold, wrong)
    assert (score.matched, len(score.misses), len(score.extras)) == (len(gold) - 2, 2, 2)


def test_disputed_predictions_are_left_out_but_reference_traps_stay_extras() -> None:
    gold = read_frame(SEEDS_GOLD)
    extra = gold.iloc[[0, 1]].copy()
    extra["value"] = ["777", "888"]
    predicted = pd.concat([gold, extra], ignore_index=True)
    disputed = extra.assign(why_excluded=["the spec does not settle it", "REFERENCE: a trap"])
    score = score_facts(gold, predicted, disputed)
    assert (score.matched, score.predicted, len(score.extras)) == (len(gold), len(gold) + 1, 1)
    assert score.extras["value"].tolist() == [888.0]


# --- the labels: every corpus -----------------------------------------------------------


@pytest.mark.parametrize("name", [name for name in CORPORA if name != "seeds"])
def test_columns_are_those_of_the_seed_gold(name: str) -> None:
    with (
        CORPORA[name].gold.open(encoding="utf-8") as gold_file,
        SEEDS_GOLD.open(encoding="utf-8") as seeds_file,
    ):
        header, seeds_header = gold_file.readline(), seeds_file.readline()
    assert header == seeds_header


@every_corpus
def test_every_doc_id_names_an_article(name: str) -> None:
    missing = {row["doc_id"] for row in gold_of(name)} - set(articles_of(name))
    assert not missing, f"gold rows for files that do not exist: {sorted(missing)}"


@every_corpus
def test_indicators_and_units_match_the_vocabulary(name: str, indicators) -> None:
    bad = [
        (row["doc_id"], row["indicator"], row["unit"])
        for row in gold_of(name)
        if row["indicator"] not in indicators or indicators[row["indicator"]]["unit"] != row["unit"]
    ]
    assert not bad, f"unknown indicator or wrong unit: {bad}"


@every_corpus
def test_total_is_filled_exactly_for_units_with_a_denominator(name: str) -> None:
    """`total` is set (and >= value > 0) for count/rank-of-total units, and empty otherwise."""
    bad = []
    for row in gold_of(name):
        if row["unit"] in UNITS_WITH_TOTAL:
            ok = row["total"] != "" and 0 < float(row["value"]) <= float(row["total"])
        else:
            ok = row["total"] == ""
        if not ok:
            bad.append((row["doc_id"], row["indicator"], row["value"], row["total"]))
    assert not bad, f"total missing, spurious or smaller than value: {bad}"


@every_corpus
def test_districts_are_canonical(name: str, district_types) -> None:
    bad = {row["district"] for row in gold_of(name)} - set(district_types)
    assert not bad, f"non-canonical districts: {sorted(bad)}"


@every_corpus
def test_period_kind_and_year_are_valid(name: str) -> None:
    years = CORPORA[name].years
    bad = [
        (row["doc_id"], row["year"], row["period"], row["kind"])
        for row in gold_of(name)
        if not PERIOD_PATTERN.match(row["period"])
        or row["kind"] not in KINDS
        or int(row["year"]) not in years
    ]
    assert not bad, f"invalid period, kind or year: {bad}"


@every_corpus
def test_qualifiers_are_known_and_ordered(name: str) -> None:
    bad = [
        (row["doc_id"], row["qualifier"])
        for row in gold_of(name)
        if not qualifiers_are_known_and_ordered(qualifier_tokens(row["qualifier"]))
    ]
    assert not bad, f"unknown, repeated or misordered qualifiers: {bad}"


@pytest.mark.parametrize("name", [name for name, c in CORPORA.items() if c.values_printed])
def test_values_and_totals_come_from_numbers_in_the_sentence(name: str) -> None:
    """Each value follows from a number of its sentence by a FACTS.md rule; each total is printed."""
    bad = []
    for row in gold_of(name):
        value_ok = any(close(float(row["value"]), c) for c in derivable_values(row["sentence"]))
        total_ok = row["total"] == "" or any(
            close(float(row["total"]), p) for p in printed_numbers(row["sentence"])
        )
        if not (value_ok and total_ok):
            bad.append((row["doc_id"], row["indicator"], row["value"], row["total"]))
    assert not bad, f"value or total not derivable from the sentence: {bad}"


@every_corpus
def test_growth_signs_follow_the_wording(name: str, indicators) -> None:
    """Year-on-year values are negative exactly when a `giảm` (or `bằng N%`) says so."""
    yoy = {key for key, row in indicators.items() if row["basis"] == YEAR_ON_YEAR_BASIS}
    bad = []
    for row in gold_of(name):
        if row["indicator"] not in yoy:
            continue
        value = float(row["value"])
        decreases = decreases_in(row["sentence"])
        printed = printed_numbers(row["sentence"])
        if value > 0 and any(close(value, d) for d in decreases):
            bad.append((row["doc_id"], row["indicator"], value, "giảm gives a negative value"))
        if value < 0 and not any(close(-value, d) for d in decreases + [100 - p for p in printed]):
            bad.append((row["doc_id"], row["indicator"], value, "negative without giảm/bằng"))
    assert not bad, f"growth sign does not follow the sentence: {bad}"


@every_corpus
def test_no_fact_is_labelled_twice_in_one_article(name: str) -> None:
    """No two rows share doc, district, year, period, indicator, kind, value and total."""
    keys = [
        (*(row[c] for c in FACT_KEY_COLUMNS), float(row["value"]), row["total"])
        for row in gold_of(name)
    ]
    duplicates = {key for key in keys if keys.count(key) > 1}
    assert not duplicates, f"facts labelled twice: {sorted(duplicates)}"


@every_corpus
def test_each_file_has_the_encoding_its_name_announces(name: str) -> None:
    bad = [
        (path.name, actual, announced_form(path))
        for path in sorted(CORPORA[name].articles.glob("*.txt"))
        if (actual := raw_form(path.read_bytes())) != announced_form(path)
    ]
    assert not bad, f"(file, raw form, announced form): {bad}"


def test_the_label_helpers_read_what_they_claim() -> None:
    assert has_cue("thu ngân sách ước đạt 112%", "ước")
    assert not has_cue("thu ngân sách nhà nước đạt 112%", "ước")
    assert has_cue("đạt 11.200 tỷ đồng trở lên.", "trở lên")
    assert decreases_in("doanh thu giảm 22,5% so với cùng kỳ, tăng 3%") == [22.5]
    assert decreases_in("lần lượt giảm 22,5% và 9,1% so với cùng kỳ") == [22.5, 9.1]
    assert decreases_in("tăng 3,6%; doanh thu ước giảm tới 41%") == [41.0]
    assert derivable_values("đạt 2.145 tỷ 630 triệu") == pytest.approx(
        [2145, -2145, 2145000, 2.145, 2045, 2245, 630, -630, 630000, 0.63, 530, 730, 2145.63]
    )


# --- the labels: the variants corpus ----------------------------------------------------


def test_variant_sentences_are_verbatim_whole_sentences() -> None:
    articles = articles_of("variants")
    bad = [
        (row["doc_id"], row["sentence"][:60])
        for row in gold_of("variants")
        if row["sentence"] not in articles[row["doc_id"]]
        or not (row["sentence"][0].isupper() or row["sentence"][0].isdigit())
        or not row["sentence"].endswith(SENTENCE_END)
    ]
    assert not bad, f"sentences not found verbatim or not whole: {bad}"


def test_variant_non_articles_and_city_only_articles_have_no_facts() -> None:
    articles = articles_of("variants")
    labelled = {row["doc_id"] for row in gold_of("variants")}
    assert not labelled & (VARIANTS_NON_ARTICLES | VARIANTS_CITY_ONLY)
    assert all(articles[stem].strip() == "" for stem in VARIANTS_NON_ARTICLES)
    assert all(articles[stem].strip() for stem in VARIANTS_CITY_ONLY)


def test_variant_encodings_match_their_generator() -> None:
    generated = load_module(MAKE_ENCODINGS).encoded_articles()
    assert len(generated) == len(ENCODING_BY_SUFFIX)
    for file_name, data in generated.items():
        path = CORPORA["variants"].articles / file_name
        assert path.read_bytes() == data, f"{file_name} differs from its generator"


# --- the labels: the held-out corpus ----------------------------------------------------


def test_every_heldout_article_is_labelled() -> None:
    unlabelled = set(articles_of("heldout")) - {row["doc_id"] for row in gold_of("heldout")}
    assert not unlabelled, f"articles without any gold row: {sorted(unlabelled)}"


def test_heldout_sentences_are_whole_body_sentences() -> None:
    articles = articles_of("heldout")
    bad = [
        (row["doc_id"], row["sentence"][:60])
        for row in gold_of("heldout")
        if not (row["sentence"][0].isupper() or row["sentence"][0].isdigit())
        or row["sentence"] == articles[row["doc_id"]].split("\n", 1)[0].strip()  # the title
        or not body_occurrence_is_whole(row["sentence"], articles[row["doc_id"]])
    ]
    assert not bad, f"sentences not verbatim, not whole, a title, or outside the body: {bad}"


def test_heldout_districts_are_named_in_their_article() -> None:
    articles = articles_of("heldout")
    unnamed = {
        (row["doc_id"], row["district"])
        for row in gold_of("heldout")
        if fold(row["district"]) not in fold(articles[row["doc_id"]])
    }
    assert not unnamed, f"districts the article never names: {sorted(unnamed)}"


def test_heldout_targets_are_never_for_a_year_before_the_results() -> None:
    gold = gold_of("heldout")
    latest_result: dict[str, int] = {}
    for row in gold:
        if row["kind"] == "actual":
            latest_result[row["doc_id"]] = max(
                latest_result.get(row["doc_id"], 0), int(row["year"])
            )
    bad = [
        (row["doc_id"], row["indicator"], row["year"])
        for row in gold
        if row["kind"] == "target" and int(row["year"]) < latest_result.get(row["doc_id"], 0)
    ]
    assert not bad, f"targets older than the results they follow: {bad}"


def test_heldout_qualifiers_have_their_cue() -> None:
    bad = [
        (row["doc_id"], row["indicator"], row["qualifier"])
        for row in gold_of("heldout")
        if not all(
            any(has_cue(row["sentence"], cue) for cue in QUALIFIER_CUES.get(token, ()))
            for token in qualifier_tokens(row["qualifier"])
        )
    ]
    assert not bad, f"unknown or uncued qualifiers: {bad}"


def test_heldout_percent_beyond_plan_is_added_to_100(indicators) -> None:
    bad = [
        (row["doc_id"], row["indicator"], row["value"])
        for row in gold_of("heldout")
        if indicators[row["indicator"]]["basis"] in PLAN_BASES
        and any(
            close(float(row["value"]), parse_vn_number(n))
            for n in EXCEEDS_BY.findall(row["sentence"])
        )
    ]
    assert not bad, f"`vượt N%` labelled as N instead of 100 + N: {bad}"


def test_heldout_covers_what_it_was_written_for(indicators, district_types) -> None:
    gold = gold_of("heldout")
    districts = {row["district"] for row in gold}
    assert len(districts) >= HELDOUT_MIN_DISTRICTS
    assert {district_types[d] for d in districts} >= HELDOUT_DISTRICT_TYPES
    assert {row["period"] for row in gold} >= HELDOUT_PERIODS
    assert {int(row["year"]) for row in gold if row["kind"] == "actual"} >= HELDOUT_RESULT_YEARS
    assert {row["indicator"] for row in gold} == set(indicators)
    districts_per_doc: dict[str, set[str]] = {}
    for row in gold:
        districts_per_doc.setdefault(row["doc_id"], set()).add(row["district"])
    assert any(len(names) >= 2 for names in districts_per_doc.values())
