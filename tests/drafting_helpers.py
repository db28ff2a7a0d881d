"""What the drafting tests share: a draft of a text against the project's tables, and its positions."""

from __future__ import annotations

from helpers import ROOT


def draft_of(text: str, dateline: str = "2025-10-10", place: str = "") -> list:
    from briefing.analysis.data.drafting import candidates
    from drafting_coverage import tables_and_package

    tables, package = tables_and_package(ROOT / "data")
    return candidates(text, {"dateline_date": dateline, "dateline_place": place}, tables, package)


def positions_of(rows: list) -> dict[str, str]:
    """Each drafted position's quote, to its actor."""
    return {c.quote: c.fields.get("actor", "") for c in rows if c.kind == "position"}


def positions_of_all(rows: list) -> list[tuple[str, str]]:
    """Each drafted position's quote and actor (a quote may hold several actors' rows)."""
    return [(c.quote, c.fields.get("actor", "")) for c in rows if c.kind == "position"]


def stated_in(actors: list[tuple[str, str]], words: str) -> str:
    """The actor of the first drafted position whose quote holds the words; 'none' when none does."""
    return next((a for q, a in actors if words in q), "none")


def speakers_of(rows: list) -> list[str]:
    return [c.fields.get("draft_speaker", "") for c in rows if c.kind == "quotation"]


def stated_by(text: str) -> list[tuple[str, str]]:
    """Each drafted position's quote and its actor, or the new organisation it names."""
    return [
        (c.quote, c.fields.get("actor") or c.fields.get("draft_actor", ""))
        for c in draft_of(text)
        if c.kind == "position"
    ]
