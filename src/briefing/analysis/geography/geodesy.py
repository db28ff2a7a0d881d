"""Geodesy on the WGS84 ellipsoid for boundary data in longitude/latitude (EPSG:4326).

Conventions: points are (lon, lat) in degrees; distances in metres; azimuths in degrees clockwise
from north in [0, 360). Boundary segments are straight lines in lon/lat, which is how the data sets
draw them (a border along a parallel stays on the parallel); every distance to them is geodesic,
computed with pyproj.Geod (GeographicLib), never with a spherical formula.
"""

from __future__ import annotations

import math
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from pyproj import CRS, Geod, Transformer
from shapely.geometry.base import BaseGeometry

GEOD = Geod(ellps="WGS84")
WGS84 = CRS.from_epsg(4326)

DENSIFY_DEG = 0.05
"""Longest boundary segment (degrees of lon/lat) used when sampling or measuring boundaries."""

SHARED_TOLERANCE_DEG = 1e-3
"""Default gap (degrees, ~100 m) below which two boundaries count as one shared border."""

_NEAR_MARGIN_M = 2_000.0
_NEAR_MAX_CANDIDATES = 64
_GOLDEN = (math.sqrt(5.0) - 1.0) / 2.0


def geodesic(lon1: float, lat1: float, lon2: float, lat2: float) -> tuple[float, float]:
    """Distance (m) and forward azimuth (deg, [0, 360)) of the shortest path from point 1 to 2."""
    azimuth, _, distance = GEOD.inv(lon1, lat1, lon2, lat2)
    azimuth = float(azimuth) % 360.0
    return float(distance), (0.0 if azimuth >= 360.0 else azimuth)


def aeqd_crs(lon: float, lat: float) -> str:
    """PROJ string of an azimuthal equidistant projection centred on a point (true distance from it)."""
    return (
        f"+proj=aeqd +lat_0={float(lat)!r} +lon_0={float(lon)!r} +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs +type=crs"
    )


def ring(lon: float, lat: float, radius_m: float, n: int = 360) -> list[tuple[float, float]]:
    """Closed ring of n points at a geodesic distance from a centre, for range rings.

    Longitudes are wrapped to [-180, 180]; a ring crossing the antimeridian jumps there.
    """
    if n < 3 or radius_m <= 0:
        raise ValueError("ring needs n >= 3 and a positive radius")
    azimuths = np.linspace(0.0, 360.0, n, endpoint=False)
    lons, lats, _ = GEOD.fwd(np.full(n, lon, float), np.full(n, lat, float), azimuths, np.full(n, radius_m, float))
    coords = [(float(x), float(y)) for x, y in zip(lons, lats)]
    return coords + [coords[0]]


def load_boundaries(path: str | Path, layer: str) -> gpd.GeoDataFrame:
    """Read a boundary layer in EPSG:4326; raise ValueError naming the file if it cannot be used."""
    path = Path(path)
    try:
        gdf = gpd.read_file(path, layer=layer)
    except Exception as exc:  # pyogrio raises several types (DataSourceError, DataLayerError, OSError)
        raise ValueError(f"cannot read layer {layer!r} from {path}: {exc}") from exc
    if gdf.empty:
        raise ValueError(f"{path} layer {layer!r} has no features")
    if gdf.crs is None:
        gdf = _assume_lonlat(gdf, path)
    elif not gdf.crs.equals(WGS84):
        gdf = gdf.to_crs(WGS84)
    bad = gdf.geometry.isna() | ~gdf.geometry.is_valid
    if bad.any():
        raise ValueError(f"{path} layer {layer!r}: {int(bad.sum())} missing or invalid geometries")
    return gdf


def _assume_lonlat(gdf: gpd.GeoDataFrame, path: Path) -> gpd.GeoDataFrame:
    """Declare EPSG:4326 for a layer without CRS, if its coordinates can be lon/lat."""
    x0, y0, x1, y1 = gdf.total_bounds
    if x0 < -180.0001 or x1 > 180.0001 or y0 < -90.0001 or y1 > 90.0001:
        raise ValueError(f"{path} has no CRS and coordinates outside lon/lat range")
    return gdf.set_crs(WGS84)


def _outline(geometry: BaseGeometry) -> BaseGeometry:
    """Boundary of polygons, the geometry itself for lines and points: what 'nearest' is measured to."""
    if geometry is None or geometry.is_empty:
        raise ValueError("empty geometry")
    if geometry.geom_type == "GeometryCollection":
        return shapely.union_all([_outline(p) for p in geometry.geoms if not p.is_empty])
    return geometry.boundary if shapely.get_dimensions(geometry) == 2 else geometry


def _vertex_runs(geometry: BaseGeometry, densify_deg: float) -> list[np.ndarray]:
    """Coordinate arrays (n x 2) of each line or point of the densified outline."""
    outline = shapely.segmentize(_outline(geometry), densify_deg)
    return [shapely.get_coordinates(p) for p in shapely.get_parts(outline) if not p.is_empty]


