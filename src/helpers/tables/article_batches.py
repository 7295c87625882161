"""Read and extract the articles of a corpus in batches, in this process or on an executor.

Each article becomes an `ArticleOutcome`: its read error, or its text fingerprint and, when
the prefilter lets it through, its extracted and validated facts. Batches go to any
`concurrent.futures.Executor` (a process pool here, a Dask `Client.get_executor()` on a
cluster) and come back in file order, so the caller's result does not depend on how many
workers there were. Nothing here logs: the caller reports every warning in file order.
"""

from __future__ import annotations

import hashlib
import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from helpers.extract.fact import ArticleFacts
from helpers.extract.lexicon import load_lexicon
from helpers.extract.reference.gazetteer import mention_patterns
from helpers.extract.run import prefilter
from helpers.extract.run.cache import extract_cached
from helpers.extract.run.prefilter import may_hold_facts
from helpers.extract.run.validate import RejectedFigure, validate_article
from helpers.extract.text.metadata import FROM_TEXT
from helpers.extract.text.reading import Article, ArticleReadError
from helpers.sources.items import Item, Unreadable, read_item
from helpers.sources.sidecar import url_in_text

# Articles per task: big enough that sending a task costs little beside extracting it
# (~7 ms an article), small enough that workers finish together.
MAX_BATCH_ARTICLES = 64
BATCHES_PER_WORKER = 4
# Below this many articles a pool costs more to start than it saves.
MIN_POOLED_ARTICLES = 48
# Batches sent ahead per worker: enough to keep it busy, few enough that an archive read
# as it goes is never held whole.
BATCHES_IN_FLIGHT_PER_WORKER = 2


@dataclass(frozen=True)
class ArticleOutcome:
    """What reading one file gave: `error`; or that the prefilter passed over it
    (`about_no_district`); or the text's `fingerprint`, its facts `result` and the
    `rejected` figures."""

    file: str
    error: str | None = None
    warnings: tuple[str, ...] = ()
    fingerprint: str = ""
    about_no_district: bool = False
    result: ArticleFacts | None = None
    rejected: tuple[RejectedFigure, ...] = ()
    url: str = ""
    url_source: str = ""


def text_fingerprint(text: str) -> str:
    """A hash of an article's text with whitespace runs collapsed and the ends stripped
    (the text is already NFC with `\\n` line breaks): equal for copies of one article
    saved under other names, encodings or line endings."""
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()


def read_one(item: Item, cache_dir: Path | None) -> ArticleOutcome:
    """Read, prefilter, extract (through the cache) and validate one article (a file, or a
    record of an archive: see helpers.sources.items)."""
    if isinstance(item, Unreadable):
        return ArticleOutcome(item.name, error=item.error)
    try:
        article = read_item(item)
    except ArticleReadError as error:
        return ArticleOutcome(item.name, error=str(error))
    if article is None or not may_hold_facts(_with_page_words(article)):  # no fingerprint
        warnings = article.warnings if article is not None else ()
        return ArticleOutcome(item.name, warnings=warnings, about_no_district=True)
    result, implausible = validate_article(extract_cached(article, cache_dir))
    given = article.given
    url, url_source = (given.url, given.source_of("url")) if given and given.url else ("", "")
    if not url and (url := url_in_text(article.text)):
        url_source = FROM_TEXT
    return ArticleOutcome(
        item.name,
        warnings=article.warnings,
        fingerprint=text_fingerprint(article.text),
        result=result,
        rejected=tuple(implausible),
        url=url,
        url_source=url_source,
    )


def _with_page_words(article: Article) -> str:
    """The article's text, and the title and URL words its source states (a page may name
    the district its text does not)."""
    if article.given is None:
        return article.text
    return "\n".join((article.text, *article.given.page_words()))


def read_batch(items: Sequence[Item], cache_dir: Path | None) -> list[ArticleOutcome]:
    """`read_one` for each item, in order (one executor task)."""
    return [read_one(item, cache_dir) for item in items]


def batch_size(n_articles: int, workers: int) -> int:
    """Articles per batch: about `BATCHES_PER_WORKER` batches per worker, at most
    `MAX_BATCH_ARTICLES`."""
    return max(1, min(MAX_BATCH_ARTICLES, -(-n_articles // (workers * BATCHES_PER_WORKER))))


def batched(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    batch: list[Item] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def read_articles(
    items: Iterable[Item],
    cache_dir: Path | None,
    executor: Executor | None,
    workers: int = 1,
    n_articles: int | None = None,
) -> Iterator[ArticleOutcome]:
    """Every item's outcome, in the order of `items`: in this process without `executor`,
    else in batches on it (`workers`: how many it runs at once; `n_articles`: about how many
    items there are, to size the batches). Items are taken as batches are sent, at most
    `BATCHES_IN_FLIGHT_PER_WORKER` per worker ahead of the results consumed."""
    if executor is None:
        for item in items:
            yield read_one(item, cache_dir)
        return
    size = batch_size(n_articles if n_articles is not None else MAX_BATCH_ARTICLES, workers)
    pending: deque[Future[list[ArticleOutcome]]] = deque()
    for batch in batched(items, size):
        pending.append(executor.submit(read_batch, batch, cache_dir))
        if len(pending) >= workers * BATCHES_IN_FLIGHT_PER_WORKER:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def default_workers() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


@contextmanager
def local_pool(workers: int | None, n_articles: int) -> Iterator[tuple[Executor | None, int]]:
    """A process pool of `workers` (default: every core) for `n_articles`, and its size; no
    pool (None, 1) for one worker or a corpus too small to gain from one."""
    if workers is not None and workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    count = min(workers or default_workers(), max(1, n_articles // MAX_BATCH_ARTICLES + 1))
    if count <= 1 or n_articles < MIN_POOLED_ARTICLES:
        yield None, 1
        return
    warm_up()  # forked workers inherit what is loaded, instead of each loading it
    with ProcessPoolExecutor(
        max_workers=count, initializer=_die_with_parent, initargs=(os.getpid(),)
    ) as pool:
        yield pool, count


@contextmanager
def extraction_executor(
    given: Executor | None, workers: int | None, n_articles: int
) -> Iterator[tuple[Executor | None, int]]:
    """The `given` executor (running `workers` tasks at once), else `local_pool`."""
    if given is not None:
        yield given, workers or 1
        return
    with local_pool(workers, n_articles) as pool:
        yield pool


def warm_up() -> None:
    """Load what every extraction needs (the lexicons, the district patterns, the
    prefilter's matcher) once."""
    load_lexicon()
    mention_patterns()
    prefilter.warm_up()


def _die_with_parent(parent_pid: int) -> None:
    from helpers.lifeline import die_with_parent

    die_with_parent(parent_pid)
