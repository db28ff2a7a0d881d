"""Endnotes: numbering, merging of adjacent marks, ranges, and note texts read from the data."""

from bs4 import BeautifulSoup

from briefing import citations
from briefing.analysis.writing import typography
from briefing.publish import notes

TEXTS = {"fact-a": "“quote a”", "fact-b": "Second fact", "fact-c": "“quote a”", "calc-x": "Computed: distance, 5 km."}


def cite(*ids):
    """Marks as chapters write them (see briefing.citations), one per id."""
    return citations.run(
        citations.calc_mark(i, "") if i.startswith("calc-") else citations.mark([citations.FACT_ANCHOR + i], "")
        for i in ids
    )


def chapter(body: str) -> BeautifulSoup:
    return BeautifulSoup(f'<section class="chapter" id="ch">{body}</section>', "html.parser")


def test_marks_are_numbered_in_reading_order_and_reuse_numbers():
    soup = chapter(f"<p>x{cite('b')} y{cite('a')} z{cite('b')} w{cite('calc-x')}</p>")
    notes.number(soup, "ch", TEXTS)
    assert [a.get_text() for a in soup.select("sup.cite a")] == ["1", "2", "1", "3"]
    items = soup.select("aside.notes li")
    assert [li["id"] for li in items] == ["ch-note-1", "ch-note-2", "ch-note-3"]
    assert items[1].get_text(" ", strip=True).removeprefix("^ ").startswith("“quote a”")
    assert items[1].select_one("a.ref")["href"] == "#fact-a"
    assert soup.select("sup.cite a")[1]["title"] == "“quote a”"  # the note's text shows on hover


def test_notes_name_no_ids():
    soup = chapter(f"<p>x{cite('a', 'b')}</p>")
    notes.number(soup, "ch", TEXTS)
    text = soup.select_one("aside.notes").get_text(" ")
    assert "fact-" not in text and " a:" not in text and "b:" not in text


def test_facts_proved_by_one_excerpt_share_one_note():
    soup = chapter(f"<p>x{cite('a')} y{cite('c')} z{cite('b')}</p>")
    notes.number(soup, "ch", TEXTS)
    assert [a.get_text() for a in soup.select("sup.cite a")] == ["1", "1", "2"]
    items = soup.select("aside.notes li")
    assert len(items) == 2 and "same text as note" not in soup.get_text()
    assert [a["href"] for a in items[0].select("a.ref")] == ["#fact-a", "#fact-c"]  # both rows, one note


def test_register_texts_are_read_by_row_id():
    seen = []
    texts = notes.register_texts({"fact-a", "source-s", "calc-x"}, lambda i: seen.append(i) or i.upper())
    assert texts == {"fact-a": "A", "source-s": "S", "calc-x": "CALC-X"} and sorted(seen) == ["a", "calc-x", "s"]


def test_adjacent_marks_share_one_bracket_and_runs_become_ranges():
    soup = chapter(f"<p>x{cite('a', 'b')} y{cite('a', 'b', 'd', 'e')}</p>")
    notes.number(soup, "ch", {})
    sups = soup.select("sup.cite")
    assert [s.get_text() for s in sups] == ["1, 2", "1–4"]


def test_a_chapter_without_citations_gets_no_note_list():
    soup = chapter("<p>No sources here.</p>")
    notes.number(soup, "ch", {})
    assert soup.find("aside") is None


def test_quotation_marks_inside_a_quoted_excerpt_become_single():
    assert typography.quoted("“We want that base back,” he said") == "“‘We want that base back,’ he said”"
    assert (
        typography.quoted("opposed “the reestablishment of military bases”")
        == "“opposed ‘the reestablishment of military bases’”"
    )
    assert typography.quoted("the president’s view") == "“the president’s view”"  # apostrophes stay


