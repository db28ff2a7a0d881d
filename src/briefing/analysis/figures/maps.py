"""Maps of distance in an azimuthal equidistant projection.

In that projection distances from the centre are true, so geodesic range rings around it are
circles. Layers are clipped to a lon/lat window that covers the frame before projecting (far-away
land explodes towards the antipode), then to the frame itself. What to draw (which countries, rings,
places) is passed in by the chapter as small specification objects; nothing here names a place.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import matplotlib.pyplot as plt
import numpy as np
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from pyproj import Transformer
from shapely.geometry import LineString, box
from shapely.geometry.base import BaseGeometry

from briefing import theme
from briefing.analysis.figures import style
from briefing.analysis.figures.labels import Labeller, spiral
from briefing.analysis.figures.style import HALO, INK, KIND, MUTED, PAPER
from briefing.analysis.geography import geodesy as geo

KM = 1000.0

SEA, LAND, EDGE, GRID = theme.MAP.sea, theme.MAP.land, theme.MAP.border, theme.MAP.graticule
HATCH, HATCH_WIDTH = theme.MAP.hatch, 0.55
MIN_PT = theme.SMALLEST_PT
"""Smallest text on a map, in points at the figure's size: maps are drawn at most a text width wide (6.5 in)."""

STRIPES, DOTS = "//", ".."
"""Hatch patterns for a second attribute on top of a fill, so that colour never carries meaning alone."""


# ---------------------------------------------------------------------------------------------
# Frame and projection
# ---------------------------------------------------------------------------------------------


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
        return cls(lon, lat, (-half_km, half_km, -half_km, half_km), tuple(window) if window else None)

    def __post_init__(self) -> None:
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

    def xy(self, lon, lat):
        """Projected metres of lon/lat values (scalars or arrays)."""
        return self._fwd.transform(lon, lat)

    def lonlat(self, x, y):
        return self._inv.transform(x, y)

    def inside(self, x: float, y: float, margin: float = 0.0) -> bool:
        x0, x1, y0, y1 = self.bounds
        mx, my = margin * (x1 - x0), margin * (y1 - y0)
        return x0 + mx <= x <= x1 - mx and y0 + my <= y <= y1 - my

    def _rect(self, grow: float = 0.05) -> BaseGeometry:
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


class QuietCanvas(FigureCanvasAgg):
    """An Agg canvas that ignores requests to redraw: geopandas asks for one after every layer it
    plots, and on Agg each is a full render of the map so far (some fifty per map). The map is
    rendered only when it is saved (labels are measured on a layout without rendering)."""

    def draw_idle(self, *args: Any, **kwargs: Any) -> None:
        pass


def new_map(frame: Frame, width: float = 7.0) -> tuple[plt.Figure, plt.Axes]:
    """A figure whose axes show exactly the frame, with true aspect ratio."""
    style.apply()
    x0, x1, y0, y1 = frame.bounds
    height = width * (y1 - y0) / (x1 - x0)
    fig = plt.figure(figsize=(width, height))
    QuietCanvas(fig)
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color(MUTED)
        spine.set_linewidth(0.8)
    ax.set_facecolor(SEA)
    return fig, ax


# ---------------------------------------------------------------------------------------------
# Specifications of what to draw
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fill:
    """How to paint a country: face colour, optional hatch, legend label."""

    label: str
    colour: str
    hatch: str | None = None
    edge: str = EDGE


@dataclass(frozen=True)
class Ring:
    """A geodesic circle: radius, label, kind ('claim' or 'computed'), centre (default: the frame's)."""

    radius_km: float
    label: str
    kind: str = "computed"
    centre: tuple[float, float] | None = None
    label_azimuth: float = 225.0


@dataclass(frozen=True)
class Pin:
    """A located point: 'origin' (star), 'place' (dot) or 'point' (small diamond, e.g. a computed point)."""

    lon: float
    lat: float
    label: str
    kind: str = "place"


@dataclass(frozen=True)
class Route:
    """The geodesic between two (lon, lat) points, labelled along its middle."""

    a: tuple[float, float]
    b: tuple[float, float]
    label: str
    kind: str = "computed"


