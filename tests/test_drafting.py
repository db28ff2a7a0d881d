"""Typed drafting, measured on test texts written for it (tests/fixtures/drafting/, with their keys)."""

from __future__ import annotations

import re

import pytest

from drafting_coverage import fixture_scores, measure
from helpers import ROOT


@pytest.fixture(scope="module")
def scores():
    return fixture_scores()


def test_the_fixtures_are_drafted_as_the_issue_asks(scores):
    """At least 90% of numbers, dates and actors, no wrong speaker, 70% of reporting-verb statements."""
    for name, s in scores.items():
        for kind in ("numbers", "dates", "actors"):
            assert s.share(kind) >= 0.9, (name, kind, s.missed)
        assert s.speakers["wrong"] == 0, (name, s.missed)
        assert s.share("statements") >= 0.7, (name, s.missed)


def draft_of(text: str, dateline: str = "2025-10-10", place: str = "") -> list:
    from briefing.analysis.data.drafting import candidates
    from drafting_coverage import tables_and_package

    tables, package = tables_and_package(ROOT / "data")
    return candidates(text, {"dateline_date": dateline, "dateline_place": place}, tables, package)


def test_a_count_counts_troops_never_a_nationality():
    rows = draft_of("Officials said about 300 Afghan troops and 23 Pakistani soldiers were moved.")
    counts = {c.quote: c for c in rows if c.signature == "count"}
    assert counts["about 300 Afghan troops"].fields.get("unit", "") != "afghan"
    assert "counts: troops (Afghan)" in counts["about 300 Afghan troops"].note
    assert counts["23 Pakistani soldiers"].fields["actor"] == "pakistan"


def test_he_said_after_a_named_spokesman_is_the_spokesman_and_an_unnamed_speaker_stays_empty():
    text = (
        "The ministry’s spokesman, Tariq Ahmadi, spoke in Kabul on Monday. “We have nothing to hide here,” he said.\n\n"
        "“The roads are open again,” said a driver who did not give his name."
    )
    quotes = [c for c in draft_of(text) if c.kind == "quotation"]
    assert [q.fields.get("draft_speaker", "") for q in quotes] == ["Tariq Ahmadi", ""]


def test_no_row_for_the_dateline_and_one_row_per_new_name():
    text = "Quetta, Pakistan – Tariq Ahmadi met Tariq Ahmadi’s rivals on 3 October 2025. Tariq Ahmadi said little."
    rows = draft_of(text, place="Quetta, Pakistan")
    assert not [c for c in rows if c.start < text.index("Tariq")]
    assert [c.quote for c in rows if c.kind == "name"] == ["Tariq Ahmadi"]


def test_a_relative_date_is_counted_from_its_anchor_and_keeps_its_value():
    text = "Talks opened on 2 March 2024. Two days later the envoys left. Four years after the war, the town is quiet."
    rows = {c.quote: c for c in draft_of(text, dateline="2025-10-10")}
    later = rows["Two days later"].fields
    assert (later["date"], later["value"], later["unit"]) == ("2024-03-04", "2", "days")
    assert "counted from the previous date in the text" in later["date_rule"]
    after = rows["Four years after"].fields
    assert (after["date"], after["date_end"], after["precision"]) == ("2021-01-01", "2021-12-31", "year")


def test_the_projects_own_source_gets_no_wrong_speaker():
    from drafting_coverage import ROOT as project
    from drafting_coverage import coded_key

    text = (project / "data/sources/000_17332fbec8ad6729.txt").read_text(encoding="utf-8")
    s = measure(
        text,
        {"dateline_date": "2025-10-09", "dateline_place": "Islamabad, Pakistan"},
        coded_key(project / "data", "aj-2025-10-09"),
    )
    assert s.speakers["wrong"] == 0, s.missed
    assert s.share("numbers") >= 0.9


def test_a_wire_dateline_with_a_colon_gives_no_row_and_no_speaker():
    text = "QUETTA, Pakistan, Nov 3, (AP): Gunmen attacked a checkpost on Monday, killing two guards, police said."
    rows = draft_of(text, dateline="2025-11-03")
    assert not [c for c in rows if c.start < text.index("Gunmen")]
    assert not [c for c in rows if c.kind == "position" and c.fields.get("actor") == "pakistan"]  # police said it


def test_a_quotation_opened_straight_and_closed_curly_is_found_with_its_speaker():
    text = 'Farid Zaman, a Kabul trader, spoke on Monday. "The border is closed again,” he told reporters.'
    quotes = [c for c in draft_of(text) if c.kind == "quotation"]
    assert [(q.fields["words"], q.fields.get("draft_speaker")) for q in quotes] == [
        ("The border is closed again", "Farid Zaman")
    ]


def test_titles_before_joined_names_are_roles_and_a_possessive_country_is_the_actor():
    text = (
        "Pakistan's President Asif Ali Zardari and Prime Minister Shehbaz Sharif condemned the attack, with "
        'Zardari calling it a "cowardly act by foreign-backed terrorists,” and Peshawar Police Chief Saeed Ahmad said the gate held.'
    )
    rows = draft_of(text)
    names = {c.quote: c.fields.get("role") for c in rows if c.kind == "name"}
    assert (
        names["Asif Ali Zardari"] == "Pakistan's President" and names["Shehbaz Sharif"] == "Pakistan's Prime Minister"
    )
    assert names["Saeed Ahmad"] == "Peshawar Police Chief"
    condemned = next(c for c in rows if c.kind == "position" and "condemned" in c.quote)
    assert condemned.fields.get("actor") == "pakistan"
    assert [q.fields.get("draft_speaker") for q in rows if q.kind == "quotation"] == ["Asif Ali Zardari"]


def test_a_known_surname_after_another_first_name_is_someone_else():
    rows = draft_of("Asim Khan, a hospital spokesman, said all eleven patients were stable.")
    assert "Asim Khan" in [c.quote for c in rows if c.kind == "name"]
    assert not [c for c in rows if c.fields.get("speaker") == "person-taimur-khan"]


def test_a_word_number_counts_the_noun_before_the_verb():
    rows = draft_of("Two suicide bombers attacked the base at dawn.")
    count = next(c for c in rows if c.signature == "count")
    assert count.quote == "Two suicide bombers" and count.fields["value"] == "2"


