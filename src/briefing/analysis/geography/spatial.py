"""Spatial analysis over the data package: places resolved to geometries, distances, claim checks.

Places are points (lat/lon) or references to boundary layers through ``geometry_ref``:
``iso_n3:<code>`` selects countries by ISO numeric code in ``data/geo/countries-<resolution>.gpkg``;
``<prefix>:<code>`` selects the features of another layer by its ``code`` column, the prefix being
mapped to a layer name by ``[geography.layers]`` in notebooks/briefing.toml. What is measured from
where (origin, reference city, countries, region, resolutions) is read from the ``[geography]``
section of the settings, never written here.

Some places are areas rather than points: a city has an extent (the radius of its built-up area),
recorded either in an ``extent_km`` column of the places table or as a reference fact with attribute
:data:`EXTENT_ATTRIBUTE` (unit km) about the place. Distance checks widen the interval a stated
figure admits by the extents of both ends (see :mod:`briefing.analysis.checks.claims`); places without a recorded
extent count as points.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer
from shapely.geometry import LineString, MultiLineString, Point, box
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points

from briefing import paths, reads
from briefing import store as shared
from briefing.analysis.checks import claims, directions, units
from briefing.analysis.data import facts, settings
from briefing.analysis.geography import bearings
from briefing.analysis.geography import geodesy as geo
from briefing.messages import first_line

KM = 1000.0
COUNTRY_LAYER = "countries-{resolution}"
"""Name of the country boundary layer at a resolution, under data/geo/."""

MIN_SHARED_M = 1_000.0
"""Shared stretches shorter than this count as corner contacts, not borders."""

GEODESIC = "WGS84 geodesic"
"""How every distance here is measured (GeographicLib through pyproj); the chapters say so once."""

EXTENT_ATTRIBUTE = "extent_radius"
"""Attribute of a reference fact giving the extent (radius, km) of a place that is an area."""

EXTENT_COLUMN = "extent_km"
"""Optional column of the places table with the same meaning (empty for points)."""


# ---------------------------------------------------------------------------------------------
# Settings and layers
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Geography:
    """The ``[geography]`` settings: what the analysis measures from and to."""

    origin: str
    reference_city: str
    host: str
    interest: str
    region: str
    resolutions: tuple[str, ...]
    primary: str
    window: tuple[float, float, float, float]
    half_km: float
    layers: tuple[tuple[str, str], ...]
    sources: tuple[tuple[str, str], ...] = ()

    @property
    def layer_map(self) -> dict[str, str]:
        return dict(self.layers)

    def source(self, key: str) -> str:
        """Source id of a boundary layer: by resolution ('50m') or by a geometry reference ('dcw:CN.XJ')."""
        return dict(self.sources)[key.split(":")[0]]


def geography() -> Geography:
    """The geography settings, checked; KeyError names the missing key and the file."""
    cfg = settings.section("geography")
    keys = (
        "origin",
        "reference_city",
        "host_country",
        "country_of_interest",
        "region",
        "resolutions",
        "primary_resolution",
        "window",
        "map_half_width_km",
    )
    missing = [k for k in keys if k not in cfg]
    if missing:
        raise KeyError(f"notebooks/briefing.toml [geography] lacks {', '.join(missing)}")
    if cfg["primary_resolution"] not in cfg["resolutions"]:
        raise KeyError("notebooks/briefing.toml [geography] primary_resolution is not among resolutions")
    sources = dict(cfg.get("sources", {}))
    unsourced = [k for k in (*cfg["resolutions"], *dict(cfg.get("layers", {}))) if k not in sources]
    if unsourced:
        raise KeyError(f"notebooks/briefing.toml [geography.sources] lacks {', '.join(unsourced)}")
    return Geography(
        str(cfg["origin"]),
        str(cfg["reference_city"]),
        str(cfg["host_country"]),
        str(cfg["country_of_interest"]),
        str(cfg["region"]),
        tuple(cfg["resolutions"]),
        str(cfg["primary_resolution"]),
        tuple(float(x) for x in cfg["window"]),
        float(cfg["map_half_width_km"]),
        tuple(sorted(dict(cfg.get("layers", {})).items())),
        tuple(sorted((str(k), str(v)) for k, v in sources.items())),
    )


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
    return layer(COUNTRY_LAYER.format(resolution=resolution or geography().primary))


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
    layers = layers if layers is not None else geography().layer_map
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


def point(places: pd.DataFrame, place_id: str) -> tuple[float, float] | None:
    """(lon, lat) of a place, or None for boundaries and unlocated places; KeyError if unknown."""
    hit = places[places["id"] == place_id]
    if hit.empty:
        raise KeyError(f"no place {place_id!r} in the places table")
    row = hit.iloc[0]
    if pd.isna(row["lat"]) or pd.isna(row["lon"]):
        return None
    return float(row["lon"]), float(row["lat"])


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


# ---------------------------------------------------------------------------------------------
# Distances, nearest points, bands
# ---------------------------------------------------------------------------------------------


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
        lon, lat, d = geo.nearest_point(origin[0], origin[1], outline(country(iso_n3, countries(res))))
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
    frame = countries(resolution)
    label = names(frame)
    rows = []
    for code in sorted(set(codes)):
        band = region_band(origin, country(code, frame))
        rows.append({"iso_n3": code, "name": label.get(code, code), **band})
    return pd.DataFrame(rows).sort_values(["near_km", "iso_n3"], ignore_index=True)


# ---------------------------------------------------------------------------------------------
# Borders, gaps, coasts
# ---------------------------------------------------------------------------------------------


def borders(iso_n3: str, resolution: str) -> pd.DataFrame:
    """Neighbours of a country at a resolution with the length (km) of each shared border, longest first."""
    frame = countries(resolution)
    near = geo.neighbours(frame, country(iso_n3, frame), min_shared_m=MIN_SHARED_M)
    near = near.dropna(subset=["iso_n3"])
    near = near[near["iso_n3"] != iso_n3]
    lengths = near.groupby("iso_n3")["shared_border_m"].sum() / KM
    label = names(frame)
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
    frame = countries(resolution)
    a, b = country(iso_a, frame), country(iso_b, frame)
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
    frame = countries(primary)
    host_geom = country(host, frame)
    rows = []
    for label, code in members.items():
        row: dict[str, Any] = {"member": label, "iso_n3": code}
        for res in resolutions:
            row[res] = shared_border_km(host, code, res)
        row["borders"] = row[primary] > 0
        row["gap_km"] = 0.0 if row["borders"] else gap_km(host_geom, country(code, frame))
        rows.append(row)
    return pd.DataFrame(rows)


def ocean(resolution: str | None = None) -> BaseGeometry:
    """The world ocean at a resolution: the parts of the globe outside every country that reach the map edge.

    Enclosed water (the Caspian, the Aral) does not reach the edge and so is not ocean; a sea cut off
    by the simplified coastline at this resolution would also count as enclosed.
    """
    res = resolution or geography().primary
    return _ocean(paths.geo_dir().resolve(), res)


@lru_cache(maxsize=4)
def _ocean(folder: Path, resolution: str) -> BaseGeometry:
    frame = _layer(folder, COUNTRY_LAYER.format(resolution=resolution))
    world = box(-180.0, -90.0, 180.0, 90.0)
    water = world.difference(shapely.union_all(frame.geometry.values))
    edge = world.exterior
    return shapely.union_all([p for p in shapely.get_parts(water) if p.intersects(edge)])


def landlocked(codes: Iterable[str], resolution: str | None = None) -> pd.DataFrame:
    """Whether each country's territory stays clear of the world ocean at a resolution."""
    frame = countries(resolution)
    sea = ocean(resolution)
    label = names(frame)
    rows = [
        {
            "iso_n3": c,
            "name": label.get(c, c),
            "landlocked": bool(country(c, frame).distance(sea) > geo.SHARED_TOLERANCE_DEG),
        }
        for c in codes
    ]
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------------------------
# Claim checks
# ---------------------------------------------------------------------------------------------


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
    places that are areas to (radius km, id to cite) (see :func:`extents`); the interval the stated
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
    origin = point(places, str(fact["from_place"])) if not facts.missing(fact["from_place"]) else None
    target_row = places[places["id"] == fact["to_place"]].iloc[0]
    target = point(places, str(fact["to_place"]))
    computed = near = far = None
    if origin is None:
        method, result = "origin not stated: nothing to measure from", "unverifiable"
    elif target is not None:
        computed = geo.geodesic(*origin, *target)[0] / KM
        method, result = f"{GEODESIC}, point to point", claims.verdict(value, unit, qualifier, computed * KM, extent_m)
    elif not facts.missing(target_row["geometry_ref"]):
        geom = resolve(str(target_row["geometry_ref"]), frame, layers)
        if target_row["kind"] == "boundary":
            computed = geo.nearest_point(*origin, outline(geom))[2] / KM
            method = f"{GEODESIC}, to the nearest point of the boundary"
            result = claims.verdict(value, unit, qualifier, computed * KM, extent_m)
        else:
            near, far = band_of_geometry(origin, geom)
            method = f"{GEODESIC}; target located only as a region: from its nearest to its farthest point"
            result = claims.band_verdict(value, unit, qualifier, near * KM, far * KM, extent_m)
    else:
        method, result = "target not located: nothing to measure to", "unverifiable"
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


