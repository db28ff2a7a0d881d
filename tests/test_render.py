"""The print edition: what the PDF is made from."""

from bs4 import BeautifulSoup

from briefing.analysis import narrative as n
from briefing.publish.render import print_edition

DOC = (
    '<p>See <a href="#fact-a">a</a>, <a href="#calc-x">x</a> and <a href="https://example.org/">the web</a>.</p>'
    + n.screen_only('<table><tr id="fact-a"><td>a</td></tr></table>')
    + '<table><tr id="calc-x"><td>x</td></tr></table>'
    + n.print_only(n.paragraph("The register is in the HTML edition."))
)


def test_screen_only_blocks_are_left_out_and_print_only_blocks_kept():
    soup = BeautifulSoup(print_edition(DOC), "html.parser")
    assert soup.find(id="fact-a") is None and soup.select(".screen-only") == []
    assert soup.find(id="calc-x") is not None
    assert "The register is in the HTML edition." in soup.select_one(".print-only").get_text()


def test_links_to_what_was_left_out_become_text_and_others_stay_links():
    soup = BeautifulSoup(print_edition(DOC), "html.parser")
    hrefs = [a["href"] for a in soup.find_all("a")]
    assert hrefs == ["#calc-x", "https://example.org/"]
    assert soup.find("p").get_text() == "See a, x and the web."


def test_a_document_without_screen_only_blocks_keeps_every_element():
    plain = '<p id="p1">Text <a href="#p1">self</a></p>'
    assert BeautifulSoup(print_edition(plain), "html.parser").find("a")["href"] == "#p1"