def test_a_colon_after_a_sentence_opening_is_not_a_dateline():
    from briefing.analysis.data.drafting.text import dateline

    assert dateline("Title\n\nTrump wrote on 20 September 2025: “We want it back.”", "") is None
    assert dateline("Title\n\nPakistan's army said on Monday: the road is shut.", "Peshawar, Pakistan") is None
    assert dateline("Title\n\nQUETTA, Pakistan, Nov 3, (AP): Gunmen attacked.", "") is not None


def test_straight_quotes_inside_curly_ones_stay_one_quotation():
    from briefing.analysis.data.drafting.text import quoted

    text = 'He said: “The so-called "deal" is dead,” and left.'
    assert [text[a:b] for a, b in quoted(text)] == ['“The so-called "deal" is dead,”']


def test_titles_need_a_title_word_and_a_state_of_several_words_is_found():
    from briefing.analysis.data.drafting.known import known_names
    from briefing.analysis.data.drafting.names import named_parts, role_actor
    from drafting_coverage import tables_and_package

    assert named_parts("China's Xinjiang Uyghur Autonomous Region") == [
        (0, "China's Xinjiang Uyghur Autonomous Region", "")
    ]
    known = known_names(tables_and_package(ROOT / "data")[0])
    assert role_actor("United States Special Representative", known) == "united_states"
    assert role_actor("Peshawar Police Chief", known) == ""


def test_counts_and_names_the_rules_must_not_break():
    rows = draft_of("Two heavily armed men attacked a post. When Khan spoke, the crowd left.")
    assert [c.quote for c in rows if c.signature == "count"] == ["Two heavily armed men"]
    assert "When Khan" not in [c.quote for c in rows if c.kind == "name"]


def positions_of(rows: list) -> dict[str, str]:
    """Each drafted position's quote, to its actor."""
    return {c.quote: c.fields.get("actor", "") for c in rows if c.kind == "position"}


def test_a_states_institution_speaks_for_its_government_and_the_army_later_refers_back():
    text = (
        "Officials met in Doha on Monday. Three posts were lost, Pakistan’s army said on Tuesday. "
        "The Afghan Ministry of Defense announced that it had closed the crossing. "
        "Later the military noted its losses, and the Taliban-led government denies any role."
    )
    actors = positions_of(draft_of(text))
    said = next(a for q, a in actors.items() if "army said" in q)
    assert said == "pakistan", actors  # the names before the comma belong to what is reported
    assert next(a for q, a in actors.items() if q.startswith("Afghan Ministry")) == "taliban", actors  # its government
    assert next(a for q, a in actors.items() if q.startswith("the military noted")) == "pakistan", actors
    assert next(a for q, a in actors.items() if "government denies" in q) == "taliban", actors


def test_a_title_keeps_the_words_that_say_whose_it_is_and_he_after_a_quotation_is_the_subject():
    text = (
        "Taliban government Spokesperson Ahmad Karimi told reporters the posts were taken. "
        "He claimed nine fighters were killed. “There will be no talks,” he warned."
    )
    rows = draft_of(text)
    person = next(c for c in rows if c.kind == "name" and c.quote == "Ahmad Karimi")
    assert person.fields["role"] == "Taliban government Spokesperson"
    actors = positions_of(rows)
    assert actors.get("He claimed nine fighters were killed") == "taliban", actors
    assert any(q.endswith("he warned") and a == "taliban" for q, a in actors.items()), actors


def test_what_it_alleges_is_the_clauses_subject_and_claimed_names_no_speaker_after_it():
    text = "Pakistan struck camps in Afghanistan, targeting what it alleges are hideouts. Karimi claimed Afghanistan’s control."
    actors = positions_of(draft_of(text))
    assert next(a for q, a in actors.items() if "alleges" in q) == "pakistan", actors
    assert all(a != "afghanistan" for q, a in actors.items() if "claimed" in q), actors


def test_a_quotation_ending_a_sentence_is_not_attributed_by_the_next_sentence():
    text = "Ahmad Karimi, a spokesman, told reporters that forces acted “in self-defence against the raids.” He claimed 58 soldiers died."
    quote = next(c for c in draft_of(text) if c.kind == "quotation")
    assert quote.quote.endswith("raids.”")  # the next sentence is not the quotation's attribution
    assert quote.fields.get("draft_speaker") == "Ahmad Karimi"


def test_an_organisation_speaking_after_a_quotation_is_its_speaker():
    text = "“The attack was unprovoked,” the Inter-Services Public Relations (ISPR), the military’s media wing, said."
    quote = next(c for c in draft_of(text) if c.kind == "quotation")
    assert quote.fields.get("draft_speaker") == "Inter-Services Public Relations"


@pytest.mark.parametrize(
    ("said", "dateline", "period"),
    [
        ("on the night of 11/12 Oct 2025", "2025-10-12", ("2025-10-11", "2025-10-12")),
        ("between 3-4 May", "2025-10-12", ("2025-05-03", "2025-05-04")),
        ("on Friday and Saturday", "2025-10-26", ("2025-10-24", "2025-10-25")),
        ("Earlier in the week", "2025-10-12", ("2025-10-06", "2025-10-11")),
        ("later this month", "2025-10-12", ("2025-10-13", "2025-10-31")),
    ],
)
def test_ranges_of_days_and_parts_of_a_week_are_periods(said: str, dateline: str, period: tuple[str, str]):
    rows = draft_of(f"Fighting was reported {said} near the border.", dateline=dateline)
    dates = [c for c in rows if c.kind == "date" and c.fields.get("date")]
    assert [(c.fields["date"], c.fields["date_end"]) for c in dates] == [period], [(c.quote, c.fields) for c in dates]


def test_a_hyphenated_length_keeps_its_conversion_and_place_lists_and_outlets_are_names():
    text = (
        "The 2,611-kilometer (1,622-mile) frontier was shut. Militants crossed into Kurram and North Waziristan "
        "districts, the army told Reuters. Five Pakistani soldiers died near Afghan soil."
    )
    rows = draft_of(text)
    length = next(c for c in rows if c.fields.get("value") == "2611")
    assert (length.fields.get("unit"), length.fields.get("alt_value")) == ("km", "1622")
    names = {c.quote: c.note for c in rows if c.kind == "name"}
    assert {"Kurram", "North Waziristan", "Reuters"} <= set(names), names
    assert "place" in names["North Waziristan"]
    assert not {"Five Pakistani", "Afghan"} & set(names), names  # a number word or an adjective is no name


