"""A corpus folder in, the facts and articles tables out (and back from disk)."""

from __future__ import annotations

import io
import logging
import warnings
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers.atomic import write_bytes_atomic, write_text_atomic
from helpers.extract.cache import extract_cached
from helpers.extract.facts import FACT_COLUMNS, ArticleFacts
from helpers.extract.reading import ArticleReadError, corpus_files, read_article
from helpers.tables.sources import sidecar_urls, url_in_text

logger = logging.getLogger(__name__)

ARTICLE_COLUMNS = (
    "doc_id",
    "file",
    "title",
    "published",
    "author",
    "outlet",
    "url",
    "districts",
    "n_facts",
)
# Columns added after tables were first written: an older table without them reads as ''.
OPTIONAL_ARTICLE_COLUMNS = ("url",)
ERROR_COLUMNS = ("file", "error")
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


@dataclass
class CorpusTables:
    """The facts table, the articles table, and one row per unreadable file."""

    facts: pd.DataFrame
    articles: pd.DataFrame
    errors: pd.DataFrame


def extract_corpus(corpus_dir: str | Path, cache_dir: str | Path | None = None) -> CorpusTables:
    """Read every article of a folder and extract its facts; unreadable files are reported
    in `errors` (and logged) and skipped. With `cache_dir`, an article whose text and
    extractor are unchanged since a previous run is not extracted again."""
    results: list[ArticleFacts] = []
    errors: list[dict[str, str]] = []
    urls: dict[str, str] = {}
    for path in corpus_files(Path(corpus_dir)):
        try:
            article = read_article(path)
        except ArticleReadError as error:
            logger.warning("skipped: %s", error)
            errors.append({"file": path.name, "error": str(error)})
            continue
        for warning in article.warnings:
            logger.warning("%s", warning)
        urls[article.doc_id] = url_in_text(article.text)
        results.append(extract_cached(article, Path(cache_dir) if cache_dir else None))
    urls |= sidecar_urls(Path(corpus_dir))
    articles = _articles_frame(results, urls)
    return CorpusTables(_facts_frame(results), articles, _errors_frame(errors))


def _facts_frame(results: list[ArticleFacts]) -> pd.DataFrame:
    rows = [
        {column: getattr(fact, column) for column in FACT_COLUMNS}
        for result in results
        for fact in result.facts
    ]
    return _typed(pd.DataFrame(rows, columns=list(FACT_COLUMNS)), _FACT_DTYPES)


def _articles_frame(results: list[ArticleFacts], urls: dict[str, str]) -> pd.DataFrame:
    rows = [
        {
            "doc_id": r.doc_id,
            "file": r.file,
            "title": r.metadata.title,
            "published": r.metadata.published,
            "author": r.metadata.author,
            "outlet": r.metadata.outlet,
            "url": urls.get(r.doc_id, ""),
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


def _write_frame(frame: pd.DataFrame, path: Path) -> None:
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".parquet"):
        raise ValueError(f"{path}: unsupported table format {suffix!r}; use .csv or .parquet")
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".csv":
        write_text_atomic(path, frame.to_csv(index=False, lineterminator="\n"))
    else:
        buffer = io.BytesIO()
        frame.to_parquet(buffer, index=False)
        write_bytes_atomic(path, buffer.getvalue())


def _read_frame(path: Path, dtypes: dict[str, str]) -> pd.DataFrame:
    if not path.exists():
        raise FileNotFoundError(f"table not found: {path}")
    if path.suffix.lower() == ".parquet":
        frame = pd.read_parquet(path)
    else:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        frame = frame.replace({"total": {"": None}})
    for column in OPTIONAL_ARTICLE_COLUMNS:
        if column in dtypes and column not in frame.columns:
            frame = frame.assign(**{column: ""})
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


def load_notebook_tables(corpus_dir: str = "", facts_path: str = "") -> CorpusTables:
    """The tables a brief notebook reads from its parameters: a prebuilt `facts_path`
    when given (then `corpus_dir` is not read, and a warning says so when both are set),
    else the extraction of `corpus_dir` (default: the project's seeds/)."""
    from helpers.paths import corpus_dir_path, facts_file_path

    if facts_path and corpus_dir:
        warnings.warn(
            f"facts_path {facts_path!r} is given, so corpus_dir {corpus_dir!r} is not read",
            UserWarning,
            stacklevel=2,
        )
    if facts_path:
        return load_tables("", facts_file_path(facts_path))
    return load_tables(corpus_dir_path(corpus_dir))
