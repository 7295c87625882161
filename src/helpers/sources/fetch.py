"""`briefs fetch URLS.txt CORPUS_DIR`: a corpus of saved pages from a list of URLs.

Politely: one request at a time, at least `FetchPolicy.delay` seconds apart for one host
(longer when its robots.txt asks with `Crawl-delay`), robots.txt honoured for the
project's User-Agent, a timeout, and retries with doubling waits after a timeout, a
connection error, HTTP 429 or 5xx; redirects followed (up to `MAX_REDIRECTS`), each hop
spaced and checked against robots.txt like a request of its own. Each page is stored as
fetched (`DOC_ID.html`) and its row added to the folder's `sources.csv` (doc_id, url;
title, date, outlet from the page's metadata) as soon as it is stored, so an interrupted
run keeps what it fetched. A URL already in `sources.csv` with its page present is not
fetched again; a URL that fails is reported with its reason and the others go on.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from helpers.atomic import write_bytes_atomic, write_text_atomic
from helpers.extract.text.reading import ArticleReadError
from helpers.sources.pages import MAX_PAGE_BYTES, decode_page, page_article
from helpers.sources.sidecar import SIDECAR_NAME, WEB_URL

USER_AGENT = "district-briefs/0.1 (research on Hanoi district news; +https://github.com/)"
SOURCES_COLUMNS = ("doc_id", "url", "title", "date", "outlet")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_REDIRECTS = 5
_SLUG_CHARS = re.compile(r"[^a-z0-9]+")
_MAX_SLUG = 60


@dataclass(frozen=True)
class FetchPolicy:
    """How politely to fetch: seconds between requests to one host, per request, the
    retries after a transient failure and the first wait (doubled each time)."""

    delay: float = 2.0
    timeout: float = 30.0
    retries: int = 3
    backoff: float = 1.0
    user_agent: str = USER_AGENT


@dataclass
class FetchReport:
    """The URLs fetched, those already in the corpus, and those that failed with why."""

    fetched: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


class FetchError(Exception):
    """A URL that cannot be saved as a page; the message is the reason."""


def read_url_list(path: Path) -> list[str]:
    """The URLs of a list file, one a line, blank lines and `#` comments skipped, each once."""
    lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    urls = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    return list(dict.fromkeys(urls))


def doc_id_for(url: str) -> str:
    """A stable file stem for `url`: its host and last path words, and a digest of it."""
    parts = urlsplit(url)
    words = _SLUG_CHARS.sub("-", f"{parts.hostname or ''} {parts.path}".lower()).strip("-")
    digest = hashlib.sha256(url.encode()).hexdigest()[:10]
    return f"{words[-_MAX_SLUG:].lstrip('-')}-{digest}"


def fetch_urls(
    urls_file: Path,
    corpus_dir: Path,
    policy: FetchPolicy | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> FetchReport:
    """Fetch every URL of `urls_file` into `corpus_dir` (see the module docstring)."""
    policy = policy or FetchPolicy()
    corpus_dir = Path(corpus_dir)
    corpus_dir.mkdir(parents=True, exist_ok=True)
    sources = _SourcesTable(corpus_dir / SIDECAR_NAME)
    report = FetchReport()
    headers = {"User-Agent": policy.user_agent}
    with httpx.Client(headers=headers, timeout=policy.timeout) as client:
        fetcher = _PoliteFetcher(client, policy, sleep)
        for url in read_url_list(urls_file):
            known = sources.doc_id_of(url)
            if known and (corpus_dir / f"{known}.html").is_file():
                report.skipped.append(url)
                continue
            try:
                row = _save_page(fetcher, url, corpus_dir)
            except FetchError as error:
                report.failed.append((url, str(error)))
                continue
            sources.add(row)
            report.fetched.append(url)
    return report


def _save_page(fetcher: _PoliteFetcher, url: str, corpus_dir: Path) -> dict[str, str]:
    """Fetch `url`, store its page and return its `sources.csv` row."""
    if not WEB_URL.fullmatch(url):
        raise FetchError("not a web address")
    response = fetcher.get(url)
    content_type = response.headers.get("Content-Type", "")
    if not content_type.lower().startswith(_HTML_TYPES):
        raise FetchError(f"not an HTML page ({content_type or 'no Content-Type'})")
    doc_id = doc_id_for(url)
    path = corpus_dir / f"{doc_id}.html"
    try:
        markup, encoding, warnings = decode_page(path, response.content, content_type)
        given = page_article(path, doc_id, markup, encoding, warnings).given
    except ArticleReadError as error:
        raise FetchError(str(error).split(": ", 1)[-1]) from error
    write_bytes_atomic(path, response.content)
    stated = given if given is not None else None
    return {
        "doc_id": doc_id,
        "url": url,
        "title": stated.title if stated else "",
        "date": stated.published if stated else "",
        "outlet": stated.outlet if stated else "",
    }


class _PoliteFetcher:
    """GETs one at a time, spaced per host, within robots.txt, retried with back-off."""

    def __init__(
        self, client: httpx.Client, policy: FetchPolicy, sleep: Callable[[float], None]
    ) -> None:
        self.client = client
        self.policy = policy
        self.sleep = sleep
        self.last_request: dict[str, float] = {}
        self.robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}

    def get(self, url: str) -> httpx.Response:
        """The response of `url` (status 200, at most MAX_PAGE_BYTES); FetchError if not."""
        if not self._allowed(url):
            raise FetchError("disallowed by robots.txt")
        for attempt in range(self.policy.retries + 1):
            last = attempt == self.policy.retries
            try:
                response = self._request(url)
            except httpx.TimeoutException as error:
                if last:
                    raise FetchError(f"timed out after {self.policy.timeout:g} s") from error
            except httpx.HTTPError as error:
                if last:
                    raise FetchError(f"{type(error).__name__}: {error}") from error
            else:
                if response.status_code == 200:
                    return response
                if response.status_code not in _RETRY_STATUSES or last:
                    raise FetchError(f"HTTP {response.status_code}")
            self.sleep(self.policy.backoff * 2**attempt)
        raise AssertionError("unreachable")  # the last attempt returns or raises

    def _request(self, url: str) -> httpx.Response:
        """One GET, its redirects followed as requests of their own (spaced, and within
        robots.txt too)."""
        for _ in range(MAX_REDIRECTS + 1):
            response = self._request_once(url)
            if not response.is_redirect or "Location" not in response.headers:
                return response
            url = str(response.url.join(response.headers["Location"]))
            if not self._allowed(url):
                raise FetchError(f"redirected to {url}, disallowed by robots.txt")
        raise FetchError(f"more than {MAX_REDIRECTS} redirects")

    def _request_once(self, url: str) -> httpx.Response:
        self._wait_for(urlsplit(url).netloc)
        with self.client.stream("GET", url) as response:
            data = bytearray()
            for chunk in response.iter_bytes():
                data += chunk
                if len(data) > MAX_PAGE_BYTES:
                    raise FetchError(f"over the {MAX_PAGE_BYTES:,}-byte limit of a page")
        return httpx.Response(
            response.status_code,
            headers=response.headers,
            content=bytes(data),
            request=response.request,
        )

    def _wait_for(self, host: str) -> None:
        robots = self.robots.get(host)
        crawl_delay = robots.crawl_delay(self.policy.user_agent) if robots else None
        delay = max(self.policy.delay, float(crawl_delay or 0))
        if host in self.last_request:
            wait = self.last_request[host] + delay - time.monotonic()
            if wait > 0:
                self.sleep(wait)
        self.last_request[host] = time.monotonic()

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.netloc not in self.robots:
            self.robots[parts.netloc] = self._robots(f"{parts.scheme}://{parts.netloc}/robots.txt")
        robots = self.robots[parts.netloc]
        return robots is None or robots.can_fetch(self.policy.user_agent, url)

    def _robots(self, robots_url: str) -> urllib.robotparser.RobotFileParser | None:
        """The host's rules; None (everything allowed) when it has no robots.txt."""
        self._wait_for(urlsplit(robots_url).netloc)
        try:
            response = self.client.get(robots_url)
        except httpx.HTTPError:
            return None
        parser = urllib.robotparser.RobotFileParser(robots_url)
        if response.status_code in (401, 403):  # as urllib.robotparser reads them
            parser.parse(["User-agent: *", "Disallow: /"])
        elif response.status_code == 200:
            parser.parse(response.text.splitlines())
        else:
            return None
        return parser


class _SourcesTable:
    """The corpus folder's `sources.csv`, rewritten whole (atomically) as rows are added."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.columns = list(SOURCES_COLUMNS)
        self.rows: list[dict[str, str]] = []
        if path.is_file():
            reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")))
            self.columns += [c for c in reader.fieldnames or () if c not in self.columns]
            self.rows = list(reader)
        self.by_url = {row.get("url", ""): row.get("doc_id", "") for row in self.rows}

    def doc_id_of(self, url: str) -> str:
        return self.by_url.get(url, "")

    def add(self, row: dict[str, str]) -> None:
        self.rows = [r for r in self.rows if r.get("doc_id") != row["doc_id"]] + [row]
        self.by_url[row["url"]] = row["doc_id"]
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, self.columns, restval="", lineterminator="\n")
        writer.writeheader()
        writer.writerows(self.rows)
        write_text_atomic(self.path, buffer.getvalue())
