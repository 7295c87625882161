"""Minimum-function cases on the article's frame: its district and time from all its parts."""

import pytest

from behaviour import frames
from behaviour.harness import check, params


@pytest.mark.parametrize("case", params(frames.all_cases()))
def test_frame(case):
    check(case)
