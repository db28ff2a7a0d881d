"""Blocks of a chapter (tables, figures, lists, paragraphs) as objects that display themselves.

A code cell shows a block by ending with it (or with ``display(block)``): JupyterLab and the build
take its ``_repr_html_``; its plain text (``repr``) is stable, so executed chapters stay byte-identical.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from briefing import citations
from briefing.analysis.writing.inline import Inline, Shown, as_inline


@dataclass(frozen=True, repr=False)
class Block(Shown):
    """A block of the briefing (a table, a figure, a list)."""


def _joined(blocks: Iterable[Block], between: str = "") -> Block:
    shown = list(blocks)
    return Block(between.join(b.html for b in shown), "\n".join(b.text for b in shown))


def blocks(*shown: Block) -> Block:
    """Several blocks shown by one cell, in order."""
    return _joined(shown, "\n")


def paragraph(*parts: Inline | str) -> Block:
    """One paragraph of words (strings, escaped) and inline values."""
    pieces = [as_inline(p) for p in parts]
    return Block(f"<p>{' '.join(p.html for p in pieces if p.html)}</p>", " ".join(p.text for p in pieces if p.text))


def _wrapped(css: str, shown: Iterable[Block]) -> Block:
    inner = _joined(shown)
    return Block(f'<div class="{css}">{inner.html}</div>', inner.text)


def screen_only(*shown: Block) -> Block:
    """Blocks the HTML edition shows and the print edition leaves out."""
    return _wrapped(citations.SCREEN_ONLY, shown)


def print_only(*shown: Block) -> Block:
    """Blocks only the print edition shows, e.g. where to find what it leaves out."""
    return _wrapped(citations.PRINT_ONLY, shown)


def verbatim(*shown: Block) -> Block:
    """Blocks the build passes through without parsing them, e.g. a register of thousands of rows.

    They may hold no headings and no citation marks (the build would not see them; it refuses them)."""
    inner = _joined(shown)
    start, end = citations.VERBATIM
    return Block(f"{start}{inner.html}{end}", inner.text)
