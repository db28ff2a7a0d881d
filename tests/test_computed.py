"""Tests of briefing.analysis.computed: the id grammar, lookups, and the results of the real project."""

from __future__ import annotations

import re

import numpy as np
import pytest
import shapely
from pyproj import Geod

from briefing.analysis import computed
from briefing.analysis.data import facts
from briefing.analysis.geography import borders, boundaries, scope
from helpers import ROOT

REFERENCE = Geod(ellps="WGS84")  # expected values only, independent of the code under test

SAMPLE_PARTS = {"resolution": "50m", "iso_n3": "156", "place": "new_delhi"}
"""A plausible value for each named part of :data:`computed.KINDS`."""


@pytest.fixture
def real(monkeypatch):
    monkeypatch.setenv("BRIEFING_ROOT", str(ROOT))
    return ROOT


# ---------------------------------------------------------------------------------------------
# Ids: built and read back here only
# ---------------------------------------------------------------------------------------------


def test_result_id_writes_the_kind_and_its_parts():
    assert computed.result_id("border", "156", "50m") == "calc-border-156-50m"
    assert computed.result_id("nearest-border", "10m") == "calc-nearest-border-10m"
    assert computed.result_id("origin-reference-city") == "calc-origin-reference-city"
    assert computed.result_id("distance", "new_delhi") == "calc-distance-new-delhi"  # '_' as '-'
    assert computed.result_id("distance", "Ürümqi (city)") == "calc-distance-ürümqi-city"


@pytest.mark.parametrize("kind", [k.name for k in computed.KINDS])
def test_every_kind_reads_back_as_itself(kind):
    parts = [SAMPLE_PARTS[p] for p in {k.name: k for k in computed.KINDS}[kind].parts]
    made = computed.result_id(kind, *parts)
    assert computed.is_id(made)
    assert computed.parse(made) == (kind, tuple(computed.id_part(p) for p in parts))


def test_parse_prefers_the_longest_kind_name():
    assert computed.parse("calc-nearest-border-lat") == ("nearest-border-lat", ())
    assert computed.parse("calc-nearest-border-50m") == ("nearest-border", ("50m",))
    assert computed.parse("calc-region-farthest-lon") == ("region-farthest-lon", ())
    assert computed.parse("calc-border-004-110m") == ("border", ("004", "110m"))
    assert computed.parse("calc-distance-new-delhi") == ("distance", ("new-delhi",))


@pytest.mark.parametrize("text", ["fact-x", "calc-", "calc-nowhere", "calc-border-156", "calc-region-nearest-x"])
def test_parse_refuses_what_is_not_a_computed_result_id(text):
    with pytest.raises(ValueError):
        computed.parse(text)


def test_result_id_refuses_unknown_kinds_wrong_parts_and_ambiguity():
    with pytest.raises(KeyError, match="nowhere"):
        computed.result_id("nowhere")
    with pytest.raises(ValueError, match="2 non-empty parts"):
        computed.result_id("border", "156")
    with pytest.raises(ValueError, match="non-empty"):
        computed.result_id("distance", "__")
    with pytest.raises(ValueError, match="another kind"):
        computed.result_id("nearest-border", "lat")  # would read as the latitude of the nearest point


def test_is_id_tells_computed_results_from_facts_and_sources():
    assert computed.is_id("calc-region-farthest")
    assert not computed.is_id("dist-bagram-kabul") and not computed.is_id("calculated")


def test_result_takes_its_unit_from_its_kind():
    r = computed.Result.of("border", "156", "50m", quantity="q", value=np.float64(91.25), method="m", inputs="i")
    assert (r.id, r.unit, r.kind, r.parts) == ("calc-border-156-50m", "km", "border", ("156", "50m"))
    assert type(r.value) is float and r.text == "91.2 km"


def test_formatted_values():
    assert computed.format_value(520.62, "km") == "521 km"
    assert computed.format_value(47.14, "km") == "47.1 km"
    assert computed.format_value(-37.137, "deg_lat") == "37.14° S"
    assert computed.format_value(74.37, "deg_lon") == "74.37° E"
    assert computed.format_value(10.35, "deg") == "10°"
    assert computed.format_value(359.7, "deg") == "0°"  # never '360°'
    assert computed.format_value(6.0, "count") == "6"


def test_no_other_module_writes_or_reads_the_prefix():
    package = ROOT / "src" / "briefing"
    writers = [
        p.relative_to(package).as_posix()
        for p in package.rglob("*.py")
        if computed.PREFIX in p.read_text(encoding="utf-8") and p.name != "computed.py"
    ]
    assert writers == []


# ---------------------------------------------------------------------------------------------
# The results of the real project
# ---------------------------------------------------------------------------------------------


def test_results_have_unique_ids_of_known_kinds_in_the_documented_order(real):
    results = computed.records()
    assert len({r.id for r in results}) == len(results)
    order = [k.name for k in computed.KINDS]
    positions = [order.index(r.kind) for r in results]
    assert positions == sorted(positions)
    units = {k.name: k.unit for k in computed.KINDS}
    assert all(r.unit == units[r.kind] for r in results)
    assert all(re.fullmatch(r"calc-[\w-]+", r.id) for r in results)


