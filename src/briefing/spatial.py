"""Spatial analysis over the data package: places resolved to geometries, distances, claim checks.

Places are points (lat/lon) or references to boundary layers through ``geometry_ref``:
``iso_n3:<code>`` selects countries by ISO numeric code, ``<layer>:<code>`` a feature of another
layer by its ``code`` column. Which layer files exist is data: they live under ``data/geo/``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from . import claims, geo, paths, units

KM = 1000.0


@lru_cache(maxsize=8)
def layer(name: str) -> gpd.GeoDataFrame:
    """A boundary layer from data/geo/<name>.gpkg (its only layer), in EPSG:4326."""
    path = paths.geo_dir() / f"{name}.gpkg"
    if not path.is_file():
        raise FileNotFoundError(f"data/geo/{name}.gpkg: boundary file missing")
    import pyogrio

    try:
        layers = pyogrio.list_layers(path)
    except Exception as exc:  # pyogrio raises several error types for a damaged file
        raise ValueError(f"data/geo/{name}.gpkg: not a readable GeoPackage ({type(exc).__name__})") from None
    return geo.load_boundaries(path, layers[0][0])


def country(iso_n3: str, countries: gpd.GeoDataFrame) -> BaseGeometry:
    """All features with this ISO numeric code, merged (some codes have several features)."""
    parts = countries[countries["iso_n3"] == iso_n3]
    if parts.empty:
        raise KeyError(f"no country with iso_n3 {iso_n3!r} in the boundary layer")
    return shapely.union_all(parts.geometry.values)


def resolve(ref: str, countries: gpd.GeoDataFrame, layers: dict[str, str]) -> BaseGeometry:
    """Geometry named by a ``geometry_ref``; ``layers`` maps prefixes to layer names."""
    prefix, _, code = ref.partition(":")
    if prefix == "iso_n3":
        return country(code, countries)
    if prefix not in layers:
        raise KeyError(f"unknown geometry_ref prefix {prefix!r} in {ref!r}")
    frame = layer(layers[prefix])
    hits = frame[frame["code"] == code] if "code" in frame else frame
    return shapely.union_all(hits.geometry.values)


def point(places: pd.DataFrame, place_id: str) -> tuple[float, float] | None:
    """(lon, lat) of a place, or None for boundaries and unlocated places."""
    row = places.set_index("id").loc[place_id]
    if pd.isna(row["lat"]) or pd.isna(row["lon"]):
        return None
    return float(row["lon"]), float(row["lat"])


def distances_from(origin: tuple[float, float], places: pd.DataFrame) -> pd.DataFrame:
    """Geodesic distance (km) and azimuth from an origin to every located place, nearest first."""
    located = places.dropna(subset=["lat", "lon"])
    rows = []
    for _, p in located.iterrows():
        d, az = geo.geodesic(origin[0], origin[1], float(p["lon"]), float(p["lat"]))
        rows.append({"id": p["id"], "name": p["name"], "km": d / KM, "azimuth": az})
    return pd.DataFrame(rows).sort_values("km", ignore_index=True)


def nearest_by_resolution(origin: tuple[float, float], iso_n3: str, resolutions: list[str]) -> pd.DataFrame:
    """Nearest boundary point of a country from an origin, at each boundary resolution."""
    rows = []
    for res in resolutions:
        geom = country(iso_n3, layer(f"countries-{res}"))
        lon, lat, d = geo.nearest_point(origin[0], origin[1], geom)
        rows.append({"resolution": res, "lon": lon, "lat": lat, "km": d / KM})
    return pd.DataFrame(rows)


def borders_by_resolution(iso_n3: str, resolutions: list[str], names: dict[str, str]) -> pd.DataFrame:
    """Shared border length (km) between a country and each neighbour, one column per resolution."""
    table: dict[str, dict[str, float]] = {}
    for res in resolutions:
        countries = layer(f"countries-{res}")
        near = geo.neighbours(countries, country(iso_n3, countries), min_shared_m=1_000.0)
        for code, length in near.groupby("iso_n3", dropna=True)["shared_border_m"].sum().items():
            table.setdefault(names.get(code, code), {})[res] = length / KM
    frame = pd.DataFrame(table).T.reindex(columns=resolutions)
    return frame.sort_values(resolutions[len(resolutions) // 2], ascending=False).rename_axis("neighbour").reset_index()


@dataclass(frozen=True)
class DistanceCheck:
    """A stated distance set against the computed one."""

    fact_id: str
    stated_km: float
    qualifier: str
    computed_km: float | None
    method: str
    verdict: str

    @property
    def ratio(self) -> float | None:
        return None if self.computed_km is None else self.stated_km / self.computed_km


def check_distance(fact: pd.Series, places: pd.DataFrame, countries: gpd.GeoDataFrame,
                   layers: dict[str, str]) -> DistanceCheck:
    """Compute what a distance claim measures, when its ends can be located, and give a verdict."""
    stated_m = units.to_metres(float(fact["value"]), str(fact["unit"]))
    origin = point(places, fact["from_place"]) if pd.notna(fact["from_place"]) else None
    target_row = places.set_index("id").loc[fact["to_place"]]
    target_pt = point(places, fact["to_place"])
    computed, method = None, "origin not stated: no computation"
    if origin is not None and target_pt is not None:
        computed = geo.geodesic(*origin, *target_pt)[0]
        method = "geodesic distance between the two points (WGS84)"
    elif origin is not None and target_row["kind"] == "boundary":
        geom = resolve(str(target_row["geometry_ref"]), countries, layers)
        computed = geo.nearest_point(*origin, geom)[2]
        method = "geodesic distance to the nearest boundary point (WGS84)"
    elif origin is not None:
        method = "target not located in the source: no computation"
    value = claims.verdict(str(fact["value"]), str(fact["unit"]), str(fact["qualifier"]), computed)
    return DistanceCheck(str(fact["id"]), stated_m / KM, str(fact["qualifier"]),
                         None if computed is None else computed / KM, method, value)


def candidates(origin: tuple[float, float], places: pd.DataFrame, lo_km: float, hi_km: float) -> pd.DataFrame:
    """Places whose distance from an origin falls within a stated interval: what a claim could match."""
    table = distances_from(origin, places)
    return table[(table["km"] >= lo_km) & (table["km"] <= hi_km)]


def band_of_geometry(origin: tuple[float, float], geom: BaseGeometry) -> tuple[float, float]:
    """Nearest and farthest distance (km) from an origin to any point of a region."""
    if geom.contains(Point(origin)):
        near = 0.0
    else:
        near = geo.nearest_point(*origin, geom)[2] / KM
    return near, geo.farthest_point(*origin, geom)[2] / KM
