"""Finding an excerpt typed by hand in a source text: quotes, apostrophes and dashes as typed differ.

A keyboard gives the straight ' and "; articles print ’ ‘ “ ” and – —. An excerpt that does not occur
verbatim is searched for again with those marks taken as equal, so that a refusal can say which mark
to change instead of only "does not occur".
"""

from __future__ import annotations

import re

#: Marks a keyboard and a typesetter write differently, each with the marks taken as the same.
EQUIVALENTS = ("'’‘ʼ′", '"“”″', "-–—‐‑")
CLASS = {ch: "[" + re.escape(group) + "]" for group in EQUIVALENTS for ch in group}


def loose(excerpt: str) -> re.Pattern[str]:
    """A pattern matching the excerpt with any quote or dash of the same kind, and any run of spaces."""
    parts = []
    for ch in excerpt:
        if ch in CLASS:
            parts.append(CLASS[ch])
        elif ch.isspace():
            parts.append(r"\s+")
        else:
            parts.append(re.escape(ch))
    return re.compile("".join(parts).replace(r"\s+\s+", r"\s+"))


def find_loosely(text: str, excerpt: str) -> list[tuple[int, str]]:
    """Where the excerpt occurs with other quote marks or dashes: (offset, the text as printed)."""
    if not excerpt.strip():
        return []
    return [(m.start(), m.group()) for m in loose(excerpt).finditer(text)]


def differences(typed: str, printed: str) -> str:
    """The marks that differ, as "’ for '" pairs (each once, in order)."""
    pairs: list[str] = []
    for a, b in zip(typed, printed):
        pair = f"{b} for {a}" if a != b and not (a.isspace() and b.isspace()) else ""
        if pair and pair not in pairs:
            pairs.append(pair)
    return ", ".join(pairs) or "spacing"


def hint(text: str, excerpt: str) -> str:
    """A short clause saying where the excerpt occurs with typographic marks, or '' when it does not."""
    found = find_loosely(text, excerpt)
    if not found:
        return ""
    start, printed = found[0]
    return f"the text prints it with {differences(excerpt, printed)} at {start}: {printed!r}"
