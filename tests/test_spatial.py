"""Tests of briefing.analysis.geography (boundaries, gazetteer, measures, borders, scope, sensitivity): layers and
their errors, geometry references, measures on synthetic worlds, and the distance and direction checks built on them."""

from __future__ import annotations

import math
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import Geod
from shapely.geometry import Polygon, box

from briefing.analysis import computed
from briefing.analysis.checks import directions, distances
from briefing.analysis.data import facts, settings
from briefing.analysis.geography import borders, boundaries, gazetteer, measures, scope, sensitivity
from helpers import ROOT

REFERENCE = Geod(ellps="WGS84")  # expected values only, independent of the code under test
DEGREE_AT_EQUATOR_KM = 6378137.0 * math.pi / 180 / 1000


@pytest.fixture
def real(use_project):
    use_project(ROOT)
    return ROOT


@pytest.fixture
def tmp_root(tmp_path, use_project) -> Path:
    (tmp_path / "data" / "geo").mkdir(parents=True)
    use_project(tmp_path)
    return tmp_path


def write_layer(root: Path, name: str, frame: gpd.GeoDataFrame) -> Path:
    path = root / "data" / "geo" / f"{name}.gpkg"
    frame.to_file(path, layer=name, driver="GPKG")
    return path


def countries(*rows: tuple[str, Polygon]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"iso_n3": [r[0] for r in rows], "name": [f"Land {r[0]}" for r in rows]},
        geometry=[r[1] for r in rows],
        crs=4326,
    )


# ---------------------------------------------------------------------------------------------
# Layers: missing and broken files give one line naming data/geo/<file>
# ---------------------------------------------------------------------------------------------


def test_missing_layer_names_the_file(tmp_root):
    with pytest.raises(FileNotFoundError) as err:
        boundaries.layer("countries-50m")
    assert "data/geo/countries-50m.gpkg" in str(err.value) and "\n" not in str(err.value)


@pytest.mark.parametrize("content", [b"", b"not a geopackage at all\n" * 40, b"SQLite format 3\x00" + b"\x00" * 200])
def test_corrupt_layer_names_the_file_in_one_line(tmp_root, content):
    (tmp_root / "data" / "geo" / "countries-50m.gpkg").write_bytes(content)
    with pytest.raises(ValueError) as err:
        boundaries.layer("countries-50m")
    message = str(err.value)
    assert message.startswith("data/geo/countries-50m.gpkg") and "\n" not in message
    assert str(tmp_root) not in message  # no machine paths in messages


def test_layer_with_invalid_geometry_is_refused_in_one_line(tmp_root):
    bowtie = Polygon([(0, 0), (1, 1), (1, 0), (0, 1), (0, 0)])
    write_layer(tmp_root, "countries-bad", countries(("001", bowtie)))
    with pytest.raises(ValueError) as err:
        boundaries.layer("countries-bad")
    assert str(err.value).startswith("data/geo/countries-bad.gpkg") and "invalid" in str(err.value)
    assert "\n" not in str(err.value)


def test_layer_is_read_in_lonlat_and_cached(tmp_root):
    write_layer(tmp_root, "countries-t", countries(("001", box(0, 0, 1, 1))))
    first = boundaries.layer("countries-t")
    assert first.crs.to_epsg() == 4326 and list(first["iso_n3"]) == ["001"]
    assert boundaries.layer("countries-t") is first


# ---------------------------------------------------------------------------------------------
# Geometry references
# ---------------------------------------------------------------------------------------------


def test_resolve_iso_code_merges_every_feature_of_the_code():
    frame = countries(("001", box(0, 0, 1, 1)), ("001", box(5, 5, 6, 6)), ("002", box(1, 0, 2, 1)))
    geom = boundaries.resolve("iso_n3:001", frame)
    assert geom.area == pytest.approx(2.0)
    assert geom.contains(shapely.Point(5.5, 5.5)) and not geom.contains(shapely.Point(1.5, 0.5))


