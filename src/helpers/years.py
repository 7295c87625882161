"""The years the extractor takes a four-digit number for, defined once.

`MIN_YEAR`..`MAX_YEAR` (inclusive): a four-digit number that can be a year. A bare `2020`
in running text is then a year, not a figure, and `6/2023` a month, not a ratio.
`MIN_REPORT_YEAR`..`MAX_REPORT_YEAR`: the years a report's figure may be about (the lexicon
class `<year>`); narrower, because `1954` or `2045` in a report names a founding or a
horizon (`tầm nhìn 2045`), not the period a figure is for.
"""

MIN_YEAR = 1900
MAX_YEAR = 2100
# The lexicon's `<year>`: widening it would label horizons and history as report periods.
MIN_REPORT_YEAR = 1990
MAX_REPORT_YEAR = 2035
