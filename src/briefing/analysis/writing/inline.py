"""Inline prose: values with their note marks, names and words, as :class:`Inline` objects.

Every figure that reaches the briefing's text goes through :func:`value`, which wraps it in a
``span.num`` with its note mark; a test scans the rendered briefing for numerals outside those spans.
Strings from data are always escaped, so a quote holding markup renders as text.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from briefing import citations
from briefing.analysis import computed
from briefing.analysis.data import facts
from briefing.analysis.writing import marks


@dataclass(frozen=True)
class Shown:
    """Something a chapter shows: HTML for readers and JupyterLab (``_repr_html_``), a deterministic
    plain text for logs and diffs (``repr``), so that builds stay byte-identical."""

    html: str
    text: str

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text

    __str__ = __repr__


@dataclass(frozen=True, repr=False)
class Inline(Shown):
    """A piece of inline prose."""

    def __add__(self, other: Inline | str) -> Inline:
        """Inline pieces side by side; a string is words, escaped."""
        other = as_inline(other)
        return Inline(self.html + other.html, self.text + other.text)

    def __radd__(self, other: str) -> Inline:
        """Words before an inline piece: ``"about " + value``."""
        return as_inline(other) + self


def as_inline(piece: Inline | Any) -> Inline:
    """An :class:`Inline` as it is; anything else as words (escaped)."""
    return piece if isinstance(piece, Inline) else text(piece)


def esc(words: Any) -> str:
    """Words from data as HTML text: escaped, a missing value empty."""
    return html.escape("" if facts.missing(words) else str(words), quote=True)


def text(words: Any) -> Inline:
    """Words from data (a name, a label) that need no citation, escaped."""
    value_ = "" if facts.missing(words) else str(words)
    return Inline(html.escape(value_), value_)


def number(x: float, digits: int = 0) -> str:
    """Thousands separators, fixed decimals, no spurious '.0'."""
    return f"{x:,.{digits}f}"


#: Cited values longer than this are phrases, not figures: they may wrap.
WORDS_LENGTH = 28


def value(text_: Any, *ids: str, calc: str | None = None) -> Inline:
    """A figure from data or computation, wrapped and cited; a figure without a source is refused."""
    if not ids and not calc:
        raise ValueError(f"value {text_!r} needs a fact id or a computed result to cite")
    note = marks.fact_marks(*ids) + (marks.calc_mark(calc) if calc else "")
    # a figure stays on one line; a cited phrase or sentence wraps like the prose around it
    words = f" {citations.WORDS_CLASS}" if len(str(text_)) > WORDS_LENGTH else ""
    return Inline(f'<span class="{citations.VALUE_CLASS}{words}">{esc(text_)}</span>{note}', str(text_))


def own(text_: Any) -> Inline:
    """A figure in the analyst's own words (a likelihood on the estimative scale): set as a figure, with
    no note mark, since notes say what sources say; the scale itself is cited where a chapter describes it."""
    return Inline(f'<span class="{citations.VALUE_CLASS} {citations.OWN_CLASS}">{esc(text_)}</span>', str(text_))


def mark(*ids: str) -> Inline:
    """Only the note marks of facts, sources or computed results (:func:`computed.is_id`)."""
    facts_ids = [i for i in ids if not computed.is_id(i)]
    html_ = marks.fact_marks(*facts_ids) if facts_ids else ""
    html_ += "".join(marks.calc_mark(i) for i in ids if computed.is_id(i))
    return Inline(html_, "")


def plural(n: int, singular: str, plural_: str | None = None) -> Inline:
    """The noun agreeing with ``n``, without the number (which is cited elsewhere)."""
    word = singular if n == 1 else (plural_ or singular + "s")
    return Inline(html.escape(word), word)


def names(items: Iterable[Any], conjunction: str = "and") -> Inline:
    """'A, B and C'; items may be plain strings or :class:`Inline` values. Empty gives 'none'."""
    parts = list(items)
    htmls = [p.html if isinstance(p, Inline) else html.escape(str(p)) for p in parts]
    texts = [p.text if isinstance(p, Inline) else str(p) for p in parts]
    return Inline(_join(htmls, conjunction), _join(texts, conjunction))


def _join(parts: list[str], conjunction: str) -> str:
    if not parts:
        return "none"
    if len(parts) == 1:
        return parts[0]
    return f"{', '.join(parts[:-1])} {conjunction} {parts[-1]}"


def link(label: str, anchor: str) -> Inline:
    """A link to another part of the briefing (a chapter or section anchor)."""
    return Inline(f'<a href="#{html.escape(anchor)}">{html.escape(label)}</a>', label)


def long_date(value_: Any) -> str:
    """A date as readers write it: 9 October 2025."""
    return pd.Timestamp(value_).strftime("%-d %B %Y")