def test_resolve_layer_reference_by_code(tmp_root):
    region = gpd.GeoDataFrame(
        {"name": ["Alpha", "Beta"], "code": ["XX.AA", "XX.BB"]},
        geometry=[box(10, 10, 12, 11), box(20, 20, 21, 21)],
        crs=4326,
    )
    write_layer(tmp_root, "regions", region)
    geom = boundaries.resolve("r:XX.AA", countries(("001", box(0, 0, 1, 1))), {"r": "regions"})
    assert geom.equals(box(10, 10, 12, 11))


@pytest.mark.parametrize(
    "ref, match",
    [("iso_n3:999", "999"), ("r:XX.ZZ", "XX.ZZ"), ("q:XX.AA", "prefix"), ("iso_n3", "form"), (":001", "form")],
)
def test_resolve_errors_name_what_is_missing(tmp_root, ref, match):
    region = gpd.GeoDataFrame({"code": ["XX.AA"]}, geometry=[box(10, 10, 12, 11)], crs=4326)
    write_layer(tmp_root, "regions", region)
    with pytest.raises(KeyError, match=match):
        boundaries.resolve(ref, countries(("001", box(0, 0, 1, 1))), {"r": "regions"})


def test_short_names_come_from_the_settings_else_the_name_without_its_note(real, monkeypatch):
    places = pd.DataFrame({"id": ["a", "b"], "name": ["Alpha Air Base", "Beta (area)"]})
    cfg = settings.section("geography")
    monkeypatch.setattr(settings, "section", lambda name: {**cfg, "short_names": {"a": "Alpha"}})
    assert scope.geography().short_names == (("a", "Alpha"),)
    assert gazetteer.short_name(places, "a") == "Alpha" and gazetteer.name(places, "a") == "Alpha Air Base"
    assert gazetteer.short_name(places, "b") == gazetteer.name(places, "b") == "Beta"


def test_the_geography_and_check_modules_name_no_place_of_the_data(real):
    names = {n.split(" (")[0] for n in facts.load("places")["name"]} | {s for _, s in scope.geography().short_names}
    package = ROOT / "src" / "briefing" / "analysis"
    for path in [package / "computed.py", *(package / "geography").glob("*.py"), *(package / "checks").glob("*.py")]:
        text = path.read_text(encoding="utf-8")
        assert not [n for n in sorted(names) if re.search(rf"\b{re.escape(n)}\b", text)], path.name


def test_point_of_located_and_unlocated_places():
    places = pd.DataFrame({"id": ["a", "b"], "lat": [1.5, None], "lon": [2.5, None]})
    assert gazetteer.point(places, "a") == (2.5, 1.5)
    assert gazetteer.point(places, "b") is None
    with pytest.raises(KeyError, match="zz"):
        gazetteer.point(places, "zz")


# ---------------------------------------------------------------------------------------------
# Distance checks on a synthetic world (equator: one degree of longitude is a known arc)
# ---------------------------------------------------------------------------------------------

PLACES = pd.DataFrame(
    {
        "id": ["a", "b", "land", "area"],
        "name": ["A", "B", "Land", "Somewhere in Land"],
        "kind": ["city", "city", "boundary", "unlocated"],
        "country": [None, None, None, None],
        "lat": [0.0, 0.0, None, None],
        "lon": [0.0, 1.0, None, None],
        "geometry_ref": [None, None, "iso_n3:009", "iso_n3:009"],
    }
)
WORLD = countries(("009", box(2, -1, 3, 1)))


def claim(value, qualifier="exact", frm="a", to="b", unit="km"):
    return pd.Series(
        {"id": "dist-x", "from_place": frm, "to_place": to, "value": value, "unit": unit, "qualifier": qualifier}
    )


