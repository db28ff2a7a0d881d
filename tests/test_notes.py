"""Endnotes: numbering, merging of adjacent marks, ranges, and note texts taken from the registers."""

from bs4 import BeautifulSoup

from briefing.publish import notes
from briefing.analysis import typography

REGISTER = ('<table><thead><tr><th>id</th><th>statement</th><th>quote</th></tr></thead>'
            '<tr id="fact-a"><td>a</td><td>First fact</td><td>quote a</td></tr>'
            '<tr id="fact-b"><td>b</td><td>Second fact</td><td></td></tr></table>'
            '<table><tr id="calc-x"><td>calc-x</td><td>Distance</td><td>5 km</td></tr></table>')


def cite(*ids):
    return "<wbr>".join(f'<sup class="cite"><a href="#fact-{i}">{i}</a></sup>' for i in ids)


def chapter(body: str) -> BeautifulSoup:
    return BeautifulSoup(f'<section class="chapter" id="ch">{body}</section>', "html.parser")


def test_marks_are_numbered_in_reading_order_and_reuse_numbers():
    soup = chapter(f"<p>x{cite('b')} y{cite('a')} z{cite('b')}</p>")
    notes.number(soup, "ch", notes.row_texts([BeautifulSoup(REGISTER, "html.parser")]))
    assert [a.get_text() for a in soup.select("sup.cite a")] == ["1", "2", "1"]
    items = soup.select("aside.notes li")
    assert [li["id"] for li in items] == ["ch-note-1", "ch-note-2"]
    assert items[0].get_text() == "b: Second fact"  # no quote cell: the row's other cells
    assert items[1].get_text() == "a: “quote a”"  # a claim's note carries its quote
    assert items[1].find("a")["href"] == "#fact-a"


def test_rows_without_a_header_give_their_cells():
    texts = notes.row_texts([BeautifulSoup(REGISTER, "html.parser")])
    assert texts["calc-x"] == "Distance — 5 km"


def test_adjacent_marks_share_one_bracket_and_runs_become_ranges():
    soup = chapter(f"<p>x{cite('a', 'b')} y{cite('a', 'b', 'c', 'd')}</p>")
    notes.number(soup, "ch", {})
    sups = soup.select("sup.cite")
    assert [s.get_text() for s in sups] == ["1, 2", "1–4"]


def test_a_chapter_without_citations_gets_no_note_list():
    soup = chapter("<p>No sources here.</p>")
    notes.number(soup, "ch", {})
    assert soup.find("aside") is None


def test_quotation_marks_inside_a_quoted_excerpt_become_single():
    assert typography.quoted("“We want that base back,” he said") == "“‘We want that base back,’ he said”"
    assert typography.quoted("opposed “the reestablishment of military bases”") == "“opposed ‘the reestablishment of military bases’”"
    assert typography.quoted("the president’s view") == "“the president’s view”"  # apostrophes stay


def test_marks_attach_to_the_word_before_them_and_spaced_marks_merge_in_order():
    soup = chapter(f"<p>built it {cite('a')}, then {cite('b')} and {cite('c')} {cite('a')} {cite('a')}. Evidence: {cite('b')}</p>")
    notes.number(soup, "ch", {})
    assert soup.find("p").get_text() == "built it1, then2 and1, 3. Evidence: 2"  # brackets are drawn by CSS
    assert [s.get_text() for s in soup.select("sup.cite")] == ["1", "2", "1, 3", "2"]


def test_a_text_shared_by_several_notes_is_printed_once():
    register = ('<table><thead><tr><th>id</th><th>quote</th></tr></thead>'
                '<tr id="fact-a"><td>a</td><td>one excerpt</td></tr><tr id="fact-b"><td>b</td><td>one excerpt</td></tr></table>')
    soup = chapter(f"<p>x{cite('a')} y{cite('b')}</p>")
    notes.number(soup, "ch", notes.row_texts([BeautifulSoup(register, "html.parser")]))
    assert [li.get_text() for li in soup.select("aside.notes li")] == ["a: “one excerpt”", "b: the same text as note 1."]