@dataclass(frozen=True)
class Area:
    """An area drawn over the countries (a distance band, a sector, a city's extent).

    ``edge`` (default: the colour of stated figures) outlines it; ``linestyle`` and ``linewidth``
    style that outline; ``alpha`` applies to the fill only, so the outline stays crisp.
    """

    geometry: BaseGeometry
    colour: str
    hatch: str | None = None
    edge: str | None = None
    alpha: float = 0.85
    linewidth: float = 0.6
    linestyle: object = "-"
    zorder: float = 2.6


@dataclass(frozen=True)
class Outline:
    """A region drawn as an outline, with its name written inside."""

    geometry: BaseGeometry
    label: str
    colour: str = theme.MAP.region


# ---------------------------------------------------------------------------------------------
# Drawing
# ---------------------------------------------------------------------------------------------


def paint(
    ax: plt.Axes, frame: Frame, layer: gpd.GeoDataFrame, fills: dict[str, Fill], default: Fill, key: str = "iso_n3"
) -> gpd.GeoDataFrame:
    """Draw a country layer, each feature painted by ``fills[feature[key]]`` or ``default``."""
    projected = frame.project(layer)
    codes = projected[key].fillna("").astype(str)
    # The (multi)polygons as one collection, country after country in code order: as many collections
    # drawn in turn, without the cost of each (geopandas builds a class per call). A feature clipped
    # to a mix of parts keeps a call of its own, since geopandas would pair the colours with its parts.
    plain = projected.geom_type.isin(["Polygon", "MultiPolygon"]).to_numpy()
    order = [i for i in np.argsort(codes.to_numpy(), kind="stable") if plain[i]]
    painted = [fills.get(code, default) for code in codes.iloc[order]]
    if order:
        projected.iloc[order].plot(
            ax=ax, facecolor=[f.colour for f in painted], edgecolor=[f.edge for f in painted], linewidth=0.6, zorder=2
        )
    for code, part in projected.groupby(codes, sort=True):
        fill = fills.get(code, default)
        mixed = part[~part.geom_type.isin(["Polygon", "MultiPolygon"])]
        if not mixed.empty:
            mixed.plot(ax=ax, facecolor=fill.colour, edgecolor=fill.edge, linewidth=0.6, zorder=2)
        if fill.hatch:
            with plt.rc_context({"hatch.linewidth": HATCH_WIDTH}):
                part.plot(ax=ax, facecolor="none", edgecolor=HATCH, hatch=fill.hatch, linewidth=0, zorder=2.1)
            part.boundary.plot(ax=ax, color=fill.edge, linewidth=0.6, zorder=2.2)
    return projected


def outline(
    ax: plt.Axes,
    frame: Frame,
    geom: BaseGeometry,
    colour: str = INK,
    linewidth: float = 1.0,
    linestyle="-",
    zorder: float = 3,
) -> BaseGeometry:
    """Draw the outline of a lon/lat geometry; returns it projected."""
    projected = frame.geometry(geom)
    gpd.GeoSeries([projected], crs=frame.crs).boundary.plot(
        ax=ax, color=colour, linewidth=linewidth, linestyle=linestyle, zorder=zorder
    )
    return projected


def anchor(projected: BaseGeometry, frame: Frame) -> tuple[float, float] | None:
    """A point well inside the visible part of a projected polygon (centre of its largest inscribed circle)."""
    x0, x1, y0, y1 = frame.bounds
    visible = shapely.clip_by_rect(projected, x0, y0, x1, y1)
    if visible.is_empty:
        return None
    parts = [p for p in shapely.get_parts(visible) if p.geom_type == "Polygon"]
    if not parts:
        return None
    biggest = max(parts, key=lambda p: p.area)
    tolerance = max(math.sqrt(biggest.area) / 100.0, 1.0)
    centre = shapely.maximum_inscribed_circle(biggest, tolerance).coords[0]
    return float(centre[0]), float(centre[1])


