"""Invariance cases: changes to an article's form that must not change its facts.

Each perturbation takes an article's text (and the districts it must not borrow for
furniture headlines) and returns the text a reader would take for the same article: page
furniture added (`furniture` rows of `wording.csv`), the title dropped, the byline moved,
NFD text, CRLF line ends, a web page's invisible and no-break spaces, doubled spaces, extra
blank lines, lines hard-wrapped as in a PDF (two widths, titles too, right under a
related-news block), the
diacritics dropped. The base articles are a
spread of minimum-function cases and every article of `tests/data/real/` and `seeds/`.
"""

from __future__ import annotations

import unicodedata
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from behaviour import minimum_function as mft
from behaviour.harness import Case, extract_keys
from behaviour.templates import District, districts, fill, phrase, wording
from helpers.extract.text.reading import read_article
from helpers.extract.text.textnorm import fold

FAMILY = "inv"
ROOT = Path(__file__).resolve().parents[2]
REAL_DIRS = (
    ROOT / "tests" / "data" / "real" / "articles",
    ROOT / "tests" / "data" / "real-raw" / "articles",
    ROOT / "seeds",
)
# Articles held back from tuning (benchmarks/score_real.py --set-aside): no case reads them,
# so no failure message shows their facts to whoever fixes the suite.
SET_ASIDE = ROOT / "tests" / "data" / "set_aside.csv"
MIN_PARAGRAPHS = 3  # furniture goes inside an article of at least three paragraphs
MFT_EVERY = 15  # one base article in every fifteen minimum-function cases
_PARAGRAPH = "\n\n"
_DIACRITICS = {"đ": "d", "Đ": "D"}
WRAP_CHARS = 50  # the width of a wrapped line (a PDF column, a flipbook page)
WRAP_NARROW_CHARS = 30  # a narrow column (a two-column PDF, a phone-width flipbook)
_CLOSING = frozenset('.!?…:;”"»)]')


@dataclass(frozen=True)
class Article:
    """A base article: its text, the district it is about, and two districts it never names."""

    id: str
    text: str
    about: str
    others: tuple[District, District]


def _furniture(key: str, article: Article) -> str:
    first, second = article.others
    return fill(
        phrase("furniture", key).text,
        {
            "Other1": first.written("cap"),
            "Other2": second.written("cap"),
            "OTHER1": first.written("upper"),
            "district": article.about,
        },
    )


def _paragraphs(text: str) -> list[str]:
    return text.strip("\n").split(_PARAGRAPH)


def _insert(text: str, block: str, at: int) -> str:
    """`block` as a paragraph before paragraph `at` (negative: counted from the end), never
    above the first paragraph (which holds the title): at the end when there is no room."""
    paragraphs = _paragraphs(text)
    position = at % len(paragraphs)
    if position == 0 or len(paragraphs) < MIN_PARAGRAPHS:
        position = len(paragraphs)
    return _PARAGRAPH.join([*paragraphs[:position], block, *paragraphs[position:]]) + "\n"


def _before_last(key: str) -> Callable[[str, Article], str]:
    return lambda text, article: _insert(text, _furniture(key, article), -1)


def _at_end(key: str) -> Callable[[str, Article], str]:
    return lambda text, article: text.rstrip("\n") + _PARAGRAPH + _furniture(key, article) + "\n"


def _at_start(key: str) -> Callable[[str, Article], str]:
    return lambda text, article: _furniture(key, article) + _PARAGRAPH + text


def _inserted(name: str, what: str) -> Perturbation:
    def perturb(text: str, article: Article) -> str:
        rows = wording(name)
        return _insert(text, rows[zlib.crc32(article.id.encode()) % len(rows)].text, -1)

    perturb.__doc__ = f"""A sentence {what} (one `{name}` row of `wording.csv`, chosen by the
    article) before the last paragraph: it changes none of the article's facts."""
    return perturb


def _drop_title(text: str, _: Article) -> str:
    return _PARAGRAPH.join(_paragraphs(text)[1:]) + "\n"


