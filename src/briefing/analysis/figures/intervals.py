"""Stated figures against computed values: each claim's admitted interval as a bar, its stated figure
as a tick and what was computed as a labelled dot, on a log scale.

Texts are sized so that they stay at 7 pt or more when the saved figure is scaled to the print width
(see :func:`briefing.analysis.figures.style.smallest_print_pt`); the legend lists only the marks drawn.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from briefing import theme
from briefing.analysis.checks import units
from briefing.analysis.figures import style
from briefing.analysis.figures.style import HALO, INK, KIND, MUTED, PAPER

CLAIM, COMPUTED = KIND["claim"]["color"], KIND["computed"]["color"]
BAR_ALPHA, CORE_ALPHA = 0.3, 0.8  # the admitted interval, and the part the figure alone admits


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


def interval_chart(rows: Sequence[IntervalRow], unit: str = "km", width: float = 6.5) -> Figure:
    """One row per claim, top to bottom; the x axis spans every value drawn, with room either side."""
    style.apply()
    height = 1.7 + 0.95 * len(rows)
    fig, ax = plt.subplots(figsize=(width, height))
    fig.subplots_adjust(left=0.27, right=0.72, top=1 - 0.15 / height, bottom=1.25 / height)
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
        _draw_stated(ax, r, y, hi, unit, drawn)
        _draw_computed(ax, r, y, unit, drawn)
        _draw_others(ax, r, y, drawn)
        _write_verdict(ax, r, y)
    _axes(ax, rows, (lo, hi), unit)
    _legend(fig, drawn)
    return fig


def _draw_stated(ax: Axes, r: IntervalRow, y: float, hi: float, unit: str, drawn: set[str]) -> None:
    """The admitted interval (open-ended to ``hi``), its core when narrower, and the stated figure's tick."""
    top = r.high if math.isfinite(r.high) else hi
    ax.barh(
        y, top - r.low, left=r.low, height=0.36, color=CLAIM, alpha=BAR_ALPHA, edgecolor=CLAIM, linewidth=0.9, zorder=2
    )
    if r.core and (r.core[0] > r.low or r.core[1] < r.high):
        drawn.add("core")
        ax.barh(
            y,
            r.core[1] - r.core[0],
            left=r.core[0],
            height=0.36,
            color=CLAIM,
            alpha=CORE_ALPHA,
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
            color=CLAIM,
            path_effects=HALO,
            zorder=6,
        )
    ax.plot([r.stated, r.stated], [y - 0.2, y + 0.2], color=CLAIM, lw=2.0, zorder=3)


def _draw_computed(ax: Axes, r: IntervalRow, y: float, unit: str, drawn: set[str]) -> None:
    """The computed range of a region (a line under the bar) and the computed value (a dot with its figure)."""
    if r.band:
        drawn.add("band")
        ax.plot(r.band, [y - 0.34, y - 0.34], color=COMPUTED, lw=1.6, zorder=3, solid_capstyle="butt")
        for end in r.band:
            ax.plot([end, end], [y - 0.42, y - 0.26], color=COMPUTED, lw=1.6, zorder=3)
    if r.computed is not None:
        drawn.add("computed")
        ax.plot([r.computed], [y], marker="o", ms=7, color=COMPUTED, mec=PAPER, mew=1.0, zorder=5)
        ax.annotate(
            units.length_text(r.computed, unit),
            (r.computed, y),
            xytext=(0, 17),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=8.5,
            color=COMPUTED,
            fontweight="bold",
            zorder=6,
            path_effects=HALO,
        )


def _draw_others(ax: Axes, r: IntervalRow, y: float, drawn: set[str]) -> None:
    """Grey ticks for other readings and candidates, named above the bar (below it when a range is there)."""
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


def _write_verdict(ax: Axes, r: IntervalRow, y: float) -> None:
    """The verdict right of the axes, with its note under it."""
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


def _axes(ax: Axes, rows: Sequence[IntervalRow], limits: tuple[float, float], unit: str) -> None:
    """A log distance axis with plain numbers, claims named on the left, rules between rows."""
    ax.set_xscale("log")
    ax.set_xlim(*limits)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([textwrap.fill(r.label, 20) for r in reversed(rows)], fontsize=8.5)
    ax.set_xlabel(f"distance ({unit}, logarithmic scale)", fontsize=8.5)
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.xaxis.set_minor_formatter(plt.NullFormatter())
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(axis="x", which="major", color=theme.CHART.grid, lw=0.6, zorder=0)
    ax.grid(axis="x", which="minor", color=theme.CHART.shade, lw=0.4, zorder=0)
    for y in range(len(rows) - 1):
        ax.axhline(y + 0.5, color=theme.CHART.faint_rule, lw=0.6, zorder=0)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)


def _legend(fig: Figure, drawn: set[str]) -> None:
    """Keys for the marks drawn, in the same colours and opacities, under the chart."""
    handles = [Patch(facecolor=CLAIM, alpha=BAR_ALPHA, edgecolor=CLAIM, label="interval the stated figure admits")]
    if "core" in drawn:
        handles = [
            Patch(facecolor=CLAIM, alpha=CORE_ALPHA, edgecolor="none", label="interval the figure alone admits"),
            Patch(
                facecolor=CLAIM,
                alpha=BAR_ALPHA,
                edgecolor=CLAIM,
                label="interval admitted, widened by the extent of a city at an end",
            ),
        ]
    handles.append(Line2D([], [], color=CLAIM, lw=2.0, label="stated figure"))
    optional = {
        "computed": Line2D(
            [], [], marker="o", ms=7, color=COMPUTED, mec=PAPER, mew=1.0, linestyle="none", label="computed distance"
        ),
        "band": Line2D([], [], color=COMPUTED, lw=1.6, label="computed range (region)"),
        "others": Line2D(
            [], [], marker="|", ms=11, mew=1.4, color=MUTED, linestyle="none", label="other readings and candidates"
        ),
    }
    handles += [h for key, h in optional.items() if key in drawn]
    fig.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 0.0), ncol=2, fontsize=8, frameon=False)
