"""The house look, defined once: colours by meaning, font stacks and sizes.

Both halves are made from it. The publishing half fills the stylesheets' colour and font slots
(``${name}``) with :func:`css`; the analysis half installs :func:`matplotlib_rc` and draws with the
colours below (``briefing.analysis.figures.style``). The analyst's colours (stances, the host
country) are data in notebooks/briefing.toml; :meth:`Palette.from_settings` is their one reader.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# --- Colours of the page and the figures ------------------------------------------------------

INK = "#1b1f24"  # text, outlines, marks without a colour of their own
MUTED = "#59636e"  # secondary text: captions, legends, running heads
RULE = "#d0d7de"  # rules between table rows and between chart columns
ACCENT = "#0b4f8a"  # links
PAPER = "#fff"  # the page, and the halos and edges that keep marks apart on a figure
KIND = {  # the kinds of statement, told apart by the text's badges and by the figures' lines
    "claim": "#7a4b00",
    "judgment": "#5a2d82",
    "computed": "#0b5d3b",
    "reference": "#2f4f6f",
}
JUDGMENT_TINT = "#f7f3fb"  # background of a key judgment
ERROR = "#a40000"  # a chapter's error message


# --- Colours of the figures only --------------------------------------------------------------


@dataclass(frozen=True)
class ChartColours:
    """The furniture of charts, quieter than any mark."""

    neutral: str = "#9aa4ae"  # a category or item without a colour of its own
    stripe: str = "#f3f5f7"  # every other row of a matrix
    shade: str = "#eef1f4"  # shaded spans of a timeline, minor grid lines
    grid: str = "#c5ccd3"  # major grid lines
    faint_rule: str = "#e3e7eb"  # rules between the rows of a chart


@dataclass(frozen=True)
class MapColours:
    """The base map and what every map draws on it."""

    sea: str = "#f3f7fa"
    land: str = "#e7e9ec"
    border: str = PAPER  # edges between countries
    graticule: str = "#b9c2cb"
    hatch: str = "#9a4a33"  # hatching of a second attribute over a fill
    region: str = "#3d2a5c"  # a region drawn as an outline, and its name
    origin: str = "#b3261e"  # the star of the place distances are measured from
    country_name: str = "#4a525b"


@dataclass(frozen=True)
class BandColours:
    """Areas of distance and bearing that a stated figure or word admits."""

    band: str = "#f0dcb4"  # distances a stated figure admits, seen at a region's scale
    band_part: str = "#e2b978"  # the part of a region inside that band
    admitted: str = "#d9932f"  # distances admitted once a place is taken as an area
    core: str = "#8a5a12"  # distances the figure alone admits
    extent: str = "#5b7fa6"  # a place taken as an area
    extent_edge: str = "#2f4f6f"
    sector: str = "#fbf3da"  # bearings a compass word admits
    sector_edge: str = "#b49a5c"


CHART, MAP, BANDS = ChartColours(), MapColours(), BandColours()


# --- Fonts and sizes --------------------------------------------------------------------------

SERIF = ("Source Serif 4", "Source Serif Pro", "Georgia", "DejaVu Serif", "serif")
SANS = ("Source Sans 3", "Source Sans Pro", "Helvetica Neue", "Arial", "DejaVu Sans", "sans-serif")
PLAIN_SANS = ("DejaVu Sans", "sans-serif")  # running heads and note marks: a face every build machine has
MONO = ("DejaVu Sans Mono", "monospace")
GENERIC = ("serif", "sans-serif", "monospace")

FIGURE_PT = 9  # figure text
FIGURE_TITLE_PT = 10
SMALLEST_PT = 7.0  # no figure text smaller, at the size a page prints it
DPI = 200  # resolution of the PNG copy of a figure


# --- What the halves are made from --------------------------------------------------------------

#: The stylesheet's custom properties (``var(--name)``), in the order written.
CSS_PROPERTIES = {"ink": INK, "muted": MUTED, "rule": RULE, "accent": ACCENT, **KIND}


def font_family(stack: tuple[str, ...]) -> str:
    """A font stack as a CSS ``font-family`` value: names with spaces quoted, generic families bare."""
    return ", ".join(f'"{name}"' if " " in name else name for name in stack)


def css_properties() -> str:
    """The ``:root`` block that declares :data:`CSS_PROPERTIES`."""
    lines = "".join(f"  --{name}: {value};\n" for name, value in CSS_PROPERTIES.items())
    return f":root {{\n{lines}}}"


def css_slots() -> dict[str, str]:
    """What a stylesheet's ``${name}`` slots stand for."""
    return {
        "properties": css_properties(),
        "serif": font_family(SERIF),
        "sans": font_family(SANS),
        "plain_sans": font_family(PLAIN_SANS),
        "mono": font_family(MONO),
        "paper": PAPER,
        "muted": MUTED,
        "judgment_tint": JUDGMENT_TINT,
        "error": ERROR,
    }


def css(template: str) -> str:
    """A stylesheet with its colour and font slots filled; KeyError names a slot the theme lacks."""
    return string.Template(template).substitute(css_slots())


def matplotlib_rc() -> dict[str, Any]:
    """The theme's part of the matplotlib settings: the sans stack and the text sizes."""
    return {
        "font.family": "sans-serif",
        "font.sans-serif": [name for name in SANS if name not in GENERIC],
        "font.size": FIGURE_PT,
        "axes.titlesize": FIGURE_TITLE_PT,
    }


# --- The analyst's colours --------------------------------------------------------------------


@dataclass(frozen=True)
class Stance:
    """How a stance is coloured: ``fill`` shades a country on a map, ``mark`` its marks in a chart."""

    fill: str
    mark: str | None = None  # None: drawn in the neutral grey


@dataclass(frozen=True)
class Palette:
    """The analyst's colours: one entry per stance, and the host country's shade on the maps."""

    host: str
    stances: Mapping[str, Stance] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, table: Mapping[str, Any]) -> Palette:
        """The palette from the ``[palette]`` table of notebooks/briefing.toml."""
        stances = {k: Stance(v["fill"], v.get("mark")) for k, v in table["stances"].items()}
        if "other" not in stances:
            raise KeyError("[palette.stances] has no 'other' entry (the fill of any stance not listed)")
        return cls(table["host"], stances)

    def fill(self, stance: str) -> str:
        """A stance's map fill; a stance not listed (or several joined) takes the 'other' fill."""
        return self.stances.get(stance, self.stances["other"]).fill

    def mark(self, stance: str) -> str | None:
        """A stance's colour in a chart, or None for the neutral grey."""
        entry = self.stances.get(stance)
        return entry.mark if entry else None
