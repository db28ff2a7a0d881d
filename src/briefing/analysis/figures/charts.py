"""Reusable charts: a category matrix of statements, a timeline with collision-free labels, and stated
intervals against computed values.

Nothing here knows the briefing's subject: callers pass DataFrames, orderings, colours and marker
styles. Every function installs the project style and returns a matplotlib figure; saving is
:func:`briefing.analysis.writing.images.figure`'s job. Drawn items carry their row id as ``gid`` (it becomes the
element id in the SVG), so tests and readers of the SVG can tie each mark back to its fact.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.legend_handler import HandlerBase
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.text import Text

from briefing.analysis.checks import units
from briefing.analysis.figures import style
from briefing.analysis.figures.style import HALO, INK, KIND, MUTED

RULE = "#d0d7de"
LABEL_PT = 7.2  # timeline label size: at least 7 pt when a page prints the figure at its own width
TEXT_PT = 7.2  # every other text of a timeline
MARK_PT = 3.2  # half-width of a timeline point's marker, in points
GAP_PT = 3.0  # space between a timeline mark and its label, in points
PT = 1 / 72  # inches per point


@dataclass(frozen=True)
class Symbol:
    """How one category is drawn: a matplotlib marker shape, filled or hollow, legend text, size factor
    and colour (the category's own, so that shape and colour carry it together)."""

    shape: str
    filled: bool = True
    label: str = ""
    scale: float = 1.0
    colour: str | None = None


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


def colour_of(key: object, colours: Mapping[str, str], default: str = style.NEUTRAL) -> str:
    """The colour of ``key`` in ``colours``, or a neutral grey for keys without one."""
    return colours.get(key, default) if isinstance(key, str) else default


def day_text(date: pd.Timestamp) -> str:
    """A date as readers write it: '7 October 2025'."""
    return f"{date.day} {date:%B %Y}"


def period_text(start: pd.Timestamp, end: pd.Timestamp, precision: str) -> str:
    """A dated period at its stated precision: '7 October 2025', 'May 2025', '2001', '1950s'."""
    if precision == "day" or start == end:
        return day_text(start)
    if precision == "month":
        return f"{start:%B %Y}"
    if precision == "year":
        return f"{start:%Y}"
    if precision == "decade":
        return f"{start:%Y}s"
    return f"{day_text(start)} to {day_text(end)}"


# --- Category matrix -------------------------------------------------------------------------


def cell_offsets(count: int, per_line: int, dx: float, dy: float) -> list[tuple[float, float]]:
    """Offsets of ``count`` markers sharing a cell: side by side, wrapping after ``per_line``."""
    lines = max(1, math.ceil(count / per_line))
    offsets = []
    for i in range(count):
        line, pos = divmod(i, per_line)
        in_line = min(per_line, count - line * per_line)
        offsets.append(((pos - (in_line - 1) / 2) * dx, (line - (lines - 1) / 2) * dy))
    return offsets


#: Smallest text in a category matrix, in points at the figure's own size (its width is print width).
MATRIX_PT = 8.0


def stance_matrix(
    statements: pd.DataFrame,
    rows: Sequence[str],
    columns: Sequence[str],
    symbols: Mapping[str, Symbol],
    *,
    row: str = "actor",
    column: str = "column",
    category: str = "stance",
    ident: str = "id",
    row_labels: Mapping[str, str] | None = None,
    column_labels: Mapping[str, str] | None = None,
    groups: Mapping[str, str] | None = None,
    per_line: int = 4,
    width: float = 6.3,
    legend_title: str = "",
) -> Figure:
    """One mark per statement in a grid of rows (who) by columns (through what, or on what).

    A mark's shape, fill and colour all encode the statement's ``category``, so colour is never the
    only carrier and never repeats the row label. Several statements in one cell sit side by side and
    wrap after ``per_line``. Rows whose ``groups`` value changes get a header. Every statement must
    fall in a listed row, column and category, and every row and column must hold a mark: nothing is
    dropped and no mark-less line is drawn.
    """
    style.apply()
    row_labels, column_labels, groups = row_labels or {}, column_labels or {}, groups or {}
    if len(set(rows)) != len(rows) or len(set(columns)) != len(columns):
        raise ValueError("rows and columns must not repeat")
    for name, allowed in ((row, rows), (column, columns), (category, symbols)):
        stray = sorted(set(statements[name]) - set(allowed))
        if stray:
            raise ValueError(f"{name} values not in the matrix: {stray}")
    for name, wanted in ((row, rows), (column, columns)):
        empty = [k for k in wanted if k not in set(statements[name])]
        if empty:
            raise ValueError(f"{name} without any statement (draw only lines that carry a mark): {empty}")

    y_of, headers, y, previous = {}, [], 0.0, None
    for key in rows:
        group = groups.get(key)
        if group and group != previous:
            y += 0.9
            headers.append((y - 0.75, group))
            previous = group
        y_of[key] = y
        y += 1.0
    height_units = y - 0.5

    heads = [textwrap.fill(column_labels.get(c, str(c)), 16) for c in columns]
    head_lines = max(h.count("\n") + 1 for h in heads)
    row_in, right_in, bottom_in = 0.26, 0.1, 0.1
    probe = plt.figure()
    left_in = 0.25 + max(w for w, _ in _text_inches(probe, [row_labels.get(k, k) for k in rows], MATRIX_PT))
    plt.close(probe)
    top_in = (0.5 if legend_title else 0.34) + head_lines * MATRIX_PT * 1.25 * PT
    fig = plt.figure(figsize=(width, top_in + bottom_in + (height_units + 0.5) * row_in))
    fig_h = fig.get_figheight()
    ax = fig.add_axes(
        (
            left_in / width,
            bottom_in / fig_h,
            (width - left_in - right_in) / width,
            (height_units + 0.5) * row_in / fig_h,
        )
    )
    ax.set_xlim(-0.5, len(columns) - 0.5)
    ax.set_ylim(height_units, -0.5)
    for k, yy in enumerate(y_of.values()):
        if k % 2 == 0:
            ax.axhspan(yy - 0.5, yy + 0.5, color="#f3f5f7", lw=0, zorder=0)
    for x in range(1, len(columns)):
        ax.axvline(x - 0.5, color=RULE, lw=0.6, zorder=0.5)
    for yy, text in headers:
        ax.text(
            -0.5,
            yy,
            text,
            ha="left",
            va="center",
            fontsize=MATRIX_PT,
            color=MUTED,
            style="italic",
            transform=ax.transData,
        )

    order = {c: i for i, c in enumerate(symbols)}
    frame = statements.assign(_order=statements[category].map(order)).sort_values([row, column, "_order", ident])
    x_of = {c: i for i, c in enumerate(columns)}
    for (r, c), cell in frame.groupby([row, column], sort=False):
        offsets = cell_offsets(len(cell), per_line, 0.72 / per_line, 0.42)
        for (_, st), (ox, oy) in zip(cell.iterrows(), offsets):
            m = symbols[st[category]]
            colour = m.colour or style.NEUTRAL
            ax.plot(
                [x_of[c] + ox],
                [y_of[r] + oy],
                linestyle="none",
                marker=m.shape,
                markersize=7.0 * m.scale,
                markerfacecolor=colour if m.filled else "white",
                markeredgecolor=INK if m.filled else colour,
                markeredgewidth=0.6 if m.filled else 1.4,
                zorder=3,
                gid=str(st[ident]),
            )

    ax.set_yticks(list(y_of.values()), [row_labels.get(k, k) for k in y_of], fontsize=MATRIX_PT, color=INK)
    ax.set_xticks(range(len(columns)), heads, fontsize=MATRIX_PT, color=INK, linespacing=1.15)
    ax.xaxis.tick_top()
    ax.tick_params(length=0, pad=4)
    for spine in ax.spines.values():
        spine.set_visible(False)

    handles = [
        Line2D(
            [],
            [],
            linestyle="none",
            marker=m.shape,
            markersize=7.0 * m.scale,
            markerfacecolor=(m.colour or style.NEUTRAL) if m.filled else "white",
            markeredgecolor=INK if m.filled else (m.colour or style.NEUTRAL),
            markeredgewidth=0.6 if m.filled else 1.4,
            label=m.label or k,
        )
        for k, m in symbols.items()
        if k in set(statements[category])
    ]
    fig.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0.0, 1.0),
        ncol=len(handles) + 1,
        frameon=False,
        fontsize=MATRIX_PT,
        title=legend_title or None,
        title_fontproperties={"size": MATRIX_PT, "weight": "bold"},
        alignment="left",
        handletextpad=0.3,
        columnspacing=1.4,
        borderaxespad=0.0,
        borderpad=0.0,
    )
    return fig


