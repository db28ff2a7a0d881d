"""Measures on the ellipsoid from an origin: distances to places, the nearest and farthest points of regions,
and the share of a region within a band of distances.

Every distance is geodesic on WGS84 (GeographicLib through pyproj, see :mod:`geodesy`); regions are
measured on their :func:`outline`, without the edges that jump across the antimeridian.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer
from shapely.geometry import LineString, MultiLineString, Point
from shapely.geometry.base import BaseGeometry

from briefing.analysis.geography import bearings, boundaries
from briefing.analysis.geography import geodesy as geo

KM = 1000.0
"""Metres in a kilometre: the measures compute in metres and report in km."""

GEODESIC = "WGS84 geodesic"
"""How every distance here is measured (GeographicLib through pyproj); the chapters say so once."""


def outline(geom: BaseGeometry) -> BaseGeometry:
    """The outline of a region as lines, without edges that jump across the antimeridian.

    An edge whose ends lie more than half-way round the globe apart in longitude is not a border but
    an artefact of a shape cut at, or wrapped round, the antimeridian (in the Natural Earth layers,
    for instance, one of Russia's polygons joins Wrangel Island to Novaya Zemlya); followed along
    lon/lat it would invent a strip of territory round the globe. Such edges are dropped, so that
    nearest and farthest points are taken on real edges only.
    """
    lines = geom.boundary if shapely.get_dimensions(geom) == 2 else geom
    runs: list[LineString] = []
    lone: list[Point] = []
    for part in shapely.get_parts(lines):
        coords = shapely.get_coordinates(part)
        if len(coords) == 0:
            continue
        jumps = np.where(np.abs(np.diff(coords[:, 0])) > 180.0)[0] + 1
        if len(jumps) and len(coords) > 2 and np.array_equal(coords[0], coords[-1]):
            ring = coords[:-1]  # a closed ring: start it after its first jump, so only jumps split it
            coords = np.vstack([ring[jumps[0] :], ring[: jumps[0]]])
            jumps = np.where(np.abs(np.diff(coords[:, 0])) > 180.0)[0] + 1
        for chunk in np.split(coords, jumps):
            if len(chunk) > 1:
                runs.append(LineString(chunk))
            elif len(chunk) == 1:
                lone.append(Point(chunk[0]))
    if not runs and not lone:
        raise ValueError("empty geometry")
    if lone:
        return shapely.GeometryCollection([*runs, *lone])
    return MultiLineString(runs)


def distances_from(origin: tuple[float, float], places: pd.DataFrame, exclude: Iterable[str] = ()) -> pd.DataFrame:
    """Geodesic distance (km), azimuth and compass word from an origin to every located place, nearest first."""
    skip = set(exclude)
    rows = []
    for p in places.dropna(subset=["lat", "lon"]).itertuples(index=False):
        if p.id in skip:
            continue
        d, az = geo.geodesic(origin[0], origin[1], float(p.lon), float(p.lat))
        rows.append(
            {
                "id": p.id,
                "name": p.name,
                "kind": p.kind,
                "country": p.country,
                "km": d / KM,
                "azimuth": az,
                "compass": bearings.compass_point(az),
            }
        )
    frame = pd.DataFrame(rows, columns=["id", "name", "kind", "country", "km", "azimuth", "compass"])
    return frame.sort_values(["km", "id"], ignore_index=True)


def nearest_by_resolution(origin: tuple[float, float], iso_n3: str, resolutions: Iterable[str]) -> pd.DataFrame:
    """Nearest boundary point of a country from an origin (lon, lat, km, azimuth), per resolution."""
    rows = []
    for res in resolutions:
        lon, lat, d = geo.nearest_point(
            origin[0], origin[1], outline(boundaries.country(iso_n3, boundaries.countries(res)))
        )
        rows.append(
            {
                "resolution": res,
                "lon": lon,
                "lat": lat,
                "km": d / KM,
                "azimuth": geo.geodesic(origin[0], origin[1], lon, lat)[1],
            }
        )
    return pd.DataFrame(rows)


def region_band(origin: tuple[float, float], geom: BaseGeometry) -> dict[str, float]:
    """Nearest and farthest points of a region from an origin: *_km, *_lon, *_lat for near and far.

    Both are taken on the region's :func:`outline` (antimeridian artefacts removed); the nearest
    distance is zero when the origin lies inside the region.
    """
    edges = outline(geom)
    if geom.covers(Point(origin)):
        near = (origin[0], origin[1], 0.0)
    else:
        near = geo.nearest_point(origin[0], origin[1], edges)
    far = geo.farthest_point(origin[0], origin[1], edges)
    return {
        "near_lon": near[0],
        "near_lat": near[1],
        "near_km": near[2] / KM,
        "far_lon": far[0],
        "far_lat": far[1],
        "far_km": far[2] / KM,
    }


def band_of_geometry(origin: tuple[float, float], geom: BaseGeometry) -> tuple[float, float]:
    """Nearest and farthest distance (km) from an origin to any point of a region."""
    band = region_band(origin, geom)
    return band["near_km"], band["far_km"]


def geodesic_area(geom: BaseGeometry) -> float:
    """Area (m2) on the WGS84 ellipsoid of a lon/lat polygon, edges densified to follow lon/lat lines."""
    polys = [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon" and not p.is_empty]
    return float(sum(abs(geo.GEOD.geometry_area_perimeter(shapely.segmentize(p, geo.DENSIFY_DEG))[0]) for p in polys))


def band_part(
    origin: tuple[float, float], geom: BaseGeometry, lo_km: float, hi_km: float
) -> tuple[float, BaseGeometry]:
    """Share of a region's area lying between two geodesic distances from an origin, and that part (lon/lat).

    The region is intersected with the annulus in an azimuthal equidistant projection centred on the
    origin, where geodesic circles around the origin are exact circles; areas are ellipsoidal.
    """
    crs = geo.aeqd_crs(*origin)
    fwd = Transformer.from_crs(geo.WGS84, crs, always_xy=True)
    inv = Transformer.from_crs(crs, geo.WGS84, always_xy=True)
    planar = shapely.transform(
        shapely.segmentize(geom, geo.DENSIFY_DEG), lambda c: np.column_stack(fwd.transform(c[:, 0], c[:, 1]))
    )
    outer = Point(0, 0).buffer(hi_km * KM, quad_segs=256) if math.isfinite(hi_km) else planar.envelope.buffer(1.0)
    annulus = outer.difference(Point(0, 0).buffer(max(lo_km, 0.0) * KM, quad_segs=256)) if lo_km > 0 else outer
    part_planar = shapely.intersection(planar, annulus)
    if part_planar.is_empty:
        return 0.0, part_planar
    part = shapely.transform(
        shapely.segmentize(part_planar, 5_000.0), lambda c: np.column_stack(inv.transform(c[:, 0], c[:, 1]))
    )
    part = shapely.make_valid(part)
    total = geodesic_area(geom)
    return (geodesic_area(part) / total if total else 0.0), part


def country_bands(origin: tuple[float, float], codes: Iterable[str], resolution: str | None = None) -> pd.DataFrame:
    """Nearest and farthest distance (km) from an origin to the territory of each country."""
    frame = boundaries.countries(resolution)
    label = boundaries.names(frame)
    rows = []
    for code in sorted(set(codes)):
        band = region_band(origin, boundaries.country(code, frame))
        rows.append({"iso_n3": code, "name": label.get(code, code), **band})
    return pd.DataFrame(rows).sort_values(["near_km", "iso_n3"], ignore_index=True)