def test_a_quotation_of_a_speaker_who_stands_for_an_actor_is_also_its_position():
    text = (
        "Officials met on Monday. “We want the base back, and we want it now,” Trump said. "
        "“That could be news,” the president said. “We will find a way,” he added."
    )
    rows = draft_of(text)
    quoted = [c for c in rows if c.kind == "position" and c.quote.startswith("“")]
    assert len(quoted) == 3 and {c.fields["actor"] for c in quoted} == {"united_states"}, [
        (c.quote, c.fields) for c in quoted
    ]
    speakers = [c.fields.get("draft_speaker") for c in rows if c.kind == "quotation"]
    assert speakers == ["Trump", "Trump", "Trump"]  # 'he' after a quotation is its speaker, not the last name


def test_descriptions_coordinated_verbs_and_trailing_pronouns_find_their_subject():
    text = (
        "Taliban officials delivered a strong refusal on Thursday. The officials indicated a willingness to talk "
        "— but said no troops would be allowed. On Sunday, chief Taliban spokesman Ahmad Karimi urged restraint. "
        "Washington must keep its word, he added. The president said in February that talks were over."
    )
    actors = positions_of(draft_of(text))
    assert next(a for q, a in actors.items() if "delivered a strong refusal" in q) == "taliban", actors
    assert next(a for q, a in actors.items() if q.startswith("The officials indicated")) == "taliban", actors
    assert next(a for q, a in actors.items() if q.startswith("but said")) == "taliban", actors
    assert next(a for q, a in actors.items() if q.endswith("he added")) == "taliban", actors
    assert not any("president said" in q for q in actors), actors  # no president named before: no guess


def test_a_title_before_a_surname_and_an_adverb_before_the_verb_still_name_the_speaker():
    text = (
        "Zakir Karimi, an official with the Afghan foreign ministry, shared on social media, “Both sides need to engage "
        "with each other.” Mr. Karimi further elaborated, “All paths remain open for them.”"
    )
    rows = draft_of(text)
    quotes = [c for c in rows if c.kind == "quotation"]
    assert [q.fields.get("draft_speaker") for q in quotes] == ["Zakir Karimi", "Zakir Karimi"]
    assert {c.fields.get("actor") for c in rows if c.kind == "position"} == {"taliban"}  # the ministry's government


def test_an_hour_is_a_duration_and_an_owner_is_not_part_of_a_new_name():
    text = "The base is an hour away, he said, and China’s People’s Liberation Army denied it, reports the AP."
    rows = draft_of(text)
    hour = next(c for c in rows if c.quote == "an hour")
    assert (hour.fields["value"], hour.fields["unit"]) == ("1", "hours")
    names = {c.quote for c in rows if c.kind == "name"}
    assert {"People’s Liberation Army", "AP"} <= names, names


@pytest.mark.parametrize(
    "text",
    [
        "Afghan opposition forces said the talks had failed.",
        "Afghan refugees and officials said the camps were full.",
        "Afghan former government officials said little.",
        "Pakistani officials said the border was shut. Iran has its own worries, and the authorities there said so.",
        "Pakistan posted troops along the border.",
        "Pakistan responded with airstrikes on Sunday.",
        "The Taliban asserted control over the valley.",
        "A UN envoy met Pakistan's army chief and said talks would resume.",
    ],
)
def test_ordinary_sentences_give_no_wrong_actor(text: str):
    """What the institution, reporting-verb and shared-subject rules must not read into plain English."""
    rows = draft_of(text, dateline="2025-10-12")
    wrong = {
        "Afghan opposition": {"taliban", "afghanistan"},
        "Afghan refugees": {"taliban", "afghanistan"},
        "Afghan former": {"taliban", "afghanistan"},
        "Pakistani officials": {"pakistan"},  # only for the sentence about Iran
        "Pakistan posted": {"pakistan"},
        "Pakistan responded": {"pakistan"},
        "The Taliban asserted": {"taliban"},
        "A UN envoy": {"pakistan"},
    }
    key = next(k for k in wrong if text.startswith(k))
    positions = [c for c in rows if c.kind == "position"]
    if key == "Pakistani officials":  # the first sentence is Pakistan's; 'the authorities there' are not
        positions = [c for c in positions if c.start > text.index("Iran")]
    assert not [c.quote for c in positions if c.fields.get("actor") in wrong[key]], [
        (c.quote, c.fields) for c in positions
    ]


def test_speakers_and_titles_the_rules_must_not_invent():
    rows = draft_of(
        "A spokesman for Ahmad Karimi told reporters that “the road is closed to everyone now.” "
        "After talks with Pakistani police Jamal Nasir said little. "
        "Veteran Taliban analyst Omar Hadi said, “We will never support these attacks on anyone.”"
    )
    quotes = [c for c in rows if c.kind == "quotation"]
    assert quotes[0].fields.get("draft_speaker", "") != "Ahmad Karimi"  # he is who the spokesman speaks for
    nasir = next(c for c in rows if c.kind == "name" and c.quote == "Jamal Nasir")
    assert "police" not in nasir.fields.get("role", "")
    assert "speaker_actor" not in quotes[1].fields  # an analyst speaks for no actor
    assert not [c for c in rows if c.kind == "position" and c.fields.get("stance") == "supports"]


@pytest.mark.parametrize(
    "said",
    ["between 30-31 April", "on 12-3 May", "earlier this week"],  # no calendar holds them (a Monday dateline)
)
def test_what_no_calendar_holds_gives_no_period_and_stops_nothing(said: str):
    rows = draft_of(f"Talks were held {said} in Doha.", dateline="2025-10-13")
    assert not [c for c in rows if c.kind == "date" and c.fields.get("date") and c.quote in said], said


