"""Typographic conventions shared by the chapters' prose and the endnotes."""

from __future__ import annotations

#: Double marks inside an excerpt become single marks once it is set in double marks (the usual rule
#: for a quotation within a quotation); the data keep the exact characters.
NESTED = str.maketrans({"“": "‘", "”": "’"})


def quoted(excerpt: str) -> str:
    """An excerpt in double quotation marks, with the marks it contains made single."""
    return f"“{excerpt.translate(NESTED)}”"