def distance_checks(
    distances: pd.DataFrame, places: pd.DataFrame, extent: dict[str, tuple[float, str]] | None = None
) -> list[DistanceCheck]:
    """Every distance claim of a distances table checked (see :func:`check_distance`), in table order.

    ``extent`` as for :func:`check_distance`; pass ``extents(places)`` to apply the area rule.
    """
    return [check_distance(row, places, extent=extent) for _, row in distances.reset_index().iterrows()]


@dataclass(frozen=True)
class DirectionCheck:
    """A stated compass direction set against the computed azimuth."""

    fact_id: str
    direction: str
    azimuth: float
    offset: float
    compass: str
    verdict: str
    method: str


def check_direction(fact: pd.Series | dict[str, Any], places: pd.DataFrame) -> DirectionCheck:
    """Azimuth from ``to_place`` to ``from_place`` (where the latter lies as seen from the former)."""
    seen_from, target = point(places, str(fact["to_place"])), point(places, str(fact["from_place"]))
    if seen_from is None or target is None:
        raise ValueError(f"{fact['id']}: both places must be located to check a direction")
    azimuth = geo.geodesic(*seen_from, *target)[1]
    direction = str(fact["direction"])
    return DirectionCheck(
        str(fact["id"]),
        direction,
        azimuth,
        bearings.angle_from(direction, azimuth),
        bearings.compass_point(azimuth),
        directions.direction_verdict(direction, azimuth),
        "forward azimuth of the geodesic from the reference place, clockwise from true north",
    )


