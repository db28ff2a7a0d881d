"""A timeline chart: items on a time axis, one panel per window and one track per kind of item.

An item whose start equals its end is a point (a dot); any other is a range drawn as a bar from the
start of its first day to the end of its last. Items go to the narrowest window holding them; a
window lying inside another, and each ``shade`` span, is shaded there. Items without a colour are
drawn outlined; a point whose day the source does not print in full (``resolved``) is half-filled,
so it does not pass for a day the source states. Labels go beside their mark, on whichever side
packs the panel into fewer lanes, so that no label touches another label or mark. The default width
is an A4 page's text width, so that no text prints below 7 pt. Each mark carries its row id as
``gid`` (the element id in the SVG) and its label that id with ``-label``.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.colors import same_color
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.legend_handler import HandlerBase
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Patch, Rectangle, Wedge
from matplotlib.transforms import Transform

from briefing import theme
from briefing.analysis.figures import style
from briefing.analysis.figures.labels import pack_labels, text_inches
from briefing.analysis.figures.style import INK, MUTED, PAPER, PT

LABEL_PT = 7.2  # label size: at least 7 pt when a page prints the figure at its own width
TEXT_PT = 7.2  # every other text
MARK_PT = 3.2  # half-width of a point's marker, in points
GAP_PT = 3.0  # space between a mark and its label, in points
LEFT_IN, RIGHT_IN, TRACK_GAP_IN, TITLE_IN, AXIS_IN = 0.78, 0.12, 0.16, 0.27, 0.3

#: The look shared by the timeline's two legends (marks, and swatches of the tracks).
TIMELINE_LEGEND = dict(
    frameon=False,
    fontsize=TEXT_PT,
    handlelength=1.4,
    handletextpad=0.4,
    columnspacing=1.2,
    borderpad=0,
    borderaxespad=0,
)


@dataclass(frozen=True)
class Window:
    """A stretch of time drawn as its own panel of a timeline."""

    start: pd.Timestamp
    end: pd.Timestamp
    title: str


@dataclass(frozen=True)
class Track:
    """A horizontal track of a timeline panel holding the items whose band column equals ``name``.

    ``hollow`` tracks (e.g. outside reference data) draw hollow markers, dashed bars and italic
    labels, so they never look like the main items.
    """

    name: str
    title: str
    hollow: bool = False


@dataclass
class _Placed:
    """An item of a timeline panel: its row in the input, its x extent, label side and lane."""

    row: int
    x0: float
    x1: float
    side: str
    lane: int = 0


Block = tuple[Track, list[_Placed], list[float]]  # a track of a panel: its items, and its lanes' heights


def window_of(
    items_start: Sequence[pd.Timestamp], items_end: Sequence[pd.Timestamp], windows: Sequence[Window]
) -> list[int]:
    """Index of the narrowest window holding each item, so a detail window takes its items."""
    result = []
    for s, e in zip(items_start, items_end, strict=True):
        holding = [i for i, w in enumerate(windows) if w.start <= s and e <= w.end]
        if not holding:
            raise ValueError(f"an item from {s:%Y-%m-%d} to {e:%Y-%m-%d} lies outside every window")
        result.append(min(holding, key=lambda i: windows[i].end - windows[i].start))
    return result


def span(start: pd.Timestamp, end: pd.Timestamp) -> tuple[float, float]:
    """Matplotlib date numbers of an item: a point when start equals end, else whole days inclusive."""
    s = mdates.date2num(start)
    return (s, s) if start == end else (s, mdates.date2num(end + pd.Timedelta(days=1)))


def timeline(
    items: pd.DataFrame,
    windows: Sequence[Window],
    tracks: Sequence[Track],
    *,
    start: str = "start",
    end: str = "end",
    label: str = "label",
    band: str = "band",
    colour: str = "colour",
    ident: str = "id",
    legend: Mapping[str, str] | None = None,
    resolved: str | None = None,
    resolved_label: str = "day resolved from outside the source",
    shade: Sequence[tuple[pd.Timestamp, pd.Timestamp]] = (),
    wrap: int = 34,
    width: float = 6.5,
) -> Figure:
    """The timeline of ``items`` (one row each; labels wrapped at ``wrap`` characters). ``legend`` maps
    legend text to colour: without it, when every mark has one colour, the mark keys take that colour."""
    style.apply()
    if stray := sorted(set(items[band]) - {b.name for b in tracks}):
        raise ValueError(f"band values without a Track: {stray}")
    where = window_of(list(items[start]), list(items[end]), windows)
    flags = [False] * len(items) if resolved is None else [False if pd.isna(x) else bool(x) for x in items[resolved]]
    spans = [span(s, e) for s, e in zip(items[start], items[end], strict=True)]
    bands = list(items[band])
    labels = ["\n".join(textwrap.wrap(str(t), wrap)) for t in items[label]]
    sizes, line_in = _label_sizes(labels, width)
    axes_w = width - LEFT_IN - RIGHT_IN
    panels = []  # per window: the blocks of its tracks that hold an item
    for w, window in enumerate(windows):
        members = [[i for i in range(len(items)) if where[i] == w and bands[i] == b.name] for b in tracks]
        panels.append(
            [_lay_out(b, rows, spans, sizes, line_in, window, axes_w) for b, rows in zip(tracks, members) if rows]
        )
    panel_h = [sum(sum(h) for _, _, h in blocks) + TRACK_GAP_IN * max(0, len(blocks) - 1) + 0.1 for blocks in panels]
    legend_rows = 1 + bool(legend) * math.ceil(len(legend or {}) / 6)
    fig_h = sum(panel_h) + len(windows) * (TITLE_IN + AXIS_IN) + 0.12 + 0.2 * legend_rows
    fig = plt.figure(figsize=(width, fig_h))
    marks = _Marks(labels, list(items[colour]), list(items[ident]), flags)
    top = fig_h
    for window, blocks, h in zip(windows, panels, panel_h, strict=True):
        top -= TITLE_IN
        ax = fig.add_axes((LEFT_IN / width, (top - h) / fig_h, axes_w / width, h / fig_h))
        top -= h + AXIS_IN
        _shade(ax, window, windows, shade)
        _draw_panel(ax, window, blocks, marks, h)
    points = [s == e for s, e in zip(items[start], items[end], strict=True)]
    x, row_h = LEFT_IN / width - 0.012, 0.2 / fig_h
    _legends(fig, tracks, bands, points, marks, legend, resolved_label, (x, row_h * (legend_rows - 1)))
    return fig


@dataclass(frozen=True)
class _Marks:
    """What each item's mark shows: its label text, colour, id and whether its day was resolved."""

    labels: Sequence[str]
    colours: Sequence[Any]
    ids: Sequence[Any]
    resolved: Sequence[bool]


