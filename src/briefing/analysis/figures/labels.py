"""Label placement for matplotlib figures: on maps each label takes the first free position near its
anchor (:class:`Labeller`); on a time axis labels are packed into lanes (:func:`pack_labels`)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.text import Annotation
from matplotlib.transforms import Bbox

from briefing.analysis.figures.style import HALO, INK, MUTED

OFFSETS = [
    (5, 3, "left", "bottom"),
    (5, -3, "left", "top"),
    (-5, 3, "right", "bottom"),
    (-5, -3, "right", "top"),
    (0, 6, "center", "bottom"),
    (0, -6, "center", "top"),
    (7, 0, "left", "center"),
    (-7, 0, "right", "center"),
]


class Labeller:
    """Places text without overlap: each label takes the first candidate position that is free.

    Boxes are kept in display coordinates; everything is positioned at the figure's own dpi, and
    saving at another dpi scales text and axes alike, so what is free here stays free in the file.
    """

    def __init__(self, ax: plt.Axes, pad: float = 1.5) -> None:
        self.ax = ax
        ax.figure.draw_without_rendering()  # final limits and aspect, without rasterising the map
        self.renderer = ax.figure.canvas.get_renderer()
        self.area = ax.get_window_extent(self.renderer)
        self.pad = pad
        self.taken: list[Bbox] = []

    def block(self, *artists) -> None:
        """Reserve the space of artists already drawn (ring labels, legend, scale bar...)."""
        for artist in artists:
            if artist is not None:
                self.taken.append(artist.get_window_extent(self.renderer).expanded(1.02, 1.05))

    def block_point(self, x: float, y: float, radius_px: float = 4.0) -> None:
        """Reserve a small square around a marker at data point (x, y)."""
        px, py = self.ax.transData.transform((x, y))
        self.taken.append(Bbox.from_extents(px - radius_px, py - radius_px, px + radius_px, py + radius_px))

    def block_line(self, xs: Sequence[float], ys: Sequence[float], width_px: float = 2.0, step: int = 4) -> None:
        """Reserve a thin strip along a line (as a chain of small boxes)."""
        pts = self.ax.transData.transform(np.column_stack([xs, ys]))
        for px, py in pts[::step]:
            if self.area.contains(px, py):
                self.taken.append(Bbox.from_extents(px - width_px, py - width_px, px + width_px, py + width_px))

    def _inner(self) -> Bbox:
        """The axes less a 2-pixel margin: a label must lie inside it."""
        return Bbox.from_extents(self.area.x0 + 2, self.area.y0 + 2, self.area.x1 - 2, self.area.y1 - 2)

    def free(self, bbox: Bbox) -> bool:
        """Whether a box lies inside the axes and overlaps nothing reserved."""
        inner = self._inner()
        inside = inner.x0 <= bbox.x0 and bbox.x1 <= inner.x1 and inner.y0 <= bbox.y0 and bbox.y1 <= inner.y1
        return inside and not any(bbox.overlaps(other) for other in self.taken)

    def clash(self, bbox: Bbox) -> float:
        """How badly a box collides: overlapping area with taken boxes, plus any part outside the axes."""
        inner = self._inner()
        outside = bbox.width * bbox.height - overlap(bbox, inner)
        return 4.0 * outside + sum(overlap(bbox, other) for other in self.taken)

    def place(
        self,
        x: float,
        y: float,
        text: str,
        offsets: Sequence[tuple] = OFFSETS,
        leader: bool = True,
        force: bool = True,
        **kw: Any,
    ) -> Annotation | None:
        """Annotate (x, y) with text at the first free offset, then further out with a leader line.

        With ``force``, a label that fits nowhere goes where it collides least; otherwise it is dropped.
        """
        kw = {"fontsize": 7, "zorder": 9, "path_effects": HALO, "color": INK, **kw}
        tries = positions(offsets, leader)

        def annotate(dx: float, dy: float, ha: str, va: str, lead: bool) -> Annotation:
            return self.ax.annotate(
                text,
                (x, y),
                xytext=(dx, dy),
                textcoords="offset points",
                ha=ha,
                va=va,
                arrowprops=LEADER if lead else None,
                **kw,
            )

        # A leader line only adds to the text's box, so the text alone is not free where the label is
        # not, and collides no more than the label does: positions are tried on the text alone, and a
        # leader (the costly part to lay out) only where that cannot already rule the position out.
        bounds, scores = [], {}  # a lower bound of each try's clash (the text's alone); its clash, once known
        for k, (dx, dy, ha, va, lead) in enumerate(tries):
            label = annotate(dx, dy, ha, va, False)
            bbox = label.get_window_extent(self.renderer).padded(self.pad)
            exact = not lead
            if lead and self.free(bbox):
                label.remove()
                label, exact = annotate(dx, dy, ha, va, True), True
                bbox = label.get_window_extent(self.renderer).padded(self.pad)
            if self.free(bbox):
                self.taken.append(bbox)
                return label
            label.remove()
            bounds.append((self.clash(bbox), k))
            if exact:
                scores[k] = bounds[-1][0]
        if not force or not bounds:
            return None
        # where it collides least (the first such position in the order tried)
        least = min(scores.values(), default=math.inf)
        for low, k in sorted(bounds):
            if low > least:
                break
            if k not in scores:
                label = annotate(*tries[k])
                scores[k] = self.clash(label.get_window_extent(self.renderer).padded(self.pad))
                label.remove()
                least = min(least, scores[k])
        best = min(scores, key=lambda k: (scores[k], k))
        label = annotate(*tries[best])
        self.taken.append(label.get_window_extent(self.renderer))
        return label


#: How a leader line from a label to its anchor is drawn.
LEADER = {"arrowstyle": "-", "color": MUTED, "lw": 0.5, "shrinkA": 0, "shrinkB": 2}


def positions(offsets: Sequence[tuple] = OFFSETS, leader: bool = True) -> list[tuple]:
    """The positions a label tries, in order: (dx, dy, ha, va, with a leader line). First the
    ``offsets`` next to the anchor, then, with ``leader``, rings further out at every 30°."""
    tries = [(dx, dy, ha, va, False) for dx, dy, ha, va in offsets]
    for r in (14, 22, 32, 44) if leader else ():
        for ang in range(0, 360, 30):
            dx, dy = r * math.cos(math.radians(ang)), r * math.sin(math.radians(ang))
            ha = "left" if dx > 2 else "right" if dx < -2 else "center"
            va = "bottom" if dy > 2 else "top" if dy < -2 else "center"
            tries.append((dx, dy, ha, va, True))
    return tries


def overlap(a: Bbox, b: Bbox) -> float:
    """The area two boxes share."""
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return w * h if w > 0 and h > 0 else 0.0


def spiral(max_pt: float = 40.0, step: float = 6.0) -> list[tuple]:
    """Centred offsets spiralling out from an anchor (for labels that belong inside an area)."""
    out = [(0.0, 0.0, "center", "center")]
    r = step
    while r <= max_pt:
        for ang in range(0, 360, 45):
            out.append((r * math.cos(math.radians(ang)), r * math.sin(math.radians(ang)), "center", "center"))
        r += step
    return out


def text_inches(fig: Figure, texts: Sequence[str], fontsize: float) -> list[tuple[float, float]]:
    """Width and height in inches of each text at ``fontsize``, measured with the figure's renderer."""
    renderer = fig.canvas.get_renderer()
    sizes = []
    for text in texts:
        artist = fig.text(0, 0, text, fontsize=fontsize)
        box = artist.get_window_extent(renderer)
        sizes.append((box.width / fig.dpi, box.height / fig.dpi))
        artist.remove()
    return sizes


