"""The writing API of chapters: inline values and blocks that display themselves, strings always escaped."""

import re

import pandas as pd
import pytest

from briefing import citations
from briefing.analysis.writing import prose as p
from helpers import ROOT


@pytest.fixture
def project(monkeypatch):
    monkeypatch.setenv("BRIEFING_ROOT", str(ROOT))


def test_inline_pieces_join_and_strings_beside_them_are_words():
    joined = "a < b " + p.Inline("<b>x</b>", "x") + " & c"
    assert joined.html == "a &lt; b <b>x</b> &amp; c" and joined.text == "a < b x & c"
    assert repr(joined) == str(joined) == "a < b x & c"


def test_a_value_without_a_source_is_refused():
    with pytest.raises(ValueError, match="needs a fact id"):
        p.value("12 km")


def test_values_and_marks_cite_facts_and_computed_results(project):
    fact = p.value("about 50 km", "dist-bagram-kabul")
    assert fact.text == "about 50 km" and fact.html.startswith('<span class="num">about 50 km</span><sup class="cite">')
    assert f'{citations.ROWS_ATTRIBUTE}="fact-dist-bagram-kabul"' in fact.html
    long = p.value("a phrase longer than a figure can be", "dist-bagram-kabul")
    assert long.html.startswith('<span class="num words">')
    both = p.mark("calc-origin-reference-city", "dist-bagram-kabul")
    assert both.text == "" and both.html.index('class="cite"') < both.html.index('class="cite calc"')
    with pytest.raises(KeyError, match="no-such-fact"):
        p.mark("no-such-fact")


def test_a_table_escapes_strings_and_shows_inline_values_and_html_columns_as_they_are():
    frame = pd.DataFrame(
        {"id": ["r1"], "words": ["<i>not markup</i>"], "value": [p.Inline("<b>1</b>", "1")], "made": ["<em>ok</em>"]}
    )
    block = p.table(frame, "Rivers & <lakes>", html_columns=["made"], row_ids="id")
    assert "<td>&lt;i&gt;not markup&lt;/i&gt;</td><td><b>1</b></td><td><em>ok</em></td>" in block.html
    assert "<caption>Rivers &amp; &lt;lakes&gt;</caption>" in block.html
    assert 'aria-label="Rivers &amp; &lt;lakes&gt;"' in block.html and '<tr id="fact-r1">' in block.html
    assert block._repr_html_() == block.html and repr(block) == "Table (1 rows): Rivers & <lakes>"


def test_blocks_show_in_order_and_their_text_prints_no_object_address():
    one, two = p.paragraph("x & y", p.Inline("<b>1</b>", "1")), p.paragraph("z")
    shown = p.blocks(one, two)
    assert shown.html == "<p>x &amp; y <b>1</b></p>\n<p>z</p>"
    assert not re.search(r" at 0x[0-9a-f]+", repr(shown))
    assert p.screen_only(one).html == f'<div class="{citations.SCREEN_ONLY}">{one.html}</div>'
    assert p.print_only(one, two).html == f'<div class="{citations.PRINT_ONLY}">{one.html}{two.html}</div>'
    start, end = citations.VERBATIM
    assert p.verbatim(one).html == f"{start}{one.html}{end}"
