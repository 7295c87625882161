"""A corpus folder in, the facts and articles tables out (and back from disk)."""

from __future__ import annotations

import io
import logging
import os
import warnings
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import pandas as pd
import pyarrow

from helpers.atomic import write_bytes_atomic
from helpers.errors import EmptyCorpusError
from helpers.extract.fact import ArticleFacts, Fact
from helpers.extract.run.validate import RejectedFigure
from helpers.extract.text.cleaning import clean_article
from helpers.extract.text.metadata import GivenMetadata, find_title
from helpers.extract.text.reading import CorpusDocIds, nested_article_folders, scan_corpus
from helpers.sources.archives import ArchiveColumns
from helpers.sources.items import corpus_items, estimated_articles, read_named
from helpers.sources.sidecar import sidecar_metadata
from helpers.tables.article_batches import ArticleOutcome, extraction_executor, read_articles
from helpers.tables.citations import citation
from helpers.tables.correction_report import CorrectionsReport, read_report_beside
from helpers.tables.corrections import apply_corrections, corrections_path_for, read_corrections
from helpers.tables.safe_csv import csv_bytes, restore
from helpers.tables.schema import (
    ARTICLE_COLUMNS,
    EXTRACTED_FACT_COLUMNS,
    conform,
    conform_facts,
)

logger = logging.getLogger(__name__)

# pandas keeps text columns in Arrow arrays; Arrow's default (jemalloc) pool keeps what a
# table build frees in its arenas. The system allocator hands it back: the peak memory of
# extracting 10,000 articles falls by about 80 MiB. A choice made in the environment wins.
if "ARROW_DEFAULT_MEMORY_POOL" not in os.environ:
    pyarrow.set_memory_pool(pyarrow.system_memory_pool())

ERROR_COLUMNS = ("file", "error")
DUPLICATE_COLUMNS = ("file", "duplicate_of")
FACTS_PER_PART = 50_000  # facts held as Python objects before they become a table part
REJECTED_COLUMNS = ("doc_id", "district", "indicator", "value", "unit", "reason", "sentence")
# Article columns added after tables were first written: an older table reads them as ''.
OPTIONAL_ARTICLE_COLUMNS = ("url", "provenance")