def _label_sizes(labels: Sequence[str], width: float) -> tuple[list[tuple[float, float]], float]:
    """Each label's size in inches, and the height of one line, measured once on a probe figure."""
    probe = plt.figure(figsize=(width, 2))
    sizes = text_inches(probe, [*labels, "Xg"], LABEL_PT)
    plt.close(probe)
    return sizes, sizes.pop()[1]


def _lay_out(
    track: Track,
    rows: Sequence[int],
    spans: Sequence[tuple[float, float]],
    sizes: Sequence[tuple[float, float]],
    line_in: float,
    window: Window,
    axes_w: float,
) -> Block:
    """A track's items in date order, each label on a side that keeps it in the panel, in as few lanes as
    the sides allow; and the height of each lane."""
    lo_x, hi_x = mdates.date2num(window.start), mdates.date2num(window.end)
    per_in = (hi_x - lo_x) / axes_w
    gap, mark = GAP_PT * PT * per_in, MARK_PT * PT * per_in
    placed = [_Placed(i, *spans[i], "") for i in sorted(rows, key=lambda i: (spans[i][0], -sizes[i][1]))]
    sides = []
    for p in placed:
        lo, hi = (p.x0 - mark, p.x1 + mark) if p.x0 == p.x1 else (p.x0, p.x1)
        text = sizes[p.row][0] * per_in + gap  # the label starts ``gap`` beyond the mark's edge
        both = {"right": (lo, hi + text), "left": (lo - text, hi)}
        inside = {k: v for k, v in both.items() if lo_x <= v[0] and v[1] <= hi_x}
        roomier = "right" if hi_x - hi >= lo - lo_x else "left"
        sides.append(inside or {roomier: both[roomier]})
    for p, (lane, side) in zip(placed, pack_labels(sides, gap=2 * gap), strict=True):
        p.lane, p.side = lane, side
    lanes = max(p.lane for p in placed) + 1
    heights = [max([sizes[p.row][1] for p in placed if p.lane == k], default=line_in) + 0.07 for k in range(lanes)]
    return track, placed, heights


def _shade(
    ax: Axes, window: Window, windows: Sequence[Window], shade: Sequence[tuple[pd.Timestamp, pd.Timestamp]]
) -> None:
    """Shade the windows drawn in detail elsewhere, and the ``shade`` spans, behind everything."""
    nested = [(o.start, o.end) for o in windows if o is not window and window.start <= o.start and o.end <= window.end]
    for lo, hi in [*nested, *shade]:
        ax.axvspan(
            mdates.date2num(max(lo, window.start)),
            mdates.date2num(min(hi, window.end)),
            color=theme.CHART.shade,
            lw=0,
            zorder=0,
        )


