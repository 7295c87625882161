"""Build a large corpus of variant articles from the five seed articles.

Each variant takes one seed article and
- moves it to another district: the seed's own district (the one it names most often) is
  renamed everywhere, with its type word (quận / huyện / thị xã, and the party committee
  `Quận ủy` / `Huyện ủy` / `Thị ủy`) changed to the new district's type; mentions of other
  districts and lists such as `quận, huyện, thị xã` are left alone;
- shifts every year by one offset, chosen so that the year the article reports on (its
  first `năm YYYY`) falls in 2018–2024;
- perturbs its figures (percentages, đồng amounts, thousands-grouped counts, `X/Y` counts
  and ranks) by a seeded random draw, keeping Vietnamese number formatting
  (`.` groups thousands, `,` is the decimal mark).

Usage: python benchmarks/make_corpus.py OUT_DIR -n 10000 [--seed 0] [--no-district-share 0.9]
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"
REPORT_YEARS = (2018, 2024)
FIGURE_JITTER = 0.15  # figures are scaled by a factor in [1 - jitter, 1 + jitter]
TOTAL_JITTER = 2  # `X/Y` totals move by at most this much
UNCHANGED_PERCENT = 100.0  # `100%` means "all" and stays as it is
COMMITTEE_PREFIX = {"quận": "quận", "huyện": "huyện", "thị xã": "thị"}
FILE_INDEX_WIDTH = 5
DISTINCT_ATTEMPTS = 20  # re-draws before a perturbed figure may equal another one
# Districts of other cities: an article moved to one of them names no Hanoi district.
PLACES_OUTSIDE_HANOI = ("Hải Châu", "Ninh Kiều", "Hồng Bàng", "Lê Chân", "Thủ Đức", "Gò Vấp")
NO_DISTRICT_SLUG = "elsewhere"

TYPE_WORD = r"(?:[Qq]uận|[Hh]uyện|[Tt]hị\s+xã)"
TYPE_LIST = rf"(?<!\w){TYPE_WORD}(?:\s*[,/]?\s*{TYPE_WORD})+(?!\w)"  # "quận, huyện, thị xã"
YEAR = re.compile(r"(?<![\d.,])(?:19|20)\d{2}(?!\d|[.,]\d)")
REPORT_YEAR = re.compile(r"(?<!\w)[Nn]ăm\s+((?:19|20)\d{2})(?!\d)")
NUMBER = re.compile(
    r"(?<![\w.,/-])(?P<int>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<dec>\d+))?(?![\w/]|[.,]\d)"
    r"(?P<unit>\s*%|\s+(?:nghìn\s+|ngàn\s+)?tỷ|\s+triệu\s+đồng)?"
)
FRACTION = re.compile(r"(?<![\w.,/-])(?P<rank>thứ\s+)?(?P<x>\d+)/(?P<y>\d+)(?![\w/]|[.,]\d)")
DATE_WORD_BEFORE = re.compile(r"(?<!\w)[Nn]gày\s+$")
DATE_LOOKBACK = 12  # characters before a fraction searched for `ngày`


@dataclass(frozen=True)
class DistrictName:
    """A Hanoi district as listed in the package's hanoi_districts.csv."""

    name: str
    type: str
    slug: str


def load_districts() -> list[DistrictName]:
    """All districts from `helpers/data/hanoi_districts.csv`, in file order."""
    table = resources.files("helpers.extract.data").joinpath("hanoi_districts.csv")
    with table.open(encoding="utf-8", newline="") as handle:
        return [
            DistrictName(unicodedata.normalize("NFC", row["name"]), row["type"], row["slug"])
            for row in csv.DictReader(handle)
        ]


def select_districts(names: list[str] | None, known: list[DistrictName]) -> list[DistrictName]:
    """The districts to rotate through: all of `known`, or those named (canonical names)."""
    if names is None:
        return known
    if not names:
        raise ValueError("districts must name at least one district (or be None for all)")
    by_name = {district.name: district for district in known}
    wanted = [unicodedata.normalize("NFC", name) for name in names]
    unknown = [name for name in wanted if name not in by_name]
    if unknown:
        raise ValueError(f"unknown district(s) {unknown}; valid names: {', '.join(by_name)}")
    return [by_name[name] for name in wanted]


def _name_pattern(name: str) -> str:
    return rf"(?<!\w){re.escape(name)}(?!\w)"


def find_source_district(text: str, known: list[DistrictName]) -> DistrictName:
    """The district an article is about: the one whose name it mentions most often."""
    counts = {d: len(re.findall(_name_pattern(d.name), text)) for d in known}
    source = max(counts, key=counts.__getitem__)
    if counts[source] == 0:
        raise ValueError("the article names no Hanoi district")
    return source


def _either_case(word: str) -> str:
    """A regex for `word` with its first letter in either case."""
    first = word[0]
    return f"[{first.upper()}{first.lower()}]{re.escape(word[1:])}"


def _match_case(template: str, word: str) -> str:
    return word[:1].upper() + word[1:] if template[:1].isupper() else word