def assign_lanes(options: Sequence[Sequence[tuple[float, float]]], gap: float = 0.0) -> list[tuple[int, int]]:
    """(lane, option) per item, first fit: each item, in order, takes the lowest lane where one of its
    extents (options tried in order, e.g. label right or left) keeps ``gap`` clear of the lane's others."""
    lanes: list[list[tuple[float, float]]] = []
    chosen = []
    for extents in options:
        for lane, taken in enumerate([*lanes, []]):
            fits = [k for k, (lo, hi) in enumerate(extents) if all(hi + gap <= a or b + gap <= lo for a, b in taken)]
            if fits:
                if lane == len(lanes):
                    lanes.append([])
                lanes[lane].append(extents[fits[0]])
                chosen.append((lane, fits[0]))
                break
    return chosen


def pack_labels(sides: Sequence[Mapping[str, tuple[float, float]]], gap: float = 0.0) -> list[tuple[int, str]]:
    """Lane and label side for each item, trying right-first and left-first and keeping the fewer lanes.

    ``sides`` gives, per item, the extent it would occupy with its label on each allowed side.
    """
    best: list[tuple[int, str]] = []
    for preference in (("right", "left"), ("left", "right")):
        keys = [[k for k in preference if k in item] for item in sides]
        lanes = assign_lanes([[item[k] for k in ks] for item, ks in zip(sides, keys, strict=True)], gap)
        result = [(lane, ks[k]) for (lane, k), ks in zip(lanes, keys, strict=True)]
        if not best or max(r[0] for r in result) < max(r[0] for r in best):
            best = result
    return best