def test_registered_names_only_mentioned_are_listed_once_and_get_no_row_of_their_own():
    text = "Pakistan demanded talks on Monday. Trucks waited near Kabul, and Kabul stayed calm."
    rows = draft_of(text)
    listed = [c for c in rows if c.kind == "mentions"]
    assert len(listed) == 1 and listed[0].fields["draft_mentions"] == "kabul", [(c.kind, c.fields) for c in rows]
    assert listed[0].table == "" and "2 times" in listed[0].note  # nothing to promote; the reviewer reads it
    assert "pakistan" not in listed[0].fields["draft_mentions"]  # carried by its position
    assert not [c for c in rows if c.kind == "name" and c.quote == "Kabul"]


def test_a_count_takes_its_harm_from_its_own_clause_and_a_bare_count_the_noun_before_it():
    rows = draft_of(
        "The bombing killed 13 American service members and more than 160 Afghan civilians. "
        "“We lost 13 soldiers, and 42 were injured,” he said."
    )
    counts = {c.quote: c for c in rows if c.signature == "count"}
    assert "counts: service members (American)" in counts["13 American service members"].note
    assert counts["more than 160 Afghan civilians"].fields["measure"] != "soldiers killed"  # civilians are no soldiers
    assert counts["42"].fields["measure"] == "casualties" and "counts (soldiers)" in counts["42"].note
    rows = draft_of("Two heavily armed men attacked a post, and 42 were arrested.")  # no count before: nothing borrowed
    assert "count before it" not in next(c for c in rows if c.quote == "42").note


def test_a_statement_speaks_for_who_issued_it_and_a_quotation_in_it_gets_no_earlier_speaker():
    text = (
        "“That is impossible,” army chief Qari Fasihuddin said.\n\n"
        "The Taliban government issued a separate statement calling for restraint. The statement also warned "
        "against repeating what it called “past failed experiences.”\n\n"
        "A joint statement issued by participants of the Moscow Format said on Tuesday that bases were unacceptable."
    )
    rows = draft_of(text)
    quotes = {c.fields["words"]: c for c in rows if c.kind == "quotation"}
    assert not quotes["past failed experiences."].fields.get("draft_speaker")  # not the army chief before it
    actors = positions_of(rows)
    assert next(a for q, a in actors.items() if q.startswith("The statement also warned")) == "taliban", actors
    # the report is dated three days after the series' registered meeting: that meeting spoke
    assert next(a for q, a in actors.items() if "Moscow Format said" in q) == "moscow_format_2025", actors


def test_a_series_speaks_as_its_meeting_only_in_reports_of_the_days_after_it():
    text = "The Moscow Format said on Tuesday that bases were unacceptable."
    assert set(positions_of(draft_of(text, dateline="2025-10-08")).values()) == {"moscow_format_2025"}
    assert set(positions_of(draft_of(text, dateline="2026-03-10")).values()) == {"moscow_format"}  # months later
    assert set(positions_of(draft_of(text, dateline="2025-10-01")).values()) == {"moscow_format"}  # before it


def test_a_joint_statement_speaks_through_participles_and_the_it_after_its_attribution():
    text = (
        "The seventh round of the Moscow Format Consultations on Afghanistan concluded in Russia on Tuesday, issuing "
        "a joint statement declaring any bases unacceptable.\n"
        "“The parties emphasised that the region must be supported,” the joint statement released after the "
        "consultations said.\n"
        "It added that participating countries reaffirmed their support.\n"
        "The session was attended by representatives from Pakistan, China, Iran, and Central Asian states.\n"
        "The participants emphasised the need to enhance the role of regional frameworks."
    )
    actors = positions_of_all(draft_of(text, dateline="2025-10-08"))

    assert stated_in(actors, "issuing a joint statement declaring") == "moscow_format_2025", actors
    assert stated_in(actors, "the joint statement released after the consultations said") == "moscow_format_2025", (
        actors
    )
    assert stated_in(actors, "It added") == "moscow_format_2025", actors
    # the states listed as attending are members, not the forum the participants speak for
    assert stated_in(actors, "The participants emphasised") == "moscow_format_2025", actors
    assert "central_asian_states" not in dict(actors).values(), actors


def test_a_pronoun_before_its_verb_speaks_and_a_conditional_states_nothing():
    text = (
        "“We want it back,” President Donald Trump said on Thursday. Two days later, he posted on his Truth Social platform: "
        "“Bad things are going to happen!” The comments came after Trump claimed talks were under way and "
        "hinted at action if the Taliban refused to cooperate. Asked about troops, Trump replied, “We won’t talk "
        "about that.” He described the withdrawal from the base in 2021 as “crazy.” Officials have disputed the claims."
    )
    rows = draft_of(text, dateline="2025-09-21")
    quotes = {c.fields["words"]: c for c in rows if c.kind == "quotation"}
    assert quotes["Bad things are going to happen!"].fields.get("speaker") == "person-donald-trump"
    actors = positions_of(rows)
    assert next(a for q, a in actors.items() if q.startswith("Trump claimed")) == "united_states", actors
    assert "taliban" not in actors.values(), actors  # 'if the Taliban refused': a condition, no statement
    assert next(a for q, a in actors.items() if "Trump replied" in q) == "united_states", actors
    assert next(a for q, a in actors.items() if q.startswith("He described")) == "united_states", actors
    assert not [q for q in actors if "Officials have disputed" in q], actors  # a common noun names no actor


@pytest.mark.parametrize(
    "text",
    [
        "Trump spoke about Bagram on Thursday. A Taliban spokesman, asked whether he believed Pakistan would "
        "attack, replied: “We are ready for anything.”",
        "Malala Yousafzai met Amir Khan Muttaqi on Monday. Later, she posted on her X account: “Girls belong in school.”",
    ],
)
def test_a_pronoun_names_no_speaker_by_itself(text: str):
    quotation = next(c for c in draft_of(text) if c.kind == "quotation")
    assert not quotation.fields.get("speaker") and not quotation.fields.get("draft_speaker"), quotation.fields