# ---------------------------------------------------------------------------------------------
# Key results
# ---------------------------------------------------------------------------------------------


def id_part(text: str) -> str:
    """A lower-case part of a computed-result id (``calc-…``): letters, digits and hyphens."""
    out = "".join(c if c.isalnum() else "-" for c in str(text).lower())
    return "-".join(part for part in out.split("-") if part)


def key_results() -> pd.DataFrame:
    """Computed results cited across the briefing, one row per result, in a stable order.

    Columns: id, quantity (words), value (float), unit ('km', 'deg', 'deg_lat', 'deg_lon', 'count'),
    method, inputs. Ids (``<res>`` for each boundary resolution of the settings, ``<iso>`` an ISO
    numeric code, ``<place>`` a place id with '_' as '-'):

    - ``calc-nearest-border-<res>``: origin to the nearest point of the country of interest (km);
    - ``calc-nearest-border-lat`` / ``-lon`` / ``-azimuth``: that point at the primary resolution;
    - ``calc-origin-reference-city``: reference city to origin (km);
    - ``calc-azimuth-reference-city``: azimuth of the origin as seen from the reference city (deg);
    - ``calc-region-nearest`` / ``calc-region-farthest`` (km), with ``-lat`` / ``-lon`` of each point;
    - ``calc-neighbours-<res>``: number of countries sharing a border with the host country;
    - ``calc-border-<iso>-<res>``: length of the host's border with each neighbour (km; lower bound);
    - ``calc-distance-<place>``: origin to each located place (km).

    Computed once per state of its inputs (see :mod:`briefing.store`).
    """
    return shared.result("key-results", _compute_key_results).copy()