def _segments(runs: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Start and end points of all segments; a lone point becomes a zero-length segment."""
    starts = [r[:-1] if len(r) > 1 else r for r in runs]
    ends = [r[1:] if len(r) > 1 else r for r in runs]
    return np.concatenate(starts), np.concatenate(ends)


def _planar_distance(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Distance from the origin to each planar segment a-b."""
    d = b - a
    length2 = np.einsum("ij,ij->i", d, d)
    t = np.where(length2 > 0, -np.einsum("ij,ij->i", a, d) / np.where(length2 > 0, length2, 1), 0)
    p = a + np.clip(t, 0.0, 1.0)[:, None] * d
    return np.hypot(p[:, 0], p[:, 1])


def _refine(lon: float, lat: float, a: np.ndarray, b: np.ndarray) -> tuple[float, float, float]:
    """Golden-section search along the lon/lat segment a-b for the geodesically nearest point."""

    def dist(t: float) -> float:
        return GEOD.inv(lon, lat, a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))[2]

    lo, hi = 0.0, 1.0
    x1, x2 = hi - _GOLDEN, _GOLDEN
    f1, f2 = dist(x1), dist(x2)
    while hi - lo > 1e-10:
        if f1 < f2:
            hi, x2, f2 = x2, x1, f1
            x1 = hi - _GOLDEN * (hi - lo)
            f1 = dist(x1)
        else:
            lo, x1, f1 = x1, x2, f2
            x2 = lo + _GOLDEN * (hi - lo)
            f2 = dist(x2)
    t = min((0.0, 1.0, (lo + hi) / 2), key=dist)
    p = a + t * (b - a)
    return float(p[0]), float(p[1]), float(dist(t))


def nearest_point(
    lon: float, lat: float, geometry: BaseGeometry, densify_deg: float = DENSIFY_DEG
) -> tuple[float, float, float]:
    """Point of a polygon's boundary (or of a line) geodesically nearest to (lon, lat), and distance.

    Candidates come from an azimuthal equidistant projection centred on the point (distance from
    the centre is exact there); each candidate segment is then searched with geodesic distances.
    """
    runs = _vertex_runs(geometry, densify_deg)
    a, b = _segments(runs)
    to_plane = Transformer.from_crs(WGS84, aeqd_crs(lon, lat), always_xy=True)
    # each vertex projected once (segments share their ends), then paired as the segments are
    flat = np.concatenate(runs)
    projected = np.column_stack(to_plane.transform(flat[:, 0], flat[:, 1]))
    pa, pb = _segments(np.split(projected, np.cumsum([len(r) for r in runs])[:-1]))
    planar = _planar_distance(pa, pb)
    limit = planar.min() + _NEAR_MARGIN_M + 0.002 * planar.min()
    order = np.argsort(planar)[:_NEAR_MAX_CANDIDATES]
    candidates = [i for i in order if planar[i] <= limit]
    return min((_refine(lon, lat, a[i], b[i]) for i in candidates), key=lambda r: r[2])


def farthest_point(
    lon: float, lat: float, geometry: BaseGeometry, densify_deg: float = DENSIFY_DEG
) -> tuple[float, float, float]:
    """Vertex of the densified outline geodesically farthest from (lon, lat), and distance."""
    vertices = np.concatenate(_vertex_runs(geometry, densify_deg))
    n = len(vertices)
    _, _, dist = GEOD.inv(np.full(n, lon, float), np.full(n, lat, float), vertices[:, 0], vertices[:, 1])
    i = int(np.argmax(dist))
    return float(vertices[i, 0]), float(vertices[i, 1]), float(dist[i])


def geodesic_length(geometry: BaseGeometry, densify_deg: float = DENSIFY_DEG) -> float:
    """Geodesic length (m) of the linear parts of a geometry, densified to follow lon/lat segments."""
    lines = [p for p in shapely.get_parts(geometry) if p.geom_type in ("LineString", "LinearRing")]
    return float(sum(GEOD.geometry_length(shapely.segmentize(p, densify_deg)) for p in lines))


def shared_border_length(
    geom_a: BaseGeometry, geom_b: BaseGeometry, tolerance_deg: float = SHARED_TOLERANCE_DEG
) -> float:
    """Geodesic length (m) of the border two neighbouring polygons share.

    Each outline is clipped to a buffer of tolerance_deg around the other (data sets do not always
    share vertices exactly) and the mean of the two lengths is returned. The tolerance can add up to
    about one tolerance width (~111 m per 1e-3 deg) at each end of each shared stretch.
    """
    outline_a, outline_b = _outline(geom_a), _outline(geom_b)
    # Only the outlines where the two bounding boxes overlap can lie within the tolerance of each
    # other, and what lies near them within twice the tolerance: clip both to that window before
    # buffering (the same lengths, to floating-point noise, without buffering a whole country's outline).
    (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) = outline_a.bounds, outline_b.bounds
    margin = 4 * tolerance_deg
    window = (max(ax0, bx0) - margin, max(ay0, by0) - margin, min(ax1, bx1) + margin, min(ay1, by1) + margin)
    if window[0] > window[2] or window[1] > window[3]:
        return 0.0
    outline_a, outline_b = shapely.clip_by_rect(outline_a, *window), shapely.clip_by_rect(outline_b, *window)
    a_on_b = geodesic_length(outline_a.intersection(outline_b.buffer(tolerance_deg)))
    b_on_a = geodesic_length(outline_b.intersection(outline_a.buffer(tolerance_deg)))
    return (a_on_b + b_on_a) / 2.0


def neighbours(
    gdf: gpd.GeoDataFrame, geom: BaseGeometry, tolerance_deg: float = SHARED_TOLERANCE_DEG, min_shared_m: float = 0.0
) -> gpd.GeoDataFrame:
    """Features touching or within tolerance of geom (itself excluded), with shared border in metres.

    Sorted by shared length, longest first; min_shared_m drops corner-only contacts.
    """
    near = gdf.iloc[gdf.sindex.query(geom.buffer(tolerance_deg), predicate="intersects")]
    near = near[~shapely.equals(near.geometry.values, geom)]
    shared = [shared_border_length(geom, g, tolerance_deg) for g in near.geometry]
    out = near.assign(shared_border_m=np.asarray(shared, dtype=float))
    return out[out["shared_border_m"] >= min_shared_m].sort_values("shared_border_m", ascending=False)