def graticule(ax: plt.Axes, frame: Frame, step: float = 10.0, labels: bool = True) -> list:
    """Meridians and parallels every ``step`` degrees, labelled where they leave the frame (left, bottom)."""
    west, south, east, north = frame.window
    x0, x1, y0, y1 = frame.bounds
    left, bottom = LineString([(x0, y0), (x0, y1)]), LineString([(x0, y0), (x1, y0)])
    texts = []
    digits = 0 if step >= 1 else len(f"{step:g}".split(".")[1])

    def draw(lons, lats, text, edge, ha, va):
        x, y = frame.xy(lons, lats)
        ax.plot(x, y, color=GRID, lw=0.45, zorder=2.5, alpha=0.9)
        if not labels:
            return
        hit = LineString(np.column_stack([x, y])).intersection(edge)
        pts = [p for p in shapely.get_parts(hit) if p.geom_type == "Point"]
        if pts:
            p = min(pts, key=lambda q: q.x + q.y)
            texts.append(
                ax.annotate(
                    text,
                    (p.x, p.y),
                    xytext=(3 if ha == "left" else 0, 3 if va == "bottom" else 0),
                    textcoords="offset points",
                    fontsize=MIN_PT,
                    color=MUTED,
                    ha=ha,
                    va=va,
                    zorder=8,
                    path_effects=HALO,
                )
            )

    for lon in np.arange(math.ceil(west / step) * step, east + 1e-9, step):
        lats = np.linspace(max(south, -89.0), min(north, 89.0), 400)
        draw(np.full_like(lats, lon), lats, _deg(lon, "E", "W", digits), bottom, "left", "bottom")
    for lat in np.arange(math.ceil(south / step) * step, north + 1e-9, step):
        lons = np.linspace(west, east, 800)
        draw(lons, np.full_like(lons, lat), _deg(lat, "N", "S", digits), left, "left", "bottom")
    return texts


def _deg(value: float, pos: str, neg: str, digits: int) -> str:
    if abs(value) < 1e-9:
        return "0°"
    return f"{abs(value):.{digits}f}°{pos if value > 0 else neg}"


def ring(ax: plt.Axes, frame: Frame, spec: Ring, labeller: Labeller | None = None):
    """A geodesic circle of ``spec.radius_km`` around its centre, labelled on the ring at ``label_azimuth``."""
    centre = spec.centre or (frame.lon, frame.lat)
    coords = np.array(geo.ring(centre[0], centre[1], spec.radius_km * KM, 720))
    x, y = frame.xy(coords[:, 0], coords[:, 1])
    style_ = KIND[spec.kind]
    ax.plot(x, y, zorder=4, **style_)
    lon, lat, _ = geo.GEOD.fwd(centre[0], centre[1], spec.label_azimuth, spec.radius_km * KM)
    lon2, lat2, _ = geo.GEOD.fwd(centre[0], centre[1], spec.label_azimuth + 1.0, spec.radius_km * KM)
    (px, py), (qx, qy) = frame.xy(lon, lat), frame.xy(lon2, lat2)
    angle = math.degrees(math.atan2(qy - py, qx - px))
    angle = (angle + 90) % 180 - 90
    text = ax.text(
        px,
        py,
        spec.label,
        fontsize=MIN_PT,
        color=style_["color"],
        ha="center",
        va="center",
        rotation=angle,
        rotation_mode="anchor",
        zorder=7,
        fontweight="bold",
        bbox={"boxstyle": "round,pad=0.2", "fc": PAPER, "ec": "none", "alpha": 0.9},
    )
    if labeller:
        labeller.block(text)
    return text


def route(ax: plt.Axes, frame: Frame, spec: Route, labeller: Labeller | None = None, n: int = 100, side: float = 1.0):
    """The geodesic between two points, with its label parallel to it near the middle."""
    pts = geo.GEOD.npts(spec.a[0], spec.a[1], spec.b[0], spec.b[1], n)
    lons = np.array([spec.a[0]] + [p[0] for p in pts] + [spec.b[0]])
    lats = np.array([spec.a[1]] + [p[1] for p in pts] + [spec.b[1]])
    x, y = frame.xy(lons, lats)
    style_ = dict(KIND[spec.kind])
    style_["linewidth"] = 1.6
    ax.plot(x, y, zorder=5, solid_capstyle="round", **style_)
    ax.plot([x[-1]], [y[-1]], marker="o", ms=3.5, color=style_["color"], zorder=5.5)
    i = len(x) // 2
    angle = math.degrees(math.atan2(y[i + 1] - y[i - 1], x[i + 1] - x[i - 1]))
    if angle > 90 or angle < -90:
        angle -= 180 * np.sign(angle)
    normal = math.radians(angle + 90 * side)
    text = ax.annotate(
        spec.label,
        (x[i], y[i]),
        xytext=(6 * math.cos(normal), 6 * math.sin(normal)),
        textcoords="offset points",
        rotation=angle,
        rotation_mode="anchor",
        ha="center",
        va="bottom" if side > 0 else "top",
        fontsize=7,
        fontweight="bold",
        color=style_["color"],
        zorder=7,
        path_effects=HALO,
    )
    if labeller:
        labeller.block(text)
        labeller.block_line(x, y, 2.0, 3)
    return text