# --- Timeline --------------------------------------------------------------------------------


def _text_inches(fig: Figure, texts: Sequence[str], fontsize: float) -> list[tuple[float, float]]:
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
    """First-fit lanes for items that may take one of several extents (e.g. label right or left).

    Items are taken in the order given; each goes to the lowest lane where one of its options,
    tried in order, keeps ``gap`` clear of everything already there. Returns (lane, option) pairs.
    """
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


@dataclass
class _Placed:
    """An item of a timeline panel: its row in the input, its x extent, label side and lane."""

    row: int
    x0: float
    x1: float
    side: str
    lane: int = 0


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
    """Items on a time axis, one panel per window and one track per kind of item.

    An item whose ``start`` equals its ``end`` is a point (a dot); any other is a range drawn as a
    bar from the start of its first day to the end of its last. Items go to the narrowest window
    holding them; a window lying inside another, and each ``shade`` span, is shaded there. Items
    without a colour are drawn outlined. A point whose ``resolved`` column is true (a day the
    source does not print in full, supplied from elsewhere) is drawn half-filled, so it does not
    pass for a day the source states. Labels (wrapped at ``wrap`` characters) go beside their
    mark, on whichever side packs the panel into fewer lanes, and items are stacked in lanes so
    that no label touches another label or mark. ``legend`` maps legend text to colour. The default
    width is an A4 page's text width, so that no text prints below 7 pt.

    The legend's first row keys the marks by shape only, drawn as outlines so that no swatch
    there can be read as an actor's colour; the second row (``legend``) keys the colours as solid
    squares. Without ``legend``, when every mark has one colour, the keys are drawn in it.
    """
    style.apply()
    if stray := sorted(set(items[band]) - {b.name for b in tracks}):
        raise ValueError(f"band values without a Track: {stray}")
    where = window_of(list(items[start]), list(items[end]), windows)
    flags = [False] * len(items) if resolved is None else [False if pd.isna(x) else bool(x) for x in items[resolved]]
    left_in, right_in, track_gap, title_in, axis_in = 0.78, 0.12, 0.16, 0.27, 0.3
    axes_w = width - left_in - right_in
    labels = ["\n".join(textwrap.wrap(str(t), wrap)) for t in items[label]]
    probe = plt.figure(figsize=(width, 2))
    sizes = _text_inches(probe, labels + ["Xg"], LABEL_PT)
    plt.close(probe)
    line_in = sizes.pop()[1]

    panels = []  # per window: [(track, [placed], [lane heights in inches])]
    for w, window in enumerate(windows):
        lo_x, hi_x = mdates.date2num(window.start), mdates.date2num(window.end)
        per_in = (hi_x - lo_x) / axes_w
        gap, mark = GAP_PT * PT * per_in, MARK_PT * PT * per_in
        blocks = []
        for b in tracks:
            rows = sorted(
                (i for i in range(len(items)) if where[i] == w and items[band].iloc[i] == b.name),
                key=lambda i: (span(items[start].iloc[i], items[end].iloc[i])[0], -sizes[i][1]),
            )
            placed, sides = [], []
            for i in rows:
                x0, x1 = span(items[start].iloc[i], items[end].iloc[i])
                lo, hi = (x0 - mark, x1 + mark) if x0 == x1 else (x0, x1)
                text = sizes[i][0] * per_in + gap  # the label starts ``gap`` beyond the mark's edge
                both = {"right": (lo, hi + text), "left": (lo - text, hi)}
                inside = {k: v for k, v in both.items() if lo_x <= v[0] and v[1] <= hi_x}
                placed.append(_Placed(i, x0, x1, ""))
                roomier = "right" if hi_x - hi >= lo - lo_x else "left"
                sides.append(inside or {roomier: both[roomier]})
            for p, (lane, side) in zip(placed, pack_labels(sides, gap=2 * gap), strict=True):
                p.lane, p.side = lane, side
            lanes = max((p.lane for p in placed), default=-1) + 1
            heights = [
                max([sizes[p.row][1] for p in placed if p.lane == k], default=line_in) + 0.07 for k in range(lanes)
            ]
            if placed:
                blocks.append((b, placed, heights))
        panels.append(blocks)

    panel_h = [sum(sum(h) for _, _, h in blocks) + track_gap * max(0, len(blocks) - 1) + 0.1 for blocks in panels]
    legend_rows = 1 + bool(legend) * math.ceil(len(legend or {}) / 6)
    fig_h = sum(panel_h) + len(windows) * (title_in + axis_in) + 0.12 + 0.2 * legend_rows
    fig = plt.figure(figsize=(width, fig_h))
    top = fig_h
    for window, blocks, h in zip(windows, panels, panel_h, strict=True):
        top -= title_in
        ax = fig.add_axes((left_in / width, (top - h) / fig_h, axes_w / width, h / fig_h))
        top -= h + axis_in
        nested = [
            (o.start, o.end) for o in windows if o is not window and window.start <= o.start and o.end <= window.end
        ]
        for lo, hi in [*nested, *shade]:
            ax.axvspan(
                mdates.date2num(max(lo, window.start)),
                mdates.date2num(min(hi, window.end)),
                color="#eef1f4",
                lw=0,
                zorder=0,
            )
        _draw_panel(ax, window, blocks, items, labels, colour, ident, h, track_gap, flags)

    hollow = {b.name for b in tracks if b.hollow}
    solid = [i for i in range(len(items)) if items[band].iloc[i] not in hollow]
    point = {i: items[start].iloc[i] == items[end].iloc[i] for i in solid}
    drawn = {
        "range": any(not point[i] for i in solid),
        "day": any(point[i] and not flags[i] for i in solid),
        "resolved": any(point[i] and flags[i] for i in solid),
    }
    texts = {"range": "month or year (range)", "day": "exact day", "resolved": resolved_label}
    glyphs = {Patch(facecolor="white", edgecolor=INK, linewidth=0.9, label=texts[k]): k for k in texts if drawn[k]}
    marks = list(glyphs)  # keys only for the kinds of mark the figure draws
    one = {items[colour].iloc[i] for i in solid}
    fill = next(iter(one)) if not legend and len(one) == 1 and isinstance(next(iter(one)), str) else None
    marks += [
        Line2D(
            [],
            [],
            linestyle="none",
            marker="D",
            markersize=4.5,
            markerfacecolor="white",
            markeredgecolor=MUTED,
            markeredgewidth=1.2,
            label=f"{' '.join(b.title.split()).lower()} (hollow, italic)",
        )
        for b in tracks
        if b.hollow and (items[band] == b.name).any()
    ]
    row_h = 0.2 / fig_h
    fig.legend(
        handles=marks,
        loc="lower left",
        bbox_to_anchor=(left_in / width - 0.012, row_h * (legend_rows - 1)),
        ncol=len(marks),
        **TIMELINE_LEGEND,
        handler_map={h: _Glyph(k, fill) for h, k in glyphs.items()},
    )
    if legend:
        swatches = [Patch(facecolor=c, edgecolor=MUTED if c == "white" else "none", label=t) for t, c in legend.items()]
        fig.legend(
            handles=swatches,
            loc="lower left",
            bbox_to_anchor=(left_in / width - 0.012, 0),
            ncol=6,
            **TIMELINE_LEGEND,
        )
    return fig