@pytest.mark.parametrize(
    "value, qualifier, verdict",
    [
        ("111", "exact", "consistent"),  # 111.32 km rounds to 111
        ("105", "exact", "understated"),  # 104.5 .. 105.5 km
        ("100", "exact", "consistent"),  # printed to the hundred: 50 .. 150 km
        ("115", "exact", "overstated"),
        ("120", "about", "consistent"),  # 103.5 .. 137.5 km
    ],
)
def test_check_distance_between_two_points(value, qualifier, verdict):
    check = distances.check_distance(claim(value, qualifier), PLACES, WORLD, {})
    assert check.computed_km == pytest.approx(DEGREE_AT_EQUATOR_KM, abs=1e-6)
    assert check.verdict == verdict
    assert check.ratio == pytest.approx(float(value) / DEGREE_AT_EQUATOR_KM)
    assert check.difference_km == pytest.approx(float(value) - DEGREE_AT_EQUATOR_KM)


def test_check_distance_to_a_boundary_uses_its_nearest_point():
    check = distances.check_distance(claim("220", "about", to="land"), PLACES, WORLD, {})
    assert check.computed_km == pytest.approx(2 * DEGREE_AT_EQUATOR_KM, abs=1e-3)  # the box's west edge at lon 2
    assert check.verdict == "consistent"


def test_check_distance_to_a_region_gives_a_band():
    far_corner = REFERENCE.inv(0.0, 0.0, 3.0, 1.0)[2] / 1000
    plausible = distances.check_distance(claim("300", "about", to="area"), PLACES, WORLD, {})
    assert plausible.computed_km is None and plausible.verdict == "plausible"
    assert plausible.near_km == pytest.approx(2 * DEGREE_AT_EQUATOR_KM, abs=1e-3)
    assert plausible.far_km == pytest.approx(far_corner, abs=0.5)
    assert distances.check_distance(claim("1000", "about", to="area"), PLACES, WORLD, {}).verdict == "overstated"


def test_check_distance_widens_the_interval_by_the_extents_of_both_ends():
    # A and B lie 111.32 km apart; '105' km exact admits 104.5..105.5 km, so point to point it is understated
    extent = {"a": (4.0, "ref-a-extent"), "b": (2.5, "b")}
    check = distances.check_distance(claim("105"), PLACES, WORLD, {}, extent)
    assert check.verdict == "consistent" and check.extent_km == pytest.approx(6.5)
    assert (check.low_km, check.high_km) == pytest.approx((98.0, 112.0))
    assert (check.core_low_km, check.core_high_km) == pytest.approx((104.5, 105.5))
    assert check.extent_ids == ("ref-a-extent", "b")
    assert check.computed_km == pytest.approx(DEGREE_AT_EQUATOR_KM, abs=1e-6)  # still centre to centre
    only_b = distances.check_distance(claim("105"), PLACES, WORLD, {}, {"b": (2.5, "b")})
    assert only_b.verdict == "understated" and only_b.extent_ids == ("b",)
    assert distances.check_distance(claim("105"), PLACES, WORLD, {}).verdict == "understated"  # no extents: points


def test_extents_come_from_reference_facts_or_a_places_column():
    reference = pd.DataFrame(
        {
            "id": ["ref-a-extent", "ref-other"],
            "subject": ["a", "a"],
            "attribute": [gazetteer.EXTENT_ATTRIBUTE, "population"],
            "value": [4.0, 10.0],
            "unit": ["km", "people"],
        }
    )
    assert gazetteer.extents(PLACES, reference) == {"a": (4.0, "ref-a-extent")}
    with_column = PLACES.assign(extent_km=[None, 2.5, None, None])
    assert gazetteer.extents(with_column, reference) == {"a": (4.0, "ref-a-extent"), "b": (2.5, "b")}
    bad = reference.assign(unit=["mi", "people"])
    with pytest.raises(ValueError, match="ref-a-extent"):
        gazetteer.extents(PLACES, bad)


