"""A category matrix: one mark per statement in a grid of rows (who) by columns (through what, or on what).

A mark's shape, fill and colour all encode the statement's category, so colour is never the only
carrier and never repeats the row label. Nothing here knows the briefing's subject: callers pass the
statements, orderings and symbols. Each mark carries its statement's id as ``gid`` (the element id
in the SVG), so a reader of the SVG can tie it back to its fact.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from briefing import theme
from briefing.analysis.figures import style
from briefing.analysis.figures.labels import text_inches
from briefing.analysis.figures.style import INK, MUTED, PAPER, PT

#: Smallest text in a category matrix, in points at the figure's own size (its width is print width).
MATRIX_PT = 8.0
ROW_IN, RIGHT_IN, BOTTOM_IN = 0.26, 0.1, 0.1  # height of a row, right and bottom margins


@dataclass(frozen=True)
class Symbol:
    """How one category is drawn: a matplotlib marker shape, filled or hollow, legend text, size factor
    and colour (the category's own, so that shape and colour carry it together)."""

    shape: str
    filled: bool = True
    label: str = ""
    scale: float = 1.0
    colour: str | None = None


def cell_offsets(count: int, per_line: int, dx: float, dy: float) -> list[tuple[float, float]]:
    """Offsets of ``count`` markers sharing a cell: side by side, wrapping after ``per_line``."""
    lines = max(1, math.ceil(count / per_line))
    offsets = []
    for i in range(count):
        line, pos = divmod(i, per_line)
        in_line = min(per_line, count - line * per_line)
        offsets.append(((pos - (in_line - 1) / 2) * dx, (line - (lines - 1) / 2) * dy))
    return offsets


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
    """The matrix of ``statements``; marks sharing a cell wrap after ``per_line``, rows get a header where
    their ``groups`` value changes. Nothing is dropped and no line without a mark is drawn."""
    style.apply()
    row_labels, column_labels = row_labels or {}, column_labels or {}
    _check(statements, {row: rows, column: columns}, category, list(symbols))
    y_of, headers, height = _row_positions(rows, groups or {})
    heads = [textwrap.fill(column_labels.get(c, str(c)), 16) for c in columns]
    fig, ax = _figure(width, heads, [row_labels.get(k, k) for k in rows], height, bool(legend_title))
    _draw_grid(ax, list(y_of.values()), len(columns), headers)
    order = {c: i for i, c in enumerate(symbols)}
    frame = statements.assign(_order=statements[category].map(order)).sort_values([row, column, "_order", ident])
    x_of = {c: i for i, c in enumerate(columns)}
    for (r, c), cell in frame.groupby([row, column], sort=False):
        offsets = cell_offsets(len(cell), per_line, 0.72 / per_line, 0.42)
        for (_, st), (ox, oy) in zip(cell.iterrows(), offsets):
            ax.plot([x_of[c] + ox], [y_of[r] + oy], zorder=3, gid=str(st[ident]), **_looks(symbols[st[category]]))
    ax.set_yticks(list(y_of.values()), [row_labels.get(k, k) for k in y_of], fontsize=MATRIX_PT, color=INK)
    ax.set_xticks(range(len(columns)), heads, fontsize=MATRIX_PT, color=INK, linespacing=1.15)
    ax.xaxis.tick_top()
    ax.tick_params(length=0, pad=4)
    for spine in ax.spines.values():
        spine.set_visible(False)
    _legend(fig, symbols, set(statements[category]), legend_title)
    return fig


def _check(statements: pd.DataFrame, lines: Mapping[str, Sequence[str]], category: str, kinds: Sequence[str]) -> None:
    """Every statement falls in a listed row, column and category, and every row and column holds one."""
    if any(len(set(keys)) != len(keys) for keys in lines.values()):
        raise ValueError("rows and columns must not repeat")
    for name, allowed in [*lines.items(), (category, kinds)]:
        stray = sorted(set(statements[name]) - set(allowed))
        if stray:
            raise ValueError(f"{name} values not in the matrix: {stray}")
    for name, wanted in lines.items():
        empty = [k for k in wanted if k not in set(statements[name])]
        if empty:
            raise ValueError(f"{name} without any statement (draw only lines that carry a mark): {empty}")


def _row_positions(
    rows: Sequence[str], groups: Mapping[str, str]
) -> tuple[dict[str, float], list[tuple[float, str]], float]:
    """Each row's y, the group headers' (y, text) and the height in rows: a header where the group changes."""
    y_of, headers, y, previous = {}, [], 0.0, None
    for key in rows:
        group = groups.get(key)
        if group and group != previous:
            y += 0.9
            headers.append((y - 0.75, group))
            previous = group
        y_of[key] = y
        y += 1.0
    return y_of, headers, y - 0.5


def _figure(
    width: float, heads: Sequence[str], row_names: Sequence[str], height: float, titled: bool
) -> tuple[Figure, Axes]:
    """A figure sized to its text: the left margin fits the longest row name, the top the column heads."""
    head_lines = max(h.count("\n") + 1 for h in heads)
    probe = plt.figure()
    left_in = 0.25 + max(w for w, _ in text_inches(probe, row_names, MATRIX_PT))
    plt.close(probe)
    top_in = (0.5 if titled else 0.34) + head_lines * MATRIX_PT * 1.25 * PT
    fig = plt.figure(figsize=(width, top_in + BOTTOM_IN + (height + 0.5) * ROW_IN))
    fig_h = fig.get_figheight()
    box = (left_in / width, BOTTOM_IN / fig_h, (width - left_in - RIGHT_IN) / width, (height + 0.5) * ROW_IN / fig_h)
    ax = fig.add_axes(box)
    ax.set_xlim(-0.5, len(heads) - 0.5)
    ax.set_ylim(height, -0.5)
    return fig, ax


def _draw_grid(ax: Axes, ys: Sequence[float], columns: int, headers: Sequence[tuple[float, str]]) -> None:
    """Stripes on every other row, rules between columns and the group headers, under the marks."""
    for k, yy in enumerate(ys):
        if k % 2 == 0:
            ax.axhspan(yy - 0.5, yy + 0.5, color=theme.CHART.stripe, lw=0, zorder=0)
    for x in range(1, columns):
        ax.axvline(x - 0.5, color=theme.RULE, lw=0.6, zorder=0.5)
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


def _looks(m: Symbol) -> dict[str, Any]:
    """A category's marker, the same in the grid and in the legend: filled in its colour, or hollow."""
    colour = m.colour or style.NEUTRAL
    return {
        "linestyle": "none",
        "marker": m.shape,
        "markersize": 7.0 * m.scale,
        "markerfacecolor": colour if m.filled else PAPER,
        "markeredgecolor": INK if m.filled else colour,
        "markeredgewidth": 0.6 if m.filled else 1.4,
    }


def _legend(fig: Figure, symbols: Mapping[str, Symbol], present: set[str], title: str) -> None:
    """One key per category drawn, in one line above the grid under the optional title."""
    handles = [Line2D([], [], label=m.label or k, **_looks(m)) for k, m in symbols.items() if k in present]
    fig.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0.0, 1.0),
        ncol=len(handles) + 1,
        frameon=False,
        fontsize=MATRIX_PT,
        title=title or None,
        title_fontproperties={"size": MATRIX_PT, "weight": "bold"},
        alignment="left",
        handletextpad=0.3,
        columnspacing=1.4,
        borderaxespad=0.0,
        borderpad=0.0,
    )
