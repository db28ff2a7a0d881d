"""The frame of a distance map: an azimuthal equidistant projection centred on the origin, and the
lon/lat shapes drawn around a centre (distance bands, sectors of bearing).

In that projection distances from the centre are true, so geodesic range rings around it are
circles. Layers are clipped to a lon/lat window that covers the frame before projecting (far-away
land explodes towards the antipode), then to the frame itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from numpy.typing import ArrayLike
from pyproj import Transformer
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from briefing.analysis.geography import geodesy as geo

KM = 1000.0


@dataclass
class Frame:
    """A map frame: projection centre (lon, lat) and the extent shown, in km east/north of the centre.

    ``window`` is the lon/lat rectangle layers are clipped to before projecting; it is widened as
    needed to cover the whole frame, so that no clipping edge shows inside the map.
    """

    lon: float
    lat: float
    extent_km: tuple[float, float, float, float]
    window: tuple[float, float, float, float] | None = None
    crs: str = field(init=False)

    @classmethod
    def square(cls, lon: float, lat: float, half_km: float, window: Sequence[float] | None = None) -> Frame:
        """A frame reaching ``half_km`` from the centre each way."""
        return cls(lon, lat, (-half_km, half_km, -half_km, half_km), tuple(window) if window else None)

    def __post_init__(self) -> None:
        """The projection's transformers, and the window widened to cover the frame."""
        self.crs = geo.aeqd_crs(self.lon, self.lat)
        self._fwd = Transformer.from_crs(geo.WGS84, self.crs, always_xy=True)
        self._inv = Transformer.from_crs(self.crs, geo.WGS84, always_xy=True)
        self.window = self._cover(self.window)

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """x0, x1, y0, y1 in metres."""
        x0, x1, y0, y1 = self.extent_km
        return x0 * KM, x1 * KM, y0 * KM, y1 * KM

    def _cover(self, window: tuple[float, float, float, float] | None) -> tuple[float, float, float, float]:
        """The lon/lat window widened to hold the frame's edge (and a pole or the antimeridian it reaches)."""
        x0, x1, y0, y1 = self.bounds
        t = np.linspace(0.0, 1.0, 60)
        xs = np.concatenate([x0 + (x1 - x0) * t, np.full(60, x1), x1 - (x1 - x0) * t, np.full(60, x0)])
        ys = np.concatenate([np.full(60, y0), y0 + (y1 - y0) * t, np.full(60, y1), y1 - (y1 - y0) * t])
        lons, lats = self._inv.transform(xs, ys)
        west, east = float(np.min(lons)) - 2.0, float(np.max(lons)) + 2.0
        south, north = float(np.min(lats)) - 2.0, float(np.max(lats)) + 2.0
        reach = max(abs(y0), abs(y1), abs(x0), abs(x1)) / 111_000
        if self.lat + reach > 85:  # the frame reaches a pole: take every longitude up to it
            west, east, north = -180.0, 180.0, 90.0
        if self.lat - reach < -85:
            west, east, south = -180.0, 180.0, -90.0
        if window:
            west, south = min(west, window[0]), min(south, window[1])
            east, north = max(east, window[2]), max(north, window[3])
        if east - west > 200:  # wraps round the antimeridian: a hemisphere is still safe to project
            west, east = -180.0, 180.0
        return max(west, -180.0), max(south, -90.0), min(east, 180.0), min(north, 90.0)

    def xy(self, lon: ArrayLike, lat: ArrayLike) -> tuple[Any, Any]:
        """Projected metres of lon/lat values (scalars or arrays)."""
        return self._fwd.transform(lon, lat)

    def lonlat(self, x: ArrayLike, y: ArrayLike) -> tuple[Any, Any]:
        """Lon/lat of projected metres: :meth:`xy` undone."""
        return self._inv.transform(x, y)

    def inside(self, x: float, y: float, margin: float = 0.0) -> bool:
        """Whether a projected point lies in the frame, ``margin`` (a share of its size) inside its edge."""
        x0, x1, y0, y1 = self.bounds
        mx, my = margin * (x1 - x0), margin * (y1 - y0)
        return x0 + mx <= x <= x1 - mx and y0 + my <= y <= y1 - my

    def _rect(self, grow: float = 0.05) -> BaseGeometry:
        """The frame a little enlarged, so that clipped outlines never show along its edge."""
        x0, x1, y0, y1 = self.bounds
        gx, gy = grow * (x1 - x0), grow * (y1 - y0)
        return box(x0 - gx, y0 - gy, x1 + gx, y1 + gy)

    def geometry(self, geom: BaseGeometry) -> BaseGeometry:
        """A lon/lat geometry clipped to the window, projected, and clipped to (a little beyond) the frame."""
        clipped = shapely.clip_by_rect(shapely.segmentize(geom, 0.25), *self.window)
        if clipped.is_empty:
            return clipped
        projected = shapely.transform(clipped, lambda c: np.column_stack(self._fwd.transform(c[:, 0], c[:, 1])))
        shown = shapely.intersection(shapely.make_valid(projected), self._rect())
        return shapely.simplify(shown, self.resolution_m, preserve_topology=True)

    @property
    def resolution_m(self) -> float:
        """Detail finer than this (a few thousandths of the frame width) is invisible and is dropped."""
        x0, x1, _, _ = self.bounds
        return (x1 - x0) / 4000.0

    def project(self, frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
        """Every feature of a lon/lat layer, projected into the frame; features outside are dropped."""
        geoms = [self.geometry(g) for g in frame.geometry.values]
        out = gpd.GeoDataFrame(frame.drop(columns=frame.geometry.name), geometry=geoms, crs=self.crs)
        return out[~(out.geometry.isna() | out.geometry.is_empty)]


def annulus(centre: tuple[float, float], lo_km: float, hi_km: float, n: int = 720) -> BaseGeometry:
    """The lon/lat polygon between two geodesic circles around a centre (for distance bands)."""
    outer = shapely.Polygon(geo.ring(centre[0], centre[1], hi_km * KM, n))
    if lo_km <= 0:
        return outer
    return outer.difference(shapely.Polygon(geo.ring(centre[0], centre[1], lo_km * KM, n)))


def sector(
    centre: tuple[float, float], from_azimuth: float, to_azimuth: float, radius_km: float, n: int = 90
) -> BaseGeometry:
    """The lon/lat wedge of azimuths from_azimuth..to_azimuth (clockwise, may wrap) out to a geodesic radius."""
    span = (to_azimuth - from_azimuth) % 360.0 or 360.0
    azimuths = from_azimuth + np.linspace(0.0, span, n)
    lons, lats, _ = geo.GEOD.fwd(np.full(n, centre[0]), np.full(n, centre[1]), azimuths, np.full(n, radius_km * KM))
    return shapely.Polygon([centre, *zip(lons, lats), centre])
