"""Tests of the maps: the projection frame, label placement and figures saved through the writing API."""

from __future__ import annotations

import geopandas as gpd
import matplotlib

matplotlib.use("agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import shapely  # noqa: E402
from PIL import Image  # noqa: E402
from pyproj import Geod  # noqa: E402
from shapely.geometry import box  # noqa: E402

from briefing import theme
from briefing.analysis.figures import labels, map_marks, maps, projection, style
from briefing.analysis.writing import prose as p

REFERENCE = Geod(ellps="WGS84")
CENTRE = (69.0, 35.0)


def layer() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"iso_n3": ["001", "002", "003"], "name": ["West", "East", "Far"]},
        geometry=[box(60, 30, 69, 40), box(69, 30, 78, 40), box(150, -40, 160, -30)],
        crs=4326,
    )


def small_map() -> plt.Figure:
    frame = projection.Frame.square(*CENTRE, 900)
    return maps.distance_map(
        frame,
        layer(),
        fills={"001": map_marks.Fill("one", "#eab8a6", "//")},
        default=map_marks.Fill("other", theme.MAP.land),
        country_labels={"001": "West", "002": "East"},
        outlines=[map_marks.Outline(box(72, 36, 75, 38), "Region")],
        rings=[map_marks.Ring(500, "500 km stated", "claim"), map_marks.Ring(300, "300 km computed", "computed")],
        routes=[map_marks.Route(CENTRE, (73.0, 37.0), "400 km")],
        points=[map_marks.Pin(*CENTRE, "Centre", "origin"), map_marks.Pin(66.0, 33.0, "A place")],
        beyond=[map_marks.Pin(100.0, 40.0, "Far away")],
        legend=[map_marks.patch("one", "#eab8a6", "//"), map_marks.stroke("stated", "claim"), map_marks.dot("place")],
        scale_km=200,
        grid_step=5.0,
        width=5.0,
    )


# ---------------------------------------------------------------------------------------------
# Frame and projection
# ---------------------------------------------------------------------------------------------


def test_frame_centre_projects_to_the_origin_and_rings_are_true_circles():
    frame = projection.Frame.square(*CENTRE, 2900)
    assert np.allclose(frame.xy(*CENTRE), (0.0, 0.0), atol=1e-6)
    azimuths = np.arange(0, 360, 15.0)
    lons, lats, _ = REFERENCE.fwd(
        np.full(azimuths.size, CENTRE[0]),
        np.full(azimuths.size, CENTRE[1]),
        azimuths,
        np.full(azimuths.size, 2_400_000.0),
    )
    x, y = frame.xy(lons, lats)
    assert np.allclose(np.hypot(x, y), 2_400_000.0, atol=1.0)


def test_frame_window_covers_the_whole_frame():
    frame = projection.Frame.square(*CENTRE, 2900, window=(60.0, 30.0, 80.0, 40.0))
    west, south, east, north = frame.window
    x0, x1, y0, y1 = frame.bounds
    corners = frame.lonlat(np.array([x0, x1, x0, x1]), np.array([y0, y0, y1, y1]))
    assert (west <= corners[0]).all() and (corners[0] <= east).all()
    assert (south <= corners[1]).all() and (corners[1] <= north).all()
    assert west <= 60.0 and east >= 80.0  # the configured window is kept inside


def test_project_drops_features_outside_the_frame():
    frame = projection.Frame.square(*CENTRE, 900)
    projected = frame.project(layer())
    assert set(projected["iso_n3"]) == {"001", "002"}
    x0, x1, y0, y1 = frame.bounds
    minx, miny, maxx, maxy = projected.total_bounds
    assert minx >= x0 * 1.06 and maxx <= x1 * 1.06 and miny >= y0 * 1.06 and maxy <= y1 * 1.06


def test_annulus_and_sector_contain_what_they_should():
    ring = projection.annulus(CENTRE, 100, 200)
    inside = REFERENCE.fwd(CENTRE[0], CENTRE[1], 45, 150_000)[:2]
    too_near = REFERENCE.fwd(CENTRE[0], CENTRE[1], 45, 50_000)[:2]
    assert ring.contains(shapely.Point(inside)) and not ring.contains(shapely.Point(too_near))
    wedge = projection.sector(CENTRE, 337.5, 22.5, 100)
    north = REFERENCE.fwd(CENTRE[0], CENTRE[1], 10, 50_000)[:2]
    east = REFERENCE.fwd(CENTRE[0], CENTRE[1], 60, 50_000)[:2]
    assert wedge.contains(shapely.Point(north)) and not wedge.contains(shapely.Point(east))


# ---------------------------------------------------------------------------------------------
# Labels
# ---------------------------------------------------------------------------------------------


def test_labeller_never_overlaps_free_labels():
    fig, ax = plt.subplots(figsize=(3, 3))
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    labeller = labels.Labeller(ax)
    placed = [labeller.place(5 + 0.1 * i, 5, f"label {i}", force=False) for i in range(25)]
    boxes = [t.get_window_extent(labeller.renderer) for t in placed if t is not None]
    assert len(boxes) >= 5
    for i, a in enumerate(boxes):
        assert ax.get_window_extent().contains(a.x0, a.y0) and ax.get_window_extent().contains(a.x1, a.y1)
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b)
    plt.close(fig)


