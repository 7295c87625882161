"""Directional cases: a changed year, period, verb or district moves the facts with it."""

import pytest

from behaviour import directional
from behaviour.harness import check, params


@pytest.mark.parametrize("case", params(directional.all_cases()))
def test_directional(case):
    check(case)
