"""Facts as evidence: quotations with their speaker, positions labelled as the analyst's summary."""

from __future__ import annotations

import pytest

from briefing.analysis.data import facts
from briefing.analysis.evidence import rows as evidence
from helpers import ROOT


@pytest.fixture(autouse=True)
def project(use_project):
    use_project(ROOT)


def test_a_quotation_reads_as_its_speaker_and_the_quoted_words():
    quote = facts.load("quotations").iloc[0]
    text = evidence.describe(quote["id"])
    name = evidence.names()[quote["speaker"]]
    assert text.startswith(f"{name}: “") and text.endswith("”")
    assert quote["words"].rstrip(", ")[:40].replace("“", "‘").replace("”", "’") in text


def test_a_position_is_labelled_as_the_analysts_summary_and_names_who_holds_it():
    positions = facts.load("positions")
    spoken = positions[positions["speaker"].map(bool) & positions["note"].notna()].iloc[0]  # speakers: a tuple
    text = evidence.describe(spoken["id"])
    assert "(analyst's summary): " in text and text.endswith(str(spoken["note"]))
    assert text.startswith(evidence.names()[spoken["speaker"][0]])
    by_article = positions[(positions["attribution"] == "article") & positions["note"].notna()]
    if len(by_article):
        assert evidence.describe(by_article["id"].iloc[0]).startswith("The article (analyst's summary): ")


def test_other_facts_fall_back_to_their_register_statement():
    event = facts.load("events")["id"].iloc[0]
    assert evidence.describe(event) == facts.register().set_index("id").loc[event, "statement"]


def test_split_and_who():
    assert evidence.split(" a; b ;;c ") == ["a", "b", "c"] and evidence.split(None) == []
    assert evidence.who(None, "united_states") == evidence.names()["united_states"]


def actors_named(text: str, actors) -> set[str]:
    """The actors whose name or short name a text holds as words."""
    import re

    return {
        a.id
        for a in actors.itertuples()
        for name in {a.name, a.short_name}
        if isinstance(name, str) and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text)
    }


def test_every_actor_a_judgment_names_is_named_by_one_of_its_supporting_rows():
    """A judgment says no more than its evidence carries: each actor its statement names is named by a
    For row (its readable statement, which names actor and target, or its quote)."""
    from briefing.analysis.evidence import queries

    data, actors = facts.view(), facts.load("actors")

    def said(fact_id: str) -> str:
        table = data.index[fact_id]
        row = next(r for r in data.tables[table].rows if r["id"] == fact_id)
        return f"{facts.statement(data, table, row)} {row.get('quote', '')}"

    for j in facts.load("judgments").itertuples():
        supporting = queries.evidence(j.id, "for", evidence.split(j.evidence_for))
        backed = set().union(*(actors_named(said(i), actors) for i in supporting))
        assert actors_named(j.statement, actors) <= backed, (j.id, actors_named(j.statement, actors) - backed)


def test_a_sourcing_sentence_all_judgments_share_is_said_once():
    from briefing.analysis.evidence.judgments import Judgment, said_once
    from briefing.analysis.writing.prose import text

    def judged(sourcing: str) -> Judgment:
        return Judgment(
            "kj", 1, text("H"), text("S"), text("likely"), text("low"), text("Why."), text(sourcing), (), ()
        )

    same = {"a": judged("Its evidence rests on one source."), "b": judged("Its evidence rests on one source.")}
    kept, once = said_once(same)
    assert once.text.startswith("Each judgment's evidence rests on ")
    assert [j.reason.text for j in kept.values()] == ["Why.", "Why."]
    differ = {"a": judged("Its evidence rests on one source."), "b": judged("Its evidence rests on two sources.")}
    kept, once = said_once(differ)
    assert once.text == "" and kept["b"].reason.text == "Why. Its evidence rests on two sources."
