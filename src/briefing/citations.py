"""The markup contract between the two halves: what chapters write and the build reads back.

The analysis half writes a citation mark as ``<sup class="cite"><a href="#fact-x" data-rows="fact-x fact-y"
title="note">†</a></sup>`` (one per excerpt, runs joined by ``<wbr>``); the publishing half finds the marks,
reads the rows they name and numbers them as notes. Both import the names below, so neither spells them.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Sequence

#: Cell tags of the chapters: a setup cell the briefing leaves out (JupyterLab shows it collapsed), and a
#: cell whose outputs the briefing leaves out.
REMOVE_CELL_TAG = "remove-cell"
REMOVE_OUTPUT_TAG = "remove-output"

#: What a note mark shows before the build numbers it (in JupyterLab): its note shows on hover.
MARK = "\u2020"
#: The element and class of a mark, and the extra class of a mark citing a computed result.
MARK_TAG = "sup"
MARK_CLASS = "cite"
CALC_CLASS = "calc"
#: The attribute of a mark's link naming every register row its note stands for (space-separated anchors).
ROWS_ATTRIBUTE = "data-rows"
#: The element between the marks of a run: the line may break there.
BREAK_TAG = "wbr"
#: The opening tag of a mark, as a regular expression (for HTML that is searched, not parsed).
MARK_START = rf"<{MARK_TAG}[^>]*\b{MARK_CLASS}\b"

#: Anchors of register rows, by the kind of table they are in; a computed result's id is its own anchor.
FACT_ANCHOR = "fact-"
SOURCE_ANCHOR = "source-"
ANCHOR_PREFIX = {"claim": FACT_ANCHOR, "reference": FACT_ANCHOR, "register": SOURCE_ANCHOR}

#: A cited value: figures stay on one line, cited words (with ``WORDS_CLASS`` too) wrap.
VALUE_CLASS = "num"
WORDS_CLASS = "words"
#: A figure in the analyst's own words (a likelihood on the estimative scale), set with ``VALUE_CLASS``
#: but carrying no note mark: notes say what sources say.
OWN_CLASS = "own"

#: Blocks shown only on screen (the print edition drops them) and only in print.
SCREEN_ONLY = "screen-only"
PRINT_ONLY = "print-only"
#: The comments around a block the build passes through without parsing it (no headings, no marks inside).
VERBATIM = ("<!--briefing:verbatim-->", "<!--/briefing:verbatim-->")


def _attr(text: str) -> str:
    return html.escape(text, quote=True)


def mark(anchors: Sequence[str], note: str) -> str:
    """A mark linking to the first of ``anchors`` and naming them all, with its note as the hover text."""
    return (
        f'<{MARK_TAG} class="{MARK_CLASS}"><a href="#{_attr(anchors[0])}" {ROWS_ATTRIBUTE}="{_attr(" ".join(anchors))}"'
        f' title="{_attr(note)}">{MARK}</a></{MARK_TAG}>'
    )


def calc_mark(anchor: str, note: str) -> str:
    """A mark of a computed result, linking to its row in the table of computed results."""
    return (
        f'<{MARK_TAG} class="{MARK_CLASS} {CALC_CLASS}"><a href="#{_attr(anchor)}" title="{_attr(note)}">{MARK}</a>'
        f"</{MARK_TAG}>"
    )


def run(marks: Iterable[str]) -> str:
    """Marks side by side: a run of citations may wrap between marks."""
    return f"<{BREAK_TAG}>".join(marks)


def rows(data_rows: str | None, href: str) -> list[str]:
    """The anchors a mark's link stands for: its ``data-rows``, else its link target."""
    return str(data_rows or href.lstrip("#")).split()


def bare_id(anchor: str) -> str:
    """The row id behind an anchor: 'fact-x' and 'source-x' name row x; calc ids are their own anchor."""
    return anchor.split("-", 1)[1] if anchor.startswith((FACT_ANCHOR, SOURCE_ANCHOR)) else anchor


def html_id(text: str) -> str:
    """A stable ASCII HTML id (lower case, hyphens) from a heading or a chapter's file stem."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "section"