def _draw_panel(ax: Axes, window: Window, blocks: Sequence[Block], marks: _Marks, height: float) -> None:
    """Draw one window: tracks top to bottom, lanes within each track (y measured in inches)."""
    ax.set_xlim(mdates.date2num(window.start), mdates.date2num(window.end))
    ax.set_ylim(height, 0)
    ax.set_title(window.title, loc="left", fontsize=8.5, fontweight="bold", color=INK, pad=4)
    y = 0.05
    for n, block in enumerate(blocks):
        if n:
            ax.axhline(y + TRACK_GAP_IN / 2, color=theme.RULE, lw=0.6, zorder=0.5)
            y += TRACK_GAP_IN
        _draw_track(ax, block, marks, y)
        y += sum(block[2])
    _date_axis(ax, window)


def _draw_track(ax: Axes, block: Block, marks: _Marks, y: float) -> None:
    """A track's title in the margin, then each item's mark and its label, lane by lane from ``y`` down."""
    track, placed, heights = block
    tops = [y + sum(heights[:k]) for k in range(len(heights))]
    ax.text(
        -0.012,
        y + sum(heights) / 2,
        track.title,
        transform=ax.get_yaxis_transform(),
        ha="right",
        va="center",
        fontsize=TEXT_PT,
        color=MUTED,
        style="italic" if track.hollow else "normal",
    )
    for p in placed:
        yc, colour, ident = tops[p.lane] + heights[p.lane] / 2, marks.colours[p.row], marks.ids[p.row]
        colour = colour if isinstance(colour, str) else None
        _draw_item(ax, p, yc, colour, track.hollow, str(ident), half=bool(marks.resolved[p.row]))
        offset = GAP_PT + (MARK_PT if p.x0 == p.x1 else 0)
        ax.annotate(
            marks.labels[p.row],
            xy=(p.x1 if p.side == "right" else p.x0, yc),
            xytext=(offset if p.side == "right" else -offset, 0),
            textcoords="offset points",
            ha="left" if p.side == "right" else "right",
            va="center",
            fontsize=LABEL_PT,
            color=INK,
            style="italic" if track.hollow else "normal",
            linespacing=1.05,
            annotation_clip=False,
            gid=f"{ident}-label",
            zorder=5,
            bbox=dict(boxstyle="square,pad=0.05", facecolor=PAPER, edgecolor="none"),
        )


def _date_axis(ax: Axes, window: Window) -> None:
    """Ticks at a step the window's length can be read off by: decades, years, months or weeks."""
    years = (window.end - window.start).days / 365.25
    if years > 20:
        ax.xaxis.set_major_locator(mdates.YearLocator(10))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    elif years > 1.5:
        ax.xaxis.set_major_locator(mdates.YearLocator(1))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        ax.xaxis.set_minor_locator(mdates.MonthLocator(bymonth=(4, 7, 10)))
        if years <= 3:  # few years: name the quarters' months too, so that a month can be read off
            ax.xaxis.set_minor_formatter(mdates.DateFormatter("%b"))
            ax.tick_params(axis="x", which="minor", labelsize=TEXT_PT, colors=MUTED)
            ax.tick_params(axis="x", which="both", length=3.5)  # labels of both kinds on one baseline
    elif years > 0.3:
        ax.xaxis.set_major_locator(mdates.MonthLocator())
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
        ax.xaxis.set_minor_locator(mdates.DayLocator(bymonthday=(8, 15, 22)))
    else:  # a few weeks: label the weeks, so that days can be read off
        ax.xaxis.set_major_locator(mdates.DayLocator(bymonthday=(1, 8, 15, 22)))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%-d %b"))
        ax.xaxis.set_minor_locator(mdates.DayLocator())
    ax.grid(axis="x", which="major", color=theme.RULE, lw=0.5, zorder=0)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="x", labelsize=7.5, colors=MUTED)


def _draw_item(ax: Axes, p: _Placed, yc: float, colour: str | None, hollow: bool, gid: str, half: bool = False) -> None:
    """A dot or diamond for a point, a bar for a range; outlined when there is no colour.

    A ``half`` point is half-filled (left half in its colour, or grey without one; right half paper)."""
    edge = colour or MUTED
    face = PAPER if hollow or colour is None else colour
    if p.x0 == p.x1 and half and not hollow:
        ax.plot(
            [p.x0],
            [yc],
            linestyle="none",
            marker="o",
            markersize=5.2,
            fillstyle="left",
            markerfacecolor=colour or MUTED,
            markerfacecoloralt=PAPER,
            markeredgecolor=edge,
            markeredgewidth=1.0,
            zorder=4,
            gid=gid,
        )
    elif p.x0 == p.x1:
        ax.plot(
            [p.x0],
            [yc],
            linestyle="none",
            marker="D" if hollow else "o",
            markersize=4.6 if hollow else 5.2,
            markerfacecolor=face,
            markeredgecolor=edge if face == PAPER else PAPER,
            markeredgewidth=1.2 if face == PAPER else 0.5,
            zorder=4,
            gid=gid,
        )
    else:
        bars = ax.barh(
            [yc],
            [p.x1 - p.x0],
            left=[p.x0],
            height=0.085,
            color=face,
            edgecolor=edge,
            linestyle="--" if hollow else "-",
            linewidth=0.9 if face == PAPER else 0,
            zorder=3,
        )
        bars.patches[0].set_gid(gid)