def replace_district(
    text: str, source: DistrictName, target: DistrictName, known: list[DistrictName]
) -> str:
    """Rename `source` to `target` in `text`, changing the type word where it refers to it."""
    named = re.compile(rf"(?:(?<!\w)(?P<type>{TYPE_WORD})\s+)?{_name_pattern(source.name)}")

    def rename(match: re.Match[str]) -> str:
        type_word = match["type"]
        if type_word is None:
            return target.name
        return f"{_match_case(type_word, target.type)} {target.name}"

    text = named.sub(rename, text)
    if source.type == target.type:
        return text

    committee = rf"{_either_case(COMMITTEE_PREFIX[source.type])}\s+(?:ủy|uỷ)"
    own_type = _either_case(source.type)
    others = "|".join(re.escape(d.name) for d in known if d.name != target.name)
    retypable = re.compile(
        rf"(?P<list>{TYPE_LIST})"
        rf"|(?P<other>(?<!\w)(?:{committee}|{own_type})\s+(?:{others})(?!\w))"
        rf"|(?<!\w)(?:(?P<committee>{committee})|(?P<type>{own_type}))(?!\w)"
    )

    def retype(match: re.Match[str]) -> str:
        if match["committee"]:
            prefix = _match_case(match["committee"], COMMITTEE_PREFIX[target.type])
            return prefix + match["committee"][len(COMMITTEE_PREFIX[source.type]) :]
        if match["type"]:
            return _match_case(match["type"], target.type)
        return match[0]

    return retypable.sub(retype, text)


def move_out_of_hanoi(text: str, known: list[DistrictName], rng: random.Random) -> str:
    """`text` with every Hanoi district's name (in any case) replaced by a district of
    another city: an article about no Hanoi district, like most of a news archive."""
    names = "|".join(re.escape(d.name) for d in sorted(known, key=lambda d: -len(d.name)))
    place = rng.choice(PLACES_OUTSIDE_HANOI)
    return re.sub(rf"(?<!\w)(?:{names})(?!\w)", place, text, flags=re.IGNORECASE)


def report_year(text: str) -> int | None:
    """The year an article reports on: its first `năm YYYY`, else its earliest year."""
    stated = REPORT_YEAR.search(text)
    if stated:
        return int(stated[1])
    years = [int(year) for year in YEAR.findall(text)]
    return min(years) if years else None


def shift_years(text: str, offset: int) -> str:
    """Add `offset` to every year (a bare 19xx/20xx number) in `text`."""
    return YEAR.sub(lambda match: str(int(match[0]) + offset), text)


def parse_vn_number(integer_part: str, decimal_part: str | None) -> float:
    """`1.050` + None → 1050.0; `102` + `80` → 102.8 (Vietnamese digit groups and decimals)."""
    digits = integer_part.replace(".", "")
    return float(f"{digits}.{decimal_part}" if decimal_part else digits)


def format_vn_number(value: float, decimals: int) -> str:
    """Format like Vietnamese news: `.` between thousands, `,` before decimals."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def _jittered(value: float, decimals: int, rng: random.Random) -> float:
    scaled = round(value * rng.uniform(1 - FIGURE_JITTER, 1 + FIGURE_JITTER), decimals)
    smallest = 10.0**-decimals
    return max(scaled, smallest) if value > 0 else scaled


def perturb_numbers(text: str, rng: random.Random) -> str:
    """Scale percentages, đồng amounts and thousands-grouped counts; keep everything else.

    The same written figure gets the same new figure everywhere in the article, and
    different figures stay different (so no two facts merge into one).
    """
    replaced: dict[str, str] = {}

    def perturb(match: re.Match[str]) -> str:
        unit = match["unit"] or ""
        grouped = "." in match["int"]
        value = parse_vn_number(match["int"], match["dec"])
        is_percent = unit.strip() == "%"
        if not (unit or grouped) or (is_percent and value == UNCHANGED_PERCENT):
            return match[0]
        if match[0] not in replaced:
            decimals = len(match["dec"] or "")
            taken = set(replaced.values())
            for _ in range(DISTINCT_ATTEMPTS):
                new_figure = format_vn_number(_jittered(value, decimals, rng), decimals) + unit
                if new_figure not in taken:
                    break
            replaced[match[0]] = new_figure
        return replaced[match[0]]

    return NUMBER.sub(perturb, text)


def perturb_fractions(text: str, rng: random.Random) -> str:
    """Move `X/Y` counts (one distinct new total per old total); re-draw `thứ X/Y` ranks."""
    new_totals: dict[int, int] = {}

    def perturb(match: re.Match[str]) -> str:
        done, total = int(match["x"]), int(match["y"])
        is_date = DATE_WORD_BEFORE.search(
            text, max(0, match.start() - DATE_LOOKBACK), match.start()
        )
        if done > total or is_date:
            return match[0]
        if match["rank"]:
            return f"{match['rank']}{rng.randint(1, total)}/{total}"
        if total not in new_totals:
            taken = set(new_totals.values())
            nearby = range(max(1, total - TOTAL_JITTER), total + TOTAL_JITTER + 1)
            free = [candidate for candidate in nearby if candidate not in taken]
            new_totals[total] = rng.choice(free) if free else total
        new_total = new_totals[total]
        new_done = new_total if done == total else min(done, new_total)
        return f"{new_done}/{new_total}"

    return FRACTION.sub(perturb, text)


def make_variant_article(
    seed_text: str,
    source: DistrictName,
    target: DistrictName,
    rng: random.Random,
    known: list[DistrictName],
    year: int | None = None,
) -> str:
    """One variant of `seed_text` (about `source`) about `target`: shifted so that it
    reports on `year` (default: drawn from `REPORT_YEARS`), perturbed."""
    text = replace_district(unicodedata.normalize("NFC", seed_text), source, target, known)
    base_year = report_year(text)
    if base_year is None:
        return perturb_numbers(perturb_fractions(text, rng), rng)
    drawn = rng.randint(*REPORT_YEARS)  # drawn either way: the random stream stays the same
    offset = (year or drawn) - base_year
    text = shift_years(text, offset)
    text = perturb_fractions(text, rng)
    return perturb_numbers(text, rng)


def read_seed_articles(seeds_dir: Path = SEEDS_DIR) -> list[str]:
    """The seed articles' texts (NFC), in file-name order."""
    paths = sorted(seeds_dir.glob("*.txt"))
    if not paths:
        raise FileNotFoundError(f"no seed articles (*.txt) in {seeds_dir}")
    return [unicodedata.normalize("NFC", path.read_text(encoding="utf-8")) for path in paths]