def _move_byline(text: str, _: Article) -> str:
    """The publication line (the second paragraph of a built article) moved to the end."""
    paragraphs = _paragraphs(text)
    return _PARAGRAPH.join([paragraphs[0], *paragraphs[2:], paragraphs[1]]) + "\n"


def _nfd(text: str, _: Article) -> str:
    return unicodedata.normalize("NFD", text)


def _web_spaces(text: str, _: Article) -> str:
    """Spacing as a web page copied into a file gives it: every third space a no-break
    space, a zero-width space before the others, a soft hyphen after a percent sign, and a
    byte-order mark and a word joiner at the start."""
    words = text.split(" ")
    spaces = ["\u00a0" if i % 3 == 2 else "\u200b " for i in range(len(words) - 1)]
    spaced = "".join(w + s for w, s in zip(words, [*spaces, ""], strict=True))
    return "\ufeff\u2060" + spaced.replace("%\u200b", "%\u00ad")


def _double_spaces(text: str, _: Article) -> str:
    return text.replace(" ", "  ")


def _crlf(text: str, _: Article) -> str:
    return text.replace("\n", "\r\n")


def _blank_lines(text: str, _: Article) -> str:
    """A blank line (and trailing spaces) after every line but a hard-wrapped one: splitting
    a wrapped sentence into two paragraphs changes what the text says."""
    lines = text.split("\n")
    out = []
    for line, following in zip(lines, [*lines[1:], ""], strict=True):
        words = following.split()
        wrapped = bool(line.strip()) and _wraps_before(words[0] if words else "", line.rstrip())
        out.append(line + ("\n" if wrapped else "  \n\n"))
    return "\n\n" + "".join(out) + "\n\n"


def _wraps_before(word: str, last: str) -> bool:
    """Whether a PDF-style wrap may fall between `last` and `word`: the line left open (no
    closing punctuation) and the next word in lower case or a figure. A wrap after closing
    punctuation or before a capital cannot be told from a line break, so none is made."""
    if not word or last[-1:] in _CLOSING:
        return False
    return word[0].isdigit() or (word[0].isalpha() and word[0].islower())


def _wrapped(line: str, width: int) -> list[str]:
    """`line` broken as a PDF breaks it: a line break instead of the first space past
    `width` where one may fall (`_wraps_before`)."""
    out, length, current = [], 0, []
    for word in line.split(" "):
        if current and length >= width and _wraps_before(word, current[-1]):
            out.append(" ".join(current))
            current, length = [], 0
        current.append(word)
        length += len(word) + 1
    out.append(" ".join(current))
    return out


def _hard_wrap_at(width: int, titles: bool = False) -> Perturbation:
    """Every paragraph of body text (a line that ends a sentence) longer than `width`
    wrapped as a PDF, a thesis or a flipbook page does; titles, headings and bylines too
    when `titles` (a PDF wraps its headings as well), else they stay whole."""

    def perturb(text: str, _: Article) -> str:
        out = []
        for line in text.split("\n"):
            if titles or line.rstrip()[-1:] in _CLOSING:
                out.extend(_wrapped(line, width))
            else:
                out.append(line)
        return "\n".join(out)

    return perturb


