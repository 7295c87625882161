"""Minimum-function cases: each short article yields exactly the facts its slots state."""

import pytest

from behaviour import minimum_function
from behaviour.harness import check, params


@pytest.mark.parametrize("case", params(minimum_function.all_cases()))
def test_minimum_function(case):
    check(case)