def _empty_frame(columns: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame(columns=list(columns))


@dataclass
class CorpusTables:
    """The facts table, the articles table, one row per unreadable file, what the
        corrections file did (see helpers.tables.corrections), one row per article skipped as
        a copy of another (`duplicates`), and one per figure rejected as implausible
        (`rejected`, see `helpers.extract.run.validate`), and how many articles the prefilter passed
    over as naming no district (`about_no_district`, see `helpers.extract.run.prefilter`)."""

    facts: pd.DataFrame
    articles: pd.DataFrame
    errors: pd.DataFrame
    corrections: CorrectionsReport = field(default_factory=CorrectionsReport)
    duplicates: pd.DataFrame = field(default_factory=lambda: _empty_frame(DUPLICATE_COLUMNS))
    rejected: pd.DataFrame = field(default_factory=lambda: _empty_frame(REJECTED_COLUMNS))
    about_no_district: int = 0


def extract_corpus(
    corpus_dir: str | Path,
    cache_dir: str | Path | None = None,
    corrections_path: str | Path | None = None,
    workers: int | None = 1,
    executor: Executor | None = None,
    columns: ArchiveColumns | None = None,
) -> CorpusTables:
    """Read every article of a folder (or of one archive file: see helpers.sources, and
    `columns` for an archive's column names) and extract its facts; unreadable files (and
    broken symlinks) are reported in `errors` (and logged) and skipped. An article whose
    text equals an earlier one's (by file name order, see `text_fingerprint`) is one
    source: it is skipped and listed in `duplicates`. Every article's doc_id is unique
    (`CorpusDocIds`: `a.txt` beside `a.TXT` or `a.html`, an archive row whose id another
    article has). An article naming no district (or holding
    no digit) is not read further and only counted (`about_no_district`). Implausible
    figures are dropped and listed in `rejected`. With `cache_dir`, an article whose text
    and extractor are unchanged since a previous run is not extracted again. Then the
    corrections file (`corrections_path`, or `corrections.csv` beside the corpus folder
    when it exists) is applied; stale corrections are in `corrections.stale`.

    Articles are extracted in a pool of `workers` processes (None: every core; 1: in this
    process), or on `executor` when given (e.g. a Dask client's executor, `workers` then
    says how many tasks it runs at once); the tables are the same either way."""
    corpus_dir = Path(corpus_dir)
    scan = scan_corpus(corpus_dir)
    errors = [{"file": path.name, "error": problem} for path, problem in scan.problems]
    for problem in errors:
        logger.warning("skipped: %s", problem["error"])
    for folder in nested_article_folders(corpus_dir):
        logger.warning("not read: %s/ holds article files; only the folder's own are read", folder)
    cache = Path(cache_dir) if cache_dir else None
    doc_ids = CorpusDocIds(scan.files)
    duplicates: list[dict[str, str]] = []
    first_by_text: dict[str, str] = {}
    results: list[ArticleFacts] = []  # without their facts, which `facts` holds
    facts = _FactsParts()
    rejected: list[RejectedFigure] = []
    urls: dict[str, tuple[str, str]] = {}
    fact_counts: list[int] = []
    about_no_district = 0
    n_articles = estimated_articles(scan.files)
    stated = sidecar_metadata(corpus_dir)
    items = corpus_items(scan.files, columns, stated)
    with extraction_executor(executor, workers, n_articles) as (pool, pool_workers):
        for outcome in read_articles(items, cache, pool, pool_workers, n_articles):
            if outcome.error is not None:
                logger.warning("skipped: %s", outcome.error)
                errors.append({"file": outcome.file, "error": outcome.error})
                continue
            for warning in outcome.warnings:
                logger.warning("%s", warning)
            if outcome.result is None:
                about_no_district += 1
                continue
            original = first_by_text.setdefault(outcome.fingerprint, outcome.file)
            if original != outcome.file:
                logger.warning("skipped: %s repeats the text of %s", outcome.file, original)
                duplicates.append({"file": outcome.file, "duplicate_of": original})
                continue
            for figure in outcome.rejected:
                logger.warning(
                    "rejected figure in %s: %s; sentence: %s",
                    figure.doc_id,
                    figure.reason,
                    figure.sentence,
                )
            doc_id = doc_ids.doc_id(outcome.file, outcome.result.doc_id)
            result, figures = _with_doc_id(outcome, doc_id)
            urls[result.doc_id] = (outcome.url, outcome.url_source)
            facts.add(result.facts)
            results.append(replace(result, facts=()))
            fact_counts.append(len(result.facts))
            rejected.extend(figures)
    if about_no_district:
        logger.info("%d articles name no district (or hold no figure): not read", about_no_district)
    tables = CorpusTables(
        facts.frame(),
        _articles_frame(results, fact_counts, urls, stated),
        _errors_frame(errors),
        duplicates=pd.DataFrame(duplicates, columns=list(DUPLICATE_COLUMNS)).astype("str"),
        rejected=pd.DataFrame([asdict(r) for r in rejected], columns=list(REJECTED_COLUMNS)),
        about_no_district=about_no_district,
    )
    path = corrections_path_for(corpus_dir, corrections_path)
    return _corrected(tables, corpus_dir, path, columns) if path else tables


def articles_without_facts(articles: pd.DataFrame) -> list[str]:
    """The doc_ids of articles that were read (they name a district and hold a digit) but
    gave no fact: a possible miss a researcher should see, never a silent one."""
    return articles.loc[articles["n_facts"] == 0, "doc_id"].tolist()


def silent_articles_note(articles: pd.DataFrame, shown: int = 5) -> str:
    """One line naming the articles without facts (the first `shown`), or ""."""
    silent = articles_without_facts(articles)
    if not silent:
        return ""
    more = f" and {len(silent) - shown} more" if len(silent) > shown else ""
    return (
        f"{len(silent)} articles name a district but gave no fact: "
        f"{', '.join(silent[:shown])}{more} (n_facts = 0 in the articles table)"
    )


def _with_doc_id(
    outcome: ArticleOutcome, doc_id: str
) -> tuple[ArticleFacts, tuple[RejectedFigure, ...]]:
    """The outcome's result and rejected figures under `doc_id` (see `CorpusDocIds`): an
    article whose own doc_id is another article's is renamed, with a warning."""
    result = outcome.result
    assert result is not None
    if result.doc_id == doc_id:
        return result, outcome.rejected
    logger.warning(
        "%s: doc_id %s, as %r is another article's (names that differ only in case or "
        "Unicode form or in their ending, or an archive's id given twice)",
        outcome.file,
        doc_id,
        result.doc_id,
    )
    facts = tuple(replace(fact, doc_id=doc_id) for fact in result.facts)
    figures = tuple(replace(figure, doc_id=doc_id) for figure in outcome.rejected)
    return replace(result, doc_id=doc_id, facts=facts), figures


def _cleaned_text_reader(
    corpus_dir: Path, articles: pd.DataFrame, columns: ArchiveColumns | None
) -> Callable[[str], str | None]:
    """doc_id -> the article's cleaned text (as the extractor sees it), None if unreadable."""
    files = dict(zip(articles["doc_id"], articles["file"], strict=True))

    def cleaned_text(doc_id: str) -> str | None:
        if doc_id not in files:
            return None
        article = read_named(corpus_dir, files[doc_id], columns)
        if article is None:
            return None
        text = article.text
        return clean_article(text, find_title(text.split("\n"))).text

    return cleaned_text


def _corrected(
    tables: CorpusTables, corpus_dir: Path, path: Path, columns: ArchiveColumns | None = None
) -> CorpusTables:
    """The tables with the corrections of `path` applied and each article's facts recounted."""
    facts, report = apply_corrections(
        tables.facts,
        read_corrections(path),
        set(tables.articles["doc_id"]),
        _cleaned_text_reader(corpus_dir, tables.articles, columns),
        path,
    )
    counts = facts.groupby("doc_id").size()
    n_facts = tables.articles["doc_id"].map(counts).fillna(0).astype("int64")
    return replace(
        tables, facts=facts, articles=tables.articles.assign(n_facts=n_facts), corrections=report
    )


class _FactsParts:
    """The facts table built in parts of `FACTS_PER_PART` facts: a fact is a Python object
    only until its part becomes a table, so the peak memory stays near the table's own."""

    def __init__(self) -> None:
        self.parts: list[pd.DataFrame] = []
        self.pending: list[Fact] = []

    def add(self, facts: Sequence[Fact]) -> None:
        self.pending.extend(facts)
        if len(self.pending) >= FACTS_PER_PART:
            self._close_part()

    def _close_part(self) -> None:
        self.parts.append(_facts_frame(self.pending))
        self.pending = []

    def frame(self) -> pd.DataFrame:
        """The whole table, its parts in the order their facts were added."""
        if self.pending or not self.parts:
            self._close_part()
        if len(self.parts) == 1:
            return self.parts[0]
        return pd.concat(self.parts, ignore_index=True)


def _facts_frame(facts: list[Fact]) -> pd.DataFrame:
    # Column by column: a dict per row would hold every fact twice over at the peak.
    frame = pd.DataFrame(
        {column: [getattr(fact, column) for fact in facts] for column in EXTRACTED_FACT_COLUMNS},
        columns=list(EXTRACTED_FACT_COLUMNS),
    )
    return conform_facts(frame, "extracted facts")


def _articles_frame(
    results: list[ArticleFacts],
    fact_counts: list[int],
    urls: dict[str, tuple[str, str]],
    sidecar: dict[str, GivenMetadata],
) -> pd.DataFrame:
    rows = [
        {
            "doc_id": r.doc_id,
            "file": r.file,
            **citation(r.metadata, *urls.get(r.doc_id, ("", "")), sidecar.get(r.doc_id)),
            "districts": ";".join(d.name for d in r.districts),
            "n_facts": n_facts,
        }
        for r, n_facts in zip(results, fact_counts, strict=True)
    ]
    return conform(pd.DataFrame(rows, columns=list(ARTICLE_COLUMNS)), ARTICLE_COLUMNS, "articles")


def _errors_frame(errors: list[dict[str, str]]) -> pd.DataFrame:
    return pd.DataFrame(errors, columns=list(ERROR_COLUMNS)).astype("str")


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
        return csv_bytes(frame)
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


def write_frame(frame: pd.DataFrame, path: Path) -> None:
    """Write a table as .csv or .parquet (by suffix), atomically."""
    data = table_bytes(frame, path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(path, data)


def with_optional_columns(articles: pd.DataFrame) -> pd.DataFrame:
    """An articles table with the columns added since tables were first written ('')."""
    missing = {name: "" for name in OPTIONAL_ARTICLE_COLUMNS if name not in articles.columns}
    return articles.assign(**missing) if missing else articles


def _read_frame(path: Path) -> pd.DataFrame:
    if not path.exists():
        raise FileNotFoundError(f"table not found: {path}")
    if path.suffix.lower() == ".parquet":
        return pd.read_parquet(path)
    return restore(pd.read_csv(path, dtype=str, keep_default_na=False))


def write_tables(tables: CorpusTables, facts_path: str | Path) -> None:
    """Write the facts table (csv or parquet by suffix) and its articles table beside it,
    both checked against their schema first (see helpers.tables.schema)."""
    facts_path = Path(facts_path)
    facts, articles = conformed_tables(tables)
    write_frame(facts, facts_path)
    write_frame(articles, articles_path_for(facts_path))


def conformed_tables(tables: CorpusTables) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The facts and articles tables as they are written, checked against their schema."""
    return (
        conform_facts(tables.facts, "facts table"),
        conform(with_optional_columns(tables.articles), ARTICLE_COLUMNS, "articles table"),
    )


def read_facts(facts_path: str | Path) -> pd.DataFrame:
    """A facts table written by `write_tables` (or by hand, without the provenance
    columns), checked: a bad value raises SchemaError naming the row."""
    facts_path = Path(facts_path)
    return conform_facts(_read_frame(facts_path), str(facts_path))


def load_tables(
    corpus_dir: str | Path,
    facts_path: str | Path | None = None,
    cache_dir: str | Path | None = None,
    corrections_path: str | Path | None = None,
    workers: int | None = 1,
) -> CorpusTables:
    """Extract `corpus_dir` in `workers` processes and apply its corrections (see
    `extract_corpus`), or read a prebuilt facts table (and its articles table), whose
    corrections are already applied."""
    if not facts_path:
        return extract_corpus(corpus_dir, cache_dir, corrections_path, workers)
    facts_path = Path(facts_path)
    articles_path = articles_path_for(facts_path)
    articles = conform(
        with_optional_columns(_read_frame(articles_path)), ARTICLE_COLUMNS, str(articles_path)
    )
    return CorpusTables(read_facts(facts_path), articles, _errors_frame([]))


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


def load_notebook_tables(
    corpus_dir: str = "", facts_path: str = "", corrections_path: str = ""
) -> CorpusTables:
    """The tables a brief notebook reads from its parameters: a prebuilt `facts_path`
    when given (then `corpus_dir` and `corrections_path` are not read, the table carries
    its corrections, the report beside it says what they did (see
    `helpers.tables.correction_report`), and a warning says so when `corpus_dir` is set
    too), else the
    extraction of `corpus_dir` (default: the project's seeds/) with its corrections."""
    from helpers.paths import corpus_dir_path, corrections_file_path, facts_file_path

    if facts_path and corpus_dir:
        warnings.warn(
            f"facts_path {facts_path!r} is given, so corpus_dir {corpus_dir!r} is not read",
            UserWarning,
            stacklevel=2,
        )
    path = facts_file_path(facts_path)
    if path is not None:
        return replace(load_tables("", path), corrections=read_report_beside(path))
    folder = corpus_dir_path(corpus_dir)
    tables = load_tables(folder, corrections_path=corrections_file_path(corrections_path))
    if tables.articles.empty and tables.errors.empty:
        raise EmptyCorpusError(f"corpus_dir {folder} holds no articles: nothing to brief")
    return tables
