"""Facts as evidence: what a cited row says, in words a reader can weigh, with who said it.

A quotation reads as its speaker and the quoted words; a position as whoever the source attributes it
to and the analyst's summary of it (labelled so); any other row as its statement in the fact register.
"""

from __future__ import annotations

from collections.abc import Iterable

from briefing.analysis.data import facts
from briefing.analysis.writing import typography


def names() -> dict[str, str]:
    """Display names of speakers: people by name, actors by short name."""
    people, actors = facts.load("people"), facts.load("actors")
    return {
        **dict(zip(actors["id"], actors["short_name"], strict=True)),
        **dict(zip(people["id"], people["name"], strict=True)),
    }


def who(ids: object, fallback: object = None) -> str:
    """The named speakers of a ';'-separated id list, else the fallback actor, as 'A and B'."""
    found = names()
    listed = [found.get(i, i) for i in split(ids)]
    if not listed and not facts.missing(fallback):
        listed = [found.get(str(fallback), str(fallback))]
    return " and ".join(listed)


def describe(fact_id: str) -> str:
    """What one fact says as evidence: 'Speaker: “…”' for quotations, 'Speaker (analyst's summary): …' for positions."""
    table = facts.index()[fact_id]
    row = facts.load(table).set_index("id").loc[fact_id]
    if "words" in row and not facts.missing(row["words"]):
        return f"{who(row['speaker'])}: {typography.quoted(str(row['words']).rstrip(', '))}"
    if "note" in row and "actor" in row and not facts.missing(row["note"]):
        by = "The article" if row.get("attribution") == "article" else who(row.get("speaker"), row["actor"])
        return f"{by} (analyst's summary): {row['note']}"
    return str(facts.register().set_index("id").loc[fact_id, "statement"])


def split(ids: object) -> list[str]:
    """The ids of a ';'-separated list column, stripped; empty for a missing value."""
    return list(facts.list_cell(ids))


def each(ids: Iterable[str]) -> list[tuple[str, str]]:
    """(id, description) for each id, in order."""
    return [(i, describe(i)) for i in ids]
