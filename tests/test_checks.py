"""Tests of the claim-check table the brief and the annex read (briefing.analysis.checks.table and the kinds,
wording, inline values and annex tables around it)."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from briefing.analysis import computed
from briefing.analysis.checks import annex, claimreview, claims, inline, measured, recorded, wording
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
    assert recorded.date_verdict(start, end, refs) == expected


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
    assert measured.readings_verdict(fits) == expected


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
    assert wording.stated_date(event) == text


def test_round_km_and_stated_distance():
    assert wording.round_km(5731.4) == "5,700 km" and wording.round_km(11_080.0) == "11,100 km"
    assert wording.round_km(521.2) == "521 km" and wording.round_km(47.06) == "47.1 km"
    assert wording.stated_distance({"value": 8000, "unit": "km", "qualifier": "nearly"}) == "nearly 8,000 km"
    assert wording.stated_distance({"value": "44", "unit": "km", "qualifier": "exact"}) == "44 km"


def test_either_names_every_reading():
    assert wording.either(["from A", "from B"]) == "either from A, or from B"
    assert wording.either(["from A"]) == "from A"


def test_new_verdicts_have_labels_and_ratings():
    assert wording.verdict_words("all_readings") == "inconsistent under every plausible reading"
    assert wording.verdict_words("wrong_date") == "wrong date"
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
    known_calcs = set(computed.ids())
    for row in table.itertuples():
        assert row.facts and set(row.facts) <= known_facts, row.check
        assert set(row.calcs) <= known_calcs, row.check


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
    doc = json.loads(claimreview.claim_reviews_jsonld(checks.reviews(), sources, "Briefing", "2025-10-09"))
    graph = {r["identifier"]: r for r in doc["@graph"]}
    assert set(graph) == set(checks.claim_checks()["check"])
    table = checks.claim_checks().set_index("check")
    for check, review in graph.items():  # a verdict that rests on a reading says which
        assert ("Reading applied" in review["reviewBody"]) == bool(table.loc[check, "reading"]), check
    assert all("headline" not in r["itemReviewed"]["appearance"] for r in graph.values())


# ---------------------------------------------------------------------------------------------
# The stated-against-computed chart
# ---------------------------------------------------------------------------------------------


def legend_labels(fig) -> set[str]:
    return {t.get_text() for t in fig.legends[0].get_texts()}


def test_chart_legend_lists_only_the_marks_drawn():
    from briefing.analysis.figures import intervals

    plain = [intervals.IntervalRow("a – b", 800, 675, 935, 520.6, verdict="Overstated")]
    fig = intervals.interval_chart(plain)
    assert legend_labels(fig) == {"interval the stated figure admits", "stated figure", "computed distance"}
    bar = fig.axes[0].patches[0]
    key = next(h for h in fig.legends[0].legend_handles if h.get_label() == "interval the stated figure admits")
    assert key.get_alpha() == bar.get_alpha()  # the key looks like the bar it explains
    rows = annex.interval_rows()
    labels = legend_labels(intervals.interval_chart(rows))
    assert "computed range (region)" in labels and "other readings and candidates" in labels
    assert any("widened" in label for label in labels)


def test_chart_text_is_at_least_seven_points_at_print_width():
    from briefing.analysis.figures import intervals, style

    fig = intervals.interval_chart(annex.interval_rows())
    assert style.smallest_print_pt(fig) >= 7.0
    wide = intervals.interval_chart(annex.interval_rows(), width=12.0)  # a wider figure is scaled down in print
    assert style.smallest_print_pt(wide) < style.smallest_print_pt(fig)


def test_interval_rows_follow_the_distance_checks():
    rows = annex.interval_rows()
    distance = checks.details().query("kind == 'distance'")
    assert len(rows) == len(distance)
    for r in rows:  # a distance with no one computed value shows its readings instead
        assert r.computed is not None or r.others, r.label


def test_reach_names_the_part_of_a_territory_in_the_interval():
    assert annex.reach(100, 200, 300, 400) == "no"
    assert annex.reach(310, 390, 300, 400) == "all of it"
    assert annex.reach(350, 900, 300, 400) == "its nearest part only"
    assert annex.reach(100, 350, 300, 400) == "its farthest part only"
    assert annex.reach(100, 900, 300, 400) == "a middle belt only"


def test_cited_values_carry_note_marks_and_plain_text(table):
    for row in table.itertuples():
        c = inline.cited(row.check)
        assert repr(c.verdict) == row.verdict and "<strong>" in c.verdict.html, row.check
        marked = c.stated.html + c.finding.html
        assert all(f"calc-{i.removeprefix('calc-')}" in marked for i in row.calcs), row.check  # computed: marked
        assert "<" not in repr(c.stated) and "<" not in repr(c.finding), row.check


def test_csv_text_is_sorted_with_ids_joined():
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(checks.csv_text())))
    assert [r["check"] for r in rows] == sorted(r["check"] for r in rows)
    table = checks.claim_checks().set_index("check")
    for r in rows:
        assert r["facts"] == "; ".join(table.loc[r["check"], "facts"]), r["check"]


def test_every_dated_claim_with_a_reference_date_is_checked():
    """An event the article dates, whose coding names a reference fact, has a date check; events whose
    date the article does not print (resolved from the reference itself) are not dated claims."""
    events = facts.load("events")
    planned = facts.load("claim_checks")
    checked = {
        e for cell in planned.loc[planned["kind"] == "date", "facts"] for e in cell
    }  # the loader types list columns
    reference_ids = set(facts.load("reference_facts").dropna(subset=["date"])["id"])
    for e in events.itertuples():
        named = set(re.findall(r"ref-[a-z0-9-]+", str(e.date_rule))) & reference_ids
        printed = "not printed" not in str(e.date_rule) and "no date printed" not in str(e.date_rule)
        if named and printed:
            assert e.id in checked, e.id


def test_review_sources_carry_a_headline_only_where_the_title_is_the_sources_own():
    sources = claimreview.review_sources(facts.load("sources")["id"])
    own_types = set(settings.load()["annex"]["titled_source_types"])
    assert all(not s["headline"] for s in sources.values() if s["type"] not in own_types)
    titled = [s for s in sources.values() if s["type"] in own_types and not facts.missing(s["title"])]
    assert titled and all(s["headline"] == s["title"] for s in titled)
