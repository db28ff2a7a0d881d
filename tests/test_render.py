"""The print edition: what the PDF is made from."""

import pytest
from bs4 import BeautifulSoup

from briefing.analysis.writing import prose as p
from briefing.publish.render import print_edition

DOC = (
    '<p>See <a href="#fact-a">a</a>, <a href="#calc-x">x</a> and <a href="https://example.org/">the web</a>.</p>'
    + p.screen_only(p.Block('<table><tr id="fact-a"><td>a</td></tr></table>', "a")).html
    + '<table><tr id="calc-x"><td>x</td></tr></table>'
    + p.print_only(p.paragraph("The register is in the HTML edition.")).html
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


def test_a_verbatim_block_is_passed_through_unparsed_and_put_back():
    from pathlib import Path

    from briefing.publish.render import outlined

    block = "<table><tr><td id='r1'>a &amp; b<td>unclosed</table>"  # kept byte for byte
    kept = p.verbatim(p.Block(block, "a table")).html
    chapter = outlined(f"<section><h1>T</h1><p>x</p>{kept}<h2>Next</h2></section>", Path("09-x.ipynb"))
    assert block not in str(chapter.soup) and block in chapter.html
    assert [s["title"] for s in chapter.sections] == ["Next"]


def test_a_verbatim_block_may_not_hide_a_citation_mark_or_a_heading():
    from pathlib import Path

    import pytest

    from briefing import citations
    from briefing.publish.render import outlined

    for hidden in (citations.mark(["fact-x"], "a note"), citations.calc_mark("calc-x", "a note"), "<h2>Hidden</h2>"):
        with pytest.raises(ValueError, match="09-x.ipynb: a verbatim block holds"):
            outlined(f"<section>{p.verbatim(p.Block(hidden, '')).html}</section>", Path("09-x.ipynb"))


def executed_notebook(*outputs):
    """A notebook of one code cell with ``outputs``, as a kernel leaves it."""
    import nbformat

    cell = nbformat.v4.new_code_cell("show()", outputs=list(outputs))
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Title"), cell])


def test_the_exporter_keeps_the_template_output_as_written():
    # no BeautifulSoup round trip after the template: HTML a chapter displays reaches assembly byte for byte
    from pathlib import Path

    import nbformat

    from briefing.publish.render import chapter_html

    table = "<table><tr><td id='r1'>a &amp; b<td>unclosed</table>"
    html = chapter_html(
        executed_notebook(nbformat.v4.new_output("display_data", data={"text/html": table})), Path("09-x.ipynb")
    )
    assert html.startswith('<section class="chapter" id="09-x">')
    assert table in html and "show()" not in html


def test_a_widget_without_its_state_falls_back_to_the_next_format():
    from pathlib import Path

    import nbformat

    from briefing.publish.render import chapter_html

    widget = {"model_id": "abc", "version_major": 2, "version_minor": 0}
    data = {"application/vnd.jupyter.widget-view+json": widget, "text/html": "<p>fallback</p>"}
    nb = executed_notebook(nbformat.v4.new_output("display_data", data=data))
    assert "<p>fallback</p>" in chapter_html(nb, Path("09-x.ipynb"))


def test_the_exporter_renders_a_whole_page_through_nbconverts_api(tmp_path):
    import nbformat

    from briefing.publish.render import BriefingExporter

    nb = executed_notebook(nbformat.v4.new_output("display_data", data={"text/html": "<p>shown</p>"}))
    path = tmp_path / "chapter.ipynb"
    nbformat.write(nb, path)
    html, resources = BriefingExporter().from_filename(str(path))
    assert html.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in html
    assert "<title>chapter</title>" in html and "<p>shown</p>" in html
    assert "<script" not in html.lower() and resources["output_extension"] == ".html"


def test_a_cell_ending_with_a_block_shows_it_as_displaying_it_does():
    """A cell's last value (execute_result) renders as a displayed one (display_data) does; its plain text does not."""
    from pathlib import Path

    import nbformat

    from briefing.publish.render import chapter_html

    bundle = {"text/html": '<div class="shown">block</div>', "text/plain": "PLAIN TEXT"}
    new = nbformat.v4
    nb = new.new_notebook(
        cells=[
            new.new_code_cell("block", outputs=[new.new_output("execute_result", data=bundle, execution_count=1)]),
            new.new_code_cell("display(block)", outputs=[new.new_output("display_data", data=bundle)]),
        ]
    )
    html = chapter_html(nb, Path("09-x.ipynb"))
    assert html.count('<div class="output"><div class="shown">block</div></div>') == 2
    assert "PLAIN TEXT" not in html


@pytest.mark.slow
def test_the_tagged_pdf_is_the_same_bytes_in_every_process(tmp_path):
    """PDF/UA tags name table headers; two processes must still write the same bytes for the same HTML."""
    import subprocess
    import sys

    from pypdf import PdfReader

    html = (
        "<html lang='en'><head><title>T</title></head><body><h1>A</h1>"
        "<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>"
        "<figure><img alt='a dot' src='data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='></figure>"
        "</body></html>"
    )
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    script = (
        "import sys; from pathlib import Path; from briefing.publish.render import write_pdf;"
        "write_pdf(Path(sys.argv[1]).read_text(), Path(sys.argv[2]), Path(sys.argv[3]))"
    )
    outputs = []
    for k in range(2):
        target = tmp_path / f"{k}.pdf"
        subprocess.run(
            [sys.executable, "-c", script, str(tmp_path / "page.html"), str(target), str(tmp_path)], check=True
        )
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
    catalog = PdfReader(tmp_path / "0.pdf").trailer["/Root"]
    assert "/StructTreeRoot" in catalog and catalog["/Lang"] == "en"
