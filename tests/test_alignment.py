"""briefing.analysis.evidence.alignment on small hand-made tables: what is drawn, in which column, in which order."""

from __future__ import annotations

import matplotlib

matplotlib.use("agg")
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from briefing.analysis.evidence import alignment as al

TEXT = "Ann and Bob signed the pact against bases. Cy wants bases. Ann once backed Cy. Bob fears Cy."
#       0         1         2         3         4         5         6         7         8         9


def at(words: str) -> int:
    return TEXT.index(words)


def positions() -> pd.DataFrame:
    rows = [
        ("pos-ann-pact", "ann", "bases", "opposes", "current", "actor", "Ann and Bob signed the pact against bases"),
        ("pos-bob-pact", "bob", "bases", "opposes", "current", "actor", "Ann and Bob signed the pact against bases"),
        ("pos-cy-wants", "cy", "bases", "demands", "current", "actor", "Cy wants bases"),
        ("pos-ann-backed", "ann", "ties", "supports", "past", "article", "Ann once backed Cy"),
        ("pos-bob-fears", "bob", "ties", "other", "current", "article", "Bob fears Cy"),
        ("pos-cy-view", "cy", "bases", "opposes", "current", "analyst", "Cy wants bases"),
    ]
    return pd.DataFrame(
        [
            {
                "id": i,
                "source_id": "s",
                "actor": a,
                "issue": iss,
                "stance": st,
                "period": pe,
                "attribution": att,
                "quote": q,
                "char_start": at(q),
            }
            for i, a, iss, st, pe, att, q in rows
        ]
    )


def memberships() -> pd.DataFrame:
    rows = [
        ("mem-pact-bob", "bob", "pact", "Ann and Bob signed the pact"),
        ("mem-pact-ann", "ann", "pact", "Ann and Bob signed the pact"),
        ("mem-club-ann", "ann", "club", "Ann once"),
        ("mem-club-cy", "cy", "club", "Cy wants"),
        ("mem-lead-cy", "cy", "league", "Cy wants"),
    ]
    frame = pd.DataFrame(
        [
            {
                "id": i,
                "source_id": "s",
                "member": m,
                "group": g,
                "quote": q,
                "char_start": at(q),
                "role": "leader" if g == "league" else "member",
            }
            for i, m, g, q in rows
        ]
    )
    return frame


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_filters_keep_history_and_analysts_apart():
    frame = positions()
    assert set(al.current(frame)["id"]) == set(frame["id"]) - {"pos-ann-backed"}
    assert list(al.past(frame)["id"]) == ["pos-ann-backed"]
    assert "pos-cy-view" not in set(al.own(frame)["id"])
    assert list(al.assessed(frame)["id"]) == ["pos-cy-view"]


def test_members_keep_table_order():
    m = memberships()
    assert al.members(m, "pact") == ["bob", "ann"]
    assert al.members(m, "nowhere") == []


def test_a_position_belongs_to_the_joint_statement_whose_membership_quote_it_overlaps():
    joint = al.joint_statement_of(positions(), memberships(), ["pact", "club"])
    assert dict(zip(positions()["id"], joint, strict=True)) == {
        "pos-ann-pact": "pact",
        "pos-bob-pact": "pact",
        "pos-cy-wants": "club",  # overlaps Cy's part in the club
        "pos-ann-backed": "club",  # overlaps Ann's part in the club
        "pos-bob-fears": "",
        "pos-cy-view": "club",
    }
    only_pact = dict(zip(positions()["id"], al.joint_statement_of(positions(), memberships(), ["pact"]), strict=True))
    assert only_pact["pos-cy-wants"] == ""  # Cy's words overlap no membership of Cy in the pact


def test_record_draws_current_own_for_or_against_rows_in_their_column():
    drawn = al.record(positions(), memberships(), ["bases", "ties"], ["pact"])
    assert dict(zip(drawn["id"], drawn["column"], strict=True)) == {
        "pos-ann-pact": "pact",
        "pos-bob-pact": "pact",
        "pos-cy-wants": "actor",
    }
    assert al.columns_in_use(drawn, ["pact", "club"]) == ["pact", "actor"]


def test_rows_put_parties_first_then_each_statement_in_date_order():
    drawn = pd.DataFrame({"actor": ["bob", "ann", "cy", "dee"]})
    assert al.row_order(drawn, ["cy"], [["ann"], ["bob", "ann", "eve"]]) == ["cy", "ann", "bob", "dee"]


def test_same_statement_finds_every_row_coding_the_same_words():
    assert al.same_statement(positions(), "pos-bob-pact") == ["pos-ann-pact", "pos-bob-pact"]
    assert al.same_statement(positions(), "pos-bob-fears") == ["pos-bob-fears"]


def test_describe_lists_each_rows_marks_by_column():
    drawn = pd.DataFrame(
        {
            "id": ["a", "b", "c"],
            "actor": ["x", "x", "y"],
            "column": ["k1", "k1", "k2"],
            "stance": ["opposes", "opposes", "demands"],
        }
    )
    text = al.describe(
        drawn, ["X", "Y"], ["x", "y"], ["First", "Second"], ["k1", "k2"], {"opposes": "against", "demands": "wants"}
    )
    assert "2 rows (X, Y) and 2 columns (First; Second)" in text
    assert "X: 2 'against' under First." in text and "Y: 1 'wants' under Second." in text


def test_signatures_table_marks_leaders_and_leaves_silence_blank(monkeypatch):
    monkeypatch.setattr(al, "cites", lambda ids: "|".join(ids))
    table = al.signatures_table(memberships(), ["pact", "league"], {"pact": "Pact", "cy": "Cy"}, first=["cy"])
    assert list(table["Actor"]) == ["Cy", "bob", "ann"]
    assert list(table.columns) == ["Actor", "Pact", "league"]
    assert table.loc[0, "league"] == "leads mem-lead-cy" and table.loc[0, "Pact"] == ""
    assert table.loc[1, "Pact"] == "✓ mem-pact-bob"


def test_when_gives_an_event_date_at_its_precision_with_its_note_mark():
    day, month = al.when("evt-2025-10-07-moscow-format-meeting"), al.when("evt-2025-09-unga-sidelines-declaration")
    assert (day.text, month.text) == ("7 October 2025", "September 2025")
    assert 'href="#fact-evt-2025-10-07-moscow-format-meeting"' in day.html
