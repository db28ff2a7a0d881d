from decimal import Decimal

import pytest

from briefing.analysis.checks import units


@pytest.mark.parametrize("text, half", [("3.6", "0.05"), ("44", "0.5"), ("2400", "50"), ("8000", "500"), ("4970", "5")])
def test_rounding_halfwidth_follows_last_significant_digit(text, half):
    assert units.rounding_halfwidth(text) == Decimal(half)


@pytest.mark.parametrize(
    "pair",
    [
        ("44", "km", "27", "mi"),
        ("3.6", "km", "2.2", "mi"),
        ("800", "km", "500", "mi"),
        ("8000", "km", "4970", "mi"),
        ("3", "km", "1.9", "mi"),
    ],
)
def test_published_conversions_agree(pair):
    assert units.agree(*pair) is True


@pytest.mark.parametrize("pair", [("44", "km", "37", "mi"), ("3.6", "km", "2.5", "mi"), ("800", "km", "800", "mi")])
def test_wrong_conversions_disagree(pair):
    assert units.agree(*pair) is False


def test_non_length_units_are_not_compared():
    assert units.agree("50", "percent", "2", "mi") is None


def test_mile_is_the_international_mile():
    assert units.to_metres(1, "mi") == pytest.approx(1609.344)
    with pytest.raises(ValueError):
        units.to_metres(1, "league")


@pytest.mark.parametrize(
    "value, unit, text",
    [
        (47.08, "km", "47.1 km"),
        (99.94, "km", "99.9 km"),
        (1854.4, "km", "1,854 km"),
        (-35.66, "km", "-35.7 km"),
        (2400.0, "", "2,400"),
        (99.96, "km", "100 km"),
        (-0.04, "km", "0.0 km"),
        (1854.5, "km", "1,854 km"),
    ],
)
def test_lengths_print_a_decimal_below_a_hundred_and_none_above(value, unit, text):
    assert units.length_text(value, unit) == text


def test_ranges_share_one_unit():
    assert units.length_range(34.46, 53.54) == "34.5–53.5 km"
    assert units.length_range(2115.0, 2695.0, "") == "2,115–2,695"


def test_a_printed_conversion_is_recognised_by_its_rounding():
    from briefing.analysis.checks import units

    assert units.is_conversion("3", "km", "1.9", "mi")  # 3 km is 1.86 mi
    assert units.is_conversion("44", "km", "27", "mi")  # 27.3 mi
    assert not units.is_conversion("3", "km", "2.2", "mi")
    assert not units.is_conversion("3", "km", "3", "kg")
