"""A whole distance map: the base in the frame's projection, then areas, outlines, rings, routes and
pins, with labels placed so that none covers another (see :mod:`.projection` for the frame,
:mod:`.map_marks` for what is drawn, :mod:`.map_furniture` for graticule, scale bar and legend).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import geopandas as gpd
import matplotlib.pyplot as plt
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Annotation
from shapely.geometry.base import BaseGeometry

from briefing import theme
from briefing.analysis.figures import style
from briefing.analysis.figures.labels import Labeller, spiral
from briefing.analysis.figures.map_furniture import credit, graticule, legend_below, scale_bar
from briefing.analysis.figures.map_marks import (
    MIN_PT,
    OUTLINE,
    Area,
    Fill,
    Outline,
    Pin,
    Ring,
    Route,
    anchor,
    draw_area,
    draw_pins,
    label_countries,
    label_pins,
    outline,
    paint,
    pointer,
    ring,
    route,
)
from briefing.analysis.figures.projection import Frame
from briefing.analysis.figures.style import MUTED


class QuietCanvas(FigureCanvasAgg):
    """An Agg canvas that ignores requests to redraw: geopandas asks for one after every layer it
    plots, and on Agg each is a full render of the map so far (some fifty per map). The map is
    rendered only when it is saved (labels are measured on a layout without rendering)."""

    def draw_idle(self, *args: Any, **kwargs: Any) -> None:
        """Nothing: the map is drawn once, when saved."""


def new_map(frame: Frame, width: float = 7.0) -> tuple[Figure, Axes]:
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
    ax.set_facecolor(theme.MAP.sea)
    return fig, ax


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
    legend: Sequence[Artist] = (),
    scale_km: float | None = None,
    scale_note: str = "",
    grid_step: float = 10.0,
    width: float = 7.0,
    credit_text: str = "",
    legend_columns: int = 2,
) -> Figure:
    """A map in the frame's projection: painted countries, areas over them (:class:`Area` or (geometry,
    colour, hatch) tuples), outlined regions, rings, routes, places, arrows to places ``beyond`` the frame
    and free ``notes`` (lon, lat, text). No credit line unless ``credit_text``: it belongs in the caption."""
    fig, ax = new_map(frame, width)
    projected = paint(ax, frame, layer, fills, default)
    for spec in areas:
        draw_area(ax, frame, spec if isinstance(spec, Area) else Area(*spec))
    grid_labels = graticule(ax, frame, grid_step)
    shapes = [
        outline(ax, frame, o.geometry, o.colour, OUTLINE["linewidth"], OUTLINE["linestyle"], 3.5) for o in outlines
    ]
    labeller = Labeller(ax)
    if scale_km:
        labeller.block(*scale_bar(ax, frame, scale_km, scale_note))
    _keep_where_free(labeller, grid_labels)  # a graticule label under the scale bar gives way
    for spec in rings:
        ring(ax, frame, spec, labeller)
    for spec in routes:
        route(ax, frame, spec, labeller)
    drawn = draw_pins(ax, frame, points, labeller)
    label_pins([d for d in drawn if d[0].kind == "origin"], labeller)
    _label_outlines(labeller, frame, outlines, shapes)
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


def _keep_where_free(labeller: Labeller, texts: Sequence[Annotation]) -> None:
    """Keep each text whose place is still free (and reserve it); remove the others."""
    for text in texts:
        box_ = text.get_window_extent(labeller.renderer)
        if labeller.free(box_):
            labeller.taken.append(box_)
        else:
            text.remove()


def _label_outlines(
    labeller: Labeller, frame: Frame, outlines: Sequence[Outline], shapes: Sequence[BaseGeometry]
) -> None:
    """Write each outlined region's name inside its visible part, in the outline's colour."""
    for o, shape in zip(outlines, shapes, strict=True):
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