@pytest.mark.parametrize(
    "text, phrase, wrong",
    [
        (
            "Russia welcomed the statement, and China said it would study it. The statement called for talks.",
            "called",
            "russia",
        ),
        (
            "Pakistan criticised a statement issued after the talks. The statement said bases were unacceptable.",
            "bases",
            "pakistan",
        ),
        ("Talks cannot resume before the Taliban agree to act against the TTP.", "agree", "taliban"),
        ("A ceasefire will collapse if Pakistan and the Taliban fail to agree.", "agree", "taliban"),
        ("China and India clashed over disputed territory in the Himalayas.", "disputed", "china"),
        ("Pakistan arrested 12 men claiming to be Taliban commanders.", "claiming", "pakistan"),
    ],
)
def test_who_reacted_to_a_statement_a_condition_and_an_adjective_state_nothing(text: str, phrase: str, wrong: str):
    actors = positions_of(draft_of(text))
    assert all(a != wrong for q, a in actors.items() if phrase in q), actors


def test_a_statement_its_owner_issued_is_the_owners():
    text = (
        "Pakistan on Monday rejected the Taliban’s statement. The statement accused Islamabad of sheltering fighters."
    )
    actors = positions_of(draft_of(text))
    assert next(a for q, a in actors.items() if q.startswith("The statement accused")) == "taliban", actors


def test_harm_is_read_from_a_figures_own_clause_and_only_people_are_borrowed():
    text = (
        "The Taliban seized 40 diesel tankers before the deadline. The floods killed 40 people last week; "
        "2,000 families received tents. Militants attacked 3 checkpoints overnight, and 11 were killed. "
        "Over the past 20 years, 2,400 were killed. “We had 13 soldiers killed, and 42 were injured,” he said."
    )
    counts = {c.quote: c for c in draft_of(text) if c.signature == "count"}
    assert "measure" not in counts["40 diesel tankers"].fields  # 'diesel' and 'deadline' are no harm
    assert counts["2,000 families"].fields.get("measure") != "deaths"  # the killing was before the semicolon
    assert "count before it" not in counts["11"].note and "count before it" not in counts["2,400"].note
    assert counts["42"].fields["measure"] == "casualties" and "(soldiers)" in counts["42"].note


def test_an_organisation_new_to_the_tables_speaks_under_its_own_name_for_the_reviewer_to_register():
    text = (
        "The United Nations on Thursday called on Pakistan and Afghanistan to end the fighting. The UN Assistance "
        "Mission in Afghanistan (UNAMA) welcomed the ceasefire. UNAMA also documented 16 civilian casualties. "
        "“China respects Afghanistan’s sovereignty,” Chinese Foreign Ministry spokesperson Lin Jian told reporters."
    )
    rows = [c for c in draft_of(text, dateline="2025-10-16") if c.kind == "position"]
    new = {c.fields.get("draft_actor"): c for c in rows if c.fields.get("draft_actor")}
    assert {"United Nations", "UNAMA"} <= set(new), [c.fields for c in rows]
    assert all(not c.fields.get("actor") and "register it" in c.note for c in new.values())
    lin = next(c for c in rows if "Lin Jian told" in c.quote)
    assert lin.fields["actor"] == "china" and "draft_actor" not in lin.fields  # the ministry is his title


def test_a_name_right_after_the_dateline_joined_names_and_dates_ahead():
    text = (
        "WASHINGTON — Zalmay Khalilzad, the former U.S. special envoy, said Thursday that a detainee was freed. "
        "In January, the U.S. exchanged Ryan Corbett and William McKenty for a prisoner. The two sides are "
        "scheduled to meet again on October 25. In a speech on October 3, he said he will return."
    )
    rows = draft_of(text, dateline="2025-10-19", place="Washington")
    names = {c.quote for c in rows if c.kind == "name"}
    assert {"Zalmay Khalilzad", "Ryan Corbett", "William McKenty"} <= names, names
    dates = {c.quote: (c.fields["date"], c.fields["date_end"]) for c in rows if c.kind == "date"}
    assert dates["January"] == ("2025-01-01", "2025-01-31")
    assert dates["October 25"] == ("2025-10-25", "2025-10-25")  # a meeting to come
    assert dates["October 3"] == ("2025-10-03", "2025-10-03")  # 'will' after the date looks back from it


def test_thanks_credit_reaffirmation_and_an_expressed_hope_are_statements():
    text = (
        "Pakistan thanked Qatar for its role. The Taliban credited Qatar as well. Pakistan reaffirmed its "
        "commitment to peace. The Taliban government released a statement confirming the deal. "
        "Pakistan expressed hope that talks would go on. Pakistan released a new stamp."
    )
    actors = positions_of(draft_of(text))
    for said in ("thanked", "credited", "reaffirmed", "released a statement", "expressed hope"):
        assert any(said in q for q in actors), (said, actors)
    assert not any("stamp" in q for q in actors), actors


def test_both_parties_are_the_pair_the_text_named_last():
    text = (
        "Pakistan and Afghanistan agreed to a ceasefire in Doha. Qatar hosted the talks. "
        "The two neighboring countries also pledged to respect each other’s sovereignty."
    )
    actors = [a for q, a in positions_of_all(draft_of(text)) if q.startswith("The two neighboring countries")]
    assert sorted(actors) == ["afghanistan", "pakistan"], actors
    alone = "Qatar hosted the talks. The two countries pledged to talk again."  # no pair named: no one
    assert not [q for q, _ in positions_of_all(draft_of(alone)) if "two countries" in q]


def positions_of_all(rows: list) -> list[tuple[str, str]]:
    """Each drafted position's quote and actor (a quote may hold several actors' rows)."""
    return [(c.quote, c.fields.get("actor", "")) for c in rows if c.kind == "position"]


def stated_in(actors: list[tuple[str, str]], words: str) -> str:
    """The actor of the first drafted position whose quote holds the words; 'none' when none does."""
    return next((a for q, a in actors if words in q), "none")


def speakers_of(rows: list) -> list[str]:
    return [c.fields.get("draft_speaker", "") for c in rows if c.kind == "quotation"]


def test_a_person_met_with_is_not_who_speaks_next():
    met = (
        "“We will build the road this year,” Ahmad Karimi said at a meeting with Pakistani Prime Minister "
        "Shehbaz Sharif.\n\n“The money is ready for it,” he added."
    )
    assert speakers_of(draft_of(met)) == ["Ahmad Karimi", "Ahmad Karimi"]
    alone = "Ahmad Karimi met with Prime Minister Shehbaz Sharif on Monday. “The money is ready for it,” he said."
    assert speakers_of(draft_of(alone)) == [""]  # either man may be 'he': no guess


