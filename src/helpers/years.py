"""The years a figure may be about: one range for every step that checks a year."""

from __future__ import annotations

MIN_YEAR, MAX_YEAR = 1900, 2100
