"""End to end in the real clients: JupyterLab in Chromium, the briefing in Chromium, the Nu HTML
Checker, axe-core and poppler's PDF tools. Screenshots and PDF pages are saved under tests/artifacts/.

These tests need /usr/bin/chromium, java, pdffonts/pdftoppm and the npm packages of tests/e2e
(``make test`` installs them through tests/e2e/install-tools.sh). Run alone with ``make test PYTEST_ARGS="-m e2e"``.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

import labdriver
from helpers import ARTIFACTS, ROOT
from labdriver import require

pytestmark = pytest.mark.e2e

NODE_MODULES = Path(__file__).resolve().parent / "e2e" / "node_modules"


@pytest.fixture(scope="module")
def browser():
    yield from labdriver.chromium()


@pytest.fixture(scope="module")
def lab(project_built, tmp_path_factory):
    """The project's JupyterLab (its settings, none of the user's) on 127.0.0.1, serving the built copy's chapters
    (they open with the values of that build; what a run in JupyterLab writes goes under .build/interactive/)."""
    for url in labdriver.serve(project_built, tmp_path_factory.mktemp("lab-home")):
        yield url, project_built


CHAPTERS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))


RAW_ID = re.compile(
    r"\b(?:calc|dist|pos|quote|evt|ref|kj|check|base|cas|econ|org|person|mem|scale)-[a-z0-9]+(?:-[a-z0-9]+)+\b"
)


def executed_expressions(root: Path, chapter: str) -> list[dict]:
    """The results of each inline expression as the build evaluated them for this chapter."""
    from briefing import fingerprint

    path = root / "notebooks" / chapter
    key = fingerprint.chapter_key(path, fingerprint.inputs(root, ROOT / "src" / "briefing"))
    executed = next((root / ".build" / "cache" / key).glob("*/notebook.ipynb"))
    nb = json.loads(executed.read_text(encoding="utf-8"))
    return [
        item["result"]["data"]
        for c in nb["cells"]
        if c["cell_type"] == "markdown"
        for item in c.get("metadata", {}).get("user_expressions", [])
    ]


def built_values(root: Path, chapter: str) -> list[str]:
    return [data["text/plain"] for data in executed_expressions(root, chapter)]


def html_values(root: Path, chapter: str) -> list[str]:
    return [data.get("text/html", "") for data in executed_expressions(root, chapter)]


def cells(chapter: str) -> list[dict]:
    return json.loads((ROOT / "notebooks" / chapter).read_text(encoding="utf-8"))["cells"]


def setup_cells(chapter: str) -> int:
    """How many cells of a chapter are tagged as setup (``remove-cell``)."""
    return sum("remove-cell" in c["metadata"].get("tags", []) for c in cells(chapter))


def expressions(chapter: str) -> set[str]:
    """The ``{eval}`` expressions of a chapter's prose."""
    from briefing.publish import myst

    return {e for c in cells(chapter) if c["cell_type"] == "markdown" for e in myst.expressions("".join(c["source"]))}


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_opens_as_built_and_runs_in_jupyterlab_with_its_values_in_the_prose(lab, browser, chapter):
    url, built = lab
    ARTIFACTS.mkdir(exist_ok=True)
    page = labdriver.open_chapter(browser, url, chapter)
    try:
        # before any run: the prose of the last build, no code in its place, the setup cells collapsed
        page.screenshot(path=str(ARTIFACTS / f"lab-{Path(chapter).stem}-opened.png"), full_page=True)
        if built_values(built, chapter):
            shown_as_code = set(page.locator(".jp-MarkdownCell .myst code").all_inner_texts())
            assert shown_as_code & expressions(chapter) == set()
            assert page.locator(".jp-MarkdownCell .myst .myst-RenderedExpression").count() > 0
        assert page.locator(".jp-Cell .jp-InputPlaceholder").count() >= setup_cells(chapter)
        code_cells = page.locator(".jp-CodeCell").count()
        labdriver.run_all(page, chapter)  # fails with the chapter's own error if a cell fails
        values = built_values(built, chapter)
        # a known figure of the chapter, as the build printed it: the shortest value with a digit
        known = min((" ".join(v.split()) for v in values if any(ch.isdigit() for ch in v)), key=len, default=None)
        if known:  # evaluated again when Run All reaches the Markdown cells
            page.wait_for_function(
                "k => [...document.querySelectorAll('.jp-MarkdownCell .myst')].some(e => e.innerText.replace(/\\s+/g, ' ').includes(k))",
                arg=known,
                timeout=90_000,
            )
        errors = page.locator(
            ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'] .jp-RenderedText"
        ).all_inner_texts()
        tracebacks = [e for e in errors if "Traceback" in e or "Error" in e]
        prose = "\n".join(page.locator(".jp-MarkdownCell .myst").all_inner_texts())
        page.screenshot(path=str(ARTIFACTS / f"lab-{Path(chapter).stem}.png"), full_page=True)
        assert code_cells > 0
        assert tracebacks == [], tracebacks[0][:500] if tracebacks else ""
        assert "{eval}" not in prose
        assert not RAW_ID.search(prose), RAW_ID.search(prose).group(0) if RAW_ID.search(prose) else ""
        assert labdriver.unlike_the_briefing(page) == {}
        if any("cite" in v for v in html_values(built, chapter)):
            mark = page.locator(".jp-MarkdownCell .myst sup.cite a[title]").first
            mark.click()  # shows its quote: the mark's link has no target in a notebook
            assert page.locator(".briefing-note").inner_text() == mark.get_attribute("title")
        labdriver.close_notebook(page)  # its kernel ends with it
    finally:
        page.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_briefing_in_chromium(project_built, browser, width):
    html = project_built / "reports" / "briefing.html"
    file_url = html.as_uri()
    page = browser.new_page(viewport={"width": width, "height": 900})
    console, requests = [], []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: console.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    try:
        page.goto(file_url, wait_until="load")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"briefing-{width}.png"))
        assert console == []
        assert [u for u in requests if u != file_url and not u.startswith("data:")] == []
        broken = page.evaluate("[...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.alt)")
        assert broken == []
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"horizontal overflow of {overflow} px at {width} px"
        # every figure fits the screen whole
        sticking_out = page.evaluate(
            "[...document.querySelectorAll('figure img')].filter(i => { const r = i.getBoundingClientRect();"
            " return r.left < -1 || r.right > window.innerWidth + 1; }).map(i => i.alt.slice(0, 60))"
        )
        assert sticking_out == []
        if width < 480:  # a tap shows a figure at full size inside its frame; the page still does not scroll sideways
            frame = page.locator(".brief figure .figure-frame").first
            frame.scroll_into_view_if_needed()
            fitted = frame.locator("img").bounding_box()["width"]
            frame.click()
            page.screenshot(path=str(ARTIFACTS / f"briefing-{width}-figure-tapped.png"))
            assert frame.locator("img").bounding_box()["width"] > fitted
            assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
            page.locator("h1").first.click()  # a tap elsewhere fits it again
            assert abs(frame.locator("img").bounding_box()["width"] - fitted) < 1
        targets = page.evaluate("[...document.querySelectorAll('nav.toc a')].map(a => a.getAttribute('href'))")
        assert len(targets) >= 10  # the annex's chapters
        for href in targets:
            page.click(f"nav.toc a[href='{href}']")
            assert page.evaluate("h => !!document.getElementById(h.slice(1))", href)
            top = page.evaluate("h => document.getElementById(h.slice(1)).getBoundingClientRect().top", href)
            assert abs(top) < 5, f"{href} not scrolled into view"
    finally:
        page.close()