def test_a_label_that_fits_nowhere_goes_where_an_exhaustive_search_puts_it():
    """The labeller skips laying out leaders that cannot win; the choice must be the one found by
    laying out every position with its leader and taking the first that collides least."""
    fig, ax = plt.subplots(figsize=(3, 3))
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    labeller = labels.Labeller(ax)
    for i in range(60):  # crowd the axes so that later labels fit nowhere
        labeller.place(1 + (i * 37 % 80) / 10, 1 + (i * 53 % 80) / 10, f"crowd {i}", leader=False, force=True)
    taken = list(labeller.taken)
    kw = {"fontsize": 7, "zorder": 9, "path_effects": labels.HALO, "color": labels.INK}
    tries = labels.positions()
    scores = []
    for dx, dy, ha, va, lead in tries:  # every position laid out with its leader line
        arrow = labels.LEADER if lead else None
        probe = ax.annotate(
            "the long label", (5, 5), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va, arrowprops=arrow, **kw
        )
        scores.append(labeller.clash(probe.get_window_extent(labeller.renderer).padded(labeller.pad)))
        probe.remove()
    assert min(scores) > 0  # every position collides: the fallback decides
    best = tries[scores.index(min(scores))]
    placed = labeller.place(5, 5, "the long label")
    assert labeller.taken[: len(taken)] == taken
    assert placed.xyann == pytest.approx(best[:2]) and (placed.arrow_patch is not None) == best[4]
    plt.close(fig)


# ---------------------------------------------------------------------------------------------
# Figures through prose.figure
# ---------------------------------------------------------------------------------------------


def test_map_is_saved_as_svg_and_png_with_alt_text(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_FIGURES", str(tmp_path / "figures"))
    html = p.figure(
        "99-test-map", "A test map.", small_map, alt="Map of two boxes with rings around a centre", credit="Test credit"
    ).html
    fig = small_map()
    svg, png = tmp_path / "figures" / "99-test-map.svg", tmp_path / "figures" / "99-test-map.png"
    assert svg.stat().st_size > 1000 and png.stat().st_size > 1000
    assert 'alt="Map of two boxes with rings around a centre"' in html
    assert html.count("data:image/svg+xml;base64,") == 1
    # the PNG is written at the style's dpi (at least 200): its pixels match the saved (tight) box
    fig.canvas.draw()
    tight = fig.get_tightbbox(fig.canvas.get_renderer())
    pad = plt.rcParams["savefig.pad_inches"]
    with Image.open(png) as image:
        width, height = image.size
        dpi = image.info.get("dpi", (0, 0))[0]
    assert style.DPI >= 200 and round(dpi) >= 200
    assert width == pytest.approx((tight.width + 2 * pad) * style.DPI, abs=3)
    assert height == pytest.approx((tight.height + 2 * pad) * style.DPI, abs=3)
    assert width / fig.get_figwidth() >= 200 * 0.9  # not a thumbnail: at least the figure's width at 200 dpi
    plt.close(fig)


def test_figure_without_alt_text_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_FIGURES", str(tmp_path))
    with pytest.raises(ValueError, match="alt"):
        p.figure("99-empty", "caption", plt.figure, alt="  ", credit="credit")


def test_map_draws_what_it_is_given():
    fig = small_map()
    ax = fig.axes[0]
    texts = {t.get_text() for t in ax.texts}
    assert {"500 km stated", "300 km computed", "400 km", "Centre", "A place", "Region"} <= texts
    assert any(t.startswith("Far away") for t in texts)  # beyond the frame: pointed at from the edge
    assert ax.get_legend() is not None and ax.get_xlabel() == ""
    legend_box = ax.get_legend().get_window_extent()
    assert legend_box.y1 <= ax.get_window_extent().y0  # the legend sits under the map, not on it
    plt.close(fig)


def test_map_prints_no_credit_inside_unless_asked():
    fig = small_map()
    assert not any("Natural Earth" in t.get_text() for t in fig.axes[0].texts)  # the caption carries it
    plt.close(fig)
    frame = projection.Frame.square(*CENTRE, 900)
    fig = maps.distance_map(
        frame, layer(), fills={}, default=map_marks.Fill("other", theme.MAP.land), credit_text="Made here"
    )
    assert any(t.get_text() == "Made here" for t in fig.axes[0].texts)
    plt.close(fig)


def test_areas_accept_specs_with_their_own_outline():
    frame = projection.Frame.square(*CENTRE, 900)
    disc = projection.annulus(CENTRE, 0, 100)
    fig = maps.distance_map(
        frame,
        layer(),
        fills={},
        default=map_marks.Fill("other", theme.MAP.land),
        areas=[
            map_marks.Area(disc, "#ffffff", "..", edge="#123456", linestyle="--"),
            (projection.annulus(CENTRE, 200, 300), "#e3c995", None),
        ],
    )
    colours = {matplotlib.colors.to_hex(c) for coll in fig.axes[0].collections for c in coll.get_edgecolor()}
    assert "#123456" in colours and matplotlib.colors.to_hex(style.KIND["claim"]["color"]) in colours
    plt.close(fig)
