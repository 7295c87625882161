"""`briefs fetch` against a local HTTP server (127.0.0.1): saved pages, sources.csv, each
failure reported with its reason, nothing fetched twice."""

from __future__ import annotations

import contextlib
import csv
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from helpers.cli import main
from helpers.sources.fetch import USER_AGENT, FetchPolicy, doc_id_for, fetch_urls
from helpers.tables.corpus import extract_corpus

PAGES = Path(__file__).resolve().parent / "data" / "pages"
POLICY = FetchPolicy(delay=0.2, timeout=0.5, retries=1, backoff=0.01)
ROBOTS = b"User-agent: *\nDisallow: /private/\n"


class _Site(BaseHTTPRequestHandler):
    hits: ClassVar[dict[str, int]] = {}
    times: ClassVar[list[float]] = []
    agents: ClassVar[set[str]] = set()

    def do_GET(self) -> None:
        path = self.path
        _Site.hits[path] = _Site.hits.get(path, 0) + 1
        _Site.times.append(time.monotonic())
        _Site.agents.add(self.headers.get("User-Agent", ""))
        if path == "/robots.txt":
            return self._send(200, "text/plain", ROBOTS)
        if path == "/a.html":
            return self._send(200, "text/html; charset=utf-8", (PAGES / "g1_03.html").read_bytes())
        if path == "/old":
            self.send_response(301)
            self.send_header("Location", "/b.html")
            self.end_headers()
            return None
        if path == "/b.html":
            return self._send(200, "text/html", (PAGES / "g1_09.html").read_bytes())
        if path == "/flaky.html":  # fails once, then serves a Windows-1258 page
            if _Site.hits[path] == 1:
                return self._send(503, "text/plain", b"busy")
            return self._send(
                200, "text/html; charset=windows-1258", (PAGES / "g1_10.html").read_bytes()
            )
        if path == "/broken":
            return self._send(500, "text/plain", b"error")
        if path == "/slow.html":
            time.sleep(2)
            return self._send(200, "text/html", b"<html>late</html>")
        if path == "/report.pdf":
            return self._send(200, "application/pdf", b"%PDF-1.4")
        return self._send(404, "text/plain", b"not found")

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # a client timed out
            self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    for name in ("NO_PROXY", "no_proxy"):  # a proxy in the environment is not for this server
        monkeypatch.setenv(name, "127.0.0.1")
    _Site.hits, _Site.times, _Site.agents = {}, [], set()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_fetch_saves_pages_reports_failures_and_skips_what_is_there(
    site: str, tmp_path: Path
) -> None:
    good = [f"{site}/a.html", f"{site}/old", f"{site}/flaky.html"]
    bad = {
        f"{site}/missing.html": "HTTP 404",
        f"{site}/broken": "HTTP 500",
        f"{site}/slow.html": "timed out after 0.5 s",
        f"{site}/report.pdf": "not an HTML page (application/pdf)",
        f"{site}/private/x.html": "disallowed by robots.txt",
        "ftp://example.org/x": "not a web address",
    }
    urls = tmp_path / "urls.txt"
    urls.write_text(
        "# collected while reading\n" + "\n".join([*good, *bad, good[0]]) + "\n", "utf-8"
    )
    corpus = tmp_path / "corpus"
    started = time.monotonic()
    report = fetch_urls(urls, corpus, POLICY)
    assert time.monotonic() - started < 20
    assert report.fetched == good
    assert dict(report.failed) == bad
    assert _Site.hits["/broken"] == 2 and _Site.hits["/flaky.html"] == 2  # retried once
    assert _Site.hits["/robots.txt"] == 1
    assert _Site.agents == {USER_AGENT}
    gaps = [b - a for a, b in zip(_Site.times, _Site.times[1:], strict=False)]
    assert min(gaps) >= POLICY.delay - 0.05  # one host: requests spaced (server-side clock)

    with (corpus / "sources.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["url"] for row in rows] == good
    assert [row["doc_id"] for row in rows] == [doc_id_for(url) for url in good]
    assert rows[0]["title"] == "Quận Đống Đa thu ngân sách đạt hơn 7.000 tỷ đồng"
    assert (rows[0]["date"], rows[0]["outlet"]) == ("2016-12-29", "Kinh tế & Đô thị")
    assert rows[2]["title"] == "Quận Hoàn Kiếm: Thu ngân sách 6 tháng đạt 59,5% dự toán năm"
    assert sorted(p.name for p in corpus.glob("*.html")) == sorted(
        f"{row['doc_id']}.html" for row in rows
    )

    hits = dict(_Site.hits)
    again = fetch_urls(urls, corpus, POLICY)
    assert again.skipped == good and again.fetched == []
    assert all(_Site.hits[path] == hits[path] for path in ("/a.html", "/b.html", "/flaky.html"))

    tables = extract_corpus(corpus)
    assert len(tables.articles) == 3 and tables.errors.empty
    assert len(tables.facts) > 20


def test_briefs_fetch_exits_1_and_lists_the_failed(site: str, tmp_path: Path, capsys) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text(f"{site}/a.html\n{site}/missing.html\n", encoding="utf-8")
    code = main(["fetch", str(urls), str(tmp_path / "c"), "--delay", "0.01", "--timeout", "2"])
    err = capsys.readouterr().err
    assert code == 1
    assert f"failed: {site}/missing.html: HTTP 404" in err
    assert "1 fetched, 0 already there, 1 failed" in err
