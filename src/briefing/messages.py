"""Error messages kept to one line, for reports, the command line and chapter errors."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def first_line(text: object) -> str:
    """The first non-empty line of a message, stripped ('' when there is none)."""
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    return lines[0] if lines else ""


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """' (did you mean 'x' or 'y'?)' for the known names closest to a mistyped one, '' when none is close."""
    close = difflib.get_close_matches(name, list(known), n=3, cutoff=0.6)
    return f" (did you mean {' or '.join(repr(c) for c in close)}?)" if close else ""
