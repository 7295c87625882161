"""A web page as an article: its encoding, its main text and what its metadata states.

The main text is trafilatura's (the article without menus, related news, share bars,
comments and footers); the title, publication date (trafilatura's metadata and htmldate's
reading of the markup: `article:published_time`, JSON-LD `NewsArticle`, `<time>`...),
author, outlet (`og:site_name`) and canonical URL come from the page's metadata and are
recorded as stated by the `page`. The title opens the text, as it does in a `.txt` article.

Encodings: a byte-order mark, then the charset the page or its HTTP response declares
(`<meta charset>`, `Content-Type`), then UTF-8, then Windows-1258 (see
helpers.extract.text.reading).
"""

from __future__ import annotations

import codecs
import html as html_entities
import re
from pathlib import Path

from helpers.extract.text.metadata import GivenMetadata, combined, stated_by
from helpers.extract.text.reading import (
    Article,
    ArticleReadError,
    decode_bytes,
    doc_id_of,
    normalise_text,
    read_bounded_bytes,
)
from helpers.extract.text.textnorm import nfc
from helpers.sources.records import Record, iso_date

_MAX_NAME_WORDS = 6
# htmldate (through trafilatura) reads the date from the page's markup only: its extensive
# search reads dates out of the text too, and took `21/21 chỉ tiêu` for 2021-01-01. A page
# whose markup states no date is dated by its text's byline, as a `.txt` article is.
_DATE_FROM_MARKUP = {"extensive_search": False, "original_date": True}
# Pages carry scripts and styles beside the article: bounded well above a news page.
MAX_PAGE_BYTES = 8_000_000
PAGE = "page"
_CHARSET_SCAN_BYTES = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Entities that may spell a Vietnamese letter (`&#7897;`, `&agrave;`): unescaped before the
# prefilter reads a page.
_LETTER_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z]+(?:grave|acute|circ|tilde|dot));", re.I)


def declared_charset(data: bytes, header: str = "") -> str:
    """The charset an HTTP `Content-Type` header or the page's `<meta>` declares, if known
    to Python ('' otherwise)."""
    found = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", header, re.I)
    name = found.group(1) if found else ""
    if not name and (meta := _META_CHARSET.search(data[:_CHARSET_SCAN_BYTES])):
        name = meta.group(1).decode("ascii")
    try:
        return codecs.lookup(name).name if name else ""
    except LookupError:
        return ""


def decode_page(path: Path, data: bytes, header: str = "") -> tuple[str, str, tuple[str, ...]]:
    """Text, encoding and warnings of a page's bytes (see the module docstring)."""
    if len(data) > MAX_PAGE_BYTES:
        raise ArticleReadError(
            path, f"{len(data):,} bytes, over the {MAX_PAGE_BYTES:,}-byte limit of a page"
        )
    charset = "" if data.startswith(_BOMS) else declared_charset(data, header)
    if charset:
        try:
            return data.decode(charset), charset, ()
        except UnicodeDecodeError:
            pass  # a wrong declaration: detect as for a text file
    return decode_bytes(path, data)


def page_may_hold_facts(markup: str) -> bool:
    """The prefilter (helpers.extract.run.prefilter) on a whole page: False means its text names
    no district or holds no digit, so extracting its text would find no fact."""
    from helpers.extract.run.prefilter import may_hold_facts

    if _LETTER_ENTITY.search(markup):
        markup = html_entities.unescape(markup)
    return may_hold_facts(nfc(markup))


def page_article(
    path: Path,
    doc_id: str,
    markup: str,
    encoding: str,
    warnings: tuple[str, ...] = (),
    stated: GivenMetadata | None = None,
) -> Article:
    """The article of a decoded page; what the page's metadata states wins over `stated`
    (a web-archive record's URL and date). ArticleReadError when it has no main text."""
    import trafilatura

    document = trafilatura.bare_extraction(
        markup,
        with_metadata=True,
        include_comments=False,
        date_extraction_params=_DATE_FROM_MARKUP,
    )
    if document is None or isinstance(document, dict):  # a dict only when asked for one
        raise ArticleReadError(path, "no article text found in the page")
    body = (document.text or "").strip()
    if not body:
        raise ArticleReadError(path, "no article text found in the page")
    title = (document.title or "").strip()
    page = stated_by(
        PAGE,
        title=title,
        published=iso_date(document.date),
        author=_a_name(document.author or ""),
        outlet=document.sitename or "",
        url=document.url or "",
    )
    given = combined(page, stated) if stated else page
    text = body if not title or body.startswith(title) else f"{title}\n\n{body}"
    return Article(doc_id, path, normalise_text(path, nfc(text)), encoding, warnings, given)


def _a_name(author: str) -> str:
    """`author` when it reads as a person's or a desk's name (capitalised words, no digit),
    else '': trafilatura may take a byline's date or view counter for one."""
    words = author.replace(",", " ").split()
    if not words or len(words) > _MAX_NAME_WORDS or any(ch.isdigit() for ch in author):
        return ""
    return author.strip() if all(word[0].isupper() for word in words) else ""


def read_page(path: Path) -> Article:
    """A saved page file (`.html`, `.htm`) as an article; its stem (NFC) is its `doc_id`."""
    data = read_bounded_bytes(path, MAX_PAGE_BYTES, "a page")
    markup, encoding, warnings = decode_page(path, data)
    return page_article(path, doc_id_of(path.name), markup, encoding, warnings)


def record_page(record: Record) -> tuple[str, str]:
    """A web-archive response's page, decoded, and its encoding."""
    markup, encoding, _ = decode_page(record.path, record.html, record.content_type)
    return markup, encoding
