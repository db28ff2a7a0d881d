"""Checking a stated distance: what the claim measures, computed when its ends can be located, and a verdict.

Points are measured point to point, a boundary to its nearest point, a target known only as a region
as a band from its nearest to its farthest point (see :mod:`briefing.analysis.geography.measures`); the
interval a stated figure admits is the tolerance rule of :mod:`claims`, widened by the extents of ends
that are areas (:func:`briefing.analysis.geography.gazetteer.extents`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import pandas as pd

from briefing.analysis.checks import claims, units
from briefing.analysis.data import facts
from briefing.analysis.geography import boundaries, gazetteer
from briefing.analysis.geography import geodesy as geo
from briefing.analysis.geography.measures import GEODESIC, KM, band_of_geometry, outline


@dataclass(frozen=True)
class DistanceCheck:
    """A stated distance set against the computed one (or the band of a region)."""

    fact_id: str
    value: str
    unit: str
    qualifier: str
    stated_km: float
    low_km: float
    high_km: float
    computed_km: float | None
    near_km: float | None
    far_km: float | None
    method: str
    verdict: str
    extent_km: float = 0.0
    """Sum of the extents of both ends (areas); the interval low_km..high_km is widened by it."""
    extent_ids: tuple[str, ...] = ()
    """Ids to cite for those extents."""
    core_low_km: float | None = None
    core_high_km: float | None = None
    """The interval before widening by the extents (the qualifier's rule alone)."""

    @property
    def ratio(self) -> float | None:
        """Stated over computed (above one: the figure is too large)."""
        return claims.deviation(self.stated_km, self.computed_km)[0]

    @property
    def difference_km(self) -> float | None:
        """Stated minus computed, in km."""
        return claims.deviation(self.stated_km, self.computed_km)[1]


def check_distance(
    fact: pd.Series | dict[str, Any],
    places: pd.DataFrame,
    frame: gpd.GeoDataFrame | None = None,
    layers: dict[str, str] | None = None,
    extent: dict[str, tuple[float, str]] | None = None,
) -> DistanceCheck:
    """Compute what a distance claim measures, when its ends can be located, and give a verdict.

    Points are measured point to point; a boundary target (kind 'boundary') to its nearest point;
    a target known only through a region (geometry_ref without coordinates) gives a band from the
    region's nearest to its farthest point; a claim without origin is unverifiable. ``extent`` maps
    places that are areas to (radius km, id to cite) (see :func:`gazetteer.extents`); the interval the stated
    figure admits is widened by the extents of both ends.
    """
    value, unit, qualifier = claims.stated_text(fact["value"]), str(fact["unit"]), str(fact["qualifier"])
    core_lo, core_hi = claims.interval(value, unit, qualifier)
    ends = [str(fact[k]) for k in ("from_place", "to_place") if not facts.missing(fact[k])]
    widen = [extent[e] for e in dict.fromkeys(ends) if extent and e in extent]
    extent_km = float(sum(km for km, _ in widen))
    extent_m = extent_km * KM
    lo, hi = claims.interval(value, unit, qualifier, extent_m)
    stated = units.to_metres(float(value), unit) / KM
    computed, near, far, method, result = _measure(fact, places, frame, layers, (value, unit, qualifier), extent_m)
    if widen and computed is not None:
        method += ", between reference points; ends that are areas widen the interval by their extent"
    return DistanceCheck(
        str(fact["id"]),
        value,
        unit,
        qualifier,
        stated,
        lo / KM,
        hi / KM,
        computed,
        near,
        far,
        method,
        result,
        extent_km,
        tuple(i for _, i in widen),
        core_lo / KM,
        core_hi / KM,
    )


Measured = tuple[float | None, float | None, float | None, str, str]
"""What a claim measures: the distance (km) or the band (near, far km) of a region, the method and the verdict."""


def _measure(
    fact: pd.Series | dict[str, Any],
    places: pd.DataFrame,
    frame: gpd.GeoDataFrame | None,
    layers: dict[str, str] | None,
    stated: tuple[str, str, str],
    extent_m: float,
) -> Measured:
    """Measure from the origin to the target as far as the data locate them, and judge the stated figure."""
    origin = gazetteer.point(places, str(fact["from_place"])) if not facts.missing(fact["from_place"]) else None
    target_row = places[places["id"] == fact["to_place"]].iloc[0]
    target = gazetteer.point(places, str(fact["to_place"]))
    if origin is None:
        return None, None, None, "origin not stated: nothing to measure from", "unverifiable"
    if target is not None:
        km = geo.geodesic(*origin, *target)[0] / KM
        return km, None, None, f"{GEODESIC}, point to point", claims.verdict(*stated, km * KM, extent_m)
    if facts.missing(target_row["geometry_ref"]):
        return None, None, None, "target not located: nothing to measure to", "unverifiable"
    geom = boundaries.resolve(str(target_row["geometry_ref"]), frame, layers)
    if target_row["kind"] == "boundary":
        km = geo.nearest_point(*origin, outline(geom))[2] / KM
        method = f"{GEODESIC}, to the nearest point of the boundary"
        return km, None, None, method, claims.verdict(*stated, km * KM, extent_m)
    near, far = band_of_geometry(origin, geom)
    method = f"{GEODESIC}; target located only as a region: from its nearest to its farthest point"
    return None, near, far, method, claims.band_verdict(*stated, near * KM, far * KM, extent_m)


def distance_checks(
    distances: pd.DataFrame, places: pd.DataFrame, extent: dict[str, tuple[float, str]] | None = None
) -> list[DistanceCheck]:
    """Every distance claim of a distances table checked (see :func:`check_distance`), in table order.

    ``extent`` as for :func:`check_distance`; pass ``gazetteer.extents(places)`` to apply the area rule.
    """
    return [check_distance(row, places, extent=extent) for _, row in distances.reset_index().iterrows()]
