"""The project's paths: one Project value, found once, passed by the build to what it runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing import paths
from briefing.paths import Project


def make_project(root: Path) -> Path:
    (root / "data").mkdir(parents=True)
    (root / "data" / "datapackage.json").write_text("{}", encoding="utf-8")
    (root / "notebooks").mkdir()
    return root


def test_a_project_is_found_from_a_folder_inside_it_and_writes_under_the_build_folder(tmp_path):
    root = make_project(tmp_path / "p")
    found = Project.find(root / "notebooks", environ={})
    assert found.root == root.resolve()
    assert found.figures == root.resolve() / ".build" / "interactive" / "figures"  # never figures/
    assert found.side == root.resolve() / ".build" / "interactive" / "side"  # never reports/
    with pytest.raises(FileNotFoundError, match="datapackage.json"):
        Project.find(tmp_path, environ={})


def test_the_environment_names_the_project_and_round_trips(tmp_path):
    root = make_project(tmp_path / "p")
    staged = Project(root.resolve(), tmp_path / "stage" / "figures", tmp_path / "stage" / "side")
    assert Project.find(tmp_path, environ=staged.environment()) == staged


def test_a_process_finds_its_project_once_and_again_when_told_of_another(tmp_path, monkeypatch):
    a, b = make_project(tmp_path / "a"), make_project(tmp_path / "b")
    monkeypatch.setenv("BRIEFING_ROOT", str(a))
    first = paths.project()
    assert paths.project() is first and paths.data_dir() == a.resolve() / "data"
    monkeypatch.setenv("BRIEFING_ROOT", str(b))
    assert paths.root() == b.resolve()


def test_paths_are_shown_relative_to_the_root(tmp_path):
    project = Project.at(make_project(tmp_path / "p"))
    assert project.relative(project.notebooks / "01-x.ipynb") == "notebooks/01-x.ipynb"
    assert project.relative(tmp_path / "elsewhere.txt") == "elsewhere.txt"  # never a machine path


def test_side_file_names_are_plain_and_never_the_build_s_own(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_SIDE", str(tmp_path))
    assert paths.side_file("checks.csv") == tmp_path / "checks.csv"
    assert paths.write_side_file("notes.txt", "é\n") is None
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "é\n"
    for bad in ("briefing.html", "manifest.json", "edition-snapshot.json", "../x.csv", "sub/x.csv", ".hidden", ""):
        with pytest.raises(ValueError):
            paths.side_file(bad)
