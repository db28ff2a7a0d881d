"""Figure style and deterministic saving: same inputs, same bytes."""

from __future__ import annotations

from pathlib import Path
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


def save(fig: Any, path: Path) -> None:
    """Save without timestamps or version strings, so rebuilds are byte-identical."""
    apply()
    if path.suffix == ".svg":
        fig.savefig(path, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    elif path.suffix == ".png":
        fig.savefig(path, format="png", dpi=DPI, metadata={"Software": None}, bbox_inches="tight")
    else:
        raise ValueError(f"unsupported figure format {path.suffix!r}")


def colours(actors: Any) -> dict[str, str]:
    """Actor id -> colour from the actors table, so every figure uses the same colour per actor."""
    return {row["id"]: row["colour"] for _, row in actors.iterrows() if isinstance(row["colour"], str)}


apply()
