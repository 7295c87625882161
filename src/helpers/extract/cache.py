"""A content-addressed cache of per-article extraction results, stored as JSON.

An article is re-extracted only when its text or the extractor changed: the key is a
hash of the article's name and text and of the extractor's fingerprint (the source of
the `helpers` package and its data files). Scheduled runs over a growing corpus then pay
only for new or edited articles.

Entries are plain JSON (never pickle: a file planted in the cache folder is data, it
cannot run code). A result is turned into a dict by its dataclass fields and rebuilt
from the type hints of those fields, so fields added to `Fact` or `ArticleFacts` flow
through without change here. An entry is trusted only when it holds the key it is
stored under, and every value has its field's type; otherwise it is rebuilt.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import types
import typing
from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from helpers.atomic import write_text_atomic
from helpers.extract.facts import ArticleFacts, extract_article
from helpers.extract.reading import Article

logger = logging.getLogger(__name__)

_FINGERPRINTED = ("**/*.py", "data/*.csv", "lexicons/*.csv")
ENTRY_SUFFIX = ".json"
ENTRY_FORMAT = 1
_KEY_FIELD = "key"
_FORMAT_FIELD = "format"
_RESULT_FIELD = "result"


class CacheEntryError(ValueError):
    """A cache entry that does not hold a result of the expected shape and types."""


@cache
def extractor_fingerprint() -> str:
    """A hash of everything that can change what extraction returns: the extraction
    subpackage's code, its data and its lexicons (not the brief or batch code)."""
    package = resources.files("helpers.extract")
    digest = hashlib.sha256()
    for pattern in _FINGERPRINTED:
        root = Path(str(package))
        for path in sorted(root.glob(pattern)):
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_key(article: Article) -> str:
    """The cache key of one article under the current extractor."""
    digest = hashlib.sha256(extractor_fingerprint().encode())
    digest.update(article.path.name.encode())
    digest.update(article.text.encode())
    if article.given is not None:  # what the source states goes into the metadata
        digest.update(json.dumps(to_json_value(article.given), ensure_ascii=False).encode())
    return digest.hexdigest()


