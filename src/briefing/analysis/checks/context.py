"""What every kind of check reads, loaded once per computation, and what each kind fills in.

The kinds themselves are in :mod:`measured` (on the boundary data) and :mod:`recorded` (against
reference facts); :mod:`table` runs them over the ``claim_checks`` table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from briefing.analysis import computed
from briefing.analysis.data import facts
from briefing.analysis.geography import gazetteer, scope


def ids(cell: Any) -> list[str]:
    """The ids of a cell listing them separated by ';' (none for an empty cell)."""
    return list(facts.list_cell(cell))


@dataclass
class Check:
    """What one kind of check fills in beyond the row of the ``claim_checks`` table."""

    stated: str
    finding: str
    verdict_key: str
    explanation: str
    facts: list[str]
    calcs: list[str]
    reading: str = ""
    numbers: dict[str, float | None] | None = None


class Context:
    """What the checks read, loaded once per computation."""

    def __init__(self) -> None:
        self.g = scope.geography()
        self.places = facts.load("places")
        self.place = self.places.set_index("id")
        actors = facts.load("actors")
        self.iso = {a: c for a, c in zip(actors["id"], actors["iso_n3"], strict=True) if not facts.missing(c)}
        self.short = dict(zip(actors["id"], actors["short_name"], strict=True))
        self.members = facts.load("memberships")
        self.calc = set(computed.ids())
        self.extent = gazetteer.extents(self.places)
        readings = facts.load("claim_readings")
        self.readings = readings[readings["role"] == "reading"]
        self.candidates = readings[readings["role"] == "candidate"]

    def group(self, name: str) -> pd.DataFrame:
        """The membership rows of one group."""
        return self.members[self.members["group"] == name]

    def region_name(self, place_id: str) -> str:
        """The name of the boundary place sharing a place's geometry (the region it is known by)."""
        ref = self.place.loc[place_id, "geometry_ref"]
        hit = self.places[(self.places["geometry_ref"] == ref).fillna(False) & (self.places["kind"] == "boundary")]
        return str(hit.iloc[0]["name"]) if len(hit) else self.name(place_id)

    def label(self, place_id: Any) -> str:
        """A place as a short chart label: a boundary as its border, an unlocated place in lower case, else its short name."""
        if facts.missing(place_id):
            return "unstated origin"
        kind, name = self.place.loc[place_id, "kind"], self.name(place_id)
        if kind == "boundary":
            return f"{name}'s border"
        if kind == "unlocated":
            return name[0].lower() + name[1:]
        return gazetteer.short_name(self.places, place_id)

    def name(self, place_id: str) -> str:
        """A place's name without its parenthetical note."""
        return gazetteer.name(self.places, place_id)
