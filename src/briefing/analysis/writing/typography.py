"""Typographic conventions shared by the chapters' prose and the endnotes."""

from __future__ import annotations

#: Double marks inside an excerpt become single marks once it is set in double marks (the usual rule
#: for a quotation within a quotation); the data keep the exact characters.
NESTED = str.maketrans({"“": "‘", "”": "’"})


def quoted(excerpt: str) -> str:
    """An excerpt in double quotation marks, with the marks it contains made single."""
    return f"“{excerpt.translate(NESTED)}”"


#: Numbers as words, as prose spells small counts ('two sources') and as sources may print them.
NUMBER_WORDS = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
)
#: The largest count prose spells out; above it, digits.
SPELLED_UP_TO = 10


def number_word(n: int, zero: str = "zero") -> str:
    """A count as prose writes it: 'two', 'no' (with ``zero="no"``), '12' above ten."""
    if n == 0:
        return zero
    return NUMBER_WORDS[n] if 0 < n <= SPELLED_UP_TO else f"{n:,}"