def _draw_panel(
    ax: Axes,
    window: Window,
    blocks: list[tuple[Track, list[_Placed], list[float]]],
    items: pd.DataFrame,
    labels: Sequence[str],
    colour: str,
    ident: str,
    height: float,
    track_gap: float,
    resolved_flags: Sequence[bool],
) -> None:
    """Draw one window: tracks top to bottom, lanes within each track (y measured in inches)."""
    ax.set_xlim(mdates.date2num(window.start), mdates.date2num(window.end))
    ax.set_ylim(height, 0)
    ax.set_title(window.title, loc="left", fontsize=8.5, fontweight="bold", color=INK, pad=4)
    y = 0.05
    for n, (b, placed, heights) in enumerate(blocks):
        if n:
            ax.axhline(y + track_gap / 2, color=RULE, lw=0.6, zorder=0.5)
            y += track_gap
        tops = [y + sum(heights[:k]) for k in range(len(heights))]
        ax.text(
            -0.012,
            y + sum(heights) / 2,
            b.title,
            transform=ax.get_yaxis_transform(),
            ha="right",
            va="center",
            fontsize=TEXT_PT,
            color=MUTED,
            style="italic" if b.hollow else "normal",
        )
        for p in placed:
            yc, row = tops[p.lane] + heights[p.lane] / 2, items.iloc[p.row]
            _draw_item(
                ax,
                p,
                yc,
                row[colour] if isinstance(row[colour], str) else None,
                b.hollow,
                str(row[ident]),
                half=bool(resolved_flags[p.row]),
            )
            offset = GAP_PT + (MARK_PT if p.x0 == p.x1 else 0)
            ax.annotate(
                labels[p.row],
                xy=(p.x1 if p.side == "right" else p.x0, yc),
                xytext=(offset if p.side == "right" else -offset, 0),
                textcoords="offset points",
                ha="left" if p.side == "right" else "right",
                va="center",
                fontsize=LABEL_PT,
                color=INK,
                style="italic" if b.hollow else "normal",
                linespacing=1.05,
                annotation_clip=False,
                gid=f"{row[ident]}-label",
                zorder=5,
                bbox=dict(boxstyle="square,pad=0.05", facecolor="white", edgecolor="none"),
            )
        y += sum(heights)
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
    ax.grid(axis="x", which="major", color=RULE, lw=0.5, zorder=0)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="x", labelsize=7.5, colors=MUTED)