def test_a_speaker_named_after_an_exclaimed_quotation_with_where_it_was_said():
    posted = "“If the border stays closed, the markets WILL COLLAPSE!!!” Ahmad Karimi warned in a post on X."
    assert speakers_of(draft_of(posted)) == ["Ahmad Karimi"]
    new_sentence = "“The border is closed to all trucks!” Ahmad Karimi said on Monday that 58 trucks were stopped."
    assert speakers_of(draft_of(new_sentence)) == [""]


def test_a_closing_mark_typed_as_the_opening_one_still_opens_a_quotation():
    text = "Foreign Minister Ahmad Karimi spoke in Kabul.\n”The road will be open by spring, and trucks will run,” Karimi said."
    assert speakers_of(draft_of(text)) == ["Ahmad Karimi"]


def test_a_full_name_ending_a_sentence_is_read_whole_and_a_shared_surname_is_not_a_match():
    whole = draft_of("“We are ready for talks,” said Amir Khan Muttaqi.")
    assert [c.fields.get("speaker") for c in whole if c.kind == "quotation"] == ["person-amir-khan-muttaqi"]
    other = draft_of("“We are ready for talks,” said Amir Khan.")
    assert "person-taimur-khan" not in {c.fields.get("speaker") for c in other}  # registered: Taimur Khan


def stated_by(text: str) -> list[tuple[str, str]]:
    """Each drafted position's quote and its actor, or the new organisation it names."""
    return [
        (c.quote, c.fields.get("actor") or c.fields.get("draft_actor", ""))
        for c in draft_of(text)
        if c.kind == "position"
    ]


@pytest.mark.parametrize(
    "sentence, actor",
    [
        ("Twelve states including Iran and Qatar today decried the plan to build a depot.", "iran"),
        ("Qatar slammed the plan to build a depot.", "qatar"),
        ("Iran suggested the talks might resume.", "iran"),
        ("Qatar has often lamented the loss of the road.", "qatar"),
        ("Russian Foreign Minister Sergey Lavrov spoke. He called upon Iran to help.", "russia"),
        (
            "Russian Foreign Minister Sergey Lavrov, in his opening remarks at the summit, firmly opposed any depot.",
            "russia",
        ),
        ("The Kabul Times, citing an unnamed official, reported that the depot is closed.", "Kabul Times"),
        ("Iran’s Taliban government rejected outright the offer.", "taliban"),
    ],
)
def test_reporting_verbs_and_their_subjects(sentence, actor):
    assert actor in [a for _, a in stated_by(sentence)], stated_by(sentence)


def test_said_after_its_own_pronoun_subject_is_not_said_by_the_name_after_it():
    text = "Russian Foreign Minister Sergey Lavrov spoke in Kabul. He said Pakistan had closed the road."
    assert stated_by(text) == [("He said Pakistan had closed the road", "russia")]
    assert [a for _, a in stated_by("The road is closed, said Amir Khan Muttaqi.")] == ["taliban"]


def test_a_registered_person_spelled_another_way_is_that_person():
    text = "The delegation, headed by Foreign Minister Amir Khan Mottaqi, took part."
    rows = draft_of(text)
    assert not [c for c in rows if c.kind == "name"]
    assert "person-amir-khan-muttaqi" in [c for c in rows if c.kind == "mentions"][0].fields["draft_mentions"]
    assert [c.quote for c in draft_of("Foreign Minister Amir Khan Mahmoudi took part.") if c.kind == "name"] == [
        "Amir Khan Mahmoudi"
    ]


def test_the_datelines_place_is_listed_as_mentioned_but_gives_no_row_alone():
    rows = draft_of("KABUL, Oct 7: Pakistan and Iran met. Qatar was named.", place="KABUL")
    listed = [c for c in rows if c.kind == "mentions"]
    assert "kabul" in listed[0].fields["draft_mentions"] and listed[0].start > 6
    assert not [c for c in draft_of("KABUL, Oct 7: Talks resumed.", place="KABUL") if c.kind == "mentions"]


def test_a_headlines_figure_is_drafted():
    from briefing.analysis.data.drafting import candidates
    from drafting_coverage import tables_and_package

    tables, package = tables_and_package(ROOT / "data")
    text = "Nine states reject new depots\n\nKABUL, Oct 7: Eight states today decried the plan."
    register = {"dateline_date": "2025-10-07", "dateline_place": "KABUL", "title": "Nine states reject new depots"}
    values = [c.fields.get("value") for c in candidates(text, register, tables, package) if c.kind == "number"]
    assert values == ["9", "8"]


def test_a_country_adjective_names_its_country_and_a_named_outlet_is_one_name():
    rows = draft_of("Trump met British Prime Minister Keir Starmer. Members of the US Congress agreed.")
    listed = [c for c in rows if c.kind == "mentions"][0].fields["draft_mentions"].split(";")
    assert "united_kingdom" in listed
    assert [c.quote for c in rows if c.kind == "name"] == ["US Congress"]
    owned = draft_of("Pakistan’s Foreign Office said the road is open. Mujahid wrote on X. The U.S. is far.")
    assert [c.quote for c in owned if c.kind == "name"] == []


def test_a_title_before_a_surname_is_the_person_named_in_full_before():
    text = (
        "Pakistan was represented by Ambassador Muhammad Sadiq on Monday. Ambassador Sadiq said the talks went well. "
        "“We asked for more effort,” he said."
    )
    rows = draft_of(text)
    assert [c.quote for c in rows if c.kind == "name"] == ["Muhammad Sadiq"]
    assert speakers_of(rows) == ["Muhammad Sadiq"]


def test_a_name_after_a_preposition_does_not_speak_a_statements_words():
    text = "A joint statement issued after talks on Afghanistan said: “They described the attempts as unacceptable.”"
    assert speakers_of(draft_of(text)) == [""]


def test_single_marks_quote_a_sentence_but_not_a_scare_quote_or_an_apostrophe():
    text = (
        "Trump wrote on his platform: 'If the road doesn't open, BAD THINGS WILL HAPPEN.' "
        "He called it 'bad things' again. The Taliban's men left."
    )
    quotes = [c.quote for c in draft_of(text) if c.kind == "quotation"]
    assert quotes == ["'If the road doesn't open, BAD THINGS WILL HAPPEN.'"]


