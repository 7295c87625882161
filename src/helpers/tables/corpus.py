"""A corpus folder in, the facts and articles tables out (and back from disk)."""

from __future__ import annotations

import hashlib
import io
import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from helpers.atomic import write_bytes_atomic
from helpers.extract.cache import extract_cached
from helpers.extract.facts import FACT_COLUMNS, ArticleFacts
from helpers.extract.reading import ArticleReadError, read_article, scan_corpus
from helpers.extract.validate import RejectedFigure, validate_article

logger = logging.getLogger(__name__)

ARTICLE_COLUMNS = (
    "doc_id",
    "file",
    "title",
    "published",
    "author",
    "outlet",
    "districts",
    "n_facts",
)
ERROR_COLUMNS = ("file", "error")
DUPLICATE_COLUMNS = ("file", "duplicate_of")
REJECTED_COLUMNS = ("doc_id", "district", "indicator", "value", "unit", "reason", "sentence")
_FACT_DTYPES = {
    "doc_id": "str",
    "district": "str",
    "year": "int64",
    "period": "str",
    "indicator": "str",
    "kind": "str",
    "value": "float64",
    "total": "Float64",
    "unit": "str",
    "qualifier": "str",
    "sentence": "str",
    "sentence_start": "int64",
    "start": "int64",
    "end": "int64",
    "rule": "str",
}
_ARTICLE_DTYPES = {c: "str" for c in ARTICLE_COLUMNS} | {"n_facts": "int64"}


