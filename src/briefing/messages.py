"""Error messages kept to one line, for reports, the command line and chapter errors."""

from __future__ import annotations


def first_line(text: object) -> str:
    """The first non-empty line of a message, stripped ('' when there is none)."""
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    return lines[0] if lines else ""