def test_html_is_valid_for_the_nu_checker(project_built):
    require("java", "a Java runtime")
    jar = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
    require(jar, "npm package vnu-jar")
    result = subprocess.run(
        [
            "java",
            "-jar",
            str(jar),
            "--errors-only",
            "--format",
            "json",
            str(project_built / "reports" / "briefing.html"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    assert [f"{m.get('lastLine')}: {m['message']}" for m in messages if m["type"] == "error"] == []


def test_axe_finds_no_serious_violation(project_built, browser):
    axe = NODE_MODULES / "axe-core" / "axe.min.js"
    require(axe, "npm package axe-core")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto((project_built / "reports" / "briefing.html").as_uri())
        page.add_script_tag(path=str(axe))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']} x{len(v['nodes'])}"
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert serious == []
        levels = page.evaluate("[...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1])")
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), "a heading level is skipped"
    finally:
        page.close()


def test_pdf_fonts_embedded_text_links_and_pages(project_built):
    require("pdffonts", "poppler-utils")
    pdf = project_built / "reports" / "briefing.pdf"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts
    reader = PdfReader(pdf)
    assert all(round(float(p.mediabox.width)) == 595 and round(float(p.mediabox.height)) == 842 for p in reader.pages)
    assert sum(len(p.extract_text() or "") for p in reader.pages) > 10_000  # the brief, with its notes
    links = [a.get_object() for p in reader.pages[:4] for a in p.get("/Annots", []) or []]
    internal = [
        a for a in links if a.get("/Subtype") == "/Link" and ("/Dest" in a or a.get("/A", {}).get("/S") == "/GoTo")
    ]
    assert len(internal) >= 12, "note marks link to their notes"
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "3", str(pdf), str(ARTIFACTS / "pdf-page")], check=True
    )
    assert len(list(ARTIFACTS.glob("pdf-page-*.png"))) >= 3
