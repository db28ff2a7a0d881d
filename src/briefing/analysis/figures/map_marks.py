"""What a distance map draws over its base: painted countries, areas, outlined regions, range rings,
routes, pins and their labels, and the legend key of each.

What to draw is passed in by the chapter as small specification objects (:class:`Fill`, :class:`Ring`,
:class:`Pin`...); nothing here names a place. Labels go through a :class:`Labeller`, so that none
covers another or a mark.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import matplotlib.pyplot as plt
import numpy as np
import shapely
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Annotation, Text
from shapely.geometry.base import BaseGeometry

from briefing import theme
from briefing.analysis.figures.labels import Labeller, spiral
from briefing.analysis.figures.projection import KM, Frame
from briefing.analysis.figures.style import HALO, INK, KIND, MUTED, PAPER
from briefing.analysis.geography import geodesy as geo

MIN_PT = theme.SMALLEST_PT
"""Smallest text on a map, in points at the figure's size: maps are drawn at most a text width wide (6.5 in)."""
HATCH_WIDTH = 0.55
STRIPES, DOTS = "//", ".."
"""Hatch patterns for a second attribute on top of a fill, so that colour never carries meaning alone."""
OUTLINE = {"linestyle": (0, (4, 1.5, 1, 1.5)), "linewidth": 1.3}
"""How a region drawn as an outline is stroked (and keyed in a legend)."""


# --- Specifications of what to draw ---------------------------------------------------------------


@dataclass(frozen=True)
class Fill:
    """How to paint a country: face colour, optional hatch, legend label."""

    label: str
    colour: str
    hatch: str | None = None
    edge: str = theme.MAP.border


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
    linestyle: Any = "-"
    zorder: float = 2.6


@dataclass(frozen=True)
class Outline:
    """A region drawn as an outline, with its name written inside."""

    geometry: BaseGeometry
    label: str
    colour: str = theme.MAP.region


# --- Drawing ------------------------------------------------------------------------------------


def paint(
    ax: Axes, frame: Frame, layer: gpd.GeoDataFrame, fills: dict[str, Fill], default: Fill, key: str = "iso_n3"
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
                part.plot(ax=ax, facecolor="none", edgecolor=theme.MAP.hatch, hatch=fill.hatch, linewidth=0, zorder=2.1)
            part.boundary.plot(ax=ax, color=fill.edge, linewidth=0.6, zorder=2.2)
    return projected


def draw_area(ax: Axes, frame: Frame, area: Area) -> None:
    """Fill an area over the countries (translucent, hatched in its edge colour) and stroke its outline crisp."""
    shape = frame.geometry(area.geometry)
    if shape.is_empty:
        return
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


def outline(
    ax: Axes,
    frame: Frame,
    geom: BaseGeometry,
    colour: str = INK,
    linewidth: float = 1.0,
    linestyle: Any = "-",
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


def ring(ax: Axes, frame: Frame, spec: Ring, labeller: Labeller | None = None) -> Text:
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


def route(
    ax: Axes, frame: Frame, spec: Route, labeller: Labeller | None = None, n: int = 100, side: float = 1.0
) -> Annotation:
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


#: How each kind of pin is drawn: the origin a star, places dots, computed points diamonds.
PIN_LOOKS = {
    "origin": {"marker": "*", "ms": 12, "color": theme.MAP.origin, "mec": PAPER, "mew": 0.8},
    "place": {"marker": "o", "ms": 4, "color": INK, "mec": PAPER, "mew": 0.6},
    "point": {"marker": "D", "ms": 4, "color": KIND["computed"]["color"], "mec": PAPER, "mew": 0.6},
}
KEY_SIZES = {"origin": 10, "place": 4, "point": 4}
#: Where a pointer's label may go around the middle of its arrow.
POINTER_OFFSETS = [
    (0, -5, "center", "top"),
    (0, 5, "center", "bottom"),
    (-6, 0, "right", "center"),
    (6, 0, "left", "center"),
    (-4, 5, "right", "bottom"),
    (-4, -5, "right", "top"),
    (4, 5, "left", "bottom"),
    (4, -5, "left", "top"),
]


def draw_pins(ax: Axes, frame: Frame, specs: Iterable[Pin], labeller: Labeller) -> list[tuple[Pin, float, float]]:
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


def label_pins(drawn: Sequence[tuple[Pin, float, float]], labeller: Labeller) -> list[Annotation | None]:
    """Label drawn points in order, each at its first free position."""
    labels = []
    for m, x, y in drawn:
        weight = "bold" if m.kind == "origin" else "normal"
        size = 8 if m.kind == "origin" else MIN_PT
        labels.append(labeller.place(x, y, m.label, fontweight=weight, fontsize=size))
    return labels


def pointer(
    ax: Axes, frame: Frame, lon: float, lat: float, label: str, labeller: Labeller | None = None
) -> Annotation | None:
    """For a place beyond the frame: an arrow at the frame edge pointing towards it, with a label beside it."""
    (sx, sy), (ex, ey) = _edge_arrow(frame, *frame.xy(lon, lat))
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
    return labeller.place(mx, my, label, offsets=POINTER_OFFSETS, leader=False, fontsize=7)


def _edge_arrow(frame: Frame, x: float, y: float) -> tuple[tuple[float, float], tuple[float, float]]:
    """Start and tip of a short arrow ending just inside the frame's edge, on the line from its centre to (x, y)."""
    x0, x1, y0, y1 = frame.bounds
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    dx, dy = x - cx, y - cy
    scale = min((x1 - cx) * 0.975 / abs(dx) if dx else math.inf, (y1 - cy) * 0.975 / abs(dy) if dy else math.inf)
    ex, ey = cx + dx * scale, cy + dy * scale
    back = 0.06 * (x1 - x0)
    norm = math.hypot(dx, dy)
    return (ex - back * dx / norm, ey - back * dy / norm), (ex, ey)


def label_countries(
    ax: Axes,
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


# --- Legend keys --------------------------------------------------------------------------------


def patch(label: str, colour: str, hatch: str | None = None) -> Patch:
    """The key of a fill, with its hatch drawn as on the map."""
    return Patch(
        facecolor=colour, edgecolor=theme.MAP.hatch if hatch else MUTED, hatch=hatch, linewidth=0.5, label=label
    )


def stroke(label: str, kind: str | None = None, **kw: Any) -> Line2D:
    """The key of a line: a ring or route of a kind of statement, or any line looks given as ``kw``."""
    return Line2D([], [], label=label, **{**(KIND[kind] if kind else {}), **kw})


def dot(label: str, kind: str = "place") -> Line2D:
    """The key of a pin of a kind: its marker and colour, the star a little smaller than on the map."""
    looks = PIN_LOOKS[kind]
    return Line2D(
        [], [], linestyle="none", marker=looks["marker"], ms=KEY_SIZES[kind], color=looks["color"], label=label
    )
