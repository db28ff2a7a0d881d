"""Tests of briefing.analysis.checks.runways: stated runway lengths against reference lengths, paired by rank.

The lengths are the tests' own; the verdicts of this article's runways are tested in test_briefing_verdicts."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from briefing.analysis.checks import runways, units
from briefing.analysis.data import facts

FT = 0.3048


def stated(*rows: tuple) -> pd.DataFrame:
    """Claim rows: (id, facility, value, unit, qualifier, alt_value, alt_unit)."""
    frame = pd.DataFrame(rows, columns=["id", "facility", "value", "unit", "qualifier", "alt_value", "alt_unit"])
    return frame.assign(attribute=runways.ATTRIBUTE)


def reference(*rows: tuple) -> pd.DataFrame:
    """Reference rows: (id, subject, value, unit)."""
    return pd.DataFrame(rows, columns=["id", "subject", "value", "unit"]).assign(attribute=runways.ATTRIBUTE)


def test_feet_are_a_length_unit():
    assert units.to_metres(11820, "ft") == pytest.approx(3602.736)


def test_runways_are_paired_by_rank_within_their_facility():
    said = stated(
        ("short", "a", 3, "km", "exact", None, None),
        ("long", "a", 3.6, "km", "exact", None, None),
        ("other", "b", 2, "km", "exact", None, None),
    )
    known = reference(("r-long", "a", 11820, "ft"), ("r-short", "a", 9687, "ft"), ("r-b", "b", 2000, "m"))
    table = runways.compare(said, known).set_index("fact")
    assert table.loc["long", "reference"] == "r-long" and table.loc["long", "rank"] == 1
    assert table.loc["short", "reference"] == "r-short" and table.loc["short", "rank"] == 2
    assert table.loc["other", "reference"] == "r-b"
    assert table.loc["long", "reference_m"] == pytest.approx(11820 * FT)


@pytest.mark.parametrize(
    "value, unit, reference_ft, verdict",
    [
        (3.6, "km", 11820, "consistent"),  # 3,602.7 m lies in 3,550..3,650 m
        (3, "km", 9687, "consistent"),  # 2,952.6 m lies in 2,500..3,500 m ('3' is precise to the kilometre)
        (1.9, "mi", 9687, "overstated"),  # 1.85..1.95 mi = 2,977..3,138 m: the reference lies below
        (2.2, "mi", 11820, "consistent"),
        (3.7, "km", 11820, "overstated"),
        (3.5, "km", 11820, "understated"),
    ],
)
def test_each_stated_figure_is_judged_by_the_tolerance_rule(value, unit, reference_ft, verdict):
    table = runways.compare(
        stated(("s", "a", value, unit, "exact", None, None)), reference(("r", "a", reference_ft, "ft"))
    )
    assert table.loc[0, "verdict"] == verdict


def test_the_printed_conversion_is_judged_apart_from_the_figure():
    table = runways.compare(stated(("s", "a", 3, "km", "exact", 1.9, "mi")), reference(("r", "a", 9687, "ft")))
    row = table.loc[0]
    assert (row["verdict"], row["alt_verdict"]) == ("consistent", "overstated")
    assert (row["stated"], row["alt_stated"], row["reference_text"]) == ("3 km", "1.9 mi", "9,687 ft")
    assert row["alt_low_m"] == pytest.approx(1.85 * 1609.344)


def test_a_stated_runway_without_a_reference_runway_is_unverifiable():
    said = stated(("one", "a", 3.6, "km", "exact", None, None), ("two", "a", 3, "km", "exact", None, None))
    table = runways.compare(said, reference(("r", "a", 11820, "ft"))).set_index("fact")
    assert table.loc["two", "verdict"] == "unverifiable" and table.loc["two", "reference"] == ""
    assert math.isnan(table.loc["two", "reference_m"])
    assert runways.overall(table.reset_index()) == "unverifiable"


def test_rows_of_other_attributes_are_ignored():
    said = pd.concat(
        [
            stated(("s", "a", 3.6, "km", "exact", None, None)),
            stated(("count", "a", 2, "count", "exact", None, None)).assign(attribute="runway_count"),
        ]
    )
    known = pd.concat(
        [
            reference(("r", "a", 11820, "ft")),
            reference(("c17", "c17", 3500, "ft")).assign(attribute="min_runway_length"),
        ]
    )
    assert list(runways.compare(said, known)["fact"]) == ["s"]


def test_a_missing_qualifier_reads_as_exact():
    table = runways.compare(stated(("s", "a", 3.6, "km", None, None, None)), reference(("r", "a", 11820, "ft")))
    assert table.loc[0, "verdict"] == "consistent" and table.loc[0, "alt_verdict"] == ""


@pytest.mark.parametrize(
    "verdicts, expected",
    [
        (["consistent", "consistent"], "consistent"),
        (["consistent", "overstated"], "partly"),
        (["understated", "overstated"], "inconsistent"),
        (["consistent", "unverifiable"], "unverifiable"),
        ([], "unverifiable"),
        (["consistent", ""], "consistent"),
    ],
)
def test_overall_verdict(verdicts, expected):
    assert runways.overall(pd.DataFrame({"verdict": verdicts})) == expected


def test_the_table_gives_a_row_to_each_figure_and_its_conversion():
    said = stated(("base-bagram-runway-2-length", "a", 3, "km", "exact", 1.9, "mi"))  # cited ids must exist
    known = reference(("ref-bagram-airfield-runway-03l-21r-length", "a", 9687, "ft")).assign(label="Runway 03L/21R")
    figure, conversion = (row for _, row in runways.table(runways.compare(said, known)).iterrows())
    assert figure["runway"] == conversion["runway"] == "Runway 03L/21R"
    assert (figure["admits"], conversion["admits"]) == ("2.5–3.5 km", "1.85–1.95 mi")
    assert "2.95 km (9,687 ft)" in figure["reference"] and conversion["reference"] == "1.83 mi"
    assert (figure["verdict"], conversion["verdict"]) == ("Consistent", "Overstated")
    assert (
        'href="#fact-base-bagram-runway-2-length"' in figure["stated"] and conversion["stated"] == "1.9 mi (conversion)"
    )
    assert 'href="#fact-ref-bagram-airfield-runway-03l-21r-length"' in figure["reference"]


def test_a_figure_without_conversion_gets_one_row():
    said = stated(("base-bagram-runway-2-length", "a", 3, "km", "exact", None, None))
    assert len(runways.table(runways.compare(said, reference(("ref-bagram-icao-code", "a", 9687, "ft"))))) == 1


def test_the_reference_runways_of_a_facility_come_longest_first():
    listed = runways.reference("bagram_airfield")
    assert list(listed["value"]) == sorted(listed["value"], reverse=True) and len(listed) >= 2
    assert (listed["attribute"] == runways.ATTRIBUTE).all() and (listed["subject"] == "bagram_airfield").all()
    assert listed["metres"].iloc[0] == pytest.approx(listed["value"].iloc[0] * FT)


def test_reviews_carry_the_verdict_the_reference_and_the_conversion():
    fact = "base-bagram-runway-2-length"  # a claim of the data, for its quote; the lengths are the test's
    said = stated((fact, "bagram_airfield", 3, "km", "exact", 1.9, "mi"))
    known = reference(("ref-bagram-airfield-runway-03l-21r-length", "bagram_airfield", 9687, "ft"))
    (review,) = runways.reviews(runways.compare(said, known.assign(label="Runway 03L/21R")))
    claim = facts.load("base").set_index("id").loc[fact]
    assert review.check_id == f"check-{fact}" and review.verdict == "consistent"
    assert review.fact_ids == (fact, "ref-bagram-airfield-runway-03l-21r-length")
    assert (review.source_id, review.quote) == (claim["source_id"], claim["quote"])
    assert review.claim.endswith(" has a runway 3 km long")
    assert "Runway 03L/21R" in review.explanation
    assert "2.95 km (9,687 ft)" in review.explanation and "2.5–3.5 km" in review.explanation
    assert "1.9 mi, admits 1.85–1.95 mi against 1.83 mi: overstated" in review.explanation


def test_a_review_without_a_reference_runway_says_so():
    said = stated(("base-bagram-runway-1-length", "bagram_airfield", 3.6, "km", "exact", 2.2, "mi"))
    (review,) = runways.reviews(runways.compare(said, reference(("x", "elsewhere", 1, "m"))))
    assert review.verdict == "unverifiable" and review.fact_ids == ("base-bagram-runway-1-length",)
    assert review.explanation.startswith("No reference runway")
