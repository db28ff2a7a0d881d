"""Who borders whom at a boundary resolution: shared border lengths, gaps between territories, landlocked states.

Borders are measured along the shared outline of two countries in a boundary layer; simplified lines
cut corners, so each length is a lower bound. Stretches shorter than :data:`MIN_SHARED_M` are corner
contacts, not borders.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import pandas as pd
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points

from briefing import store as shared
from briefing.analysis.geography import boundaries
from briefing.analysis.geography import geodesy as geo
from briefing.analysis.geography.measures import KM

MIN_SHARED_M = 1_000.0
"""Shared stretches shorter than this count as corner contacts, not borders."""


def borders(iso_n3: str, resolution: str) -> pd.DataFrame:
    """Neighbours of a country at a resolution with the length (km) of each shared border, longest first."""
    frame = boundaries.countries(resolution)
    near = geo.neighbours(frame, boundaries.country(iso_n3, frame), min_shared_m=MIN_SHARED_M)
    near = near.dropna(subset=["iso_n3"])
    near = near[near["iso_n3"] != iso_n3]
    lengths = near.groupby("iso_n3")["shared_border_m"].sum() / KM
    label = boundaries.names(frame)
    out = pd.DataFrame(
        {
            "iso_n3": lengths.index.astype(str),
            "name": [label.get(c, c) for c in lengths.index],
            "km": lengths.values.astype(float),
        }
    )
    return out.sort_values(["km", "iso_n3"], ascending=[False, True], ignore_index=True)


def borders_by_resolution(iso_n3: str, resolutions: Iterable[str], primary: str | None = None) -> pd.DataFrame:
    """Shared border length (km) with each neighbour, one column per resolution (NaN: no border there)."""
    resolutions = list(resolutions)
    long = pd.concat([borders(iso_n3, r).assign(resolution=r) for r in resolutions], ignore_index=True)
    wide = long.pivot_table(index=["iso_n3", "name"], columns="resolution", values="km", aggfunc="sum")
    wide = wide.reindex(columns=resolutions).reset_index()
    wide.columns.name = None
    key = primary if primary in resolutions else resolutions[len(resolutions) // 2]
    return wide.sort_values([key, "iso_n3"], ascending=[False, True], ignore_index=True)


def shared_border_km(iso_a: str, iso_b: str, resolution: str | None = None) -> float:
    """Length (km) of the border two countries share at a resolution; zero when they do not touch."""
    frame = boundaries.countries(resolution)
    a, b = boundaries.country(iso_a, frame), boundaries.country(iso_b, frame)
    if a.distance(b) > geo.SHARED_TOLERANCE_DEG:
        return 0.0
    length = geo.shared_border_length(a, b) / KM
    return length if length * KM >= MIN_SHARED_M else 0.0


def gap_km(geom_a: BaseGeometry, geom_b: BaseGeometry, rounds: int = 4) -> float:
    """Shortest geodesic distance (km) between two geometries; zero when they touch or overlap.

    Starts from the planar nearest points in lon/lat and alternates geodesic nearest-point searches
    on each outline until the distance stops shrinking.
    """
    if geom_a.distance(geom_b) <= geo.SHARED_TOLERANCE_DEG:
        return 0.0
    pa, _ = nearest_points(geom_a, geom_b)
    a = (pa.x, pa.y)
    best = math.inf
    for _ in range(rounds):
        bx, by, d = geo.nearest_point(a[0], a[1], geom_b)
        ax, ay, d2 = geo.nearest_point(bx, by, geom_a)
        if min(d, d2) >= best - 1.0:
            best = min(best, d, d2)
            break
        best, a = min(d, d2), (ax, ay)
    return best / KM


def border_table(host: str, members: dict[str, str], resolutions: Iterable[str], primary: str) -> pd.DataFrame:
    """For each member (label -> iso_n3): shared border with the host per resolution, and the gap if none.

    Computed once per state of the boundary data and these arguments (the geography and the claim-check
    chapters ask for the same tables)."""
    resolutions = list(resolutions)
    key = shared.digest(host, members, resolutions, primary)
    return shared.result("border-table", lambda: _border_table(host, members, resolutions, primary), key=key).copy()


def _border_table(host: str, members: dict[str, str], resolutions: list[str], primary: str) -> pd.DataFrame:
    frame = boundaries.countries(primary)
    host_geom = boundaries.country(host, frame)
    rows = []
    for label, code in members.items():
        row: dict[str, Any] = {"member": label, "iso_n3": code}
        for res in resolutions:
            row[res] = shared_border_km(host, code, res)
        row["borders"] = row[primary] > 0
        row["gap_km"] = 0.0 if row["borders"] else gap_km(host_geom, boundaries.country(code, frame))
        rows.append(row)
    return pd.DataFrame(rows)


def landlocked(codes: Iterable[str], resolution: str | None = None) -> pd.DataFrame:
    """Whether each country's territory stays clear of the world ocean at a resolution."""
    frame = boundaries.countries(resolution)
    sea = boundaries.ocean(resolution)
    label = boundaries.names(frame)
    rows = [
        {
            "iso_n3": c,
            "name": label.get(c, c),
            "landlocked": bool(boundaries.country(c, frame).distance(sea) > geo.SHARED_TOLERANCE_DEG),
        }
        for c in codes
    ]
    return pd.DataFrame(rows)
