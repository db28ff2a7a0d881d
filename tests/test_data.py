"""The committed data package: valid as a whole, and every quote independently found at its offset."""

from __future__ import annotations

import csv
import hashlib
import json

import pytest

from briefing.analysis.data.validate import validate
from helpers import ROOT

DATA = ROOT / "data"
PACKAGE = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
QUOTED = [r for r in PACKAGE["resources"] if {"quote", "char_start"} <= {f["name"] for f in r["schema"]["fields"]}]


def test_committed_data_validates():
    tables, problems = validate(DATA)
    assert [str(p) for p in problems] == []
    assert sum(len(t.rows) for t in tables.values()) > 200


def source_texts() -> dict[str, str]:
    with (DATA / "sources" / "sources.csv").open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["file"]]
    texts = {}
    for row in rows:
        raw = (DATA / "sources" / row["file"]).read_bytes()
        assert hashlib.sha256(raw).hexdigest() == row["sha256"], row["id"]
        texts[row["id"]] = raw.decode("utf-8")
    return texts


@pytest.mark.parametrize("resource", QUOTED, ids=lambda r: r["name"])
def test_every_quote_sits_verbatim_at_its_offset(resource):
    texts = source_texts()
    with (DATA / resource["path"]).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    for row in rows:
        start = int(row["char_start"])
        assert texts[row["source_id"]][start : start + len(row["quote"])] == row["quote"], row["id"]


def test_every_claim_table_is_marked_as_claims_and_cites_a_stored_source():
    claims = [r for r in PACKAGE["resources"] if r.get("kind") == "claim"]
    assert {r["name"] for r in claims} >= {
        "distances",
        "base",
        "casualties",
        "economy",
        "events",
        "memberships",
        "positions",
        "people",
        "organisations",
        "quotations",
    }
    assert all(r in QUOTED for r in claims)