def result(calc_id: str) -> pd.Series:
    """One row of :func:`key_results`; KeyError names the id."""
    table = key_results().set_index("id")
    if calc_id not in table.index:
        raise KeyError(f"no computed result {calc_id!r}")
    return table.loc[calc_id]


def format_value(value: float, unit: str) -> str:
    """A computed value as printed in the briefing, with its unit."""
    if unit == "km":
        return units.length_text(value)
    if unit == "deg_lat":
        return f"{abs(value):.2f}° {'N' if value >= 0 else 'S'}"
    if unit == "deg_lon":
        return f"{abs(value):.2f}° {'E' if value >= 0 else 'W'}"
    if unit == "deg":
        return bearings.azimuth_text(value)
    if unit == "count":
        return f"{value:,.0f}"
    return f"{value:,g} {unit}"


def formatted(calc_id: str) -> str:
    """A computed result as printed, e.g. '521 km'."""
    row = result(calc_id)
    return format_value(float(row["value"]), str(row["unit"]))


def scale(resolution: str) -> str:
    """A boundary resolution as readers know it: '50m' -> '1:50m' (Natural Earth's scale names)."""
    return f"1:{resolution}"


def _compute_key_results() -> pd.DataFrame:
    g = geography()
    places = facts.load("places")
    pname = dict(zip(places["id"], places["name"]))
    origin = point(places, g.origin)
    city = point(places, g.reference_city)
    if origin is None or city is None:
        raise ValueError("the origin and the reference city of [geography] must be located places")
    prim = countries(g.primary)
    label = names(prim)
    o_name, i_name, h_name = pname[g.origin], label.get(g.interest, g.interest), label.get(g.host, g.host)
    o_in = f"{o_name} (gazetteer)"
    outlets = dict(zip(*facts.load("sources")[["id", "outlet"]].T.values))
    # the country boundaries at each resolution, in words, named after the outlet of their source
    boundaries = {
        res: f"{str(outlets[g.source(res)]).split(' / ')[0]} {scale(res)} country boundaries" for res in g.resolutions
    }
    rows: list[dict[str, Any]] = []
    bearing = "initial bearing of the geodesic, clockwise from true north"

    def add(id_: str, quantity: str, value: float, unit: str, method: str, inputs: str) -> None:
        rows.append(
            {"id": id_, "quantity": quantity, "value": float(value), "unit": unit, "method": method, "inputs": inputs}
        )

    near = nearest_by_resolution(origin, g.interest, g.resolutions).set_index("resolution")
    for res in g.resolutions:
        add(
            f"calc-nearest-border-{res}",
            f"{o_name} to the nearest point of {i_name}'s boundary ({scale(res)})",
            near.loc[res, "km"],
            "km",
            "geodesic to the nearest point of the outline",
            f"{o_in}; {i_name} in the {boundaries[res]}",
        )
    p = near.loc[g.primary]
    for key, unit, words in (("lat", "deg_lat", "latitude"), ("lon", "deg_lon", "longitude")):
        add(
            f"calc-nearest-border-{key}",
            f"{words.capitalize()} of that nearest point ({scale(g.primary)})",
            p[key],
            unit,
            "coordinate of that point",
            f"calc-nearest-border-{g.primary}",
        )
    add(
        "calc-nearest-border-azimuth",
        f"Bearing from {o_name} to that nearest point ({scale(g.primary)})",
        p["azimuth"],
        "deg",
        bearing,
        f"calc-nearest-border-{g.primary}",
    )

    dist, az_from_city = geo.geodesic(*city, *origin)
    c_in = f"{pname[g.reference_city]} and {o_name} (gazetteer points)"
    add(
        "calc-origin-reference-city",
        f"{pname[g.reference_city]} to {o_name}",
        dist / KM,
        "km",
        "geodesic, point to point",
        c_in,
    )
    add(
        "calc-azimuth-reference-city",
        f"Bearing of {o_name} as seen from {pname[g.reference_city]}",
        az_from_city,
        "deg",
        bearing,
        c_in,
    )

    region = resolve(g.region, prim, g.layer_map)
    band = region_band(origin, region)
    r_rows = places[(places["geometry_ref"] == g.region).fillna(False) & (places["kind"] == "boundary").fillna(False)]
    r_name = str(r_rows.iloc[0]["name"]) if len(r_rows) else g.region
    r_src = outlets.get(str(r_rows.iloc[0]["source_id"]), "") if len(r_rows) else g.region.partition(":")[0]
    r_in = f"{o_in}; outline of {r_name} ({r_src})"
    for end, words, how in (
        ("near", "nearest", "geodesic to the nearest point of the outline"),
        (
            "far",
            "farthest",
            f"geodesic to the farthest point of the outline (points every {geo.DENSIFY_DEG}° along it)",
        ),
    ):
        add(f"calc-region-{words}", f"{o_name} to the {words} point of {r_name}", band[f"{end}_km"], "km", how, r_in)
        add(
            f"calc-region-{words}-lat",
            f"Latitude of the {words} point of {r_name}",
            band[f"{end}_lat"],
            "deg_lat",
            "coordinate of that point",
            f"calc-region-{words}",
        )
        add(
            f"calc-region-{words}-lon",
            f"Longitude of the {words} point of {r_name}",
            band[f"{end}_lon"],
            "deg_lon",
            "coordinate of that point",
            f"calc-region-{words}",
        )

    per_res = {res: borders(g.host, res) for res in g.resolutions}
    border_method = "length of the shared outline (a lower bound: simplified lines cut corners)"
    for res, table in per_res.items():
        add(
            f"calc-neighbours-{res}",
            f"Countries sharing a border with {h_name} ({scale(res)})",
            len(table),
            "count",
            f"countries sharing at least {MIN_SHARED_M / KM:g} km of outline",
            f"{h_name} in the {boundaries[res]}",
        )
    order = list(per_res[g.primary]["iso_n3"]) + sorted(
        {c for t in per_res.values() for c in t["iso_n3"]} - set(per_res[g.primary]["iso_n3"])
    )
    for code in order:
        for res, table in per_res.items():
            hit = table[table["iso_n3"] == code]
            if hit.empty:
                continue
            other = hit.iloc[0]["name"]
            add(
                f"calc-border-{code}-{res}",
                f"Border {h_name}–{other} ({scale(res)})",
                hit.iloc[0]["km"],
                "km",
                border_method,
                f"{h_name} and {other} in the {boundaries[res]}",
            )

    for r in distances_from(origin, places, exclude=[g.origin]).itertuples(index=False):
        add(
            f"calc-distance-{id_part(r.id)}",
            f"{o_name} to {r.name}",
            r.km,
            "km",
            "geodesic, point to point",
            f"{o_name} and {r.name} (gazetteer points)",
        )

    frame = pd.DataFrame(rows, columns=["id", "quantity", "value", "unit", "method", "inputs"])
    if frame["id"].duplicated().any():
        raise ValueError(f"duplicate computed-result ids: {sorted(frame.loc[frame['id'].duplicated(), 'id'])}")
    return frame


