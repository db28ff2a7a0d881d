"""Maps in an azimuthal equidistant projection centred on a point of interest.

In that projection distances from the centre are true, so geodesic range rings are circles. Layers
are clipped to a lon/lat window before projecting, because far-away land explodes at the antipode.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

import geopandas as gpd
import matplotlib.pyplot as plt
import numpy as np
import shapely
from matplotlib.patches import Patch
from matplotlib.lines import Line2D
from pyproj import Transformer
from shapely.geometry import LineString
from shapely.geometry.base import BaseGeometry

from . import geo, style

KM = 1000.0


@dataclass
class Frame:
    """A map frame: projection centre, half-width in km and the lon/lat window to clip to."""

    lon: float
    lat: float
    half_km: float
    window: tuple[float, float, float, float]
    crs: str = field(init=False)

    def __post_init__(self) -> None:
        self.crs = geo.aeqd_crs(self.lon, self.lat)
        self._fwd = Transformer.from_crs(geo.WGS84, self.crs, always_xy=True)

    def xy(self, lon: float | np.ndarray, lat: float | np.ndarray) -> tuple:
        return self._fwd.transform(lon, lat)

    def project(self, frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
        clipped = frame.assign(geometry=shapely.clip_by_rect(frame.geometry.values, *self.window))
        clipped = clipped[~clipped.geometry.is_empty]
        return clipped.to_crs(self.crs)

    def geometry(self, geom: BaseGeometry) -> BaseGeometry:
        clipped = shapely.clip_by_rect(geom, *self.window)
        return gpd.GeoSeries([clipped], crs=geo.WGS84).to_crs(self.crs).iloc[0]


def new_axes(frame: Frame, size: tuple[float, float] = (7.5, 7.0)) -> tuple[plt.Figure, plt.Axes]:
    style.apply()
    fig, ax = plt.subplots(figsize=size)
    r = frame.half_km * KM
    ax.set_xlim(-r, r)
    ax.set_ylim(-r, r)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color("#59636e")
    ax.set_facecolor("#eef3f7")
    return fig, ax


def graticule(ax: plt.Axes, frame: Frame, step: float = 10.0) -> None:
    """Meridians and parallels every ``step`` degrees, labelled at the frame edge."""
    west, south, east, north = frame.window
    for lon in np.arange(np.ceil(west / step) * step, east + 0.1, step):
        lats = np.linspace(south, north, 200)
        x, y = frame.xy(np.full_like(lats, lon), lats)
        ax.plot(x, y, color="#c5cdd5", lw=0.4, zorder=1)
    for lat in np.arange(np.ceil(south / step) * step, north + 0.1, step):
        lons = np.linspace(west, east, 400)
        x, y = frame.xy(lons, np.full_like(lons, lat))
        ax.plot(x, y, color="#c5cdd5", lw=0.4, zorder=1)
        inside = np.abs(np.asarray(x)) < frame.half_km * KM * 0.98
        if inside.any():
            i = int(np.argmax(inside))
            ax.text(x[i], y[i], f"{lat:.0f}°N", fontsize=6, color="#7d8790", ha="left", va="bottom", zorder=1)


def ring(ax: plt.Axes, frame: Frame, radius_km: float, label: str, **kw) -> None:
    """A geodesic circle around the frame centre, labelled on its north-west side."""
    coords = np.array(geo.ring(frame.lon, frame.lat, radius_km * KM, 720))
    x, y = frame.xy(coords[:, 0], coords[:, 1])
    ax.plot(x, y, zorder=4, **kw)
    angle = np.deg2rad(128)
    r = radius_km * KM
    ax.text(r * np.cos(angle), r * np.sin(angle), label, fontsize=6.5, color=kw.get("color", "k"), ha="center", va="center",
            rotation=38, zorder=6, bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8})


def scale_bar(ax: plt.Axes, frame: Frame, km: float) -> None:
    """A bar of ``km`` near the lower left; true near the centre line of this projection."""
    r = frame.half_km * KM
    x0, y0 = -0.92 * r, -0.92 * r
    ax.plot([x0, x0 + km * KM], [y0, y0], color="black", lw=2.5, solid_capstyle="butt", zorder=7)
    ax.text(x0 + km * KM / 2, y0 + 0.025 * r, f"{km:,.0f} km", ha="center", va="bottom", fontsize=7, zorder=7)


def credit(ax: plt.Axes, text: str) -> None:
    ax.text(0.99, 0.01, text, transform=ax.transAxes, ha="right", va="bottom", fontsize=5.5, color="#59636e",
            bbox={"fc": "white", "ec": "none", "alpha": 0.8, "pad": 1.5}, zorder=8)


def place_labels(ax: plt.Axes, points: Iterable[tuple[float, float, str]], fontsize: float = 7, **kw) -> None:
    """Label points without overlap: try offsets around each point, keep the first free one."""
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    taken = []
    offsets = [(5, 4, "left", "bottom"), (5, -4, "left", "top"), (-5, 4, "right", "bottom"), (-5, -4, "right", "top"),
               (0, 7, "center", "bottom"), (0, -7, "center", "top"), (10, 0, "left", "center"), (-10, 0, "right", "center")]
    for x, y, text in sorted(points, key=lambda p: -p[1]):
        for dx, dy, ha, va in offsets:
            label = ax.annotate(text, (x, y), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                                fontsize=fontsize, zorder=9, **kw)
            box = label.get_window_extent(renderer).expanded(1.05, 1.1)
            if not any(box.overlaps(other) for other in taken):
                taken.append(box)
                break
            label.remove()
        else:
            label = ax.annotate(text, (x, y), xytext=offsets[0][:2], textcoords="offset points", fontsize=fontsize, zorder=9, **kw)
            taken.append(label.get_window_extent(renderer))


def line(ax: plt.Axes, frame: Frame, a: tuple[float, float], b: tuple[float, float], n: int = 100, **kw) -> None:
    """The geodesic between two (lon, lat) points."""
    pts = geo.GEOD.npts(a[0], a[1], b[0], b[1], n)
    lons = [a[0]] + [p[0] for p in pts] + [b[0]]
    lats = [a[1]] + [p[1] for p in pts] + [b[1]]
    x, y = frame.xy(np.array(lons), np.array(lats))
    ax.plot(x, y, zorder=5, **kw)


def legend(ax: plt.Axes, handles: list, loc: str = "lower right") -> None:
    ax.legend(handles=handles, loc=loc, fontsize=6.5, frameon=True, framealpha=0.92, borderpad=0.6,
              bbox_to_anchor=(1.0, 0.04) if loc == "lower right" else None)


def patch(label: str, **kw) -> Patch:
    return Patch(label=label, **kw)


def stroke(label: str, **kw) -> Line2D:
    return Line2D([], [], label=label, **kw)


def outline(ax: plt.Axes, frame: Frame, geom: BaseGeometry, **kw) -> None:
    gpd.GeoSeries([frame.geometry(geom)], crs=frame.crs).boundary.plot(ax=ax, zorder=3, **kw)


def geodesic_segment(a: tuple[float, float], b: tuple[float, float]) -> LineString:
    return LineString([a, b])
