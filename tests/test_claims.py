"""Tests of briefing.analysis.checks.claims: the tolerance rule, verdicts, directions and the ClaimReview export."""

from __future__ import annotations

import json
import math
import random

import pytest

from briefing.analysis.checks import claims
from helpers import typed_numbers

KM = 1000.0
MILE = 1609.344


# ---------------------------------------------------------------------------------------------
# The tolerance rule, by qualifier (intervals worked out by hand)
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, unit, qualifier, expected_m",
    [
        # exact: only the values that round to the figure at its last significant digit
        ("44", "km", "exact", (43.5 * KM, 44.5 * KM)),
        ("3.6", "km", "exact", (3.55 * KM, 3.65 * KM)),
        # about: the rounding interval widened by 10 % on both sides ('800' is precise to the hundred)
        ("800", "km", "about", (750 * 0.9 * KM, 850 * 1.1 * KM)),
        ("2400", "km", "about", (2350 * 0.9 * KM, 2450 * 1.1 * KM)),
        ("500", "mi", "about", (450 * 0.9 * MILE, 550 * 1.1 * MILE)),
        # nearly: 10 % below the rounding interval, never above the figure itself
        ("8000", "km", "nearly", (7500 * 0.9 * KM, 8000 * KM)),
        # more than / less than: open on one side, bounded by the figure itself on the other
        ("2500", "km", "more than", (2500 * KM, math.inf)),
        ("3.6", "km", "less than", (0.0, 3.6 * KM)),
    ],
)
def test_interval_per_qualifier(value, unit, qualifier, expected_m):
    lo, hi = claims.interval(value, unit, qualifier)
    assert lo == pytest.approx(expected_m[0], rel=1e-12)
    assert hi == pytest.approx(expected_m[1], rel=1e-12) if math.isfinite(expected_m[1]) else math.isinf(hi)


def test_interval_accepts_numbers_and_printed_thousands():
    assert claims.interval(800.0, "km", "about") == claims.interval("800", "km", "about")
    assert claims.interval("2,400", "km", "about") == claims.interval(2400, "km", "about")
    assert claims.stated_text(3.6) == "3.6" and claims.stated_text(8000.0) == "8000"


def test_interval_rejects_unknown_qualifier_and_unit():
    with pytest.raises(ValueError, match="qualifier"):
        claims.interval("800", "km", "roughly")
    with pytest.raises(ValueError, match="unit"):
        claims.interval("800", "furlong", "about")


def test_every_qualifier_of_the_schema_has_a_rule():
    assert set(claims.rules()) == {"exact", "about", "nearly", "more than", "less than"}


def test_rule_table_prints_one_row_per_qualifier_with_its_example():
    table = claims.rule_table({"about": ("800", "km"), "exact": ("44", "km")})
    assert list(table["qualifier"]) == [*claims.rules(), f"any, {claims.AREA_ROW}"]
    about = table.set_index("qualifier").loc["about"]
    assert "10%" in about["lower bound"] and "10%" in about["upper bound"]
    assert about["example"] == "about 800 km: 675 km to 935 km"
    assert table.set_index("qualifier").loc["more than", "upper bound"] == "no upper bound"


def test_rule_table_ends_with_the_area_rule_and_its_example():
    table = claims.rule_table(area_example=("44", "km", "exact", 9 * KM, "from a city of radius 9 km"))
    area = table.iloc[-1]
    assert area["qualifier"] == f"any, {claims.AREA_ROW}"
    assert "extents of both ends" in area["lower bound"] and "extents of both ends" in area["upper bound"]
    assert area["example"] == "44 km from a city of radius 9 km: 34.5 km to 53.5 km"
    assert claims.rule_table().iloc[-1]["example"] == ""


# ---------------------------------------------------------------------------------------------
# Areas: ends with an extent widen the interval
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, qualifier, extent_km, expected_km",
    [
        ("44", "exact", 9.0, (34.5, 53.5)),  # the rounding interval, then +/- the extent
        ("800", "about", 5.0, (670.0, 940.0)),  # the qualifier's widening applies first
        ("8000", "nearly", 12.5, (6737.5, 8012.5)),  # even 'nearly' gains the extent above
        ("3", "exact", 5.0, (0.0, 8.5)),  # never below zero
        ("2500", "more than", 10.0, (2490.0, math.inf)),
    ],
)
def test_interval_is_widened_by_the_extents_of_both_ends(value, qualifier, extent_km, expected_km):
    lo, hi = claims.interval(value, "km", qualifier, extent_km * KM)
    assert lo == pytest.approx(expected_km[0] * KM, rel=1e-12, abs=1e-9)
    assert hi == pytest.approx(expected_km[1] * KM, rel=1e-12) if math.isfinite(expected_km[1]) else math.isinf(hi)


def test_an_area_at_an_end_changes_the_verdict_only_within_its_extent():
    assert claims.verdict("44", "km", "exact", 47.1 * KM) == "understated"  # centre to point
    assert claims.verdict("44", "km", "exact", 47.1 * KM, 9 * KM) == "consistent"  # from anywhere in the city
    assert claims.verdict("44", "km", "exact", 53.6 * KM, 9 * KM) == "understated"
    assert claims.verdict("44", "km", "exact", 34.4 * KM, 9 * KM) == "overstated"
    assert claims.band_verdict("2400", "km", "about", 100 * KM, 2110 * KM, 10 * KM) == "plausible"


