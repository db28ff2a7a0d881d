"""Boundary layers under data/geo/, read once, and the geometries places refer to through ``geometry_ref``.

``iso_n3:<code>`` selects countries by ISO numeric code in ``data/geo/countries-<resolution>.gpkg``;
``<prefix>:<code>`` selects the features of another layer by its ``code`` column, the prefix being
mapped to a layer name by ``[geography.layers]`` in notebooks/briefing.toml (see :mod:`scope`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from briefing import paths, reads
from briefing.analysis.geography import geodesy as geo
from briefing.analysis.geography import scope
from briefing.messages import first_line

COUNTRY_LAYER = "countries-{resolution}"
"""Name of the country boundary layer at a resolution, under data/geo/."""


def layer(name: str) -> gpd.GeoDataFrame:
    """A boundary layer from data/geo/<name>.gpkg (its first layer), in EPSG:4326, cached."""
    reads.file(paths.geo_dir() / f"{name}.gpkg", paths.root())
    return _layer(paths.geo_dir().resolve(), name)


@lru_cache(maxsize=16)
def _layer(folder: Path, name: str) -> gpd.GeoDataFrame:
    import pyogrio

    rel = f"data/geo/{name}.gpkg"
    path = folder / f"{name}.gpkg"
    if not path.is_file():
        raise FileNotFoundError(f"{rel}: boundary file missing (regenerate it with data/geo/make_geo.py)")
    try:
        layers = pyogrio.list_layers(path)
    except Exception as exc:  # pyogrio raises several error types for a damaged file
        raise ValueError(f"{rel}: not a readable GeoPackage ({type(exc).__name__})") from None
    if len(layers) == 0:
        raise ValueError(f"{rel}: GeoPackage holds no layer")
    try:
        return geo.load_boundaries(path, str(layers[0][0]))
    except ValueError as exc:
        message = first_line(exc).replace(str(path), rel)
        raise ValueError(message if message.startswith(rel) else f"{rel}: {message}") from None


def countries(resolution: str | None = None) -> gpd.GeoDataFrame:
    """The country layer at a resolution (default: the primary one)."""
    return layer(COUNTRY_LAYER.format(resolution=resolution or scope.geography().primary))


def country(iso_n3: str, frame: gpd.GeoDataFrame) -> BaseGeometry:
    """All features with this ISO numeric code, merged (some codes have several features)."""
    parts = frame[frame["iso_n3"] == iso_n3]
    if parts.empty:
        raise KeyError(f"no country with iso_n3 {iso_n3!r} in the boundary layer")
    if len(parts) == 1:  # one feature is the country already (merging it with nothing costs a full overlay)
        return parts.geometry.iloc[0]
    return shapely.union_all(parts.geometry.values)


def near(geom: BaseGeometry, frame: gpd.GeoDataFrame, tolerance_deg: float = geo.SHARED_TOLERANCE_DEG) -> list[str]:
    """ISO numeric codes (sorted) of the countries with territory within ``tolerance_deg`` of ``geom``."""
    close = shapely.distance(frame.geometry.values, geom) < tolerance_deg
    return sorted(set(frame.loc[close, "iso_n3"].dropna().astype(str)))


def names(frame: gpd.GeoDataFrame) -> dict[str, str]:
    """ISO numeric code -> English name, from a country layer."""
    known = frame.dropna(subset=["iso_n3"])
    return {str(k): str(v) for k, v in zip(known["iso_n3"], known["name"])}


def resolve(ref: str, frame: gpd.GeoDataFrame | None = None, layers: dict[str, str] | None = None) -> BaseGeometry:
    """Geometry named by a ``geometry_ref``; ``layers`` maps prefixes to layer names (default: settings)."""
    prefix, sep, code = str(ref).partition(":")
    if not sep or not prefix or not code:
        raise KeyError(f"geometry_ref {ref!r} is not of the form '<prefix>:<code>'")
    if prefix == "iso_n3":
        return country(code, frame if frame is not None else countries())
    layers = layers if layers is not None else scope.geography().layer_map
    if prefix not in layers:
        raise KeyError(
            f"unknown geometry_ref prefix {prefix!r} in {ref!r} (known: iso_n3, {', '.join(sorted(layers))})"
        )
    source = layer(layers[prefix])
    if "code" not in source.columns:
        raise KeyError(f"data/geo/{layers[prefix]}.gpkg has no 'code' column to look up {ref!r}")
    hits = source[source["code"] == code]
    if hits.empty:
        raise KeyError(f"no feature with code {code!r} in data/geo/{layers[prefix]}.gpkg")
    return shapely.union_all(hits.geometry.values)


def ocean(resolution: str | None = None) -> BaseGeometry:
    """The world ocean at a resolution: the parts of the globe outside every country that reach the map edge.

    Enclosed water (the Caspian, the Aral) does not reach the edge and so is not ocean; a sea cut off
    by the simplified coastline at this resolution would also count as enclosed.
    """
    res = resolution or scope.geography().primary
    return _ocean(paths.geo_dir().resolve(), res)


@lru_cache(maxsize=4)
def _ocean(folder: Path, resolution: str) -> BaseGeometry:
    frame = _layer(folder, COUNTRY_LAYER.format(resolution=resolution))
    world = box(-180.0, -90.0, 180.0, 90.0)
    water = world.difference(shapely.union_all(frame.geometry.values))
    edge = world.exterior
    return shapely.union_all([p for p in shapely.get_parts(water) if p.intersects(edge)])
