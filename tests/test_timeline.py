"""Timeline marks: each happening once, on the day a reference gives, at the precision the data support."""

from __future__ import annotations

import pandas as pd
import pytest

from briefing.analysis.data import facts
from briefing.analysis.evidence import timeline as tl
from helpers import ROOT

T = pd.Timestamp
COLOURS = {"us": "#0072b2", "tb": "#666666"}


def events() -> pd.DataFrame:
    rows = [
        ("e-month", T("2021-08-01"), T("2021-08-31"), "month", "'in August' as printed", "Takeover", None, "tb"),
        ("e-again", T("2021-08-01"), T("2021-08-31"), "month", "'in August' as printed", "Takeover again", None, "tb"),
        (
            "e-year",
            T("2001-01-01"),
            T("2001-12-31"),
            "year",
            "no date printed; year from ref-b",
            "Invasion",
            None,
            "us;tb",
        ),
        (
            "e-day",
            T("2001-09-11"),
            T("2001-09-11"),
            "day",
            "year not printed; resolved (ref-a)",
            "Attacks",
            "Att.",
            "us",
        ),
        ("e-alone", T("2025-05-01"), T("2025-05-31"), "month", "'That month' (ref-c)", "Visit", None, "us;tb;xx"),
    ]
    return pd.DataFrame(
        rows, columns=["id", "date", "date_end", "precision", "date_rule", "title", "short_title", "actors"]
    ).assign(source_id="src")


def refs() -> pd.DataFrame:
    rows = [
        ("ref-a", T("2001-09-11"), "Attacks (reference)", "src-a"),
        ("ref-b", T("2001-10-07"), None, "src-b"),
        ("ref-c", T("2025-06-15"), "Outside the month", "src-c"),
        ("ref-k", T("2021-08-15"), "Kabul taken", "src-k"),
        ("ref-undated", pd.NaT, "No date", "src-x"),
    ]
    frame = pd.DataFrame(rows, columns=["id", "date", "label", "source_id"])
    return frame.assign(text=frame["id"] + " text")


def happenings(**change) -> pd.DataFrame:
    rows = {
        "h-takeover": ("Takeover of the country", "e-month;e-again", "ref-k"),
        "h-attacks": ("Attacks", "e-day", "ref-a"),
        **change,
    }
    return pd.DataFrame([(k, *v) for k, v in rows.items()], columns=["id", "label", "events", "day_from"])


def test_each_event_and_each_reference_is_drawn_exactly_once():
    marks = tl.marks(events(), refs(), happenings(), COLOURS)
    assert marks["id"].is_unique
    cited = [i for ids in marks["facts"] for i in ids]
    assert sorted(i for i in cited if i.startswith("e-")) == sorted(events()["id"])
    drawn_refs = set(marks.loc[marks["band"] == "reference", "id"])
    assert drawn_refs == {"ref-b", "ref-c"}  # ref-a and ref-k give days of happenings; ref-undated has no date


def test_a_happening_whose_day_a_reference_gives_is_a_point_on_that_day_marked_as_resolved():
    marks = tl.marks(events(), refs(), happenings(), COLOURS).set_index("id")
    takeover = marks.loc["h-takeover"]
    assert takeover["start"] == takeover["end"] == T("2021-08-15") and takeover["precision"] == "day"
    assert takeover["resolved"] and takeover["label"] == "Takeover of the country"
    assert takeover["facts"] == ("e-month", "e-again", "ref-k") and takeover["colour"] == COLOURS["tb"]
    assert marks.loc["h-attacks", "resolved"]  # the day was printed, the year was not


def test_ungrouped_events_keep_their_period_and_say_what_was_not_printed():
    marks = tl.marks(events(), refs(), happenings(), COLOURS).set_index("id")
    invasion = marks.loc["e-year"]
    assert (invasion["start"], invasion["end"]) == (T("2001-01-01"), T("2001-12-31"))
    assert invasion["label"] == "Invasion (no date printed)" and not invasion["resolved"]
    assert marks.loc["e-alone", "colour"] is None  # three actors: no single colour