def _legends(
    fig: Figure,
    tracks: Sequence[Track],
    bands: Sequence[str],
    points: Sequence[bool],
    marks: _Marks,
    legend: Mapping[str, str] | None,
    resolved_label: str,
    anchor: tuple[float, float],
) -> None:
    """Keys of the marks drawn, in ink outlines that no one takes for an actor's colour (in the marks' one
    colour when there is no ``legend``), from ``anchor``; with ``legend``, a row of colour swatches under them."""
    hollow = {b.name for b in tracks if b.hollow}
    solid = [i for i in range(len(bands)) if bands[i] not in hollow]
    flags = marks.resolved
    drawn = {
        "range": any(not points[i] for i in solid),
        "day": any(points[i] and not flags[i] for i in solid),
        "resolved": any(points[i] and flags[i] for i in solid),
    }
    texts = {"range": "month or year (range)", "day": "exact day", "resolved": resolved_label}
    glyphs = {Patch(facecolor=PAPER, edgecolor=INK, linewidth=0.9, label=texts[k]): k for k in texts if drawn[k]}
    keys: list[Artist] = list(glyphs)  # keys only for the kinds of mark the figure draws
    one = {marks.colours[i] for i in solid}
    fill = next(iter(one)) if not legend and len(one) == 1 and isinstance(next(iter(one)), str) else None
    keys += [_hollow_key(b) for b in tracks if b.hollow and b.name in bands]
    fig.legend(
        handles=keys,
        loc="lower left",
        bbox_to_anchor=anchor,
        ncol=len(keys),
        **TIMELINE_LEGEND,
        handler_map={h: _Glyph(k, fill) for h, k in glyphs.items()},
    )
    if legend:
        swatches = [
            Patch(facecolor=c, edgecolor=MUTED if same_color(c, PAPER) else "none", label=t) for t, c in legend.items()
        ]
        fig.legend(handles=swatches, loc="lower left", bbox_to_anchor=(anchor[0], 0), ncol=6, **TIMELINE_LEGEND)


def _hollow_key(track: Track) -> Line2D:
    """The key of a hollow track's marks, named after the track."""
    return Line2D(
        [],
        [],
        linestyle="none",
        marker="D",
        markersize=4.5,
        markerfacecolor=PAPER,
        markeredgecolor=MUTED,
        markeredgewidth=1.2,
        label=f"{' '.join(track.title.split()).lower()} (hollow, italic)",
    )


class _Glyph(HandlerBase):
    """A legend key that shows a mark's shape: a thin bar for a range, a ring for an exact day, a
    half-filled ring for a resolved day; ink outlines, or with ``fill`` the colour of every mark."""

    def __init__(self, kind: str, fill: str | None = None) -> None:
        super().__init__()
        self.kind, self.fill = kind, fill

    def create_artists(
        self,
        legend: Legend,
        orig_handle: Artist,
        xdescent: float,
        ydescent: float,
        width: float,
        height: float,
        fontsize: float,
        trans: Transform,
    ) -> list[Artist]:
        """The key's patches, in the handle box of the legend."""
        x0, cy = -xdescent, -ydescent + height / 2
        face, edge = (self.fill, self.fill) if self.fill else (PAPER, INK)
        if self.kind == "range":
            bar = 0.5 * height
            return [
                Rectangle(
                    (x0, cy - bar / 2), width, bar, facecolor=face, edgecolor=edge, linewidth=0.9, transform=trans
                )
            ]
        r, cx = 0.52 * height, x0 + width / 2
        if self.kind == "resolved":
            return [
                Circle((cx, cy), r, facecolor=PAPER, edgecolor="none", transform=trans),
                Wedge((cx, cy), r, 90, 270, facecolor=self.fill or MUTED, edgecolor="none", transform=trans),
                Circle((cx, cy), r, facecolor="none", edgecolor=edge, linewidth=0.9, transform=trans),
            ]
        return [Circle((cx, cy), r, facecolor=face, edgecolor=edge, linewidth=0.9, transform=trans)]