def to_json_value(value: Any) -> Any:
    """A dataclass (and the tuples, lists, dicts and scalars in it) as JSON-ready data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json_value(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [to_json_value(item) for item in value]
    if isinstance(value, dict):
        return {str(key): to_json_value(item) for key, item in value.items()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise TypeError(f"cannot store a {type(value).__name__} in the extraction cache")


def from_json_value(data: Any, hint: Any) -> Any:
    """Rebuild a value of type `hint` from `to_json_value` data; CacheEntryError when the
    data does not have that type."""
    return _decoder(hint)(data)


Decoder = Callable[[Any], Any]


@cache
def _decoder(hint: Any) -> Decoder:
    """A function rebuilding values of type `hint` (made once per type: entries are many)."""
    origin = typing.get_origin(hint)
    if hint is Any:
        return lambda data: data
    if origin in (typing.Union, types.UnionType):
        return _union_decoder(typing.get_args(hint))
    if origin in (tuple, list):
        return _sequence_decoder(hint, origin, typing.get_args(hint))
    if origin is dict:
        value_hint = (typing.get_args(hint) or (str, Any))[1]
        return _dict_decoder(_decoder(value_hint))
    if dataclasses.is_dataclass(hint):
        return _dataclass_decoder(hint)
    return _scalar_decoder(hint)


def _union_decoder(options: tuple[Any, ...]) -> Decoder:
    optional = type(None) in options
    decoders = [_decoder(option) for option in options if option is not type(None)]

    def decode(data: Any) -> Any:
        if data is None and optional:
            return None
        for decoder in decoders:
            try:
                return decoder(data)
            except CacheEntryError:
                continue
        raise CacheEntryError(f"{data!r} is none of {options}")

    return decode


def _sequence_decoder(hint: Any, origin: type, args: tuple[Any, ...]) -> Decoder:
    if origin is tuple and args and args[-1] is not Ellipsis:
        fixed = [_decoder(arg) for arg in args]

        def decode_fixed(data: Any) -> tuple:
            if not isinstance(data, list) or len(data) != len(fixed):
                raise CacheEntryError(f"expected {len(fixed)} items for {hint}")
            return tuple(decoder(item) for decoder, item in zip(fixed, data, strict=True))

        return decode_fixed
    item = _decoder(args[0] if args else Any)

    def decode(data: Any) -> Any:
        if not isinstance(data, list):
            raise CacheEntryError(f"expected a list for {hint}, got {type(data).__name__}")
        items = [item(value) for value in data]
        return tuple(items) if origin is tuple else items

    return decode


def _dict_decoder(value: Decoder) -> Decoder:
    def decode(data: Any) -> dict:
        if not isinstance(data, dict):
            raise CacheEntryError(f"expected an object, got {type(data).__name__}")
        return {key: value(item) for key, item in data.items()}

    return decode


def _dataclass_decoder(cls: type) -> Decoder:
    hints = typing.get_type_hints(cls)
    fields = [
        (
            field.name,
            _decoder(hints[field.name]),
            field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING,
        )
        for field in dataclasses.fields(cls)
    ]
    names = {name for name, _, _ in fields}

    def decode(data: Any) -> Any:
        if not isinstance(data, dict):
            raise CacheEntryError(f"expected an object for {cls.__name__}")
        values = {}
        for name, decoder, required in fields:
            if name in data:
                values[name] = decoder(data[name])
            elif required:
                raise CacheEntryError(f"{cls.__name__}.{name} missing")
        unknown = data.keys() - names
        if unknown:
            raise CacheEntryError(f"{cls.__name__} has no field(s) {sorted(unknown)}")
        return cls(**values)

    return decode


def _scalar_decoder(hint: Any) -> Decoder:
    name = getattr(hint, "__name__", str(hint))

    def decode(data: Any) -> Any:
        if hint is float and type(data) in (int, float):
            return float(data)
        if type(data) is hint or (hint is type(None) and data is None):
            return data
        raise CacheEntryError(f"expected {name}, got {data!r}")

    return decode


def read_entry(path: Path, key: str) -> ArticleFacts:
    """The result stored at `path`; CacheEntryError unless it is a well-typed result
    stored under `key`."""
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CacheEntryError(f"not a JSON cache entry: {error}") from error
    if not isinstance(entry, dict) or entry.get(_FORMAT_FIELD) != ENTRY_FORMAT:
        raise CacheEntryError("not a cache entry of this format")
    if entry.get(_KEY_FIELD) != key:
        raise CacheEntryError("the entry's key is not the one it is stored under")
    return from_json_value(entry.get(_RESULT_FIELD), ArticleFacts)


def write_entry(path: Path, key: str, result: ArticleFacts) -> None:
    """Store `result` under `key` at `path`, atomically."""
    entry = {_FORMAT_FIELD: ENTRY_FORMAT, _KEY_FIELD: key, _RESULT_FIELD: to_json_value(result)}
    write_text_atomic(path, json.dumps(entry, ensure_ascii=False) + "\n")


def extract_cached(article: Article, cache_dir: Path | None) -> ArticleFacts:
    """`extract_article`, reusing a stored result for an unchanged article and extractor."""
    if cache_dir is None:
        return extract_article(article)
    key = cache_key(article)
    path = cache_dir / f"{key}{ENTRY_SUFFIX}"
    if path.exists():
        try:
            return read_entry(path, key)
        except CacheEntryError as error:  # a damaged or planted entry is rebuilt, not trusted
            logger.warning("extraction cache entry %s rebuilt: %s", path.name, error)
            path.unlink(missing_ok=True)
    result = extract_article(article)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        write_entry(path, key, result)
    except OSError as error:  # a cache that cannot grow (full disk) only costs time
        _warn_once(cache_dir, f"extraction cache {cache_dir} not written: {error}")
    return result


_warned_dirs: set[Path] = set()


def _warn_once(cache_dir: Path, message: str) -> None:
    if cache_dir not in _warned_dirs:
        _warned_dirs.add(cache_dir)
        logger.warning("%s", message)