def test_outline_drops_edges_that_jump_across_the_antimeridian():
    # a ring joining a shape near lon -178 to one near lon 53, as some antimeridian-cut data do
    wrapped = Polygon([(-178.4, 71.5), (-177.0, 71.5), (-177.0, 71.0), (53.0, 71.0), (54.0, 71.5), (-178.4, 71.5)])
    lines = measures.outline(wrapped)
    lons = shapely.get_coordinates(shapely.segmentize(lines, 0.05))[:, 0]
    assert not ((lons > -170) & (lons < 50)).any()  # nothing invented round the globe
    origin = (69.0, 35.0)
    far = measures.region_band(origin, wrapped)["far_km"]
    lons, lats = shapely.get_coordinates(wrapped).T
    vertices = REFERENCE.inv(np.full(lons.size, origin[0]), np.full(lons.size, origin[1]), lons, lats)[2] / 1000
    assert far == pytest.approx(vertices.max(), abs=1.0)  # a real vertex, not a point of the jump edge
    plain = box(1, 1, 2, 2)
    assert measures.outline(plain).length == pytest.approx(plain.boundary.length)


def test_check_distance_without_origin_is_unverifiable():
    check = distances.check_distance(claim("8000", "nearly", frm=None), PLACES, WORLD, {})
    assert check.verdict == "unverifiable" and check.computed_km is None and check.ratio is None
    assert (check.low_km, check.high_km) == pytest.approx((6750.0, 8000.0))


def test_check_direction_measures_from_the_reference_place():
    fact = pd.Series({"id": "dist-x", "from_place": "b", "to_place": "a", "direction": "east"})
    check = directions.check_direction(fact, PLACES)
    assert check.azimuth == pytest.approx(90.0) and check.verdict == "consistent"
    west = directions.check_direction(pd.Series({**fact, "direction": "west"}), PLACES)
    assert west.verdict == "inconsistent" and abs(west.offset) == pytest.approx(180.0)


def test_distances_from_sorts_nearest_first_and_names_the_compass_point():
    places = pd.DataFrame(
        {
            "id": ["o", "far", "near"],
            "name": ["O", "Far", "Near"],
            "kind": ["city"] * 3,
            "country": [None] * 3,
            "lat": [0.0, 5.0, 0.0],
            "lon": [0.0, 0.0, -1.0],
        }
    )
    table = measures.distances_from((0.0, 0.0), places, exclude=["o"])
    assert list(table["id"]) == ["near", "far"]
    assert list(table["compass"]) == ["west", "north"]


def test_band_part_share_is_a_fraction_and_the_part_lies_in_the_band():
    region = box(1, -1, 5, 1)
    near, far = measures.band_of_geometry((0.0, 0.0), region)
    assert measures.band_part((0.0, 0.0), region, 0.0, far + 10)[0] == pytest.approx(1.0, abs=1e-3)
    assert measures.band_part((0.0, 0.0), region, far + 10, far + 20)[0] == 0.0
    lo, hi = 250.0, 400.0
    share, part = measures.band_part((0.0, 0.0), region, lo, hi)
    assert 0.2 < share < 0.6
    lons, lats = shapely.get_coordinates(part).T
    dist = REFERENCE.inv(np.zeros_like(lons), np.zeros_like(lats), lons, lats)[2] / 1000
    assert dist.min() >= lo - 1.0 and dist.max() <= hi + 1.0


# ---------------------------------------------------------------------------------------------
# Borders, gaps and coasts on a synthetic layer
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def tiles(tmp_root) -> Path:
    """A three-by-three block of one-degree tiles on the equator, plus an island two degrees east."""
    rows = [(f"{10 * (r + 1) + c + 1:03d}", box(c, r, c + 1, r + 1)) for r in range(3) for c in range(3)]
    rows.append(("099", box(5, 0, 6, 1)))
    write_layer(tmp_root, "countries-t", countries(*rows))
    return tmp_root