def test_marks_attach_to_the_word_before_them_and_spaced_marks_merge_in_order():
    soup = chapter(
        f"<p>built it {cite('a')}, then {cite('b')} and {cite('d')} {cite('a')} {cite('a')}. Evidence: {cite('b')}</p>"
    )
    notes.number(soup, "ch", {})
    assert soup.find("p").get_text() == "built it1, then2 and1, 3. Evidence: 2"  # brackets are drawn by CSS
    assert [s.get_text() for s in soup.select("sup.cite")] == ["1", "2", "1, 3", "2"]


def test_a_mark_naming_several_rows_is_read_back_as_those_rows_and_their_ids():
    soup = chapter(f"<p>x{citations.mark(['fact-a', 'source-s'], 'a <note> & more')}{cite('calc-x')}</p>")
    assert notes.cited([soup]) == {"fact-a", "source-s", "calc-x"}
    assert [citations.bare_id(a) for a in ("fact-a", "source-s", "calc-x")] == ["a", "s", "calc-x"]
    assert notes.links(soup)[0]["title"] == "a <note> & more"  # the note text is escaped in the attribute


def test_a_mark_names_its_rows_in_the_markup_the_build_parses():
    mark = citations.mark(["fact-a", "fact-b"], "note")
    assert mark == '<sup class="cite"><a href="#fact-a" data-rows="fact-a fact-b" title="note">†</a></sup>'
    assert citations.calc_mark("calc-x", "n") == '<sup class="cite calc"><a href="#calc-x" title="n">†</a></sup>'
    soup = chapter(citations.run([mark, citations.calc_mark("calc-x", "n")]))
    assert len(notes.marks(soup)) == 2 and notes.next_mark(notes.marks(soup)[0]) is notes.marks(soup)[1]


def test_excerpts_one_inside_another_share_the_longer_note():
    from briefing.publish.notes import sharing

    long = "“We want that base back, one of the biggest air bases in the world” (Al Jazeera)"
    short = "“We want that base back” (Al Jazeera)"
    other = "“Bad things are going to happen” (Al Jazeera)"
    shared = sharing([short, other, long])
    assert shared[short] == long and shared[long] == long and shared[other] == other


def test_in_the_brief_computed_figures_share_one_note_listing_them_in_order():
    texts = {**TEXTS, "calc-y": "Computed: bearing, 40° (azimuth (forward), on the ellipsoid)."}
    soup = chapter(f"<p>x{cite('calc-y')} y{cite('b')} z{cite('calc-x')} w{cite('calc-y')}</p>")
    notes.number(soup, "ch", texts, pool_computed=True)
    assert [a.get_text() for a in soup.select("sup.cite a")] == ["1", "2", "1", "1"]
    items = soup.select("aside.notes li")
    assert [li["id"] for li in items] == ["ch-note-1", "ch-note-2"]
    assert (
        items[0]
        .get_text(" ", strip=True)
        .startswith("^ Computed for this brief (methods in the annex): bearing, 40°; distance, 5 km.")
    )
    assert soup.select("sup.cite a")[2]["title"] == "Computed: distance, 5 km."  # each mark keeps its own hover
    unpooled = chapter(f"<p>x{cite('calc-y')} z{cite('calc-x')}</p>")
    notes.number(unpooled, "ch", texts)
    assert len(unpooled.select("aside.notes li")) == 2


def test_each_note_links_back_to_its_first_mark_and_each_mark_to_its_note():
    texts = {**TEXTS, "fact-d": "Fourth fact", "fact-e": "Fifth fact"}
    soup = chapter(f"<p>x{cite('b')} y{cite('a')} z{cite('b')} w{cite('d', 'e', 'calc-x')}</p>")
    notes.number(soup, "ch", texts)
    assert [m.get_text() for m in soup.select("sup.cite")] == ["1", "2", "1", "3–5"]  # note 4 only in a range
    targets = []
    for item in soup.select("aside.notes li"):
        mark = soup.find(id=item.select_one("a.back")["href"][1:])
        number = int(item["id"].rsplit("-", 1)[1])
        assert mark is not None and number in notes.covered(mark)
        targets.append(mark)
    assert targets[0] is soup.select("sup.cite")[0] and targets[3] is targets[4]  # first mark; the range's mark
