"""Tests of briefing.analysis.checks.casualties: an ambiguous count read in each sense, against reference counts."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest

from briefing.analysis.checks import casualties
from helpers import ROOT


@pytest.mark.parametrize(
    "value, qualifier, expected",
    [
        ("2500", "more than", (2500.0, math.inf)),
        ("2546", "exact", (2545.5, 2546.5)),
        ("2500", "about", (2450 * 0.9, 2550 * 1.1)),  # '2500' is precise to the hundred
        ("40", "less than", (0.0, 40.0)),
    ],
)
def test_a_count_is_read_by_the_tolerance_rule(value, qualifier, expected):
    assert casualties.interval(value, qualifier) == pytest.approx(expected)


@pytest.mark.parametrize(
    "value, qualifier, reference, verdict",
    [
        ("2500", "more than", 2546, "consistent"),
        ("2500", "more than", 4813, "consistent"),
        ("2500", "more than", 2400, "overstated"),
        ("2500", "exact", 2600, "understated"),
        ("2500", "exact", None, "unverifiable"),
    ],
)
def test_verdict_of_a_count(value, qualifier, reference, verdict):
    assert casualties.verdict(value, qualifier, reference) == verdict


@pytest.fixture
def data(tmp_path: Path, use_project) -> Path:
    """A copy of the project's data folder, to add rows to, as the data of the project in use."""
    folder = Path(shutil.copytree(ROOT / "data", tmp_path / "data"))
    use_project(tmp_path)
    return folder


def add_reference(data: Path, rid: str, value: int) -> None:
    with (data / "reference" / "facts.csv").open("a", encoding="utf-8") as handle:
        handle.write(f"{rid},analyst,pakistan,test_count,{value},people,,A test count,,Test,\n")


def test_each_reading_adds_up_its_reference_facts(data):
    add_reference(data, "ref-test-dead", 2000)
    add_reference(data, "ref-test-wounded", 3000)
    table = casualties.readings(
        "cas-pakistan-2024-violence",
        {"killed": ["ref-test-dead"], "killed and wounded": ["ref-test-dead", "ref-test-wounded"]},
    ).set_index("reading")
    assert table.loc["killed", "reference"] == 2000 and table.loc["killed", "verdict"] == "overstated"
    assert table.loc["killed and wounded", "reference"] == 5000
    assert table.loc["killed and wounded", "verdict"] == "consistent"
    assert table.loc["killed and wounded", "ratio"] == pytest.approx(0.5)
    assert table.loc["killed and wounded", "references"] == ("ref-test-dead", "ref-test-wounded")


def test_a_reading_without_reference_facts_is_refused(data):
    with pytest.raises(ValueError, match="names no reference fact"):
        casualties.readings("cas-pakistan-2024-violence", {"killed": []})


def test_a_claim_without_a_number_is_refused(data):
    with pytest.raises(ValueError, match="states no number"):
        casualties.readings("cas-pakistan-2025-10-08-ttp-ambush", {"killed": ["ref-pakistan-2024-violence-fatalities"]})


def test_an_unknown_fact_is_named(data):
    with pytest.raises(KeyError, match="ref-nowhere"):
        casualties.readings("cas-pakistan-2024-violence", {"killed": ["ref-nowhere"]})