def test_extent_must_be_a_finite_non_negative_length():
    for bad in (-1.0, math.inf, math.nan):
        with pytest.raises(ValueError, match="extent"):
            claims.interval("44", "km", "exact", bad)


def test_extent_rule_is_prose_without_digits():
    assert typed_numbers(claims.EXTENT_RULE) == []


# ---------------------------------------------------------------------------------------------
# Verdicts
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "computed_km, expected",
    [
        (800.0, "consistent"),
        (675.0, "consistent"),
        (935.0, "consistent"),  # bounds are inclusive
        (674.9, "overstated"),
        (520.6, "overstated"),
        (935.1, "understated"),
        (2000.0, "understated"),
    ],
)
def test_verdict_about_800_km(computed_km, expected):
    assert claims.verdict("800", "km", "about", computed_km * KM) == expected


def test_verdict_without_computation_is_unverifiable():
    assert claims.verdict("800", "km", "about", None) == "unverifiable"
    assert claims.verdict("800", "km", "about", float("nan")) == "unverifiable"


def test_exact_figure_is_strict():
    assert claims.verdict("44", "km", "exact", 44.4 * KM) == "consistent"
    assert claims.verdict("44", "km", "exact", 47.1 * KM) == "understated"


@pytest.mark.parametrize(
    "near_km, far_km, expected",
    [
        (524.0, 2494.0, "plausible"),  # the band reaches into 2115..2695
        (2600.0, 3000.0, "plausible"),
        (100.0, 2000.0, "overstated"),  # the whole region is nearer than the stated interval
        (2800.0, 3500.0, "understated"),  # the whole region is farther
    ],
)
def test_band_verdict(near_km, far_km, expected):
    assert claims.band_verdict("2400", "km", "about", near_km * KM, far_km * KM) == expected


def test_share_verdict():
    assert claims.share_verdict([True, True]) == "consistent"
    assert claims.share_verdict([True, False, False]) == "partly"
    assert claims.share_verdict([False, False]) == "inconsistent"
    assert claims.share_verdict([]) == "unverifiable"


def test_deviation():
    assert claims.deviation(800.0, 500.0) == (1.6, 300.0)
    assert claims.deviation(800.0, None) == (None, None)


def test_verdict_table_lists_only_used_verdicts_in_order():
    table = claims.verdict_table(["overstated", "consistent"])
    assert list(table["verdict"]) == ["Consistent", "Overstated"]
    assert table.set_index("verdict").loc["Consistent", "rating"] == claims.RATING["consistent"]


# ---------------------------------------------------------------------------------------------
# Directions
# ---------------------------------------------------------------------------------------------


def test_sectors_of_the_eight_point_compass():
    assert claims.sector("north") == (337.5, 22.5)
    assert claims.sector("east") == (67.5, 112.5)
    assert claims.sector("south-west") == (202.5, 247.5)


@pytest.mark.parametrize(
    "direction, azimuth, expected",
    [
        ("north", 10.35, "consistent"),
        ("north", 350.0, "consistent"),
        ("north", 22.5, "consistent"),
        ("north", 22.6, "inconsistent"),
        ("north", 180.0, "inconsistent"),
        ("north-east", 67.0, "consistent"),
        ("north-east", 10.0, "inconsistent"),
        ("west", 250.0, "consistent"),
    ],
)
def test_direction_verdict(direction, azimuth, expected):
    assert claims.direction_verdict(direction, azimuth) == expected


def test_compass_point_and_angle_from_wrap_round_north():
    assert claims.compass_point(350.0) == "north"
    assert claims.compass_point(100.0) == "east"
    assert claims.angle_from("north", 350.0) == pytest.approx(-10.0)
    assert claims.angle_from("north", 10.0) == pytest.approx(10.0)
    with pytest.raises(ValueError):
        claims.angle_from("up", 0.0)


@pytest.mark.parametrize(
    "value, digits, text",
    [
        (359.7, 0, "0°"),
        (359.96, 1, "0.0°"),
        (360.0, 0, "0°"),
        (-0.2, 0, "0°"),
        (-10.0, 0, "350°"),
        (10.35, 0, "10°"),
        (337.5, 1, "337.5°"),
        (0.4, 0, "0°"),
        (719.6, 0, "0°"),
    ],
)
def test_azimuths_print_in_zero_to_360_after_rounding(value, digits, text):
    assert claims.azimuth_text(value, digits) == text
    assert 0.0 <= claims.normal_azimuth(value, digits) < 360.0


def test_direction_rule_is_prose_without_digits():
    assert typed_numbers(claims.direction_rule()) == []


# ---------------------------------------------------------------------------------------------
# Source context
# ---------------------------------------------------------------------------------------------


