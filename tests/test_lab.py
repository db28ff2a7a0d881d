"""JupyterLab as ``make lab`` runs it, without a browser: chapters saved after a run leave git clean,
the server settings end kernels and offer only the project's, and the prebuilt extension is the one
built from labextension/ for the locked JupyterLab. (In Chromium: tests/test_e2e_lab.py.)"""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import nbformat
import pytest
from packaging.requirements import Requirement
from traitlets.config.loader import PyFileConfigLoader

from briefing import fingerprint, paths, reads
from briefing.publish import lab
from briefing.publish.lab import saving
from briefing.publish.lab.contents import ChapterContents
from gitrepo import commit_with_filter, git
from helpers import ROOT

CHAPTERS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
SOURCE = ROOT / "labextension" / "package.json"
BUILT = lab.EXTENSIONS / "briefing-lab" / "package.json"


def after_a_run(chapter: Path, python: str = "3.12.3") -> dict:
    """The chapter as JupyterLab sends it to be saved after Run All: outputs, counts, timings, the
    expressions' values and the kernel's language_info (of another Python than the committed one)."""
    nb = json.loads(chapter.read_text(encoding="utf-8"))
    for count, cell in enumerate(nb["cells"], start=1):
        if cell["cell_type"] == "code":
            cell["execution_count"] = count
            cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["run\n"]}]
            cell["metadata"]["execution"] = {"iopub.status.busy": "2025-10-12T09:00:00.000Z"}
        else:
            result = {"data": {"text/plain": "'42'"}, "metadata": {}, "status": "ok"}
            cell["metadata"]["user_expressions"] = [{"expression": "6 * 7", "result": result}]
    nb["metadata"]["language_info"] = {
        "codemirror_mode": {"name": "ipython", "version": 3},
        "file_extension": ".py",
        "mimetype": "text/x-python",
        "name": "python",
        "nbconvert_exporter": "python",
        "pygments_lexer": "ipython3",
        "version": python,
    }
    return nb


def save_as_jupyterlab(chapter: Path, nb: dict, hook: bool) -> None:
    """Write a notebook as jupyter_server's contents manager does, through the project's pre-save hook or not."""
    model = {"type": "notebook", "content": nb}
    if hook:
        saving.strip_run(model=model, path=chapter.name)
    nbformat.write(nbformat.from_dict(model["content"]), chapter, version=nbformat.NO_CONVERT)


#: The first chapter and the last (each run of git's filter starts a Python: two keep the test short).
SAMPLE = [CHAPTERS[0], CHAPTERS[-1]]


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """Copies of the sample chapters, committed in a git repository with the project's notebook filter."""
    (tmp_path / "notebooks").mkdir()
    for chapter in SAMPLE:
        shutil.copy(chapter, tmp_path / "notebooks" / chapter.name)
    commit_with_filter(tmp_path)
    return tmp_path


def test_chapters_saved_after_a_run_leave_git_status_clean(repository: Path):
    for chapter in SAMPLE:
        path = repository / "notebooks" / chapter.name
        save_as_jupyterlab(path, after_a_run(path), hook=True)
    assert git(repository, "status", "--porcelain") == ""


def test_the_git_filter_commits_nothing_of_a_run_saved_elsewhere(repository: Path):
    """Saved by a JupyterLab without the project's settings, a run shows in git status (git trusts a changed
    size) but the filter leaves nothing of it to commit: no output, value or Python version."""
    chapter = repository / "notebooks" / CHAPTERS[0].name
    save_as_jupyterlab(chapter, after_a_run(chapter, python="3.13.1"), hook=False)
    assert git(repository, "diff") == ""
    git(repository, "add", "--all")
    assert git(repository, "status", "--porcelain") == ""


