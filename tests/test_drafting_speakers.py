"""Typed drafting: who states what (speakers, positions, the names they stand for), on short texts written
for each rule, with a negative text where a rule could misfire."""

from __future__ import annotations

import re

import pytest

from drafting_helpers import draft_of, positions_of, positions_of_all, speakers_of, stated_by, stated_in
from helpers import ROOT


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


def test_according_to_a_named_source_is_that_sources_statement_and_an_outlet_or_a_place_is_not():
    text = (
        "According to a statement issued by Qatar's Ministry of Foreign Affairs on Sunday, the two sides agreed "
        "to a truce. The road was shut, according to Tolo News. Trucks waited, according to officials in Kabul. "
        "The posts fell, according to the military. More troops were needed, according to a number of current "
        "and former American officials."
    )
    actors = positions_of_all(draft_of(text))
    assert stated_in(actors, "According to a statement issued by Qatar") == "qatar", actors
    assert stated_in(actors, "according to Tolo News") == "none", actors
    assert stated_in(actors, "officials in Kabul") == "none", actors
    assert stated_in(actors, "according to the military") == "none", actors
    assert stated_in(actors, "American officials") == "united_states", actors


def test_an_owners_message_speaks_for_the_owner():
    text = "According to sources, Washington's message warned that failure to release the men would bring new bans."
    assert stated_in(positions_of_all(draft_of(text)), "message warned") == "united_states"


def test_a_family_name_printed_first_is_the_person_again_and_their_trailing_verb_joins_the_row():
    text = (
        "China welcomes the truce, Chinese Foreign Ministry spokesperson Guo Jiakun said on Monday. China supports "
        "dialogue between Pakistan and Afghanistan to settle their differences, Guo added. Guo declined, when "
        "asked to comment on the border."
    )
    rows = [c for c in draft_of(text) if c.kind == "position"]
    added = [c for c in rows if "Guo added" in c.quote]
    assert len(added) == 1 and added[0].fields["actor"] == "china", [c.quote for c in rows]
    assert added[0].fields["stance"] == "supports" and added[0].quote.startswith("China supports")
    assert not [c for c in rows if "comment" in c.quote]  # 'asked to comment' states nothing


def test_where_he_after_a_place_is_the_person_named_before():
    text = "In May, Donald Trump visited the Al Udeid base in Qatar, where he outlined plans to return to Afghanistan."
    assert stated_in(positions_of_all(draft_of(text)), "he outlined plans") == "united_states"


def test_both_sides_after_a_meeting_are_its_two_parties():
    text = (
        "During talks, the Taliban delegation, led by Muttaqi, met with the US team to discuss detainees. "
        "Both sides underlined the importance of dialogue."
    )
    actors = positions_of_all(draft_of(text))
    assert {a for q, a in actors if q.startswith("Both sides")} == {"taliban", "united_states"}, actors
    alone = "Qatar hosted the talks on Monday. Both sides underlined the importance of dialogue."
    assert not [a for q, a in positions_of_all(draft_of(alone)) if q.startswith("Both sides")]


def test_a_title_set_after_a_name_makes_a_person_who_speaks_for_the_titles_owner():
    text = (
        "Fasihuddin Fitrat, Chief of Staff of Afghanistan’s Ministry of Defense under the Taliban government, "
        "stated that no deal was possible. Hafiz Zia Ahmad Takal, deputy spokesman for Afghanistan's Foreign "
        "Ministry, wrote on X that the visit would go ahead. Afghan government spokesperson Zabihullah Mujahid "
        "confirmed the talks. “Talks will go on,” he said."
    )
    rows = draft_of(text)
    roles = {c.quote: c.fields.get("role") for c in rows if c.kind == "name"}
    assert roles["Fasihuddin Fitrat"].startswith("Chief of Staff of Afghanistan’s Ministry"), roles
    assert roles["Hafiz Zia Ahmad Takal"] == "deputy spokesman for Afghanistan's Foreign Ministry", roles
    assert roles["Zabihullah Mujahid"] == "Afghan government spokesperson", roles
    actors = positions_of_all(rows)
    for words in ("stated that", "wrote on X", "he said"):
        assert stated_in(actors, words) == "taliban", (words, actors)


def test_he_after_an_owner_in_a_sentence_of_its_own_is_left_empty_but_an_owner_as_object_is_not_he():
    ambiguous = (
        "Ahmad Karimi said the deal was off. The rejection follows President Donald Trump’s repeated remarks "
        "on the base. He warned that “bad things are going to happen.”"
    )
    assert speakers_of(draft_of(ambiguous)) == [""]
    assert stated_in(positions_of_all(draft_of(ambiguous)), "He warned") == "none"
    objected = "Foreign Minister Ahmad Karimi dismissed Donald Trump’s claims. “We will not give an inch,” he said."
    assert speakers_of(draft_of(objected)) == ["Ahmad Karimi"]


def test_he_after_an_unplaced_name_opening_a_sentence_is_left_empty():
    text = (
        "President Donald Trump spoke on Friday. Fasihuddin Fitrat saw things otherwise in Kabul. "
        "“We will not give an inch,” he said."
    )
    assert speakers_of(draft_of(text)) == [""]


def test_according_to_his_ministry_and_said_a_statement_from_a_ministry():
    text = (
        "Foreign Minister Amir Khan Muttaqi left Wednesday for New Delhi, according to his Foreign Ministry. "
        '"Both parties emphasized the talks," said a statement from the Taliban administration.'
    )
    actors = positions_of_all(draft_of(text))
    assert stated_in(actors, "according to his Foreign Ministry") == "taliban", actors
    assert stated_in(actors, "Both parties") == "taliban", actors


def test_a_verb_inside_a_hyphenated_adjective_states_nothing():
    text = "New Delhi closed its embassy after the fall of the West-backed regime in Afghanistan."
    assert not [q for q, _ in positions_of_all(draft_of(text))]