BORDER_REFERENCE = "land_boundary_{actor}"
"""Attribute of the reference facts that give the length of the host's border with a neighbour (actor id)."""


def sensitivity() -> pd.DataFrame:
    """Every resolution-dependent computed figure at each resolution of the settings, with its spread.

    One row for the distance to the nearest boundary point of the country of interest, then one per
    border of the host country. Columns: key ('nearest' or an ISO code), figure (words), neighbour,
    ids (resolution -> computed-result id), one column per resolution (km, NaN where absent), spread
    (largest minus smallest), relative (spread over the primary value), and for borders the reference
    length of a reference fact with attribute :data:`BORDER_REFERENCE` (reference, reference_id) and
    the ratio of the finest value to it.
    """
    g = geography()
    calc = key_results().set_index("id")["value"]
    actors = facts.load("actors")
    actor_of = {c: a for a, c in zip(actors["id"], actors["iso_n3"], strict=True) if not facts.missing(c)}
    label = names(countries(g.primary))
    host, interest = label.get(g.host, g.host), label.get(g.interest, g.interest)
    origin = str(facts.load("places").set_index("id").loc[g.origin, "name"]).split(" Air")[0]
    rows = [
        {
            "key": "nearest",
            "figure": f"distance from {origin} to {interest}'s nearest boundary point",
            "neighbour": "",
            "ids": {r: f"calc-nearest-border-{r}" for r in g.resolutions},
        }
    ]
    codes = list(dict.fromkeys(i.split("-")[2] for i in calc.index if i.startswith("calc-border-")))
    rows += [
        {
            "key": c,
            "figure": f"{host}–{label.get(c, c)} border",
            "neighbour": label.get(c, c),
            "ids": {r: f"calc-border-{c}-{r}" for r in g.resolutions},
        }
        for c in codes
    ]
    frame = pd.DataFrame(rows)
    for r in g.resolutions:
        frame[r] = [calc.get(ids[r], float("nan")) for ids in frame["ids"]]
    values = frame[list(g.resolutions)]
    frame["spread"] = values.max(axis=1) - values.min(axis=1)
    frame["relative"] = frame["spread"] / frame[g.primary]
    ref = facts.load("reference_facts")
    ref = ref[(ref["subject"] == actor_of.get(g.host)) & (ref["unit"] == "km")].set_index("attribute")
    attribute = [BORDER_REFERENCE.format(actor=actor_of.get(k, "")) for k in frame["key"]]
    frame["reference"] = [float(ref.loc[a, "value"]) if a in ref.index else float("nan") for a in attribute]
    frame["reference_id"] = [str(ref.loc[a, "id"]) if a in ref.index else "" for a in attribute]
    frame["ratio"] = frame[g.resolutions[-1]] / frame["reference"]
    return frame


def sensitivity_table(frame: pd.DataFrame | None = None) -> tuple[pd.DataFrame, list[str]]:
    """:func:`sensitivity` as printed (km to one decimal, shares as percentages), and its numeric columns."""
    g = geography()
    frame = sensitivity() if frame is None else frame
    fine, primary = scale(g.resolutions[-1]), scale(g.primary)

    def fmt(pattern: str):
        return lambda x: "" if pd.isna(x) else pattern.format(x)

    shown = pd.DataFrame(
        {
            "figure (km)": frame["figure"].str[:1].str.upper() + frame["figure"].str[1:],
            **{scale(r): frame[r].map(fmt("{:,.1f}")) for r in g.resolutions},
            "spread": frame["spread"].map(fmt("{:,.1f}")),
            f"spread ÷ {primary}": frame["relative"].map(fmt("{:.0%}")),
            "reference": frame["reference"].map(fmt("{:,.0f}")),
            f"{fine} ÷ reference": frame["ratio"].map(fmt("{:.0%}")),
        }
    )
    return shown, list(shown.columns[1:])