def test_the_save_hook_strips_as_the_git_filter_does(tmp_path: Path):
    chapter = tmp_path / CHAPTERS[0].name
    nb = after_a_run(CHAPTERS[0])
    chapter.write_text(json.dumps(nb), encoding="utf-8")
    keys = subprocess.run(
        [sys.executable, "-m", "briefing.publish.lab.saving"], capture_output=True, text=True, check=True
    ).stdout.strip()
    filtered = subprocess.run(
        [sys.executable, "-m", "nbstripout", "--extra-keys", keys, "-t", str(chapter)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    save_as_jupyterlab(chapter, nb, hook=True)
    assert chapter.read_text(encoding="utf-8") == filtered
    assert filtered.rstrip("\n") == CHAPTERS[0].read_text(encoding="utf-8").rstrip("\n"), "as committed"


@pytest.fixture
def built_chapter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project holding the first chapter and, in its build cache, an executed copy with values that
    read one data file (data/notes.txt)."""
    monkeypatch.delenv("BRIEFING_ROOT", raising=False)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "datapackage.json").write_text("{}")
    (tmp_path / "data" / "notes.txt").write_text("as built\n")
    (tmp_path / "notebooks").mkdir()
    chapter = tmp_path / "notebooks" / CHAPTERS[0].name
    shutil.copy(CHAPTERS[0], chapter)
    prints = fingerprint.inputs(tmp_path, paths.package_dir())
    run = tmp_path / ".build" / "cache" / fingerprint.chapter_key(chapter, prints) / "reads"
    run.mkdir(parents=True)
    (run / "notebook.ipynb").write_text(json.dumps(after_a_run(chapter)), encoding="utf-8")
    read = {"file:data/notes.txt": reads.file_print(tmp_path / "data" / "notes.txt")}
    (run / "reads.json").write_text(json.dumps(read), encoding="utf-8")
    return chapter


def test_a_chapter_opens_with_the_last_builds_values_and_is_saved_as_committed(built_chapter: Path):
    manager = ChapterContents(root_dir=str(built_chapter.parent), pre_save_hook="briefing.publish.lab.saving.strip_run")
    model = asyncio.run(manager.get(built_chapter.name))
    cells = model["content"]["cells"]
    markdown = [c for c in cells if c["cell_type"] == "markdown"]
    setup = [c for c in cells if "remove-cell" in c["metadata"].get("tags", [])]
    assert markdown and all(c["metadata"]["user_expressions"][0]["expression"] == "6 * 7" for c in markdown)
    assert all(c["metadata"]["trusted"] for c in markdown), "the build's values render as HTML"
    assert setup and all(c["metadata"]["jupyter"]["source_hidden"] for c in setup)
    committed = built_chapter.read_bytes()
    asyncio.run(manager.save({"type": "notebook", "format": "json", "content": model["content"]}, built_chapter.name))
    assert built_chapter.read_bytes() == committed


def test_a_chapter_edited_since_the_build_opens_without_values(built_chapter: Path):
    nb = json.loads(built_chapter.read_text(encoding="utf-8"))
    nb["cells"][0]["source"] = "# Another title\n"
    built_chapter.write_text(json.dumps(nb), encoding="utf-8")
    model = asyncio.run(ChapterContents(root_dir=str(built_chapter.parent)).get(built_chapter.name))
    assert not any("user_expressions" in c["metadata"] for c in model["content"]["cells"])


def test_a_chapter_whose_data_changed_since_the_build_opens_without_values(built_chapter: Path):
    (built_chapter.parent.parent / "data" / "notes.txt").write_text("edited since\n")
    model = asyncio.run(ChapterContents(root_dir=str(built_chapter.parent)).get(built_chapter.name))
    assert not any("user_expressions" in c["metadata"] for c in model["content"]["cells"])


def server_settings():
    return PyFileConfigLoader("jupyter_server_config.py", path=str(lab.CONFIG)).load_config()


def makefile_kernel() -> str:
    return re.search(r"^KERNEL\s*:=\s*(\S+)", (ROOT / "Makefile").read_text(), re.M).group(1)


def test_only_the_projects_kernel_is_offered_and_every_chapter_names_it():
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyterlab.labapp import LabApp

    kernel = makefile_kernel()
    assert {json.loads(p.read_text())["metadata"]["kernelspec"]["name"] for p in CHAPTERS} == {kernel}
    app = LabApp()
    app.parse_command_line(lab.command(ROOT / "notebooks")[2:])
    assert KernelSpecManager(config=app.config).allowed_kernelspecs == {kernel}
    assert app.config.MappingKernelManager.default_kernel_name == kernel


def test_kernels_end_when_their_notebook_closes_and_idle_ones_are_culled():
    config = server_settings()
    overrides = json.loads(Path(config.LabApp.app_settings_dir, "overrides.json").read_text())
    assert overrides["@jupyterlab/notebook-extension:tracker"]["kernelShutdown"] is True
    assert 0 < config.MappingKernelManager.cull_idle_timeout <= 3600
    assert config.MappingKernelManager.cull_connected is False  # an open tab's kernel keeps its state


def test_chapters_are_opened_and_saved_through_the_projects_contents_manager():
    config = server_settings()
    assert config.ServerApp.contents_manager_class == "briefing.publish.lab.contents.ChapterContents"
    assert config.ContentsManager.pre_save_hook == "briefing.publish.lab.saving.strip_run"


def test_the_project_settings_come_first_on_the_config_path():
    env = lab.environment({"JUPYTER_CONFIG_PATH": "/elsewhere", "HOME": "/home/analyst"})
    assert env["JUPYTER_CONFIG_PATH"].split(":") == [str(lab.CONFIG), "/elsewhere"]
    assert env["HOME"] == "/home/analyst"
    assert server_settings().LabApp.extra_labextensions_path == [str(lab.EXTENSIONS)]


def without(mapping: dict, key: str) -> dict:
    return {k: v for k, v in mapping.items() if k != key}


def test_the_extension_is_built_from_its_source_and_replaces_the_myst_executor():
    source, built = json.loads(SOURCE.read_text()), json.loads(BUILT.read_text())
    assert without(built, "jupyterlab") == without(source, "jupyterlab")
    assert without(built["jupyterlab"], "_build") == source["jupyterlab"]
    assert (BUILT.parent / built["jupyterlab"]["_build"]["load"]).is_file()
    assert built["jupyterlab"]["disabledExtensions"] == ["jupyterlab-myst:executor"]


def project_dependencies() -> list[str]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]


def test_the_extension_targets_the_locked_jupyterlab(tmp_path: Path):
    lock = (ROOT / "requirements" / "lock-py{}.{}.txt".format(*sys.version_info[:2])).read_text()
    series = re.search(r"^jupyterlab==(\d+\.\d+)\.", lock, re.M).group(1)
    assert json.loads(SOURCE.read_text())["dependencies"]["@jupyterlab/application"].startswith(f"~{series}.")
    allowed = Requirement(next(r for r in project_dependencies() if Requirement(r).name == "jupyterlab")).specifier
    major, minor = map(int, series.split("."))
    assert f"{series}.0" in allowed, "the package allows the series the extension is built for"
    assert f"{major}.{minor - 1}.99" not in allowed and f"{major}.{minor + 1}.0" not in allowed, "and only that"
    (tmp_path / "labextensions").mkdir()
    (tmp_path / "labextensions" / "briefing-lab").symlink_to(BUILT.parent)
    listed = subprocess.run(
        [sys.executable, "-m", "jupyter", "labextension", "list"],
        env={"PATH": str(Path(sys.executable).parent), "JUPYTER_PATH": str(tmp_path), "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
    )
    out = listed.stdout + listed.stderr
    assert listed.returncode == 0 and re.search(r"briefing-lab v\S+ \S*enabled\S* \S*OK", out), out
    assert "not compatible" not in out