def _empty_frame(columns: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame(columns=list(columns))


@dataclass
class CorpusTables:
    """The facts table, the articles table, one row per unreadable file, one per article
    skipped as a copy of another (`duplicates`), and one per figure rejected as
    implausible (`rejected`, see `helpers.extract.validate`)."""

    facts: pd.DataFrame
    articles: pd.DataFrame
    errors: pd.DataFrame
    duplicates: pd.DataFrame = field(default_factory=lambda: _empty_frame(DUPLICATE_COLUMNS))
    rejected: pd.DataFrame = field(default_factory=lambda: _empty_frame(REJECTED_COLUMNS))


def text_fingerprint(text: str) -> str:
    """A hash of an article's text with whitespace runs collapsed and the ends stripped
    (the text is already NFC with `\\n` line breaks): equal for copies of one article
    saved under other names, encodings or line endings."""
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()


def extract_corpus(corpus_dir: str | Path, cache_dir: str | Path | None = None) -> CorpusTables:
    """Read every article of a folder and extract its facts; unreadable files (and broken
    symlinks) are reported in `errors` (and logged) and skipped. An article whose text
    equals an earlier one's (by file name order, see `text_fingerprint`) is one source:
    it is skipped and listed in `duplicates`. Implausible figures are dropped and listed
    in `rejected`. With `cache_dir`, an article whose text and extractor are unchanged
    since a previous run is not extracted again."""
    scan = scan_corpus(Path(corpus_dir))
    errors = [{"file": path.name, "error": problem} for path, problem in scan.problems]
    for problem in errors:
        logger.warning("skipped: %s", problem["error"])
    cache = Path(cache_dir) if cache_dir else None
    duplicates: list[dict[str, str]] = []
    first_by_text: dict[str, str] = {}
    results: list[ArticleFacts] = []
    rejected: list[RejectedFigure] = []
    for path in scan.files:  # one article in memory at a time
        try:
            article = read_article(path)
        except ArticleReadError as error:
            logger.warning("skipped: %s", error)
            errors.append({"file": path.name, "error": str(error)})
            continue
        for warning in article.warnings:
            logger.warning("%s", warning)
        original = first_by_text.setdefault(text_fingerprint(article.text), path.name)
        if original != path.name:
            logger.warning("skipped: %s repeats the text of %s", path.name, original)
            duplicates.append({"file": path.name, "duplicate_of": original})
            continue
        result, implausible = validate_article(extract_cached(article, cache))
        for figure in implausible:
            logger.warning(
                "rejected figure in %s: %s; sentence: %s",
                figure.doc_id,
                figure.reason,
                figure.sentence,
            )
        results.append(result)
        rejected.extend(implausible)
    return CorpusTables(
        _facts_frame(results),
        _articles_frame(results),
        _errors_frame(errors),
        pd.DataFrame(duplicates, columns=list(DUPLICATE_COLUMNS)).astype("str"),
        pd.DataFrame([asdict(r) for r in rejected], columns=list(REJECTED_COLUMNS)),
    )


def _facts_frame(results: list[ArticleFacts]) -> pd.DataFrame:
    rows = [
        {column: getattr(fact, column) for column in FACT_COLUMNS}
        for result in results
        for fact in result.facts
    ]
    return _typed(pd.DataFrame(rows, columns=list(FACT_COLUMNS)), _FACT_DTYPES)


def _articles_frame(results: list[ArticleFacts]) -> pd.DataFrame:
    rows = [
        {
            "doc_id": r.doc_id,
            "file": r.file,
            "title": r.metadata.title,
            "published": r.metadata.published,
            "author": r.metadata.author,
            "outlet": r.metadata.outlet,
            "districts": ";".join(d.name for d in r.districts),
            "n_facts": len(r.facts),
        }
        for r in results
    ]
    return _typed(pd.DataFrame(rows, columns=list(ARTICLE_COLUMNS)), _ARTICLE_DTYPES)


def _errors_frame(errors: list[dict[str, str]]) -> pd.DataFrame:
    return pd.DataFrame(errors, columns=list(ERROR_COLUMNS)).astype("str")


def _typed(frame: pd.DataFrame, dtypes: dict[str, str]) -> pd.DataFrame:
    frame = frame.astype(dtypes)
    text_columns = [c for c, t in dtypes.items() if t == "str"]
    frame[text_columns] = frame[text_columns].fillna("")
    return frame


def articles_path_for(facts_path: str | Path) -> Path:
    """Where the articles table of a facts table lives: `<stem>_articles<suffix>` beside it."""
    facts_path = Path(facts_path)
    return facts_path.with_name(f"{facts_path.stem}_articles{facts_path.suffix}")


def table_bytes(frame: pd.DataFrame, name: str | Path) -> bytes:
    """The bytes of `frame` as a table file named `name`: CSV or Parquet by its suffix."""
    suffix = Path(name).suffix.lower()
    if suffix not in (".csv", ".parquet"):
        raise ValueError(f"{name}: unsupported table format {suffix!r}; use .csv or .parquet")
    if suffix == ".csv":
        return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


def _write_frame(frame: pd.DataFrame, path: Path) -> None:
    data = table_bytes(frame, path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(path, data)


def _read_frame(path: Path, dtypes: dict[str, str]) -> pd.DataFrame:
    if not path.exists():
        raise FileNotFoundError(f"table not found: {path}")
    if path.suffix.lower() == ".parquet":
        frame = pd.read_parquet(path)
    else:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        frame = frame.replace({"total": {"": None}})
    missing = set(dtypes) - set(frame.columns)
    if missing:
        raise ValueError(f"{path}: missing column(s) {sorted(missing)}")
    return _typed(frame[list(dtypes)], dtypes)


def write_tables(tables: CorpusTables, facts_path: str | Path) -> None:
    """Write the facts table (csv or parquet by suffix) and its articles table beside it."""
    facts_path = Path(facts_path)
    _write_frame(tables.facts, facts_path)
    _write_frame(tables.articles, articles_path_for(facts_path))


def load_tables(
    corpus_dir: str | Path,
    facts_path: str | Path | None = None,
    cache_dir: str | Path | None = None,
) -> CorpusTables:
    """Extract `corpus_dir` (see `extract_corpus`), or read a prebuilt facts table (and
    its articles table)."""
    if not facts_path:
        return extract_corpus(corpus_dir, cache_dir)
    facts_path = Path(facts_path)
    facts = _read_frame(facts_path, _FACT_DTYPES)
    articles = _read_frame(articles_path_for(facts_path), _ARTICLE_DTYPES)
    return CorpusTables(facts, articles, _errors_frame([]))


def extract_facts(corpus_dir: str | Path) -> pd.DataFrame:
    """The facts table of a corpus folder (unreadable articles are logged and skipped)."""
    return extract_corpus(corpus_dir).facts


def list_corpus(corpus_dir: str | Path) -> pd.DataFrame:
    """Per district of a corpus folder: years, periods, articles and fact counts."""
    return corpus_summary(extract_corpus(corpus_dir).facts)


def corpus_summary(facts: pd.DataFrame) -> pd.DataFrame:
    """Per district: the years and periods found, articles and fact counts (`other` apart)."""
    if facts.empty:
        return pd.DataFrame(
            columns=["district", "years", "periods", "articles", "facts", "other_facts"]
        )
    scored = facts["indicator"] != "other"
    grouped = facts.groupby("district", sort=True)
    return (
        pd.DataFrame(
            {
                "years": grouped["year"].agg(lambda s: ", ".join(str(y) for y in sorted(set(s)))),
                "periods": grouped["period"].agg(lambda s: ", ".join(sorted(set(s)))),
                "articles": grouped["doc_id"].nunique(),
                "facts": facts[scored].groupby("district")["doc_id"].size(),
                "other_facts": facts[~scored].groupby("district")["doc_id"].size(),
            }
        )
        .fillna(0)
        .astype({"facts": "int64", "other_facts": "int64"})
        .reset_index()
    )