def test_a_reference_day_outside_an_events_period_is_refused():
    with pytest.raises(ValueError, match="outside the period"):
        tl.marks(events(), refs(), happenings(**{"h-bad": ("Visit", "e-alone", "ref-c")}), COLOURS)


def test_an_event_grouped_twice_is_refused():
    with pytest.raises(ValueError, match="already grouped"):
        tl.marks(events(), refs(), happenings(**{"h-dup": ("Again", "e-again", None)}), COLOURS)


def test_rules_name_references_and_what_is_unprinted():
    assert tl.named_references("from ref-a and ref-b-2, then ref-a") == ["ref-a", "ref-b-2"]
    assert tl.unprinted("'x': year not printed; resolved") == "year not printed"
    assert tl.unprinted("no date printed; began") == "no date printed"
    assert tl.unprinted("'in May' as printed") == "" and tl.unprinted(None) == ""
    assert tl.main_actor("us;tb") == "us" and tl.main_actor("a;b;c") is None and tl.main_actor("") is None


def test_clusters_split_at_quiet_stretches_and_windows_hold_their_items():
    marks = tl.marks(events(), refs(), happenings(), COLOURS)
    groups = tl.clusters(marks, pd.Timedelta(days=400))
    assert [len(g) for g in groups] == [3, 1, 2]
    for group in groups:
        w = tl.window(group)
        assert (group["start"] > w.start).all() and (group["end"] < w.end).all()
    assert tl.window(groups[0]).title == "January to December 2001"
    assert tl.month_span(T("2020-01-01"), T("2021-08-31")) == "January 2020 to August 2021"
    assert tl.month_span(T("2025-05-01"), T("2025-05-31")) == "May 2025"


def test_split_lists_early_items_and_takes_the_detail_apart():
    marks = tl.marks(events(), refs(), happenings(), COLOURS)
    early, middle, detail = tl.split(marks, T("2019-01-01"), T("2025-05-01"), pd.Timedelta(days=400))
    assert set(early["id"]) == {"e-year", "h-attacks", "ref-b"}
    assert [set(g["id"]) for g in middle] == [{"h-takeover"}] and set(detail["id"]) == {"e-alone", "ref-c"}


def test_date_checks_compare_only_where_the_source_prints_the_period():
    checks = tl.date_checks(events(), refs()).set_index("event")
    assert checks.loc["e-alone", "within"] is False and checks.loc["e-alone", "reference"] == "ref-c"
    assert checks.loc["e-day", "within"] is None and checks.loc["e-day", "gap"] == "year not printed"


def test_sources_and_descriptions_follow_the_marks():
    marks = tl.marks(events(), refs(), happenings(), COLOURS)
    assert tl.sources(marks, events(), refs()) == ["src", "src-a", "src-b", "src-c", "src-k"]
    text = tl.describe(marks)
    assert "15 August 2021: Takeover of the country (day from a reference" in text and "(reference) ref-b text" in text


def test_detail_starts_on_the_first_day_of_the_last_months():
    assert tl.detail_start(T("2025-10-09"), 2) == T("2025-09-01")
    assert tl.detail_start(T("2025-01-31"), 3) == T("2024-11-01")


def test_reader_tables_carry_a_note_mark_per_row(use_project):
    use_project(ROOT)
    events, refs = facts.load("events"), facts.load("reference_facts")
    table = tl.event_table(events)
    assert len(table) == len(events) and all('class="cite"' in m for m in table["Fact"])
    assert list(tl.reference_table(refs)["Date"])  # every dated reference, in date order
    checks = tl.check_table(events, refs)
    assert set(checks["Within the article's period?"]) <= set(tl.VERDICT.values())


def test_a_uniform_colour_replaces_the_actors_colours():
    marks = tl.marks(events(), refs(), happenings(), COLOURS, uniform="#111111")
    assert set(marks.loc[marks["band"] == "claim", "colour"]) == {"#111111"}
    assert marks.loc[marks["band"] == "reference", "colour"].isna().all()