PIN_LOOKS = {
    "origin": {"marker": "*", "ms": 12, "color": theme.MAP.origin, "mec": PAPER, "mew": 0.8},
    "place": {"marker": "o", "ms": 4, "color": INK, "mec": PAPER, "mew": 0.6},
    "point": {"marker": "D", "ms": 4, "color": KIND["computed"]["color"], "mec": PAPER, "mew": 0.6},
}


def draw_pins(ax: plt.Axes, frame: Frame, specs: Iterable[Pin], labeller: Labeller) -> list[tuple]:
    """Draw points inside the frame and reserve their space; returns (spec, x, y), origin first."""
    order = sorted(specs, key=lambda m: ("origin", "point", "place").index(m.kind))
    drawn = []
    for m in order:
        x, y = frame.xy(m.lon, m.lat)
        if not frame.inside(x, y):
            continue
        ax.plot([x], [y], linestyle="none", zorder=8, **PIN_LOOKS[m.kind])
        labeller.block_point(x, y, 7 if m.kind == "origin" else 4)
        drawn.append((m, x, y))
    return drawn


def label_pins(drawn: Sequence[tuple], labeller: Labeller) -> list:
    """Label drawn points in order, each at its first free position."""
    labels = []
    for m, x, y in drawn:
        weight = "bold" if m.kind == "origin" else "normal"
        size = 8 if m.kind == "origin" else MIN_PT
        labels.append(labeller.place(x, y, m.label, fontweight=weight, fontsize=size))
    return labels


def pointer(ax: plt.Axes, frame: Frame, lon: float, lat: float, label: str, labeller: Labeller | None = None):
    """For a place beyond the frame: an arrow at the frame edge pointing towards it, with a label beside it."""
    x, y = frame.xy(lon, lat)
    x0, x1, y0, y1 = frame.bounds
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    dx, dy = x - cx, y - cy
    scale = min((x1 - cx) * 0.975 / abs(dx) if dx else math.inf, (y1 - cy) * 0.975 / abs(dy) if dy else math.inf)
    ex, ey = cx + dx * scale, cy + dy * scale
    back = 0.06 * (x1 - x0)
    norm = math.hypot(dx, dy)
    sx, sy = ex - back * dx / norm, ey - back * dy / norm
    ax.annotate(
        "",
        (ex, ey),
        xytext=(sx, sy),
        zorder=9,
        arrowprops={"arrowstyle": "-|>,head_width=0.25,head_length=0.5", "color": INK, "lw": 1.1},
    )
    mx, my = (sx + ex) / 2, (sy + ey) / 2
    if labeller is None:
        return ax.annotate(
            label,
            (mx, my),
            xytext=(0, 5),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=7,
            color=INK,
            zorder=9,
            path_effects=HALO,
        )
    labeller.block_line([sx, ex], [sy, ey], 3.0, 1)
    offsets = [
        (0, -5, "center", "top"),
        (0, 5, "center", "bottom"),
        (-6, 0, "right", "center"),
        (6, 0, "left", "center"),
        (-4, 5, "right", "bottom"),
        (-4, -5, "right", "top"),
        (4, 5, "left", "bottom"),
        (4, -5, "left", "top"),
    ]
    return labeller.place(mx, my, label, offsets=offsets, leader=False, fontsize=7)