def _wrap_after_related(text: str, article: Article) -> str:
    """A related-news block set right above a body paragraph (no blank line between, as
    pages saved as text have it), the text then hard-wrapped: the wrapped paragraph is
    article text, not more headlines."""
    lines = text.split("\n")
    body = [i for i, line in enumerate(lines) if len(line) > WRAP_CHARS and line[-1:] in _CLOSING]
    at = body[len(body) // 2] if body else len(lines)
    lines[at:at] = _furniture("related", article).split("\n")
    return _hard_wrap_at(WRAP_CHARS)("\n".join(lines), article)


def _no_diacritics(text: str, _: Article) -> str:
    """The text as an outlet that drops every diacritic writes it."""
    stripped = "".join(_DIACRITICS.get(c, c) for c in unicodedata.normalize("NFD", text))
    return "".join(c for c in stripped if not unicodedata.combining(c))


Perturbation = Callable[[str, Article], str]
# Perturbations any article can take, and those only a built article can (its layout known).
PERTURBATIONS: dict[str, Perturbation] = {
    "related": _at_end("related"),
    "interest": _before_last("interest"),
    "share": _at_end("share"),
    "counter": _at_end("counter"),
    "comments": _at_end("comments"),
    "copyright": _at_end("copyright"),
    "caption": _before_last("caption"),
    "weather": _at_start("weather"),
    "event_strip": _at_start("event_strip"),
    "headlines_run_together": _at_end("headlines_run_together"),
    "elsewhere": _inserted(
        "elsewhere", "with figures of a place outside Hanoi (a province, its towns, a city)"
    ),
    "unit": _inserted(
        "unit", "with figures of a named company, cooperative, industrial park or project"
    ),
    "small_amount": _inserted(
        "small_amount", "with an amount under 1 tỷ đồng (a fine, a fee, a price, a household's)"
    ),
    "party": _inserted(
        "party",
        "with money of a party (a fine, a debt, a price, a bank's capital, a company's or a"
        " project's money), a quota, bodies founded or a vote on a motion",
    ),
    "since": _inserted("since", "naming the year a span started (`từ ... năm 2008 đến nay`)"),
    "dated_document": _inserted(
        "dated_document", "naming a dated document (`Quyết định số ... ngày 5/6/2019`)"
    ),
    "nfd": _nfd,
    "crlf": _crlf,
    "web_spaces": _web_spaces,
    "double_spaces": _double_spaces,
    "blank_lines": _blank_lines,
    "hard_wrap": _hard_wrap_at(WRAP_CHARS),
    "hard_wrap_narrow": _hard_wrap_at(WRAP_NARROW_CHARS),
    "hard_wrap_titles": _hard_wrap_at(WRAP_CHARS, titles=True),
    "wrap_after_related": _wrap_after_related,
    "no_diacritics": _no_diacritics,
}
BUILT_ONLY: dict[str, Perturbation] = {
    "caption_district": _before_last("caption_district"),
    "drop_title": _drop_title,
    "move_byline": _move_byline,
}


def _others(text: str, about: str) -> tuple[District, District]:
    """Two districts the text never names (folded), in the districts file's order."""
    folded = fold(text)
    free = [d for d in districts() if d.name != about and fold(d.name) not in folded]
    return free[0], free[len(free) // 2]


def built_articles() -> list[Article]:
    """One minimum-function article in every `MFT_EVERY`."""
    out = []
    for case in mft.all_cases()[::MFT_EVERY]:
        about = next(iter(case.expected_keys())).district if case.expected else ""
        out.append(Article(case.id, case.text, about, _others(case.text, about)))
    return out


@cache
def real_articles() -> list[Article]:
    """The published articles of `tests/data/real/` and the seeds that yield a fact, less
    the articles set aside."""
    held = set(SET_ASIDE.read_text(encoding="utf-8").split()[1:])
    out = []
    for directory in REAL_DIRS:
        for path in sorted(directory.glob("*.txt")):
            if path.stem in held:
                continue
            text = read_article(path).text
            facts = extract_keys(text)
            if not facts:
                continue
            about = sorted(facts)[0].district
            out.append(Article(f"{directory.name}.{path.stem}", text, about, _others(text, about)))
    return out


def _cases(articles: list[Article], perturbations: dict[str, Perturbation]) -> list[Case]:
    return [
        Case(
            f"inv.{name}.{article.id}",
            f"{FAMILY}.{name}",
            perturb(article.text, article),
            base=article.text,
        )
        for article in articles
        for name, perturb in perturbations.items()
    ]


def all_cases() -> list[Case]:
    """Every invariance case."""
    built = built_articles()
    return [
        *_cases(built, {**PERTURBATIONS, **BUILT_ONLY}),
        *_cases(real_articles(), PERTURBATIONS),
    ]