def test_made_clear_floated_and_telling_are_reporting_verbs():
    text = (
        "The Taliban have made clear they do not want foreign troops. Qatar has repeatedly floated the idea of "
        "talks. By Friday Iran was doubling down, telling reporters that it wanted talks."
    )
    assert [a for _, a in stated_by(text)] == ["taliban", "qatar", "iran"]


def test_a_country_spelled_another_way_is_that_country_and_its_adjectives_are_not_respellings():
    listed = [c for c in draft_of("Envoys of Kyrgyzistan and Tayikistan met Russians.") if c.kind == "mentions"]
    assert listed[0].fields["draft_mentions"].split(";") == ["kyrgyzstan", "tajikistan"]


def test_the_participants_speak_for_the_meeting_named_last_and_else_for_no_one():
    text = (
        "Envoys met at the Shanghai Cooperation Organisation summit in June. The participants said bases were "
        "unacceptable. They also urged restraint."
    )
    assert [a for _, a in stated_by(text)] == ["sco", "sco"]
    assert stated_by("The participants said bases were unacceptable. They also urged restraint.") == []


def test_a_role_set_before_a_name_gives_the_persons_actor():
    text = "On Friday, the Taliban government’s chief spokesman, Ahmad Karimi, declined to comment. “We have stated our position,” he said."
    rows = draft_of(text)
    assert [c.fields.get("role") for c in rows if c.kind == "name"] == ["Taliban government’s chief spokesman"]
    assert [a for _, a in stated_by(text)] == ["taliban"]


def test_a_count_with_two_adjectives_joined_by_and_counts_its_noun():
    rows = draft_of("A group of 10 powerful and influential countries met on Tuesday.")
    assert [c.quote for c in rows if c.kind == "number"] == ["10 powerful and influential countries"]


@pytest.mark.parametrize(
    "text, wrong",
    [
        # a person named in another sentence after a preposition takes the floor: no carry-over
        (
            "“The border must reopen,” Muttaqi said. According to Taimur Khan, the crossing stays shut. “It will stay shut for months,” he said.",
            "Muttaqi",
        ),
        (
            "“We will not allow it,” Muttaqi said on Monday. Kamran Bokhari sees it differently. “Nobody can,” he said.",
            "Muttaqi",
        ),
        # a quotation ending a sentence is not attributed by a new sentence that says where it was said
        ("“The attack was cowardly.” Pakistan said on Sunday it had arrested two suspects.", "Pakistan"),
        (
            "“The attack was cowardly.” The Taliban said in a statement on Sunday the border would stay closed.",
            "Taliban",
        ),
    ],
)
def test_the_new_speaker_rules_do_not_carry_a_speaker_too_far(text, wrong):
    assert speakers_of(draft_of(text))[-1] != wrong, speakers_of(draft_of(text))  # the last quotation's


def test_new_verbs_in_another_sense_or_negated_state_nothing_and_a_namesake_is_not_merged():
    assert stated_by("TTP fighters slammed a vehicle into a checkpoint. Pakistan has not made public the toll.") == []
    assert [a for _, a in stated_by("India slams Trump bid.")] == ["india"]
    rows = draft_of("Kamran Bukhari, a lawmaker from Pakistan, rejected the budget.")
    assert [c.quote for c in rows if c.kind == "name"] == ["Kamran Bukhari"]  # not the analyst Kamran Bokhari
    assert stated_by("Villagers near Kabul, speaking to Al Jazeera, have rejected the claims.") == []


def test_a_country_adjective_inside_a_name_names_no_country_and_a_paper_is_not_its_city():
    rows = draft_of("Prime Minister Pham Minh Chinh met Smriti Irani. The Washington Post reported that talks resumed.")
    listed = ";".join(c.fields.get("draft_mentions", "") for c in rows if c.kind == "mentions")
    assert "china" not in listed and "iran" not in listed and "washington" not in listed


def test_a_headlines_date_is_not_a_figure():
    from briefing.analysis.data.drafting import candidates
    from drafting_coverage import tables_and_package

    tables, package = tables_and_package(ROOT / "data")
    title = "Taliban minister to visit India on October 9 for first time since 2021"
    text = f"{title}\n\nKABUL, Oct 7: The minister will travel on Thursday."
    register = {"dateline_date": "2025-10-07", "dateline_place": "KABUL", "title": title}
    assert [c.quote for c in candidates(text, register, tables, package) if c.kind == "number"] == []


def test_a_joint_statement_without_an_author_speaks_for_the_meeting_and_so_does_its_it():
    text = (
        "Delegates met at the Shanghai Cooperation Organisation summit on Tuesday, issuing a joint statement. "
        "The statement also stressed unity. It added that trade must grow. Participating nations also called on "
        "donors to help. The nations also highlighted progress."
    )
    assert [a for _, a in stated_by(text)] == ["sco", "sco", "sco", "sco"]
    assert stated_by("The statement also stressed unity. It added that trade must grow.") == []


def test_a_quotation_under_a_line_ending_in_a_colon_is_that_lines_speakers():
    text = "In a post on his platform, Ahmad Karimi declared:\n“If the border stays closed, the markets will collapse.”"
    assert speakers_of(draft_of(text)) == ["Ahmad Karimi"]


def test_or_more_a_stern_warning_and_soviet_built():
    rows = draft_of(
        "Retaking it would need 10,000 or more troops. Qatar has issued a stern warning. The Soviet-built base fell."
    )
    assert [c.quote for c in rows if c.kind == "number"] == ["10,000 or more troops"]
    assert [a for _, a in stated_by("Qatar has issued a stern warning to the Taliban.")] == ["qatar"]
    listed = [c for c in rows if c.kind == "mentions"][0].fields["draft_mentions"].split(";")
    assert "soviet_union" in listed


