"""Places of the gazetteer (the places table) as the measures need them: points, extents and short names.

Places are points (lat/lon) or references to boundary layers through ``geometry_ref`` (see
:mod:`boundaries`). Some places are areas rather than points: a city has an extent (the radius of its
built-up area), recorded either in an ``extent_km`` column of the places table or as a reference fact
with attribute :data:`EXTENT_ATTRIBUTE` (unit km) about the place. Distance checks widen the interval a
stated figure admits by the extents of both ends (see :mod:`briefing.analysis.checks.claims`); places
without a recorded extent count as points.
"""

from __future__ import annotations

import pandas as pd

from briefing.analysis.data import facts
from briefing.analysis.geography import scope

EXTENT_ATTRIBUTE = "extent_radius"
"""Attribute of a reference fact giving the extent (radius, km) of a place that is an area."""

EXTENT_COLUMN = "extent_km"
"""Optional column of the places table with the same meaning (empty for points)."""


def point(places: pd.DataFrame, place_id: str) -> tuple[float, float] | None:
    """(lon, lat) of a place, or None for boundaries and unlocated places; KeyError if unknown."""
    hit = places[places["id"] == place_id]
    if hit.empty:
        raise KeyError(f"no place {place_id!r} in the places table")
    row = hit.iloc[0]
    if pd.isna(row["lat"]) or pd.isna(row["lon"]):
        return None
    return float(row["lon"]), float(row["lat"])


def name(places: pd.DataFrame, place_id: str) -> str:
    """A place's name without its parenthetical note (such as '(area)' or '(unlocated)')."""
    return str(places.set_index("id").loc[place_id, "name"]).split(" (")[0]


def short_name(places: pd.DataFrame, place_id: str) -> str:
    """The name charts and column heads use: ``[geography.short_names]`` where it names the place, else :func:`name`."""
    return dict(scope.geography().short_names).get(place_id) or name(places, place_id)


def extents(places: pd.DataFrame, reference: pd.DataFrame | None = None) -> dict[str, tuple[float, str]]:
    """Extent (radius, km) of every place that is an area, with the id to cite for it.

    Read from the places table's ``extent_km`` column (cited to the place) when it has one, and from
    reference facts with attribute :data:`EXTENT_ATTRIBUTE` in km about a place (cited to the fact);
    ``reference`` defaults to the package's reference facts. Places not listed count as points.
    """
    out: dict[str, tuple[float, str]] = {}
    if reference is None:
        reference = facts.load("reference_facts")
    known = set(places["id"])
    rows = reference[(reference["attribute"] == EXTENT_ATTRIBUTE).fillna(False)] if len(reference) else reference
    for r in rows.itertuples(index=False):
        if r.subject not in known:
            continue
        if facts.missing(r.value) or str(r.unit) != "km" or float(r.value) < 0:
            raise ValueError(f"{r.id}: an extent needs a non-negative value in km")
        out[str(r.subject)] = (float(r.value), str(r.id))
    if EXTENT_COLUMN in places.columns:
        for r in places.dropna(subset=[EXTENT_COLUMN]).itertuples(index=False):
            out[str(r.id)] = (float(getattr(r, EXTENT_COLUMN)), str(r.id))
    return out
