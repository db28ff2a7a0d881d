"""Chapter notebooks: committed clean, on the project's kernel, thin, runnable on their own."""

from __future__ import annotations

import ast
import re
import subprocess
from pathlib import Path

import nbformat
import pytest

from briefing.paths import Project
from helpers import ROOT, built_sentences, code_of, definitions, typed_ids, typed_numbers

KERNEL = "bagram-briefing"
CHAPTERS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))


def test_there_are_chapters():
    assert CHAPTERS, "no chapter notebooks found"


def committed(path: Path) -> nbformat.NotebookNode:
    """The notebook as git holds it in the index (what a commit records), not as last saved.

    An analyst may save a chapter with its outputs: the nbstripout filter strips them on the way in.
    Outside a git checkout, or for a chapter git does not know yet, the file itself is read.
    """
    rel = path.relative_to(ROOT).as_posix()
    try:
        raw = subprocess.run(["git", "show", f":{rel}"], cwd=ROOT, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        raw = path.read_bytes()
    return nbformat.reads(raw.decode("utf-8"), as_version=4)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_is_committed_without_outputs(path):
    nb = committed(path)
    for index, cell in enumerate(nb.cells, 1):
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"cell {index} carries outputs"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_names_the_project_kernel(path):
    assert nbformat.read(path, as_version=4).metadata["kernelspec"]["name"] == KERNEL


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_starts_with_its_title_and_reads_no_files_directly(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.cells[0].cell_type == "markdown" and re.match(r"# \S", nb.cells[0].source)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "read_csv" not in code and "open(" not in code
    assert not re.search(r"[\"'](/|[A-Z]:\\)", code), "absolute path in a chapter"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_no_cell_ends_with_a_write_whose_result_jupyterlab_would_show(path):
    """A cell's last expression is displayed: Path.write_text there shows a byte count under the cell."""
    writes = {"write_text", "write_bytes", "write"}
    for index, cell in enumerate(nbformat.read(path, as_version=4).cells, 1):
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        last = ast.parse(cell.source).body[-1]
        call = last.value if isinstance(last, ast.Expr) else None
        shown = isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr in writes
        assert not shown, f"cell {index} ends with .{call.func.attr}(...), whose return value JupyterLab shows"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_cell_has_an_id(path):
    """Every cell carries an id (nbformat 4.5), as JupyterLab saves it."""
    import json

    assert all(cell.get("id") for cell in json.loads(path.read_text(encoding="utf-8"))["cells"])


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_prose_cells_type_no_number_and_no_id(path):
    """Numbers in the narrative come from data through inline expressions; the Markdown types none, nor an id."""
    nb = nbformat.read(path, as_version=4)
    for index, cell in enumerate(nb.cells, 1):
        if cell.cell_type == "markdown":
            assert typed_numbers(cell.source) == [], f"cell {index} types a number into prose"
            assert typed_ids(cell.source) == [], f"cell {index} shows an id to the reader"


@pytest.mark.slow
def test_what_changed_chapter_lists_a_fact_changed_since_the_previous_edition(tmp_path):
    """The real chapter, run twice: the second run compares with a doctored earlier edition."""
    import json

    from briefing.publish.execute import Runner
    from helpers import copy_project, run_cli

    root = copy_project(ROOT, tmp_path / "p")
    chapter = root / "notebooks" / "11-what-changed.ipynb"
    env = Project.at(root, figures=tmp_path / "figures", side=tmp_path / "side").environment()
    first = Runner().run_one(chapter, env)
    assert first.ok, first.detail
    assert not (tmp_path / "side" / "edition-snapshot.json").exists()  # the build writes the snapshot, not a chapter
    result = run_cli(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    snap = json.loads((root / "reports" / "edition-snapshot.json").read_text(encoding="utf-8"))
    fact_id = sorted(snap["facts"])[0]
    column = next(c for c in sorted(snap["facts"][fact_id]) if c != "table")
    snap["facts"][fact_id][column] = "an earlier value"
    snap["inputs"] = "earlier-inputs"
    old = root / "reports" / "editions" / "earlier"
    old.mkdir(parents=True)
    (old / "edition-snapshot.json").write_text(json.dumps(snap), encoding="utf-8")
    second = Runner().run_one(chapter, env)
    assert second.ok, second.detail
    html = "".join(
        o.get("data", {}).get("text/html", "")
        for c in second.notebook.cells
        if c.cell_type == "code"
        for o in c.outputs
    )
    assert "Facts changed" in html and "an earlier value" in html  # the old value, in words
    assert f"<td>{fact_id}</td>" not in html and f">{fact_id}<" not in html  # no ids in the chapter's text


#: Chapters written before the rule below, and what each still does: expected to fail (strictly, so that a
#: chapter whose code cells are rewritten to pass fails here until it is taken off this list).
NOT_YET_THIN = {
    "01-brief": "builds a sentence in an f-string",
    "04-claim-checks": "builds its chart's alt text in code",
    "07-timeline": "defines draw()",
    "09-competing-explanations": "defines evidence()",
    "12-fact-base": "builds a sentence in an f-string",
}


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(p, marks=pytest.mark.xfail(reason=NOT_YET_THIN[p.stem], strict=True))
        if p.stem in NOT_YET_THIN
        else p
        for p in CHAPTERS
    ],
    ids=lambda p: p.stem,
)
def test_chapter_code_computes_and_its_prose_lives_in_markdown(path):
    """A chapter's code calls the package and shows what it returns: no function or class of its own, and
    no sentence put together from pieces (the words belong in a Markdown cell, around inline expressions)."""
    code = code_of(path)
    assert [d for source in code for d in definitions(source)] == []
    assert [s for source in code for s in built_sentences(source)] == []
