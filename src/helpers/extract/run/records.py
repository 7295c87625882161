"""Pickling for the extractor's frozen records, pure Python or compiled.

Workers send `ArticleFacts` (with its metadata, districts and facts) and rejected figures
back to the parent by pickle. Pickle restores a compiled (mypyc) class's instance attribute
by attribute, which a frozen dataclass refuses; rebuilding it by calling the class with its
field values works in both builds.
"""

from __future__ import annotations

from dataclasses import fields
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from _typeshed import DataclassInstance


# What `__reduce__` returns here: the class, and the arguments to call it with.
Reduction = tuple[type, tuple[object, ...]]


def reduce_by_fields(record: DataclassInstance) -> Reduction:
    """A `__reduce__` value for a dataclass: its class and its field values in order."""
    return type(record), tuple(getattr(record, field.name) for field in fields(record))