def scale_bar(ax: plt.Axes, frame: Frame, km: float, note: str = "") -> list:
    """A bar of ``km`` in the lower left corner (true along lines through the projection centre)."""
    x0, x1, y0, y1 = frame.bounds
    w, h = x1 - x0, y1 - y0
    bx, by = x0 + 0.04 * w, y0 + 0.045 * h
    half = km * KM / 2
    artists = [
        ax.add_patch(plt.Rectangle((bx, by), half, 0.007 * h, fc=INK, ec=INK, lw=0.6, zorder=9)),
        ax.add_patch(plt.Rectangle((bx + half, by), half, 0.007 * h, fc=PAPER, ec=INK, lw=0.6, zorder=9)),
    ]
    for i, t in enumerate((0, km / 2, km)):
        artists.append(
            ax.text(
                bx + t * KM,
                by + 0.012 * h,
                f"{t:,.0f}" + (" km" if i == 2 else ""),
                ha="center",
                va="bottom",
                fontsize=MIN_PT,
                color=INK,
                zorder=9,
                path_effects=HALO,
            )
        )
    if note:
        artists.append(
            ax.text(
                bx, by - 0.01 * h, note, ha="left", va="top", fontsize=MIN_PT, color=MUTED, zorder=9, path_effects=HALO
            )
        )
    return artists


def credit(ax: plt.Axes, text: str):
    """Small credit line just under the map, outside the frame, wrapped to the map's width."""
    import textwrap

    width_in = ax.get_window_extent().width / ax.figure.dpi
    chars = max(40, int(width_in * 72 / (5.6 * 0.55)))
    return ax.annotate(
        textwrap.fill(text, chars),
        (0, 0),
        xycoords="axes fraction",
        xytext=(0, -3),
        textcoords="offset points",
        ha="left",
        va="top",
        fontsize=MIN_PT,
        color=MUTED,
    )


def legend_below(ax: plt.Axes, handles: list, ncol: int = 2, gap_pt: float = 26.0):
    """A legend under the map (below the credit line), outside the frame, so it never covers data."""
    height_pt = ax.get_window_extent().height / ax.figure.dpi * 72
    return ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -gap_pt / height_pt),
        ncol=ncol,
        fontsize=7,
        frameon=False,
        handlelength=2.6,
        handleheight=1.3,
        columnspacing=1.6,
        borderaxespad=0.0,
    )


def patch(label: str, colour: str, hatch: str | None = None) -> Patch:
    return Patch(facecolor=colour, edgecolor=HATCH if hatch else MUTED, hatch=hatch, linewidth=0.5, label=label)


def stroke(label: str, kind: str | None = None, **kw) -> Line2D:
    return Line2D([], [], label=label, **{**(KIND[kind] if kind else {}), **kw})


def dot(label: str, kind: str = "place") -> Line2D:
    looks = {
        "origin": ("*", 10, theme.MAP.origin),
        "place": ("o", 4, INK),
        "point": ("D", 4, KIND["computed"]["color"]),
    }
    marker, size, colour = looks[kind]
    return Line2D([], [], linestyle="none", marker=marker, ms=size, color=colour, label=label)


def label_countries(
    ax: plt.Axes,
    frame: Frame,
    projected: gpd.GeoDataFrame,
    labels: dict[str, str],
    labeller: Labeller,
    key: str = "iso_n3",
) -> None:
    """Write country names inside their visible part (largest inscribed circle), avoiding other labels.

    A name that fits nowhere near its country is placed with a leader line; failing that, dropped.
    """
    merged = projected.dissolve(by=key) if len(projected) else projected
    offsets = spiral(24.0, 6.0)
    for code in sorted(labels, key=lambda c: -merged.loc[c].geometry.area if c in merged.index else 0):
        if code not in merged.index:
            continue
        point_ = anchor(merged.loc[code].geometry, frame)
        if point_ is None:
            continue
        labeller.place(
            point_[0],
            point_[1],
            labels[code].upper(),
            offsets=offsets,
            leader=True,
            force=False,
            fontsize=MIN_PT,
            color=theme.MAP.country_name,
            fontweight="bold",
            zorder=6,
        )


# ---------------------------------------------------------------------------------------------
# A whole distance map
# ---------------------------------------------------------------------------------------------