def test_shared_border_and_gap(tiles):
    edge = REFERENCE.line_length([1, 1], [0, 1]) / 1000  # the common meridian edge: lon 1, lat 0..1
    tolerance_km = 2 * 0.001 * DEGREE_AT_EQUATOR_KM  # the matching buffer may add a little at each end
    assert edge <= borders.shared_border_km("011", "012", "t") <= edge + tolerance_km
    assert borders.shared_border_km("011", "033", "t") == 0.0  # corner contact at most
    frame = boundaries.countries("t")
    gap = borders.gap_km(boundaries.country("013", frame), boundaries.country("099", frame))
    assert gap == pytest.approx(REFERENCE.inv(3, 1, 5, 1)[2] / 1000, abs=0.01)  # nearest along the northern edge


def test_borders_lists_the_neighbours_longest_first(tiles):
    table = borders.borders("022", "t")
    assert set(table["iso_n3"]) == {"012", "021", "023", "032"}  # the four edge neighbours, no corners
    assert list(table["km"]) == sorted(table["km"], reverse=True)
    wide = borders.borders_by_resolution("022", ["t"], "t")
    assert list(wide.columns) == ["iso_n3", "name", "t"]


def test_landlocked_means_clear_of_the_ocean(tiles):
    table = borders.landlocked(["022", "011", "099"], "t").set_index("iso_n3")
    assert table.loc["022", "landlocked"]  # surrounded by the other tiles
    assert not table.loc["011", "landlocked"] and not table.loc["099", "landlocked"]


# ---------------------------------------------------------------------------------------------
# The real project
# ---------------------------------------------------------------------------------------------


def test_farthest_point_of_a_country_across_the_antimeridian_is_real(real):
    """Russia's far east (Chukotka) is under 8,000 km from Bagram; no invented strip reaches further."""
    g = scope.geography()
    origin = gazetteer.point(facts.load("places"), g.origin)
    band = measures.country_bands(origin, ["643"], g.primary).iloc[0]
    geom = boundaries.country("643", boundaries.countries(g.primary))
    lons, lats = shapely.get_coordinates(geom).T
    vertices = REFERENCE.inv(np.full(lons.size, origin[0]), np.full(lons.size, origin[1]), lons, lats)[2] / 1000
    assert band["far_km"] == pytest.approx(vertices.max(), abs=5.0)
    assert band["far_lon"] < -160 or band["far_lon"] > 160


def test_scale_names_a_resolution_as_readers_know_it():
    assert scope.scale("50m") == "1:50m"


def test_geography_settings_name_the_missing_key(real, monkeypatch):
    broken = {k: v for k, v in settings.section("geography").items() if k != "origin"}
    monkeypatch.setattr(settings, "section", lambda name: broken)
    with pytest.raises(KeyError, match="origin"):
        scope.geography()


def test_every_boundary_layer_needs_a_source_id(real, monkeypatch):
    cfg = settings.section("geography")
    assert scope.geography().source(cfg["region"]) == cfg["sources"][cfg["region"].split(":")[0]]
    broken = {**cfg, "sources": {k: v for k, v in cfg["sources"].items() if k != cfg["primary_resolution"]}}
    monkeypatch.setattr(settings, "section", lambda name: broken)
    with pytest.raises(KeyError, match=r"\[geography.sources\] lacks " + cfg["primary_resolution"]):
        scope.geography()


def test_sensitivity_rows_and_spreads():
    g = scope.geography()
    sens = sensitivity.sensitivity()
    assert sens.iloc[0]["key"] == "nearest" and len(sens) == 1 + len(borders.borders(g.host, g.primary))
    row = sens.iloc[0]
    values = [row[r] for r in g.resolutions]
    assert row["spread"] == pytest.approx(max(values) - min(values))
    assert row["ids"][g.primary] == computed.result_id("nearest-border", g.primary)
    lines = sens.iloc[1:]
    assert (lines["reference_id"] != "").all()  # every border of the host has a reference length
    assert ((lines["ratio"] > 0.5) & (lines["ratio"] < 1.0)).all()  # computed lines are shorter than the true ones
    shown, numeric = sensitivity.sensitivity_table(sens)
    assert list(shown.columns[1:]) == numeric and len(shown) == len(sens)
