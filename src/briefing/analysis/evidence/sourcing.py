"""What the briefing says about its sources, computed from the register and the rows that cite them.

Nothing about the sources is typed in a chapter: how many, which, their dates, whether a judgment
rests on a single source, are all read from ``data/sources/sources.csv`` and the claim tables, so
that a new article changes every such sentence by itself. Two sources of one outlet are told apart
by their dates (and titles when the dates agree too).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from briefing.analysis.data import facts, selection
from briefing.analysis.evidence import queries
from briefing.analysis.writing import typography
from briefing.analysis.writing.prose import Inline, long_date, names, value

#: Words for counts of sources: a source count is prose, not a numeral.
#: How a register type is called in the sentence about the reporting.
TYPE_WORDS = {"article": ("news article", "news articles"), "document": ("document", "documents")}


def number_word(n: int) -> str:
    """A count of sources in words: 'no', 'one', 'two'."""
    return typography.number_word(n, zero="no")


def register() -> pd.DataFrame:
    return facts.load("sources").set_index("id")


def reporting() -> list[str]:
    """The sources the claim tables cite (the reporting the analysis codes), oldest first."""
    cited: set[str] = set()
    for name in facts.of_kind("claim"):
        frame = facts.load(name)
        if "source_id" in frame:
            cited |= set(frame["source_id"].dropna().astype(str))
    known = register()
    dates = {s: known.loc[s, "dateline_date"] if s in known.index else pd.NaT for s in cited}
    return sorted(cited, key=lambda s: (pd.isna(dates[s]), dates[s] if not pd.isna(dates[s]) else 0, s))


def label(source_id: str) -> str:
    """A source as a reader tells it apart: 'Al Jazeera, 9 October 2025'; the title is added when
    another source of the register has the same outlet and date."""
    known = register()
    r = known.loc[source_id]
    when = "" if facts.missing(r.get("dateline_date")) else long_date(r["dateline_date"])
    words = f"{r['outlet']}, {when}" if when else str(r["outlet"])
    twins = known[(known["outlet"] == r["outlet"]) & (known["dateline_date"].astype(str) == str(r["dateline_date"]))]
    if len(twins) > 1 and not facts.missing(r.get("title")):
        words += f", “{r['title']}”"
    return words


def cited_label(source_id: str) -> Inline:
    """The label with its note to the register row."""
    return value(label(source_id), source_id)


def listing(source_ids: Iterable[str]) -> Inline:
    """'Al Jazeera, 9 October 2025 and Dawn, 12 October 2025', each cited."""
    return names(cited_label(s) for s in source_ids)


def kind_words(source_ids: list[str]) -> str:
    """'one news article', 'two news articles', 'three sources' (mixed types)."""
    known = register()
    kinds = {str(known.loc[s, "type"]) for s in source_ids if s in known.index}
    singular, plural = TYPE_WORDS.get(kinds.pop(), ("source", "sources")) if len(kinds) == 1 else ("source", "sources")
    return f"{number_word(len(source_ids))} {singular if len(source_ids) == 1 else plural}"


def rests_on(source_ids: list[str]) -> Inline:
    """'one news article, Al Jazeera, 9 October 2025' or 'two news articles: A and B'."""
    listed = listing(source_ids)
    joiner = ", " if len(source_ids) == 1 else ": "
    words = kind_words(source_ids)
    return Inline(f"{words}{joiner}{listed.html}", f"{words}{joiner}{listed.text}")


def independent_count(ids: Iterable[str]) -> int:
    return len(queries.independent_outlets(ids))


def single_source(ids: Iterable[str] | None = None) -> bool:
    """Whether the evidence (default: all the reporting) rests on one independent outlet."""
    outlets = queries.independent_outlets(ids) if ids is not None else _reporting_outlets()
    return len(outlets) <= 1


def _reporting_outlets() -> list[str]:
    return selection.independent(reporting(), selection.outlets(facts.view().read("sources").rows))


def cap_with(count: int) -> str:
    """The highest confidence the sourcing rules allow on ``count`` independent sources."""
    return selection.cap(count, [r for r in queries.rules() if r.get("applies_to") == "judgments"])


def sourcing_reason(ids: Iterable[str], subject: str = "Its evidence") -> Inline:
    """The sourcing part of a confidence reason: how many independent sources the evidence rests on,
    which, and the cap the sourcing rules set; ``subject`` names whose evidence it is."""
    ids = list(ids)
    sources = queries.sources_of(ids)
    outlets = queries.independent_outlets(ids)
    n = len(outlets)
    cap = queries.confidence_cap(ids)
    head = f"{subject} rests on {number_word(n)} independent source{'' if n == 1 else 's'}"
    listed = listing(sources)
    tail = f"; the sourcing rules allow at most {cap} confidence on that."
    return Inline(f"{head} ({listed.html}){tail}", f"{head} ({listed.text}){tail}")


def rule_texts() -> list[str]:
    """The sourcing rules in words, as the method and the brief print them."""
    return [r["rule"] for r in queries.rules()]
