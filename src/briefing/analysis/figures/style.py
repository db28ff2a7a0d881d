"""Figure style and deterministic saving: same inputs, same bytes."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import matplotlib

matplotlib.use("agg")
import matplotlib.patheffects as pe  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402

FONT_STACK = ["Source Sans 3", "Helvetica Neue", "Arial", "DejaVu Sans"]
DPI = 200
NEUTRAL = "#9aa4ae"
INK = "#1b1f24"
MUTED = "#59636e"
KIND = {  # the stylesheet's colours for the kinds of statement
    "claim": {"color": "#7a4b00", "linestyle": (0, (5, 2.5)), "linewidth": 1.3},
    "computed": {"color": "#0b5d3b", "linestyle": "-", "linewidth": 1.2},
    "reference": {"color": "#2f4f6f", "linestyle": "-", "linewidth": 0.9},
}
HALO = [pe.withStroke(linewidth=2.6, foreground="white")]
"""A white outline that keeps text legible over lines and fills."""

RC = {
    "font.family": "sans-serif",
    "font.sans-serif": FONT_STACK,
    "font.size": 9,
    "axes.titlesize": 10,
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
    """The figure as SVG and PNG bytes, without timestamps or version strings, so rebuilds are byte-identical.

    Both are cropped to one tight bounding box, laid out once: ``bbox_inches="tight"`` would lay the
    figure out again for each format before drawing it."""
    apply()
    fig.draw_without_rendering()
    box = fig.get_tightbbox().padded(plt.rcParams["savefig.pad_inches"])
    svg, png = io.BytesIO(), io.BytesIO()
    fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches=box)
    fig.savefig(png, format="png", dpi=DPI, metadata={"Software": None}, bbox_inches=box)
    return svg.getvalue(), png.getvalue()


def colours(actors: Any) -> dict[str, str]:
    """Actor id -> colour from the actors table, so every figure uses the same colour per actor."""
    return {row["id"]: row["colour"] for _, row in actors.iterrows() if isinstance(row["colour"], str)}


apply()
