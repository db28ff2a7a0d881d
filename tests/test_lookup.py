"""Finding a fact to cite without grepping data/: p.find, "did you mean" for a mistyped id, Tab completion
of ids in a real IPython shell, and build errors naming a cell as JupyterLab shows it."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from IPython.core.completer import provisionalcompleter
from IPython.testing.globalipapp import start_ipython

from briefing.analysis.data import facts
from briefing.analysis.writing import completion
from briefing.analysis.writing import prose as p
from briefing.publish.execute import cell_named
from helpers import FIXTURES, copy_project


@pytest.fixture
def mini(tmp_path: Path, use_project) -> Path:
    root = copy_project(FIXTURES / "mini", tmp_path / "mini")
    use_project(root)
    return root


def test_find_lists_the_facts_holding_every_word_with_id_table_statement_and_fields(mini: Path):
    found = p.find("north CITY")
    assert list(found.columns) == ["id", "table", "statement", "fields"]
    assert list(found["id"]) == ["dist-alpha"]  # its quote says "north of the city"; dist-beta's does not
    row = found.iloc[0]
    assert row["table"] == facts.index()["dist-alpha"]
    assert "quote: 44km (27 miles) north of the city" in row["fields"]
    assert len(p.find("city")) > 1
    assert p.find("no such words anywhere").empty


def test_a_mistyped_id_gets_did_you_mean(mini: Path):
    with pytest.raises(KeyError, match=r"no fact 'dist-alpah' in data/ \(did you mean 'dist-alpha'"):
        p.row("dist-alpah")
    with pytest.raises(KeyError, match=r"did you mean 'dist-beta'"):
        p.fact("dist-betta")
    with pytest.raises(KeyError, match=r"did you mean 'dist-alpha'"):
        p.mark("dist-alhpa")


def test_an_id_far_from_every_known_one_gets_no_guess(mini: Path):
    with pytest.raises(KeyError) as raised:
        p.row("zzzz")
    assert "did you mean" not in str(raised.value)


@pytest.fixture(scope="module")
def shell():
    """A real IPython shell in which a chapter imports the writing API (imported again here: this
    process imported it before any shell ran, and the matcher is added at import)."""
    ip = start_ipython()
    ip.run_cell("import importlib\nfrom briefing.analysis.writing import prose as p\nimportlib.reload(p)")
    return ip


def completed(shell, text: str) -> list[str]:
    with provisionalcompleter():
        return [c.text for c in shell.Completer.completions(text, len(text))]


def test_ids_complete_with_tab_inside_the_calls_that_take_them(mini: Path, shell):
    assert completed(shell, 'p.fact("dist-al') == ["dist-alpha"]
    assert sorted(completed(shell, "p.mark('dist-")) == ["dist-alpha", "dist-beta"]
    assert completed(shell, 'p.mark("dist-alpha", "dist-b') == ["dist-beta"]
    assert "dist-alpha" not in completed(shell, 'print("dist-al')  # not a call of the writing API


def test_the_completion_of_a_call_offers_only_ids_it_takes(mini: Path):
    assert completion.completions('p.fact("')[1] == sorted(facts.index())
    assert completion.completions('p.calc("dist-')[1] == []  # computed results only
    assert completion.completions("p.fact(x)") == ("", [])
    assert completion.completions('p.fact("dist-alpha", "dist-') == ("", [])  # the template is no id
    assert completion.completions('p.value("dist-') == ("", [])  # the text is no id
    assert completion.completions('p.value("44 km", "dist-a')[1] == ["dist-alpha"]


def test_calc_offers_the_computed_results_of_the_real_project(use_project):
    from briefing.analysis import computed
    from helpers import ROOT

    use_project(ROOT)
    typed, offered = completion.completions('p.calc("calc-border')
    assert offered and set(offered) <= set(computed.ids()) and all(i.startswith("calc-border") for i in offered)


def test_a_cell_is_named_by_its_kind_position_and_first_line():
    cells = [
        nbformat.v4.new_markdown_cell("# Title"),
        nbformat.v4.new_code_cell("import x\ny = 1"),
        nbformat.v4.new_markdown_cell("\nValue {eval}`y`."),
        nbformat.v4.new_code_cell("z = " + "1 + " * 40 + "1"),
    ]
    assert cell_named(cells, 1) == "code cell 1 ('import x')"
    assert cell_named(cells, 2) == "Markdown cell 2 ('Value {eval}`y`.')"
    named = cell_named(cells, 3)
    assert named.startswith("code cell 2 ('z = 1 + ") and named.endswith("…')") and len(named) < 80
