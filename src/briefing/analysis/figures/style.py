"""The theme applied to figures, and deterministic saving: same inputs, same bytes.

Colours, fonts and sizes are :mod:`briefing.theme`'s; this module gives them matplotlib's form (line
looks per kind of statement, the halo, rcParams) and reads the analyst's palette once.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import matplotlib

matplotlib.use("agg")
import matplotlib.patheffects as pe  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from briefing import theme  # noqa: E402
from briefing.analysis.data import settings  # noqa: E402

DPI = theme.DPI
PT = 1 / 72  # inches per point
PRINT_WIDTH_IN = 16.5 / 2.54
"""Text width of an A4 page with the print stylesheet's margins, in inches."""
NEUTRAL, INK, MUTED, PAPER = theme.CHART.neutral, theme.INK, theme.MUTED, theme.PAPER
KIND = {  # how a line of each kind of statement is drawn, in the stylesheet's colour of that kind
    "claim": {"color": theme.KIND["claim"], "linestyle": (0, (5, 2.5)), "linewidth": 1.3},
    "computed": {"color": theme.KIND["computed"], "linestyle": "-", "linewidth": 1.2},
    "reference": {"color": theme.KIND["reference"], "linestyle": "-", "linewidth": 0.9},
}
HALO = [pe.withStroke(linewidth=2.6, foreground=PAPER)]
"""An outline in the paper's colour that keeps text legible over lines and fills."""

RC = {
    **theme.matplotlib_rc(),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.hashsalt": "briefing",
    "svg.fonttype": "path",
    "path.simplify": True,
    "figure.dpi": 100,
}


def apply() -> None:
    """Install the project's matplotlib settings (idempotent)."""
    plt.rcParams.update(RC)


@dataclass(frozen=True)
class Drawn:
    """A drawn figure with what a reader without the image needs."""

    fig: Any
    alt: str
    credit: str


@dataclass(frozen=True)
class Saved:
    """A figure as saved: the bytes of its SVG and PNG, its alt text and credit."""

    svg: bytes
    png: bytes
    alt: str
    credit: str


def images(fig: Any) -> tuple[bytes, bytes]:
    """The figure as SVG and PNG bytes, without timestamps or version strings, so rebuilds are byte-identical;
    both cropped to one tight box laid out once (``bbox_inches="tight"`` would lay out again per format)."""
    apply()
    fig.draw_without_rendering()
    box = fig.get_tightbbox().padded(plt.rcParams["savefig.pad_inches"])
    svg, png = io.BytesIO(), io.BytesIO()
    fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches=box)
    fig.savefig(png, format="png", dpi=DPI, metadata={"Software": None}, bbox_inches=box)
    return svg.getvalue(), png.getvalue()


def smallest_print_pt(fig: plt.Figure, width_in: float = PRINT_WIDTH_IN) -> float:
    """The smallest text of a figure in points once saved (tight box) and scaled down to ``width_in``."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    saved_in = fig.get_tightbbox(renderer).width
    scale = min(1.0, width_in / saved_in)
    sizes = [t.get_fontsize() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    return min(sizes) * scale


def palette() -> theme.Palette:
    """The analyst's colours (``[palette]`` of notebooks/briefing.toml): stances, the host country."""
    return theme.Palette.from_settings(settings.section("palette"))


def colours(actors: Any) -> dict[str, str]:
    """Actor id -> colour from the actors table, so every figure uses the same colour per actor."""
    return {row["id"]: row["colour"] for _, row in actors.iterrows() if isinstance(row["colour"], str)}


apply()