def test_load_is_a_copy_with_the_documented_columns(real):
    table = computed.load()
    assert list(table.columns) == computed.COLUMNS and list(table["id"]) == computed.ids()
    table.loc[0, "value"] = -1.0
    assert computed.load().loc[0, "value"] != -1.0
    assert computed.stored_records() == computed.records()


def test_results_cover_what_the_settings_ask_for(real):
    g = scope.geography()
    ids = set(computed.ids())
    expected = {computed.result_id("nearest-border", r) for r in g.resolutions} | {
        computed.result_id(k)
        for k in ("nearest-border-lat", "nearest-border-lon", "nearest-border-azimuth", "origin-reference-city")
    }
    expected |= {computed.result_id(k) for k in ("azimuth-reference-city", "region-nearest", "region-farthest")}
    assert expected | {computed.result_id("neighbours", g.primary)} <= ids
    neighbours = borders.borders(g.host, g.primary)["iso_n3"]
    assert {computed.result_id("border", c, g.primary) for c in neighbours} <= ids
    located = facts.load("places").dropna(subset=["lat", "lon"])
    assert {computed.result_id("distance", p) for p in located["id"] if p != g.origin} <= ids


def test_values_are_finite_and_lengths_positive(real):
    results = computed.load()
    assert np.isfinite(results["value"]).all()
    assert (results.loc[results["unit"] == "km", "value"] > 0).all()
    azimuths = results.loc[results["unit"] == "deg", "value"]
    assert ((azimuths >= 0) & (azimuths < 360)).all()


def test_lookups_by_id_kind_and_parts_agree(real):
    g = scope.geography()
    near = computed.lookup("nearest-border", g.primary)
    assert computed.get(near.id) == near and near.id in computed.ids()
    assert [r.parts[0] for r in computed.of_kind("nearest-border")] == [computed.id_part(r) for r in g.resolutions]
    assert [r.parts[0] for r in computed.of_kind("neighbours")] == list(g.resolutions)
    with pytest.raises(KeyError, match="calc-distance-atlantis"):
        computed.get("calc-distance-atlantis")
    with pytest.raises(KeyError):
        computed.of_kind("nowhere")


def test_distance_between_names_the_result_that_measures_two_places(real):
    g = scope.geography()
    places = facts.load("places")
    city = computed.result_id("origin-reference-city")
    assert computed.distance_between(g.origin, g.reference_city) == city
    assert computed.distance_between(g.reference_city, g.origin) == city
    other = next(p for p in places.dropna(subset=["lat"])["id"] if p not in (g.origin, g.reference_city))
    assert computed.distance_between(other, g.origin) == computed.result_id("distance", other)
    assert computed.distance_between(g.origin, other) == computed.result_id("distance", other)
    assert computed.distance_between(other, g.reference_city) is None  # nothing measures between two others
    border = places[(places["kind"] == "boundary") & (places["geometry_ref"] == f"iso_n3:{g.interest}")]["id"]
    assert computed.distance_between(g.origin, border.iloc[0]) == computed.result_id("nearest-border", g.primary)
    unlocated = places[places["lat"].isna() & (places["kind"] != "boundary")]["id"]
    assert computed.distance_between(g.origin, unlocated.iloc[0]) is None


def test_results_agree_with_an_independent_computation(real):
    g = scope.geography()
    places = facts.load("places").set_index("id")
    o, c = places.loc[g.origin], places.loc[g.reference_city]
    az, _, dist = REFERENCE.inv(float(c["lon"]), float(c["lat"]), float(o["lon"]), float(o["lat"]))
    assert computed.lookup("origin-reference-city").value == pytest.approx(dist / 1000, abs=1e-6)
    assert computed.lookup("azimuth-reference-city").value == pytest.approx(az % 360, abs=1e-6)
    # brute force over the densified outline: never nearer than the search result, and close to it
    outline = shapely.segmentize(boundaries.country(g.interest, boundaries.countries(g.primary)).boundary, 0.01)
    lons, lats = shapely.get_coordinates(outline).T
    inside = (np.abs(lons - float(o["lon"])) < 15) & (np.abs(lats - float(o["lat"])) < 15)
    brute = (
        REFERENCE.inv(
            np.full(inside.sum(), float(o["lon"])), np.full(inside.sum(), float(o["lat"])), lons[inside], lats[inside]
        )[2].min()
        / 1000
    )
    nearest = computed.lookup("nearest-border", g.primary).value
    assert nearest <= brute + 1e-6 and brute - nearest < 0.5
    assert computed.lookup("region-nearest").value < computed.lookup("region-farthest").value


def test_results_are_computed_once_per_state_of_the_inputs(real, monkeypatch):
    first = computed.load()

    def again():
        raise AssertionError("computed twice for one state of the inputs")

    monkeypatch.setattr(computed, "_produce", again)
    assert computed.load().equals(first)
