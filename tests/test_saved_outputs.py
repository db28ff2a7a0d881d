"""A chapter saved from JupyterLab with its outputs: stripped on commit, executed and cached as a clean one."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from briefing import fingerprint
from briefing.paths import Project
from helpers import FIXTURES, ROOT, copy_project

CHAPTER = "01-distances.ipynb"


def save_with_outputs(path: Path) -> None:
    """What a save in JupyterLab adds: outputs, execution counts, user_expressions, cell and notebook metadata."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for count, cell in enumerate((c for c in nb["cells"] if c["cell_type"] == "code"), 1):
        cell["execution_count"] = count
        cell["outputs"] = [
            {"output_type": "stream", "name": "stdout", "text": ["stale output from an earlier run\\n"]},
            {
                "output_type": "execute_result",
                "execution_count": count,
                "metadata": {},
                "data": {"text/plain": ["'stale'"]},
            },
        ]
        cell["metadata"].update(
            user_expressions=[], execution={"iopub.status.busy": "2025-10-09T10:00:00Z"}, scrolled=True
        )
    nb["metadata"]["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")


def test_saving_with_outputs_changes_no_fingerprint_or_cache_key(mini: Path):
    chapter = mini / "notebooks" / CHAPTER
    package = ROOT / "src" / "briefing"
    before = fingerprint.inputs(mini, package)
    key = fingerprint.chapter_key(chapter, before)
    save_with_outputs(chapter)
    after = fingerprint.inputs(mini, package)
    assert after == before and fingerprint.chapter_key(chapter, after) == key
    nb = json.loads(chapter.read_text(encoding="utf-8"))
    nb["cells"][1]["source"] = ["# an edited cell\\n"] + nb["cells"][1]["source"]
    chapter.write_text(json.dumps(nb), encoding="utf-8")
    assert fingerprint.chapter_key(chapter, fingerprint.inputs(mini, package)) != key


def outputs_of(nb: nbformat.NotebookNode) -> list:
    return [
        [{k: v for k, v in o.items() if k != "execution_count"} for o in c.outputs]
        for c in nb.cells
        if c.cell_type == "code"
    ]


def test_a_chapter_saved_with_outputs_executes_as_a_clean_one(mini: Path, tmp_path: Path):
    from briefing.publish.execute import Runner

    clean = mini / "notebooks" / CHAPTER
    saved = tmp_path / CHAPTER
    shutil.copy(clean, saved)
    save_with_outputs(saved)
    results = []
    for path, name in ((clean, "clean"), (saved, "saved")):
        env = Project.at(mini, figures=tmp_path / name / "figures", side=tmp_path / name / "side").environment()
        result = Runner().run_one(path, env)
        assert result.ok, result.detail
        results.append(result.notebook)
    assert "stale" not in json.dumps(outputs_of(results[1]))
    assert outputs_of(results[1]) == outputs_of(results[0])


def make_strip_outputs(root: Path) -> subprocess.CompletedProcess:
    shutil.copy(ROOT / "Makefile", root / "Makefile")
    shutil.copy(ROOT / ".gitattributes", root / ".gitattributes")
    return subprocess.run(
        ["make", "-s", "strip-outputs", f"BIN={Path(sys.executable).parent}"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.skipif(shutil.which("make") is None or shutil.which("git") is None, reason="needs make and git")
def test_make_installs_nbstripout_so_a_commit_holds_no_outputs(tmp_path: Path):
    root = copy_project(FIXTURES / "mini", tmp_path / "repo")
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    git = lambda *a: subprocess.run(["git", *a], cwd=root, capture_output=True, text=True, check=True, env=env)  # noqa: E731
    git("init", "-q")
    result = make_strip_outputs(root)
    assert result.returncode == 0, result.stderr
    from briefing.publish.lab import saving

    assert git("config", "filter.nbstripout.extrakeys").stdout.strip() == " ".join(saving.KEYS)
    assert (root / ".gitattributes").read_text() == (ROOT / ".gitattributes").read_text(), "make rewrote .gitattributes"
    chapter = root / "notebooks" / CHAPTER
    save_with_outputs(chapter)
    git("add", "notebooks")
    blob = json.loads(git("show", f":notebooks/{CHAPTER}").stdout)
    code = [c for c in blob["cells"] if c["cell_type"] == "code"]
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in code)
    assert all("user_expressions" not in c["metadata"] and "execution" not in c["metadata"] for c in code)
    assert "widgets" not in blob["metadata"] and blob["metadata"]["kernelspec"]["name"] == "bagram-briefing"
    assert "stale output" in chapter.read_text(encoding="utf-8"), "the working copy keeps what the analyst saved"


def test_make_strip_outputs_does_not_fail_outside_a_git_checkout(tmp_path: Path):
    if subprocess.run(["git", "rev-parse", "--is-inside-work-tree"], cwd=tmp_path, capture_output=True).returncode == 0:
        pytest.skip("the temporary folder is inside a git checkout")
    result = make_strip_outputs(tmp_path)
    assert result.returncode == 0 and "not a git checkout" in result.stdout