def test_sentence_at_returns_the_whole_sentence_around_a_quote():
    text = "First one. And then there are the states that share long borders – and fear. Last “one.” Next"
    start = text.index("share long")
    assert (
        claims.sentence_at(text, start, len("share long"))
        == "And then there are the states that share long borders – and fear."
    )
    assert claims.sentence_at(text, 0, 3) == "First one."


# ---------------------------------------------------------------------------------------------
# ClaimReview
# ---------------------------------------------------------------------------------------------

SOURCE = {
    "id": "src",
    "title": "A title the analyst supplied",
    "headline": "A headline",
    "outlet": "An Outlet",
    "dateline_date": "2025-10-09",
    "url": None,
}


def reviews() -> list[claims.Review]:
    return [
        claims.Review(
            "check-b", ("fact-b",), "src", "B is 800 km from C", "about 800km", "overstated", "computed 521 km"
        ),
        claims.Review(
            "check-a", ("fact-a", "fact-a2"), "src", "A lies north of K", "north of K", "consistent", "azimuth 10°"
        ),
        claims.Review(
            "check-c", ("fact-c",), "src", "Somewhere is 8,000 km away", "nearly 8,000km", "unverifiable", "no origin"
        ),
    ]


def test_claim_reviews_parse_and_carry_what_a_reader_needs():
    doc = json.loads(claims.claim_reviews_jsonld(reviews(), {"src": SOURCE}, "The briefing", "2025-10-09"))
    assert doc["@context"] == "https://schema.org"
    graph = doc["@graph"]
    assert len(graph) == 3
    for review in graph:
        assert review["@type"] == "ClaimReview"
        assert review["claimReviewed"]
        assert review["reviewRating"]["alternateName"] in {label for label, _ in claims.VERDICTS.values()}
        appearance = review["itemReviewed"]["appearance"]
        assert appearance["headline"] == "A headline" and appearance["publisher"]["name"] == "An Outlet"
        assert review["datePublished"] == "2025-10-09"
    by_id = {r["identifier"]: r for r in graph}
    assert by_id["check-a"]["reviewRating"]["ratingValue"] == claims.RATING["consistent"]
    assert "ratingValue" not in by_id["check-c"]["reviewRating"]
    assert by_id["check-a"]["itemReviewed"]["identifier"] == ["fact-a", "fact-a2"]
    assert "url" not in by_id["check-a"]["itemReviewed"]["appearance"]  # a missing url is left out, not null


def test_claim_review_carries_no_headline_the_source_does_not_have():
    untitled = {k: v for k, v in SOURCE.items() if k != "headline"}
    doc = json.loads(claims.claim_reviews_jsonld(reviews(), {"src": untitled}, "The briefing", "2025-10-09"))
    for review in doc["@graph"]:
        appearance = review["itemReviewed"]["appearance"]
        assert "headline" not in appearance
        assert "A title the analyst supplied" not in json.dumps(review)


def test_claim_reviews_are_deterministic_and_sorted():
    shuffled = reviews()
    random.Random(4).shuffle(shuffled)
    one = claims.claim_reviews_jsonld(reviews(), {"src": SOURCE}, "The briefing", "2025-10-09")
    two = claims.claim_reviews_jsonld(shuffled, {"src": SOURCE}, "The briefing", "2025-10-09")
    assert one == two and one.endswith("\n")
    assert [r["identifier"] for r in json.loads(one)["@graph"]] == ["check-a", "check-b", "check-c"]


def test_claim_review_links_to_the_briefing_when_given_a_url():
    doc = json.loads(
        claims.claim_reviews_jsonld(
            reviews()[:1], {"src": SOURCE}, "P", "2025-10-09", url="https://example.org/briefing.html"
        )
    )
    assert doc["@graph"][0]["url"] == "https://example.org/briefing.html#check-b"


def test_interpretive_review_states_its_reading_in_the_body_and_the_rating():
    review = claims.Review(
        "check-i",
        ("fact-i",),
        "src",
        "The four share borders",
        "share long borders",
        "partly",
        "2 of 4 share a border.",
        reading="the clause describes all four states named nearby",
    )
    plain = reviews()[0]
    assert review.interpretive and not plain.interpretive
    doc = json.loads(claims.claim_reviews_jsonld([review, plain], {"src": SOURCE}, "P", "2025-10-09"))
    by_id = {r["identifier"]: r for r in doc["@graph"]}
    body = by_id["check-i"]["reviewBody"]
    assert body.startswith("Interpretive verdict. Reading applied: the clause describes all four states named nearby.")
    assert body.endswith("2 of 4 share a border.")
    rating = by_id["check-i"]["reviewRating"]
    assert rating["alternateName"] == "Partly consistent (interpretive)"
    assert "the clause describes all four" in rating["ratingExplanation"]
    assert rating["ratingValue"] == claims.RATING["partly"]
    assert by_id["check-b"]["reviewBody"] == "computed 521 km"
    assert "ratingExplanation" not in by_id["check-b"]["reviewRating"]
    assert claims.label("partly") == "Partly consistent"


def test_review_rejects_an_unknown_verdict():
    with pytest.raises(ValueError):
        claims.Review("x", ("f",), "src", "c", "q", "mostly true", "e")
