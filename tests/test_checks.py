"""Tests of briefing.analysis.checks.table: the claim-check table the brief and the annex read.

The rules on synthetic values, and on the project's data the rules each row obeys; the verdicts this
article gets are tested in test_briefing_verdicts."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from briefing.analysis.checks import casualties, claims, runways
from briefing.analysis.checks import table as checks
from briefing.analysis.data import facts, settings

READER_COLUMNS = ["claim", "stated", "finding", "verdict", "reading", "explanation"]
VERDICT_WORDS = {label.lower() for label, _ in claims.VERDICTS.values()}


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return checks.claim_checks().set_index("check", drop=False)


# ---------------------------------------------------------------------------------------------
# Pure rules
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "start, end, refs, expected",
    [
        ("2020-01-01", "2020-01-31", ["2020-02-29"], "wrong_date"),  # the Doha case: a month off
        ("2020-01-01", "2020-01-31", ["2020-02-29", "2018-10-12"], "wrong_date"),
        ("2021-08-01", "2021-08-31", ["2021-08-15"], "consistent"),
        ("2021-08-01", "2021-08-31", ["2021-08-31"], "consistent"),  # the last day still counts
        ("2021-01-01", "2021-12-31", ["2022-01-01", "2021-07-02"], "consistent"),  # one reference is enough
        ("2025-09-01", "2025-09-30", [], "wrong_date"),
    ],
)
def test_date_verdict(start, end, refs, expected):
    assert checks.date_verdict(start, end, refs) == expected


@pytest.mark.parametrize(
    "fits, expected",
    [
        ([False, False], "all_readings"),
        ([True, False], "consistent"),
        ([True, True], "consistent"),
        ([], "all_readings"),
    ],
)
def test_readings_verdict(fits, expected):
    assert checks.readings_verdict(fits) == expected


@pytest.mark.parametrize(
    "event, text",
    [
        ({"date": "2020-01-01", "precision": "month"}, "January 2020"),
        ({"date": "2025-10-07", "precision": "day"}, "7 October 2025"),
        ({"date": "2021-01-01", "precision": "year"}, "2021"),
        ({"date": "1950-01-01", "precision": "decade"}, "the 1950s"),
    ],
)
def test_stated_date_keeps_the_precision_of_the_source(event, text):
    assert checks.stated_date(event) == text


def test_round_km_and_stated_distance():
    assert checks.round_km(5731.4) == "5,700 km" and checks.round_km(11_080.0) == "11,100 km"
    assert checks.round_km(521.2) == "521 km" and checks.round_km(47.06) == "47.1 km"
    assert checks.stated_distance({"value": 8000, "unit": "km", "qualifier": "nearly"}) == "nearly 8,000 km"
    assert checks.stated_distance({"value": "44", "unit": "km", "qualifier": "exact"}) == "44 km"


def test_either_names_every_reading():
    assert checks.either(["from A", "from B"]) == "either from A, or from B"
    assert checks.either(["from A"]) == "from A"


def test_new_verdicts_have_labels_and_ratings():
    assert checks.verdict_words("all_readings") == "inconsistent under every plausible reading"
    assert checks.verdict_words("wrong_date") == "wrong date"
    assert claims.RATING["wrong_date"] == claims.RATING["all_readings"] == claims.WORST_RATING
    assert "ambiguous" not in claims.RATING  # an ambiguous measure is named, not rated


# ---------------------------------------------------------------------------------------------
# The table of the briefing's data
# ---------------------------------------------------------------------------------------------


def test_interface_columns_and_order(table):
    assert list(table.columns) == checks.COLUMNS
    planned = facts.load("claim_checks")
    expected = [i for i, k in zip(planned["id"], planned["kind"], strict=True) if k != "context"]
    assert list(table["check"]) == expected  # one row per checked claim, in the table's order
    assert table["check"].is_unique
    assert table["plain"].map(type).eq(bool).all()


def test_reader_columns_carry_no_ids_and_verdicts_come_from_the_vocabulary(table):
    ids = re.compile(r"\b(calc|check|dist|evt|ref|pos|mem|cas|base|org)-[a-z0-9]")
    for column in READER_COLUMNS:
        for text in table[column]:
            assert not ids.search(text), (column, text)
    assert set(table["verdict"]) <= VERDICT_WORDS
    assert (table["claim"].str.split().str.len() <= 12).all()


def test_cited_ids_exist(table):
    known_facts = set(facts.index())
    known_calcs = set(checks.spatial.key_results()["id"])
    for row in table.itertuples():
        assert row.facts and set(row.facts) <= known_facts, row.check
        assert set(row.calcs) <= known_calcs, row.check


@pytest.fixture(scope="module")
def details() -> pd.DataFrame:
    return checks.details().set_index("check", drop=False)


def test_a_distance_without_origin_is_measured_under_each_plausible_reading(details):
    origins = facts.load("distances").set_index("id")["from_place"]
    for row in details[details["kind"] == "distance"].itertuples():
        measured = checks.alternatives(row.check)
        readings, candidates = measured[measured["role"] == "reading"], measured[measured["role"] == "candidate"]
        if not facts.missing(origins[row.facts[0]]) or readings.empty:
            continue  # the source names the origin, or the analyst names no plausible one
        check, row = row.check, details.loc[row.check]
        assert row["verdict_key"] == checks.readings_verdict(list(readings["fits"])), check
        for r in readings.itertuples():
            assert f"from {r.name}" in row["finding"], (check, r.name)
            assert not r.calc or r.calc in row["calcs"], (check, r.calc)
        for name in set(candidates["name"]) - set(readings["name"]):  # the analyst's search stays in the annex
            assert name not in " ".join(row[READER_COLUMNS]), (check, name)


def test_a_dated_claim_is_checked_against_each_of_its_reference_dates(details):
    events, references = facts.load("events").set_index("id"), facts.load("reference_facts").set_index("id")
    for row in details[details["kind"] == "date"].itertuples():
        event, refs = events.loc[row.facts[0]], [i for i in row.facts[1:] if i in references.index]
        dates = [references.loc[i, "date"] for i in refs]
        assert refs and row.verdict_key == checks.date_verdict(event["date"], event["date_end"], dates), row.check
        assert row.stated == checks.stated_date(event.to_dict()), row.check
        assert all(d.strftime("%-d %B %Y") in row.finding for d in dates), row.check


def test_runway_checks_carry_the_comparison_of_their_runway(details):
    compared = runways.check().set_index("fact")
    for row in details[details["kind"] == "runway"].itertuples():
        runway = compared.loc[row.facts[0]]
        assert row.verdict_key == runway["verdict"], row.check
        conversion_differs = bool(runway["alt_verdict"]) and runway["alt_verdict"] != runway["verdict"]
        assert ("conversion" in row.explanation) == conversion_differs, row.check


def test_an_ambiguous_count_is_checked_under_each_reading(details):
    security = settings.section("security")
    read = casualties.readings(security["casualty_claim"], security["casualty_readings"])
    verdicts = set(read["verdict"])
    (row,) = [r for r in details.itertuples() if r.kind == "measure" and r.facts[0] == security["casualty_claim"]]
    assert "does not say what it counts" in row.explanation
    assert row.verdict_key == (verdicts.pop() if len(verdicts) == 1 else "ambiguous")
    assert all(reading in row.finding for reading in read["reading"])
    assert {i for ids in read["references"] for i in ids} <= set(row.facts)


def test_plain_means_consistent_without_a_reading(table):
    assert (table["plain"] == ((table["verdict"] == "consistent") & (table["reading"] == ""))).all()


def test_cached_per_data_state_and_returned_as_copies(monkeypatch):
    one = checks.claim_checks()
    one.loc[0, "verdict"] = "tampered"

    def again():
        raise AssertionError("computed twice for one state of the inputs")

    monkeypatch.setattr(checks, "_compute_details", again)
    assert checks.claim_checks().loc[0, "verdict"] != "tampered"


def test_reviews_follow_the_table_and_carry_no_invented_headline():
    sources = {r["id"]: r.to_dict() for _, r in facts.load("sources").iterrows()}
    doc = json.loads(claims.claim_reviews_jsonld(checks.reviews(), sources, "Briefing", "2025-10-09"))
    graph = {r["identifier"]: r for r in doc["@graph"]}
    details = checks.details().set_index("check")
    assert set(graph) == set(details.index)
    for check, review in graph.items():
        key, rating = details.loc[check, "verdict_key"], review["reviewRating"]
        assert rating["alternateName"].startswith(claims.label(key)), check
        assert rating.get("ratingValue") == claims.RATING.get(key), check
        assert ("Reading applied" in review["reviewBody"]) == bool(details.loc[check, "reading"]), check
    assert all("headline" not in r["itemReviewed"]["appearance"] for r in graph.values())


# ---------------------------------------------------------------------------------------------
# The stated-against-computed chart
# ---------------------------------------------------------------------------------------------


def legend_labels(fig) -> set[str]:
    return {t.get_text() for t in fig.legends[0].get_texts()}


def test_chart_legend_lists_only_the_marks_drawn():
    from briefing.analysis.figures import charts

    plain = [charts.IntervalRow("a – b", 800, 675, 935, 520.6, verdict="Overstated")]
    fig = charts.interval_chart(plain)
    assert legend_labels(fig) == {"interval the stated figure admits", "stated figure", "computed distance"}
    bar = fig.axes[0].patches[0]
    key = next(h for h in fig.legends[0].legend_handles if h.get_label() == "interval the stated figure admits")
    assert key.get_alpha() == bar.get_alpha()  # the key looks like the bar it explains
    rows = [
        charts.IntervalRow("a – region", 2400, 2115, 2695, band=(524.0, 2494.0), verdict="Plausible"),
        charts.IntervalRow("unstated – b", 8000, 6750, 8000, others=((5700.0, "C"), (11100.0, "W"))),
        charts.IntervalRow("city – b", 44, 34.5, 53.5, 47.1, verdict="Consistent", core=(43.5, 44.5)),
    ]
    labels = legend_labels(charts.interval_chart(rows))
    assert "computed range (region)" in labels and "other readings and candidates" in labels
    assert any("widened" in label for label in labels)


def test_chart_text_is_at_least_seven_points_at_print_width():
    from briefing.analysis.figures import charts

    fig = charts.interval_chart(checks.interval_rows())
    assert charts.smallest_print_pt(fig) >= 7.0
    wide = charts.interval_chart(checks.interval_rows(), width=12.0)  # a wider figure is scaled down in print
    assert charts.smallest_print_pt(wide) < charts.smallest_print_pt(fig)


def test_interval_rows_follow_the_distance_checks():
    rows = checks.interval_rows()
    distance = checks.details().query("kind == 'distance'")
    assert len(rows) == len(distance)
    assert sorted(r.verdict.lower() for r in rows) == sorted(distance["verdict"])
    assert [r.stated for r in rows] == sorted(r.stated for r in rows)
    assert sum(len(r.others) for r in rows) == sum(len(checks.alternatives(c)) for c in distance["check"])


def test_reach_names_the_part_of_a_territory_in_the_interval():
    assert checks.reach(100, 200, 300, 400) == "no"
    assert checks.reach(310, 390, 300, 400) == "all of it"
    assert checks.reach(350, 900, 300, 400) == "its nearest part only"
    assert checks.reach(100, 350, 300, 400) == "its farthest part only"
    assert checks.reach(100, 900, 300, 400) == "a middle belt only"


def test_cited_values_carry_note_marks_and_plain_text(details):
    for row in details.itertuples():
        c = checks.cited(row.check)
        assert repr(c.verdict) == row.verdict and "<strong>" in c.verdict.html
        assert repr(c.stated) == row.stated and f"fact-{row.facts[0]}" in c.stated.html
        assert all(f"fact-{i}" in c.finding.html for i in row.facts[1:]), row.check
        assert all(i in c.finding.html for i in row.calcs), row.check


def test_csv_text_is_sorted_with_ids_joined(details):
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(checks.csv_text())))
    assert [r["check"] for r in rows] == sorted(details["check"])
    for r in rows:
        row = details.loc[r["check"]]
        assert r["facts"] == "; ".join(row["facts"]) and r["calcs"] == "; ".join(row["calcs"])
        for column in ("low_km", "computed_km"):
            value = row[column]
            assert r[column] == ("" if value is None or pd.isna(value) else f"{value:.3f}"), (r["check"], column)


def test_every_dated_claim_with_a_reference_date_is_checked():
    """An event the article dates, whose coding names a reference fact, has a date check; events whose
    date the article does not print (resolved from the reference itself) are not dated claims."""
    events = facts.load("events")
    planned = facts.load("claim_checks")
    checked = {e for cell in planned.loc[planned["kind"] == "date", "facts"] for e in cell.split(";")}
    reference_ids = set(facts.load("reference_facts").dropna(subset=["date"])["id"])
    for e in events.itertuples():
        named = set(re.findall(r"ref-[a-z0-9-]+", str(e.date_rule))) & reference_ids
        printed = "not printed" not in str(e.date_rule) and "no date printed" not in str(e.date_rule)
        if named and printed:
            assert e.id in checked, e.id


def test_review_sources_carry_a_headline_only_where_the_title_is_the_sources_own():
    sources = checks.review_sources()
    own_types = set(checks.settings.load()["annex"]["titled_source_types"])
    for source in sources.values():
        own = source["type"] in own_types and not facts.missing(source["title"])
        assert source["headline"] == (source["title"] if own else ""), source["id"]
