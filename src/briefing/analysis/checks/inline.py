"""A check's reader columns as cited inline values, for the chapters' MyST expressions (``{eval}`c.stated```).

Each value carries the note marks of what it rests on: the stated figure the claim, the finding the
reference facts and computed results, the explanation all of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from briefing.analysis.checks.table import details
from briefing.analysis.writing import prose


@dataclass(frozen=True)
class Cited:
    """One check's reader columns as cited inline values, for MyST expressions (``{eval}`c.stated```)."""

    claim: Any
    stated: Any
    finding: Any
    verdict: Any
    reading: Any
    explanation: Any
    plain: Any = None


def cited(check_id: str) -> Cited:
    """A check's reader columns as :class:`prose.Inline` values: the stated figure cited to the claim, the
    finding to the reference facts and computed results it rests on, the explanation to all of them."""
    r = details().set_index("check").loc[check_id]
    refs = [i for i in r["facts"][1:]]

    def with_marks(text: str, ids: list[str], calcs: list[str]) -> Any:
        if not ids and not calcs:
            return prose.text(text)
        value = prose.value(text, *ids, calc=calcs[0] if calcs else None)  # numbers in it are cited values
        marks = prose.mark(*calcs[1:]) if len(calcs) > 1 else prose.text("")
        return prose.Inline(value.html + marks.html, value.text)

    verdict = prose.Inline(f"<strong>{prose.text(r['verdict']).html}</strong>", r["verdict"])
    return Cited(
        prose.text(r["claim"]),
        prose.value(r["stated"], r["facts"][0]),
        with_marks(r["finding"], refs, list(r["calcs"])),
        verdict,
        prose.text(r["reading"]),
        with_marks(r["explanation"], list(r["facts"]), list(r["calcs"])),
        prose.Inline(f"<strong>{prose.text(r['verdict_plain']).html}</strong>", r["verdict_plain"]),
    )


def cited_all() -> dict[str, Cited]:
    """:func:`cited` for every check, by check id."""
    return {c: cited(c) for c in details()["check"]}


def named(name: str, value: Any) -> Any:
    """'Name (value)' as one inline piece: the name uncited, the value (an Inline) with its marks."""
    return prose.Inline(f"{prose.text(name).html} ({value.html})", f"{name} ({value.text})")
