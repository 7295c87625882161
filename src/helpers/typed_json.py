"""Typed JSON: dataclasses to JSON-ready data and back, every value checked against the
type hints of its field (used for the extraction cache and `run.json`, files a user or
an attacker may have edited: anything of the wrong shape is an error, never a crash
later)."""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from functools import cache
from typing import Any


class JsonShapeError(ValueError):
    """Data that does not have the shape and types expected."""


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
    """Rebuild a value of type `hint` from `to_json_value` data; JsonShapeError when the
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
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
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
            except JsonShapeError:
                continue
        raise JsonShapeError(f"{data!r} is none of {options}")

    return decode


def _sequence_decoder(hint: Any, origin: type, args: tuple[Any, ...]) -> Decoder:
    if origin is tuple and args and args[-1] is not Ellipsis:
        fixed = [_decoder(arg) for arg in args]

        def decode_fixed(data: Any) -> tuple:
            if not isinstance(data, list) or len(data) != len(fixed):
                raise JsonShapeError(f"expected {len(fixed)} items for {hint}")
            return tuple(decoder(item) for decoder, item in zip(fixed, data, strict=True))

        return decode_fixed
    item = _decoder(args[0] if args else Any)

    def decode(data: Any) -> Any:
        if not isinstance(data, list):
            raise JsonShapeError(f"expected a list for {hint}, got {type(data).__name__}")
        items = [item(value) for value in data]
        return tuple(items) if origin is tuple else items

    return decode


def _dict_decoder(value: Decoder) -> Decoder:
    def decode(data: Any) -> dict:
        if not isinstance(data, dict):
            raise JsonShapeError(f"expected an object, got {type(data).__name__}")
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
            raise JsonShapeError(f"expected an object for {cls.__name__}")
        values = {}
        for name, decoder, required in fields:
            if name in data:
                values[name] = decoder(data[name])
            elif required:
                raise JsonShapeError(f"{cls.__name__}.{name} missing")
        unknown = data.keys() - names
        if unknown:
            raise JsonShapeError(f"{cls.__name__} has no field(s) {sorted(unknown)}")
        try:
            return cls(**values)
        except ValueError as error:  # the record's own check refused a value
            raise JsonShapeError(f"{cls.__name__}: {error}") from None

    return decode


def _scalar_decoder(hint: Any) -> Decoder:
    name = getattr(hint, "__name__", str(hint))

    def decode(data: Any) -> Any:
        if hint is float and type(data) in (int, float):
            return float(data)
        if type(data) is hint or (hint is type(None) and data is None):
            return data
        raise JsonShapeError(f"expected {name}, got {data!r}")

    return decode