def distance_map(
    frame: Frame,
    layer: gpd.GeoDataFrame,
    *,
    fills: dict[str, Fill],
    default: Fill,
    country_labels: dict[str, str] | None = None,
    outlines: Sequence[Outline] = (),
    rings: Sequence[Ring] = (),
    routes: Sequence[Route] = (),
    points: Sequence[Pin] = (),
    beyond: Sequence[Pin] = (),
    areas: Sequence[Area | tuple[BaseGeometry, str, str | None]] = (),
    notes: Sequence[tuple[float, float, str]] = (),
    legend: Sequence = (),
    scale_km: float | None = None,
    scale_note: str = "",
    grid_step: float = 10.0,
    width: float = 7.0,
    credit_text: str = "",
    legend_columns: int = 2,
) -> plt.Figure:
    """A map in the frame's projection: painted countries, outlined regions, range rings, routes, places.

    ``beyond`` are places outside the frame, shown as arrows at its edge; ``areas`` are drawn over
    the countries (:class:`Area`, or (lon/lat geometry, colour, hatch) tuples), e.g. a distance
    band; ``notes`` are free (lon, lat, text) labels written near their point where space allows.
    ``credit_text`` prints a credit line under the map; by default there is none, as the credit
    belongs in the caption.
    """
    fig, ax = new_map(frame, width)
    projected = paint(ax, frame, layer, fills, default)
    for spec in areas:
        area = spec if isinstance(spec, Area) else Area(*spec)
        shape = frame.geometry(area.geometry)
        if shape.is_empty:
            continue
        series = gpd.GeoSeries([shape], crs=frame.crs)
        with plt.rc_context({"hatch.color": area.edge or KIND["claim"]["color"], "hatch.linewidth": HATCH_WIDTH}):
            series.plot(
                ax=ax,
                facecolor=area.colour,
                edgecolor="none",
                hatch=area.hatch,
                linewidth=0,
                zorder=area.zorder,
                alpha=area.alpha,
            )
        series.boundary.plot(
            ax=ax,
            color=area.edge or KIND["claim"]["color"],
            linewidth=area.linewidth,
            linestyle=area.linestyle,
            zorder=area.zorder + 0.05,
        )
    grid_labels = graticule(ax, frame, grid_step)
    shapes = [outline(ax, frame, o.geometry, o.colour, 1.3, (0, (4, 1.5, 1, 1.5)), 3.5) for o in outlines]
    labeller = Labeller(ax)
    if scale_km:
        labeller.block(*scale_bar(ax, frame, scale_km, scale_note))
    for text in grid_labels:  # a graticule label under the scale bar gives way
        box_ = text.get_window_extent(labeller.renderer)
        if labeller.free(box_):
            labeller.taken.append(box_)
        else:
            text.remove()
    for spec in rings:
        ring(ax, frame, spec, labeller)
    for spec in routes:
        route(ax, frame, spec, labeller)
    drawn = draw_pins(ax, frame, points, labeller)
    label_pins([d for d in drawn if d[0].kind == "origin"], labeller)
    for o, shape in zip(outlines, shapes):
        where = anchor(shape, frame)
        if where:
            labeller.place(
                where[0],
                where[1],
                o.label,
                offsets=spiral(),
                leader=False,
                fontsize=7.5,
                fontstyle="italic",
                color=o.colour,
                fontweight="bold",
            )
    if country_labels:
        label_countries(ax, frame, projected, country_labels, labeller)
    label_pins([d for d in drawn if d[0].kind != "origin"], labeller)
    for lon, lat, text in notes:
        x, y = frame.xy(lon, lat)
        labeller.place(
            x, y, text, offsets=spiral(30.0, 6.0), leader=False, fontsize=MIN_PT, color=MUTED, fontstyle="italic"
        )
    for spec in beyond:
        pointer(ax, frame, spec.lon, spec.lat, spec.label, labeller)
    ax.set_xlabel("")
    ax.set_ylabel("")
    if credit_text:
        credit(ax, credit_text)
    if legend:  # under the credit line when there is one, else just under the frame
        legend_below(ax, list(legend), legend_columns, 26.0 if credit_text else 8.0)
    return fig


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


__all__ = [
    "Frame",
    "Fill",
    "Area",
    "Ring",
    "Pin",
    "Route",
    "Outline",
    "distance_map",
    "annulus",
    "patch",
    "stroke",
    "dot",
    "new_map",
    "sector",
]