def make_variant_corpus(
    out_dir: Path,
    n_articles: int,
    seed: int = 0,
    districts: list[str] | None = None,
    no_district_share: float = 0.0,
    years_in_turn: tuple[int, int] | None = None,
) -> list[Path]:
    """Write `n_articles` variant articles to `out_dir` as `NNNNN_<slug>.txt`; return the paths.

    Article `i` is seed `i mod 5` moved to district `(i div 5) mod len(districts)`, so every
    district gets every seed. With `no_district_share`, that share of the articles (drawn
    at random) is then moved out of Hanoi (`move_out_of_hanoi`, `NNNNN_elsewhere.txt`): a
    mixed news archive. With `years_in_turn` (first, last), the report year is not drawn:
    each round of every seed about every district takes the next year of the range, so
    3,000 articles over 30 districts and 2015–2024 are 10 articles per district and year.
    The output depends only on `seed` and the article index.
    """
    width = max(FILE_INDEX_WIDTH, len(str(max(n_articles - 1, 0))))
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for index, slug, text in variant_articles(
        n_articles, seed, districts, no_district_share, years_in_turn
    ):
        path = out_dir / f"{index:0{width}d}_{slug}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def variant_articles(
    n_articles: int,
    seed: int = 0,
    districts: list[str] | None = None,
    no_district_share: float = 0.0,
    years_in_turn: tuple[int, int] | None = None,
) -> Iterator[tuple[int, str, str]]:
    """(index, district slug or `elsewhere`, text) of each article `make_variant_corpus`
    writes, in order, one at a time."""
    if n_articles < 0:
        raise ValueError(f"n_articles must be >= 0, got {n_articles}")
    if not 0.0 <= no_district_share <= 1.0:
        raise ValueError(f"no_district_share must be in [0, 1], got {no_district_share}")
    known = load_districts()
    targets = select_districts(districts, known)
    seed_texts = read_seed_articles()
    sources = [find_source_district(text, known) for text in seed_texts]
    rng = random.Random(seed)
    for index in range(n_articles):
        seed_index = index % len(seed_texts)
        target = targets[(index // len(seed_texts)) % len(targets)]
        year = None
        if years_in_turn is not None:
            first, last = years_in_turn
            year = first + (index // (len(seed_texts) * len(targets))) % (last - first + 1)
        text = make_variant_article(
            seed_texts[seed_index], sources[seed_index], target, rng, known, year
        )
        slug = target.slug
        if no_district_share and rng.random() < no_district_share:
            text, slug = move_out_of_hanoi(text, known, rng), NO_DISTRICT_SLUG
        yield index, slug, text


def main(argv: list[str] | None = None) -> int:
    """Command line: write a variant corpus to OUT_DIR."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, help="folder to write the articles to")
    parser.add_argument("-n", "--n-articles", type=int, default=10_000, help="default 10000")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--districts", nargs="+", help="canonical names (default: all 30)")
    parser.add_argument(
        "--no-district-share",
        type=float,
        default=0.0,
        help="share of articles moved out of Hanoi, naming no district (default 0)",
    )
    parser.add_argument(
        "--years-in-turn",
        type=int,
        nargs=2,
        metavar=("FIRST", "LAST"),
        help="report years taken in turn, a round of all districts each (default: drawn)",
    )
    args = parser.parse_args(argv)
    years = tuple(args.years_in_turn) if args.years_in_turn else None
    paths = make_variant_corpus(
        args.out_dir, args.n_articles, args.seed, args.districts, args.no_district_share, years
    )
    print(f"wrote {len(paths)} articles to {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
