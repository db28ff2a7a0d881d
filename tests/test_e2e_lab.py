"""End to end in JupyterLab as ``make lab`` runs it (the project's settings and extension), in Chromium:
a new ``{eval}`` shows its value on the first run; reading, running and saving a chapter leaves git
clean; closing a notebook ends its kernel; only the project's kernel is offered.

Needs /usr/bin/chromium (tests/e2e/install-tools.sh installs it). Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import time

import pytest

import labdriver
from gitrepo import commit_with_filter, git
from helpers import ARTIFACTS, ROOT, copy_project

pytestmark = pytest.mark.e2e

#: The print brief: it has a setup cell, which opens collapsed (and must be saved as committed).
CHAPTER = "01-brief.ipynb"
#: The chapter the analyst's edits are typed into (another, so that nothing of them can reach CHAPTER).
EDITED = "08-voices.ipynb"


@pytest.fixture(scope="module")
def browser():
    yield from labdriver.chromium()


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """The project's JupyterLab serving a copy of the chapters kept in a git repository with the project's filter."""
    root = copy_project(ROOT, tmp_path_factory.mktemp("lab"))
    commit_with_filter(root)
    for url in labdriver.serve(root, tmp_path_factory.mktemp("lab-home")):
        yield url, root


def markdown_cell_below(page, text: str) -> None:
    """Add a Markdown cell below the active one and type ``text`` into it, as an analyst does."""
    cells = page.locator(".jp-Notebook .jp-Cell").count()
    page.locator(".jp-NotebookPanel-toolbar [data-command='notebook:insert-cell-below']").click()
    page.wait_for_function("n => document.querySelectorAll('.jp-Notebook .jp-Cell').length > n", arg=cells)
    page.locator(".jp-NotebookPanel-toolbar select").select_option("markdown")
    page.wait_for_selector(".jp-Notebook .jp-Cell.jp-mod-active.jp-MarkdownCell")
    page.locator(".jp-Cell.jp-mod-active .cm-content").click()
    page.keyboard.type(text)


def edit(page, cell) -> None:
    """Open a rendered Markdown cell's editor as an analyst does: select the cell, press Enter.

    Under load the first Enter can arrive before the click has made the cell active (the editor stays
    hidden); an analyst would press it again, and so does this, a few times at most.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    editor = cell.locator(".cm-editor.cm-focused")
    for _ in range(3):
        page.keyboard.press("Escape")  # the run left the notebook editing the cell below
        cell.click()
        page.wait_for_function("() => document.querySelector('.jp-MarkdownCell.jp-mod-active') !== null")
        page.keyboard.press("Enter")
        try:
            editor.wait_for(state="visible", timeout=10_000)
            return
        except PlaywrightTimeout:
            continue
    editor.wait_for(state="visible")


def prose_shows(page, text: str, timeout: int = 60_000) -> None:
    """Wait for the rendered prose to show ``text``; fail with what the edited cell shows instead."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(
            "t => [...document.querySelectorAll('.jp-MarkdownCell .myst')].some(e => e.innerText.includes(t))",
            arg=text,
            timeout=timeout,
        )
    except PlaywrightTimeout:
        shown = page.locator(".jp-MarkdownCell.jp-mod-active").inner_text()
        pytest.fail(f"the prose does not show {text!r} after one run; the cell shows {shown!r}")


def test_a_new_expression_shows_its_value_on_the_first_run(lab, browser):
    url, _ = lab
    page = labdriver.open_chapter(browser, url, EDITED)
    try:
        page.locator(".jp-Notebook .jp-Cell").last.click()
        markdown_cell_below(page, "Forty-two is {eval}`6 * 7` exactly.")
        page.keyboard.press("Shift+Enter")
        prose_shows(page, "Forty-two is 42 exactly.")
        # an edited expression too: the cell holds a new one, run once
        edit(page, page.locator(".jp-MarkdownCell", has_text="Forty-two is"))
        page.keyboard.press("ControlOrMeta+a")
        page.keyboard.type("Forty-eight is {eval}`6 * 8` exactly.")
        page.keyboard.press("Shift+Enter")
        prose_shows(page, "Forty-eight is 48 exactly.")
        raw = page.locator(".jp-MarkdownCell .myst code").all_inner_texts()
        assert not [c for c in raw if "6 *" in c], raw
    finally:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "lab-first-run.png"), full_page=True)
        page.close()


def kernel_of(url: str, chapter: str) -> str | None:
    """The id of the kernel the server runs for a chapter, if any."""
    return next((s["kernel"]["id"] for s in labdriver.api(url, "sessions") if s["path"] == chapter), None)


def ended(url: str, kernel: str, timeout: float = 30) -> bool:
    """Whether the server stops running ``kernel`` within ``timeout`` seconds."""
    deadline = time.time() + timeout
    while kernel in {k["id"] for k in labdriver.api(url, "kernels")}:
        if time.time() > deadline:
            return False
        time.sleep(0.5)
    return True


def test_a_chapter_opened_is_unmodified_and_read_run_and_saved_leaves_git_clean_and_its_kernel_ends(lab, browser):
    url, root = lab
    path = root / "notebooks" / CHAPTER
    committed, opened = path.read_bytes(), path.stat().st_mtime_ns
    page = labdriver.open_chapter(browser, url, CHAPTER)
    try:
        assert page.locator(".jp-Cell .jp-InputPlaceholder").count() > 0, "the setup cell opens collapsed"
        page.wait_for_timeout(2_000)  # the kernel has described itself (language_info) by now
        assert page.locator(".jp-mod-current.jp-mod-dirty").count() == 0, "opened and read, not modified"
        labdriver.run_all(page, CHAPTER)
        assert page.locator(".jp-CodeCell .jp-OutputArea-output").count() > 0, "the run shows its outputs"
        kernel = kernel_of(url, CHAPTER)
        page.keyboard.press("ControlOrMeta+s")
        page.wait_for_function("!document.querySelector('.jp-mod-current.jp-mod-dirty')", timeout=30_000)
        labdriver.close_notebook(page)
        assert kernel and ended(url, kernel), "a kernel outlived its notebook"
    finally:
        page.close()
    assert path.stat().st_mtime_ns > opened, "JupyterLab saved the chapter"
    assert path.read_bytes() == committed, "saved as committed: without outputs, values or language_info details"
    assert git(root, "status", "--porcelain") == ""


def test_only_the_projects_kernel_is_offered(lab):
    url, _ = lab
    specs = labdriver.api(url, "kernelspecs")
    assert list(specs["kernelspecs"]) == ["bagram-briefing"]
    assert specs["default"] == "bagram-briefing"
