"""briefing.analysis.evidence.voices: quotations set apart from the article's descriptions of what analysts think."""

from __future__ import annotations

import re

import pandas as pd

from briefing.analysis.data import facts
from briefing.analysis.evidence import voices


def test_words_drop_the_closing_comma_the_article_prints_inside_its_marks():
    assert voices.words("We want that base back, ") == "We want that base back"
    assert voices.words("Going to happen!") == "Going to happen!"


def test_words_span_points_at_the_words_inside_the_quote():
    row = {"char_start": 100, "quote": "“It is so,” she said", "words": "It is so,"}
    assert voices.words_span(row) == (101, 110)


def test_inside_needs_the_whole_quote_within_a_span():
    rows = pd.DataFrame({"char_start": [10, 5, 30], "quote": ["abcd", "abcdefgh", "xy"]})
    assert voices.inside(rows, [(10, 20)]).tolist() == [True, False, False]
    assert voices.inside(rows, [(10, 20), (0, 40)]).tolist() == [True, True, True]


def test_quote_and_phrase_cite_their_rows_and_set_numerals_as_cited_values():
    said = voices.quote("quote-trump-want-base-back")
    assert said.text == "“We gave it to [the Taliban] for nothing. We want that base back”"
    assert 'href="#fact-quote-trump-want-base-back"' in said.html
    assert 'href="#fact-pos-united-states-wants-bagram-back-uk"' in said.html  # coded from these words
    built = voices.phrase("base-bagram-built-by", "base-bagram-built-period")
    assert '<span class="num words"' in built.html and "1950s" in built.text
    assert {"fact-base-bagram-built-by", "fact-base-bagram-built-period"} <= set(
        re.findall(r"fact-[a-z0-9-]+", built.html)
    )


def test_coded_from_finds_positions_inside_the_quoted_words_only():
    found = voices.coded_from("quote-akizhanov-front-line")
    assert {"pos-china-opposes-renewed-us-presence", "pos-russia-opposes-renewed-us-presence"} <= set(found)
    assert "pos-regional-countries-prefer-regional-groupings" not in found  # the article's sentence after it


def test_introduce_gives_role_organisation_and_city_and_only_role_for_officials():
    people, orgs, actors = facts.load("people"), facts.load("organisations"), facts.load("actors")
    khan = voices.introduce("person-taimur-khan", people, orgs, actors)
    assert khan.text == "Taimur Khan, researcher, Institute of Strategic Studies Islamabad (ISSI), based in Islamabad"
    assert (
        voices.introduce("person-donald-trump", people, orgs, actors).text
        == "Donald Trump, President of the United States"
    )


def test_roster_orders_parties_then_analysts_then_people_named_only():
    people, quotations = facts.load("people"), facts.load("quotations")
    table = voices.roster(
        people, quotations, facts.load("organisations"), facts.load("actors"), ["united_states", "taliban"]
    )
    assert list(table["Voice"]) == sorted(table["Voice"], key=voices.VOICE_ORDER.index)
    assert table.loc[table["Name"] == "Donald Trump", "Voice"].item() == "party to the dispute"
    assert (table.loc[table["Voice"] == "named, not quoted", "Quotations"] == 0).all()
    assert table["Quotations"].sum() == quotations["speaker"].notna().sum()


def test_assessments_table_leaves_out_quoted_words_and_puts_unnamed_speakers_last():
    positions, people, quotations = facts.load("positions"), facts.load("people"), facts.load("quotations")
    table = voices.assessments_table(positions, people, facts.load("actors"), quotations, {})
    words = " ".join(table["The article's words for the analyst's view"])
    assert "They fear that a revived US military presence" not in words  # Khan's quotation, not the article's words
    assert "he was sceptical about the US seriously planning" in words
    unnamed = (table["Analyst"] == "Unnamed experts or analysts").tolist()
    assert any(unnamed) and unnamed == sorted(unnamed)


def test_people_with_voice_follow_the_order_the_article_names_them():
    people, quotations = facts.load("people"), facts.load("quotations")
    analysts = voices.people_with_voice(people, quotations, ["united_states", "taliban"], "analyst")
    starts = people.set_index("id").loc[analysts, "char_start"].astype(int).tolist()
    assert analysts and starts == sorted(starts)
    assert "person-donald-trump" not in analysts