def test_a_new_name_after_a_known_one_in_one_run_is_a_person_with_that_title():
    text = (
        "The main spokesman of the Taliban Ahmad Karimi replied to Trump’s notes and urged Washington to accept "
        "the policy of “realism and rationality”. He emphasized the Afghan commitment to trade. "
        "Rahim Nazari, head of the Ministry of Defense, spoke next. “We will give up nothing at all,” he said."
    )
    rows = draft_of(text)
    roles = {c.quote: c.fields.get("role") for c in rows if c.kind == "name"}
    assert roles["Ahmad Karimi"] == "main spokesman of the Taliban"
    assert roles["Rahim Nazari"] == "head of the Ministry of Defense"
    assert "Trump" not in speakers_of(rows)
    assert ("He emphasized the Afghan commitment to trade", "taliban") in stated_by(text)
    assert not [
        c
        for c in draft_of("Talks with Qatar and Türkiye went on. The Taliban Foreign Minister left.")
        if c.kind == "name" and c.quote != "Türkiye"  # listed with a state: a place of its own
    ]


def test_a_quotation_under_published_on_x_is_the_publishers():
    text = "Ahmad Karimi, a Taliban spokesman, spoke on Monday. Karimi published on X: “We will not give up the base.”"
    assert speakers_of(draft_of(text)) == ["Ahmad Karimi"]


def test_an_acronym_a_text_introduces_after_a_known_name_is_that_name_everywhere():
    text = (
        "The Islamic Emirate of Afghanistan (IEA) has strongly rejected the demand. In a statement released "
        "Saturday, the IEA said its policy is balanced.\n\nThe statement emphasized that sovereignty is of the "
        "highest importance.\n\nThe UN Assistance Mission in Afghanistan (UNAMA) welcomed the ceasefire."
    )
    actors = positions_of_all(draft_of(text, dateline="2025-09-21"))

    # the tables note the Taliban's own name for its government, and the text abbreviates it
    assert stated_in(actors, "has strongly rejected") == "taliban", actors
    assert stated_in(actors, "IEA said its policy") == "taliban", actors
    assert stated_in(actors, "The statement emphasized") == "taliban", actors  # 'In a statement …, the IEA said'
    # '… Mission in Afghanistan (UNAMA)' introduces the longer name: UNAMA is not Afghanistan
    assert stated_in(actors, "welcomed the ceasefire") != "afghanistan", actors


def test_a_name_the_tables_note_in_quotation_marks_is_read_with_and_without_its_of_part():
    text = "Zabihullah Mujahid, spokesperson for the Islamic Emirate, confirmed the agreement."
    assert set(positions_of(draft_of(text)).values()) == {"taliban"}


def test_a_post_serves_who_holds_it_not_its_portfolio():
    text = (
        "Zamir Kabulov, the Russian President’s special representative for Afghanistan, reported this on Monday. "
        "He referred to the minister’s words."
    )
    actors = positions_of_all(draft_of(text))
    assert {a for _, a in actors} == {"russia"}, actors
    assert any(q.startswith("He referred to") for q, _ in actors), actors


def test_more_reporting_verbs_and_an_aside_of_response():
    text = (
        "India’s Ministry of External Affairs, responding to the conduct two days earlier, requested Muttaqi to "
        "hold a new session. Members of the Indian parliament denounced the move. Muttaqi justified the "
        "inclusion of journalists, stating that the meeting was urgent. He expressed appreciation to Qatar. "
        "The IEA reminded Washington of its commitments."
    )
    actors = positions_of_all(draft_of(text))

    assert stated_in(actors, "requested Muttaqi") == "india", actors
    assert stated_in(actors, "parliament denounced") == "india", actors
    assert stated_in(actors, "justified the") == "taliban", actors
    assert stated_in(actors, "He expressed appreciation") == "taliban", actors


def test_passive_and_idle_forms_of_the_new_verbs_state_nothing():
    text = (
        "An official who requested anonymity described the talks. The move was justified by the press. What is "
        "referred to as the Doha process stalled. Pakistan was reminded of the deadline. Rest assured."
    )
    rows = draft_of(text)
    quotes = [q for q, _ in positions_of_all(rows)]
    assert not [q for q in quotes if re.search(r"requested|justified|referred|reminded|assured", q)], quotes


def test_a_stance_named_as_its_owners_noun_is_the_owners_position():
    text = (
        "The Taliban rejected President Donald Trump’s recent call for Washington to retake the base. "
        "Mujahid dismissed Trump’s remarks, urging the U.S. to adopt realism."
    )
    rows = [c for c in draft_of(text, dateline="2025-09-21") if c.kind == "position"]
    trump = [c for c in rows if c.fields.get("actor") == "united_states"]
    assert len(trump) == 1 and trump[0].quote.startswith("Donald Trump’s recent call for"), [c.quote for c in rows]
    assert trump[0].fields["stance"] == "demands"
    # 'Trump’s remarks, urging …' names his remarks without reporting what they held
    assert not [c for c in trump if "remarks" in c.quote]


def test_a_single_word_listed_with_a_registered_state_is_a_new_place():
    listed = draft_of("The talks were mediated by Qatar and Türkiye.")
    assert [c.note for c in listed if c.quote == "Türkiye"] == [
        "new name, not in the tables: a place (add it to the place table)"
    ]
    # a comma after a state joins a list only where the list goes on: 'Habibi' here opens a clause
    alone = draft_of("He was a former official in Afghanistan, Habibi disappeared in 2022.")
    assert not [c for c in alone if "place" in c.note and c.quote == "Habibi"]
    assert not [c for c in draft_of("Pakistan and Then it rained.") if c.quote == "Then"]


def test_last_and_a_month_is_the_year_befores_and_in_a_month_this_years():
    rows = draft_of("Last August the talks stalled. In August they resumed.", dateline="2025-09-21")
    dated = [(c.start, c.fields["date"], c.fields["date_end"]) for c in rows if c.kind == "date"]
    assert [d[1:] for d in sorted(dated)] == [("2024-08-01", "2024-08-31"), ("2025-08-01", "2025-08-31")], dated


def test_a_person_in_an_aside_of_company_is_not_the_speaker():
    text = (
        "KABUL: The US President's Special Representative for Prisoner Affairs, Adam Boehler, accompanied by "
        "former Afghan envoy Zalmay Khalilzad, has delivered a stern message to the Afghan regime in Kabul, saying "
        '"Release all American hostages soon".'
    )
    speakers = speakers_of(draft_of(text, place="KABUL"))
    assert speakers and "Khalilzad" not in speakers[0], speakers
