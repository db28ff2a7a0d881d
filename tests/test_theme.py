"""One theme: the stylesheets and the matplotlib style are made from briefing.theme, and drawing code holds no colour."""

from __future__ import annotations

import ast
import re

import matplotlib

matplotlib.use("agg")
import matplotlib.colors as mcolors  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from briefing import theme  # noqa: E402
from briefing.analysis.figures import style  # noqa: E402
from briefing.publish import render  # noqa: E402
from helpers import ROOT  # noqa: E402

ANALYSIS = sorted((ROOT / "src" / "briefing" / "analysis").rglob("*.py"))
STYLESHEETS = sorted((ROOT / "src" / "briefing" / "publish" / "templates").rglob("*.css"))
HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})\b")
NAMED = set(mcolors.CSS4_COLORS)  # "none" is no colour


def colour_literals(path) -> list[str]:
    """Strings of a module that are colours: '#1b1f24', 'white', 'tab:blue', 'xkcd:sand'."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value.strip().lower()
            if HEX.fullmatch(text) or text in NAMED or text.startswith(("tab:", "xkcd:")):
                found.append((node.lineno, node.col_offset, f"{path.name}:{node.lineno}: {node.value!r}"))
    return [text for *_, text in sorted(found)]


def test_the_scan_finds_colours_written_either_way(tmp_path):
    module = tmp_path / "drawing.py"
    module.write_text('ax.plot(x, color="#a1b2c3")\nax.text(0, 0, "white", color="white", ec="none")\n')
    assert colour_literals(module) == ["drawing.py:1: '#a1b2c3'", "drawing.py:2: 'white'", "drawing.py:2: 'white'"]


@pytest.mark.parametrize("path", ANALYSIS, ids=lambda p: p.relative_to(ROOT / "src" / "briefing").as_posix())
def test_drawing_code_holds_no_colour_literal(path):
    assert not colour_literals(path), "colours belong in briefing.theme or [palette] of notebooks/briefing.toml"


@pytest.mark.parametrize("path", STYLESHEETS, ids=lambda p: p.name)
def test_stylesheets_take_their_colours_and_fonts_from_the_theme(path):
    text = path.read_text(encoding="utf-8")
    assert not HEX.search(text)
    families = re.findall(r"font(?:-family)?:\s*([^;]+);", text)
    assert all(re.fullmatch(r"(?:[\d.]+pt )?\$\{\w+\}", value) for value in families), families


def test_the_stylesheet_is_made_from_the_theme(monkeypatch):
    css = render.stylesheet()
    assert "$" not in css and css.count(theme.css_properties()) == 1
    for name, colour in theme.CSS_PROPERTIES.items():
        assert f"--{name}: {colour};" in css
    assert f"font-family: {theme.font_family(theme.SERIF)};" in css
    monkeypatch.setitem(theme.CSS_PROPERTIES, "ink", "#010203")
    monkeypatch.setattr(theme, "SANS", ("Other Sans", "sans-serif"))
    monkeypatch.setattr(theme, "MUTED", "#040506")
    changed = render.stylesheet()
    assert "--ink: #010203;" in changed and 'font-family: "Other Sans", sans-serif;' in changed
    assert render.stylesheet(paged=True).count("color: #040506;") == 4


def test_the_matplotlib_style_is_made_from_the_theme():
    style.apply()
    for key, value in matplotlib.RcParams(theme.matplotlib_rc()).items():  # as matplotlib validates them
        assert plt.rcParams[key] == value, key
    assert plt.rcParams["font.sans-serif"] == [f for f in theme.SANS if f not in theme.GENERIC]
    for kind, looks in style.KIND.items():  # a figure's line of a kind is the colour of that kind's badge
        assert looks["color"] == theme.KIND[kind] == theme.CSS_PROPERTIES[kind]
    assert style.INK == theme.CSS_PROPERTIES["ink"] and style.MUTED == theme.CSS_PROPERTIES["muted"]
    assert mcolors.same_color(style.HALO[0]._gc["foreground"], theme.PAPER)


def test_the_palette_gives_every_stance_a_fill_and_unlisted_stances_the_other_one():
    palette = theme.Palette.from_settings(
        {
            "host": "#111111",
            "stances": {"opposes": {"fill": "#222222", "mark": "#333333"}, "other": {"fill": "#444444"}},
        }
    )
    assert palette.fill("opposes") == "#222222" and palette.mark("opposes") == "#333333"
    assert palette.fill("opposes and supports") == "#444444" and palette.mark("supports") is None
    with pytest.raises(KeyError, match="other"):
        theme.Palette.from_settings({"host": "#111111", "stances": {"opposes": {"fill": "#222222"}}})
