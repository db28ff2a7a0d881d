"""The furniture of a distance map: graticule, scale bar, credit line and a legend kept outside the frame."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import shapely
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.legend import Legend
from matplotlib.text import Annotation
from shapely.geometry import LineString

from briefing import theme
from briefing.analysis.figures.projection import KM, Frame
from briefing.analysis.figures.style import HALO, INK, MUTED, PAPER

MIN_PT = theme.SMALLEST_PT


def graticule(ax: Axes, frame: Frame, step: float = 10.0, labels: bool = True) -> list[Annotation]:
    """Meridians and parallels every ``step`` degrees, labelled where they leave the frame (left, bottom)."""
    west, south, east, north = frame.window
    x0, x1, y0, y1 = frame.bounds
    left, bottom = LineString([(x0, y0), (x0, y1)]), LineString([(x0, y0), (x1, y0)])
    digits = 0 if step >= 1 else len(f"{step:g}".split(".")[1])
    lines = []  # (lons, lats, label, the frame edge it is labelled on)
    for lon in np.arange(math.ceil(west / step) * step, east + 1e-9, step):
        lats = np.linspace(max(south, -89.0), min(north, 89.0), 400)
        lines.append((np.full_like(lats, lon), lats, _deg(lon, "E", "W", digits), bottom))
    for lat in np.arange(math.ceil(south / step) * step, north + 1e-9, step):
        lons = np.linspace(west, east, 800)
        lines.append((lons, np.full_like(lons, lat), _deg(lat, "N", "S", digits), left))
    texts = []
    for lons, lats, text, edge in lines:
        x, y = frame.xy(lons, lats)
        ax.plot(x, y, color=theme.MAP.graticule, lw=0.45, zorder=2.5, alpha=0.9)
        label = _edge_label(ax, LineString(np.column_stack([x, y])), edge, text) if labels else None
        if label is not None:
            texts.append(label)
    return texts


def _edge_label(ax: Axes, line: LineString, edge: LineString, text: str) -> Annotation | None:
    """A graticule line's label where it leaves the frame (the lowest, leftmost crossing), if it does."""
    pts = [p for p in shapely.get_parts(line.intersection(edge)) if p.geom_type == "Point"]
    if not pts:
        return None
    p = min(pts, key=lambda q: q.x + q.y)
    return ax.annotate(
        text,
        (p.x, p.y),
        xytext=(3, 3),
        textcoords="offset points",
        fontsize=MIN_PT,
        color=MUTED,
        ha="left",
        va="bottom",
        zorder=8,
        path_effects=HALO,
    )


def _deg(value: float, pos: str, neg: str, digits: int) -> str:
    """A meridian's or parallel's label: '70°E', '35°N', '0°'."""
    if abs(value) < 1e-9:
        return "0°"
    return f"{abs(value):.{digits}f}°{pos if value > 0 else neg}"


def scale_bar(ax: Axes, frame: Frame, km: float, note: str = "") -> list[Artist]:
    """A bar of ``km`` in the lower left corner (true along lines through the projection centre)."""
    x0, x1, y0, y1 = frame.bounds
    w, h = x1 - x0, y1 - y0
    bx, by = x0 + 0.04 * w, y0 + 0.045 * h
    half = km * KM / 2
    artists: list[Artist] = [
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


def credit(ax: Axes, text: str) -> Annotation:
    """Small credit line just under the map, outside the frame, wrapped to the map's width."""
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


def legend_below(ax: Axes, handles: Sequence[Artist], ncol: int = 2, gap_pt: float = 26.0) -> Legend:
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
