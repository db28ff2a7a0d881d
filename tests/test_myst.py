"""MyST inline expressions: found in Markdown, evaluated in the chapter's kernel, rendered by the exporter."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from briefing.publish import myst
from briefing.publish.execute import Runner
from briefing.publish.render import chapter_fragment
from helpers import FIXTURES, copy_project

OK = {"status": "ok", "data": {"text/plain": "42"}, "metadata": {}}


def test_expressions_are_found_in_reading_order_including_tables_and_headings():
    source = "## {eval}`title`\n\nIt is {eval}`a` and {eval}`b + 1`.\n\n| x |\n|---|\n| {eval}`c` |\n"
    assert myst.expressions(source) == ["title", "a", "b + 1", "c"]


def test_code_spans_are_not_expressions():
    assert myst.expressions("Write `{eval}` roles like ``{eval}`x` ``.") == []


@pytest.mark.parametrize(
    "source, words",
    [
        ("A {math}`x^2` role.", "MyST role {math} is not supported"),
        ("```{note}\nA note.\n```\n", "MyST directive {note} is not supported"),
    ],
)
def test_other_myst_constructs_are_refused_in_one_line(source, words):
    with pytest.raises(myst.MystError, match=words.replace("{", r"\{").replace("}", r"\}")):
        myst.expressions(source)


def test_results_replace_the_roles_html_first_and_plain_text_escaped():
    results = [
        {"expression": "a", "result": {"status": "ok", "data": {"text/plain": "<x>", "text/html": "<b>7</b>"}}},
        {"expression": "b", "result": {"status": "ok", "data": {"text/plain": "1 < 2"}}},
    ]
    html = myst.to_html("A {eval}`a`, B {eval}`b`.", results)
    assert html.strip() == "<p>A <b>7</b>, B 1 &lt; 2.</p>"
    assert "{eval}" not in html


def test_an_unevaluated_expression_never_reaches_a_reader():
    with pytest.raises(myst.MystError, match="was not evaluated"):
        myst.to_html("A {eval}`a`.", [])


@pytest.mark.parametrize(
    "result, problem",
    [
        ({"status": "error", "ename": "KeyError", "evalue": "'x'\nmore"}, "KeyError: 'x'"),
        ({"status": "ok", "data": {"text/html": "<div>block</div>"}}, "block of HTML"),
        ({"status": "ok", "data": {"text/plain": "<Thing at 0x7f00aa>"}}, "object address"),
        (OK, ""),
    ],
)
def test_results_that_cannot_stand_in_a_sentence_are_named(result, problem):
    assert (myst.inline_problem(result) == problem) if not problem else problem in myst.inline_problem(result)


def notebook(tmp_path: Path, markdown: str, code: str = "x = 41") -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata.kernelspec = {
        "name": "bagram-briefing",
        "display_name": "Python (Bagram briefing)",
        "language": "python",
    }
    nb.cells = [
        nbformat.v4.new_code_cell(code),
        nbformat.v4.new_markdown_cell(markdown),
        nbformat.v4.new_code_cell("x = 0"),
    ]
    path = tmp_path / "01-test.ipynb"
    nbformat.write(nb, path)
    return path


def test_the_executor_evaluates_after_the_cells_above_and_stores_jupyterlab_myst_metadata(tmp_path, use_project):
    root = copy_project(FIXTURES / "mini", tmp_path / "mini")
    use_project(root)
    result = Runner().run_one(notebook(tmp_path, "# T\n\nx + 1 is {eval}`x + 1`."))
    assert result.ok, result.error
    stored = result.notebook.cells[1].metadata["user_expressions"]
    assert stored == [{"expression": "x + 1", "result": {"status": "ok", "data": {"text/plain": "42"}, "metadata": {}}}]
    html = str(chapter_fragment(result.notebook, tmp_path / "01-test.ipynb").soup)
    assert "x + 1 is 42." in html  # evaluated before the cell below set x to 0


def test_a_failing_expression_stops_the_chapter_with_one_line(tmp_path, use_project):
    root = copy_project(FIXTURES / "mini", tmp_path / "mini")
    use_project(root)
    result = Runner().run_one(notebook(tmp_path, "Value {eval}`undefined_name`."))
    assert (
        result.error
        == "Markdown cell 1 ('Value {eval}`undefined_name`.'): expression `undefined_name`: NameError: name 'undefined_name' is not defined"
    )