def _draw_item(ax: Axes, p: _Placed, yc: float, colour: str | None, hollow: bool, gid: str, half: bool = False) -> None:
    """A dot or diamond for a point, a bar for a range; outlined when there is no colour.

    A ``half`` point is half-filled (left half in its colour, or grey without one; right half white)
    and outlined in that colour.
    """
    edge = colour or MUTED
    face = "white" if hollow or colour is None else colour
    if p.x0 == p.x1 and half and not hollow:
        ax.plot(
            [p.x0],
            [yc],
            linestyle="none",
            marker="o",
            markersize=5.2,
            fillstyle="left",
            markerfacecolor=colour or MUTED,
            markerfacecoloralt="white",
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
            markeredgecolor=edge if face == "white" else "white",
            markeredgewidth=1.2 if face == "white" else 0.5,
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
            linewidth=0.9 if face == "white" else 0,
            zorder=3,
        )
        bars.patches[0].set_gid(gid)


class _Glyph(HandlerBase):
    """A legend key that shows a mark's shape: a thin bar for a range, a ring for an exact day, a
    half-filled ring for a resolved day. Without ``fill`` the keys are ink outlines, which keeps them
    apart from the solid colour squares of an actor legend; with it (every mark in one colour, no
    colour legend) they look like the marks they key."""

    def __init__(self, kind: str, fill: str | None = None):
        super().__init__()
        self.kind, self.fill = kind, fill

    def create_artists(self, legend, orig_handle, xdescent, ydescent, width, height, fontsize, trans):
        from matplotlib.patches import Circle, Wedge

        x0, cy = -xdescent, -ydescent + height / 2
        face, edge = (self.fill, self.fill) if self.fill else ("white", INK)
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
                Circle((cx, cy), r, facecolor="white", edgecolor="none", transform=trans),
                Wedge((cx, cy), r, 90, 270, facecolor=self.fill or MUTED, edgecolor="none", transform=trans),
                Circle((cx, cy), r, facecolor="none", edgecolor=edge, linewidth=0.9, transform=trans),
            ]
        return [Circle((cx, cy), r, facecolor=face, edgecolor=edge, linewidth=0.9, transform=trans)]


