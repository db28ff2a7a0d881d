"""Tests of briefing.messages: error messages kept to one line."""

from __future__ import annotations

import pytest

from briefing.messages import first_line


@pytest.mark.parametrize(
    "text, line",
    [
        ("one", "one"),
        ("\n\n  first  \nsecond\n", "first"),
        ("   \n\t\n", ""),
        ("", ""),
        (KeyError("x"), "'x'"),
    ],
)
def test_the_first_non_empty_line_stripped(text, line):
    assert first_line(text) == line