@dataclass(frozen=True)
class IntervalRow:
    """One claim in the chart: the stated interval, the stated figure, what was computed.

    ``core`` is the interval before it was widened for ends that are areas (drawn darker inside the
    admitted one); ``note`` is a short line printed under the verdict (e.g. the ratio).
    """

    label: str
    stated: float
    low: float
    high: float
    computed: float | None = None
    band: tuple[float, float] | None = None
    others: tuple[tuple[float, str], ...] = ()
    verdict: str = ""
    core: tuple[float, float] | None = None
    note: str = ""


def interval_chart(rows: Sequence[IntervalRow], unit: str = "km", width: float = 6.5) -> plt.Figure:
    """Stated intervals as bars, stated figures as ticks, computed values as labelled dots, on a log scale.

    The legend lists only the marks drawn, in the same colours and opacities. Texts are sized so that
    they stay at 7 pt or more when the saved figure is scaled to a text width of :data:`PRINT_WIDTH_IN`
    (see :func:`smallest_print_pt`).
    """
    style.apply()
    height = 1.7 + 0.95 * len(rows)
    fig, ax = plt.subplots(figsize=(width, height))
    fig.subplots_adjust(left=0.27, right=0.72, top=1 - 0.15 / height, bottom=1.25 / height)
    claim, computed = KIND["claim"]["color"], KIND["computed"]["color"]
    bar_alpha, core_alpha = 0.3, 0.8
    values = [
        v
        for r in rows
        for v in (r.low, r.stated, r.computed or r.stated, *(r.band or ()), *(o[0] for o in r.others))
        if v and math.isfinite(v)
    ]
    lo, hi = min(values) / 1.6, max(values) * 1.6
    drawn: set[str] = set()
    for i, r in enumerate(rows):
        y = len(rows) - 1 - i
        top = r.high if math.isfinite(r.high) else hi
        ax.barh(
            y,
            top - r.low,
            left=r.low,
            height=0.36,
            color=claim,
            alpha=bar_alpha,
            edgecolor=claim,
            linewidth=0.9,
            zorder=2,
        )
        if r.core and (r.core[0] > r.low or r.core[1] < r.high):
            drawn.add("core")
            ax.barh(
                y,
                r.core[1] - r.core[0],
                left=r.core[0],
                height=0.36,
                color=claim,
                alpha=core_alpha,
                linewidth=0,
                zorder=2.2,
            )
            # on a log scale a narrow core can hide under the stated tick: its range is also written out
            ax.annotate(
                f"figure alone:\n{units.length_range(*r.core, unit)}",
                (r.high, y),
                xytext=(5, 0),
                textcoords="offset points",
                ha="left",
                va="center",
                fontsize=8,
                color=claim,
                path_effects=HALO,
                zorder=6,
            )
        ax.plot([r.stated, r.stated], [y - 0.2, y + 0.2], color=claim, lw=2.0, zorder=3)
        if r.band:
            drawn.add("band")
            ax.plot(r.band, [y - 0.34, y - 0.34], color=computed, lw=1.6, zorder=3, solid_capstyle="butt")
            for end in r.band:
                ax.plot([end, end], [y - 0.42, y - 0.26], color=computed, lw=1.6, zorder=3)
        if r.computed is not None:
            drawn.add("computed")
            ax.plot([r.computed], [y], marker="o", ms=7, color=computed, mec="white", mew=1.0, zorder=5)
            ax.annotate(
                units.length_text(r.computed, unit),
                (r.computed, y),
                xytext=(0, 17),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=8.5,
                color=computed,
                fontweight="bold",
                zorder=6,
                path_effects=HALO,
            )
        above = r.band is not None
        ranked = sorted(r.others)
        for k, (value, name) in enumerate(ranked):
            drawn.add("others")
            ha = "center" if len(ranked) == 1 else "right" if k == 0 else "left" if k == len(ranked) - 1 else "center"
            ax.plot([value], [y], marker="|", ms=11, mew=1.4, color=MUTED, zorder=4)
            ax.annotate(
                name,
                (value, y),
                xytext=(0, 15 if above else -15),
                textcoords="offset points",
                ha=ha,
                va="bottom" if above else "top",
                fontsize=8.5,
                color=MUTED,
                path_effects=HALO,
                zorder=6,
            )
        if r.verdict:
            ax.annotate(
                textwrap.fill(r.verdict, 22),
                (1.0, y),
                xycoords=("axes fraction", "data"),
                xytext=(8, 3 if r.note else 0),
                textcoords="offset points",
                ha="left",
                va="bottom" if r.note else "center",
                fontsize=8.5,
                color=INK,
                fontweight="bold",
            )
        if r.note:
            ax.annotate(
                r.note,
                (1.0, y),
                xycoords=("axes fraction", "data"),
                xytext=(8, -1),
                textcoords="offset points",
                ha="left",
                va="top",
                fontsize=8,
                color=MUTED,
            )
    ax.set_xscale("log")
    ax.set_xlim(lo, hi)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([textwrap.fill(r.label, 20) for r in reversed(rows)], fontsize=8.5)
    ax.set_xlabel(f"distance ({unit}, logarithmic scale)", fontsize=8.5)
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.xaxis.set_minor_formatter(plt.NullFormatter())
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(axis="x", which="major", color="#c5ccd3", lw=0.6, zorder=0)
    ax.grid(axis="x", which="minor", color="#eef1f4", lw=0.4, zorder=0)
    for y in range(len(rows) - 1):
        ax.axhline(y + 0.5, color="#e3e7eb", lw=0.6, zorder=0)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    handles = [Patch(facecolor=claim, alpha=bar_alpha, edgecolor=claim, label="interval the stated figure admits")]
    if "core" in drawn:
        handles = [
            Patch(facecolor=claim, alpha=core_alpha, edgecolor="none", label="interval the figure alone admits"),
            Patch(
                facecolor=claim,
                alpha=bar_alpha,
                edgecolor=claim,
                label="interval admitted, widened by the extent of a city at an end",
            ),
        ]
    handles.append(Line2D([], [], color=claim, lw=2.0, label="stated figure"))
    optional = {
        "computed": Line2D(
            [], [], marker="o", ms=7, color=computed, mec="white", mew=1.0, linestyle="none", label="computed distance"
        ),
        "band": Line2D([], [], color=computed, lw=1.6, label="computed range (region)"),
        "others": Line2D(
            [], [], marker="|", ms=11, mew=1.4, color=MUTED, linestyle="none", label="other readings and candidates"
        ),
    }
    handles += [h for key, h in optional.items() if key in drawn]
    fig.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 0.0), ncol=2, fontsize=8, frameon=False)
    return fig


PRINT_WIDTH_IN = 16.5 / 2.54
"""Text width of an A4 page with the print stylesheet's margins, in inches."""


def smallest_print_pt(fig: plt.Figure, width_in: float = PRINT_WIDTH_IN) -> float:
    """The smallest text of a figure in points once saved (tight box) and scaled down to ``width_in``."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    saved_in = fig.get_tightbbox(renderer).width
    scale = min(1.0, width_in / saved_in)
    sizes = [t.get_fontsize() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    return min(sizes) * scale
