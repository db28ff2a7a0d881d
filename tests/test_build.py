"""The pipeline end to end on the small fixture project: execute, render, publish, fail safely."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from pypdf import PdfReader

from briefing.paths import Project
from helpers import add_cell, clean_environment, run_cli, snapshot

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//|url\(\s*["']?(?:https?:)?//|@import""", re.I)


def chapter_titles(root: Path) -> list[str]:
    titles = []
    for path in sorted((root / "notebooks").glob("[0-9][0-9]-*.ipynb")):
        first = nbformat.read(path, as_version=4).cells[0].source
        titles.append(re.search(r"^# (.+)$", first, re.M).group(1).strip())
    return titles


def test_html_is_self_contained(mini_built: Path):
    html = (mini_built / "reports" / "briefing.html").read_text(encoding="utf-8")
    assert '<meta charset="utf-8">' in html
    assert "<script" not in html.lower()
    assert not EXTERNAL.search(html)
    assert re.search(r'<img[^>]+src="data:image/svg\+xml;base64,', html)
    assert "def " not in html and "import " not in html  # no code input reaches the briefing


def test_html_has_title_block_contents_and_every_chapter(mini_built: Path):
    html = (mini_built / "reports" / "briefing.html").read_text(encoding="utf-8")
    assert 'class="title-block"' in html and 'nav class="toc"' in html
    brief, *annex = chapter_titles(mini_built)
    assert html.index(brief) < html.index('nav class="toc"'), "the brief comes before the contents"
    for title in annex:
        anchor = re.search(rf'<h1 id="([^"]+)-title">{re.escape(title)}</h1>', html).group(1)
        assert f'href="#{anchor}"' in html


def test_pdf_is_the_brief_and_annex_prints_the_rest(mini_built: Path):
    reader = PdfReader(mini_built / "reports" / "briefing.pdf")
    brief, *annex = chapter_titles(mini_built)
    text = " ".join(page.extract_text() for page in reader.pages)
    assert brief in text and not any(title in text for title in annex)
    box = reader.pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (210, 297)
    result = run_cli(mini_built, "annex")
    assert result.returncode == 0, result.stdout + result.stderr
    annex_text = " ".join(p.extract_text() for p in PdfReader(mini_built / "reports" / "annex.pdf").pages)
    assert all(title in annex_text for title in annex) and brief not in annex_text
    again = run_cli(mini_built, "annex")
    assert "up to date" in again.stdout  # laid out again only when the annex changed


def test_figures_are_published(mini_built: Path):
    assert (mini_built / "figures" / "01-distances.svg").stat().st_size > 0
    assert (mini_built / "figures" / "01-distances.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_manifest_lists_outputs(mini_built: Path):
    manifest = json.loads((mini_built / "reports" / "manifest.json").read_text())
    assert set(manifest["outputs"]) >= {"briefing.html", "briefing.pdf"}
    assert manifest["chapters"] == [p.name for p in sorted((mini_built / "notebooks").glob("[0-9][0-9]-*.ipynb"))]


def test_noop_rebuild_and_incremental_rebuild(mini_as_built: Path):
    mini = mini_as_built
    again = run_cli(mini, "build")
    assert again.returncode == 0 and "up to date" in again.stdout
    chapter = mini / "notebooks" / "02-events.ipynb"
    add_cell(chapter, nbformat.v4.new_markdown_cell("A new closing line."))
    third = run_cli(mini, "build")
    assert third.returncode == 0, third.stderr
    assert re.search(r"01-distances\s+cached", third.stdout)
    assert re.search(r"02-events\s+ok", third.stdout)
    assert "A new closing line." in (mini / "reports" / "briefing.html").read_text(encoding="utf-8")


def test_failing_cell_stops_the_build_with_one_line(mini_as_built: Path):
    mini = mini_as_built
    before = snapshot(mini / "reports")
    chapter = mini / "notebooks" / "02-events.ipynb"
    add_cell(chapter, nbformat.v4.new_code_cell("1 / 0"), at=1)
    result = run_cli(mini, "build")
    assert result.returncode == 1
    assert (
        "error: notebooks/02-events.ipynb: code cell 1 ('1 / 0'): ZeroDivisionError: division by zero" in result.stderr
    )
    assert "Traceback" not in result.stderr
    log = mini / ".build" / "logs" / "02-events.log"
    assert "ZeroDivisionError" in log.read_text()
    assert snapshot(mini / "reports") == before


def test_two_chapters_writing_one_side_file_stop_the_build(mini_as_built: Path):
    mini = mini_as_built
    before = snapshot(mini / "reports")
    for name in ("02-events", "03-changes"):
        chapter = mini / "notebooks" / f"{name}.ipynb"
        add_cell(
            chapter, nbformat.v4.new_code_cell('from briefing import paths\npaths.write_side_file("same.txt", "x")')
        )
    result = run_cli(mini, "build")
    assert result.returncode == 1
    assert "03-changes.ipynb and 02-events.ipynb both write side file same.txt" in result.stderr
    assert snapshot(mini / "reports") == before


def test_second_build_is_refused_while_one_holds_the_lock(mini_as_built: Path):
    mini = mini_as_built
    add_cell(mini / "notebooks" / "02-events.ipynb", nbformat.v4.new_markdown_cell("An edit since the build."))
    lock = mini / ".build" / "build.lock"
    hold = (
        f"from briefing.publish.lock import BuildLock; import sys, time\nwith BuildLock(__import__('pathlib').Path({str(lock)!r})):\n"
        "    print('held', flush=True); time.sleep(60)"
    )
    holder = subprocess.Popen([sys.executable, "-c", hold], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        result = run_cli(mini, "build")
        assert result.returncode == 1
        assert f"another build is running (pid {holder.pid}" in result.stderr
    finally:
        holder.kill()
        holder.wait()
    assert lock.read_text().strip() == str(holder.pid)  # the killed holder left its PID behind
    result = run_cli(mini, "build")  # but not its lock: the kernel released it, so the file is stale
    assert result.returncode == 0, result.stderr
    assert "stale lock" in result.stdout
    assert not lock.exists()


def test_nbconvert_entry_point_renders_one_chapter(mini_built: Path, tmp_path: Path):
    source = mini_built / ".build" / "cache"
    executed = next(source.glob("*/*/notebook.ipynb"))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "jupyter",
            "nbconvert",
            "--to",
            "briefing",
            "--output-dir",
            str(tmp_path),
            str(executed),
        ],
        capture_output=True,
        text=True,
        cwd=mini_built,
    )
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "notebook.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and re.search(r'<meta charset="utf-8"/?>', html)
    assert "<script" not in html.lower() and not EXTERNAL.search(html)
    assert '<section class="chapter"' in html


def test_locate_prints_the_offset_of_an_excerpt(mini: Path):
    result = run_cli(mini, "locate", "alpha", "north of the city")
    text = (mini / "data" / "sources" / "alpha.txt").read_text(encoding="utf-8")
    assert result.returncode == 0
    assert result.stdout.split() == [str(text.index("north of the city"))]
    missing = run_cli(mini, "locate", "alpha", "not in the text")
    assert missing.returncode == 2 and "does not occur verbatim" in missing.stderr


def test_validate_command_reports_a_valid_package(mini: Path):
    result = run_cli(mini, "validate")
    assert result.returncode == 0 and result.stdout.startswith("data/ is valid:")


def test_importing_the_build_imports_no_notebook_stack_and_blocks_no_module():
    # importing nbformat costs a second here: the build starts its kernel source first, and importing
    # the package blocks no module for anyone
    probe = (
        "import sys, briefing.publish.build, briefing.publish.kernels\n"
        "heavy = ('nbformat', 'nbclient', 'nbconvert', 'jsonschema', 'jupyter_client')\n"
        "print(sorted(m for m in heavy if m in sys.modules), [n for n, m in sys.modules.items() if m is None])"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[] []"


def test_a_rebuild_of_an_annex_chapter_imports_neither_the_table_stack_nor_the_pdf_engine(mini_as_built: Path):
    # seconds of CPU each: the notes and the snapshot are read from the data and the shared store, and
    # the print brief, whose chapters are unchanged, is the PDF the first build kept
    add_cell(mini_as_built / "notebooks" / "02-events.ipynb", nbformat.v4.new_markdown_cell("A later line."))
    probe = (
        "import sys\nfrom briefing.__main__ import main\nstatus = main(['build'])\n"
        "print(status, sorted(m for m in ('pandas', 'weasyprint') if m in sys.modules))"
    )
    env = {**clean_environment(), **Project.at(mini_as_built).environment()}
    out = subprocess.run([sys.executable, "-c", probe], cwd=mini_as_built, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "0 []"
    assert "A later line." in (mini_as_built / "reports" / "briefing.html").read_text(encoding="utf-8")


def test_a_chapter_taken_from_the_cache_is_not_exported_again(mini_as_built: Path):
    mini = mini_as_built
    kept = sorted((mini / ".build" / "cache").glob("*/*/exported-*.html"))
    assert len(kept) == len(list((mini / "notebooks").glob("[0-9][0-9]-*.ipynb")))
    stamps = [k.stat().st_mtime_ns for k in kept]
    html = (mini / "reports" / "briefing.html").read_bytes()
    (mini / "reports" / "manifest.json").unlink()  # rebuild from the cache
    assert run_cli(mini, "build").returncode == 0
    assert [k.stat().st_mtime_ns for k in kept] == stamps
    assert (mini / "reports" / "briefing.html").read_bytes() == html


@pytest.mark.slow  # three more builds of the fixture, one of them forced
def test_the_print_brief_is_laid_out_while_the_annex_runs_and_kept_while_its_document_is_unchanged(
    mini_as_built: Path,
):
    mini = mini_as_built
    first = (mini / "build-output.txt").read_text(encoding="utf-8")  # what the first build printed
    assert re.search(r"pdf \(brief\)\s+ok .*\(while the annex ran\)", first), first
    pdf = (mini / "reports" / "briefing.pdf").read_bytes()
    chapter = mini / "notebooks" / "02-events.ipynb"  # an annex chapter: the brief's document stays the same
    add_cell(chapter, nbformat.v4.new_code_cell("pass"))
    result = run_cli(mini, "build")
    assert result.returncode == 0, result.stderr
    assert re.search(r"pdf \(brief\)\s+unchanged", result.stdout), result.stdout
    assert (mini / "reports" / "briefing.pdf").read_bytes() == pdf
    (mini / ".build" / "brief.pdf").write_bytes(b"not the brief")  # a PDF its record does not describe
    add_cell(chapter, nbformat.v4.new_code_cell("pass"))
    result = run_cli(mini, "build")
    assert re.search(r"pdf \(brief\)\s+ok .*\(while the annex ran\)", result.stdout), result.stdout
    assert (mini / "reports" / "briefing.pdf").read_bytes() == pdf  # laid out again: the same bytes
    result = run_cli(mini, "build", "--force")  # --force lays everything out again, the brief too
    assert re.search(r"pdf \(brief\)\s+ok ", result.stdout), result.stdout


def test_the_print_brief_is_laid_out_again_when_its_document_changes(mini_as_built: Path):
    mini = mini_as_built
    pdf = (mini / "reports" / "briefing.pdf").read_bytes()
    chapter = mini / "notebooks" / "01-distances.ipynb"
    add_cell(chapter, nbformat.v4.new_markdown_cell("A sentence added to the brief."))
    result = run_cli(mini, "build")
    assert result.returncode == 0, result.stderr
    assert re.search(r"pdf \(brief\)\s+ok ", result.stdout), result.stdout
    assert (mini / "reports" / "briefing.pdf").read_bytes() != pdf


def test_a_failing_annex_chapter_leaves_no_early_brief_behind(mini_as_built: Path):
    mini = mini_as_built
    chapter = mini / "notebooks" / "03-changes.ipynb"
    add_cell(chapter, nbformat.v4.new_code_cell("import time\ntime.sleep(2)\n1 / 0"))  # after the brief is laid out
    assert run_cli(mini, "build").returncode == 1
    assert not list((mini / ".build").glob(".brief.*"))


def test_chapters_start_brief_first_then_longest_code_first(tmp_path: Path):
    """The print brief's chapters start first (the PDF waits for them), then the others longest first,
    so that short chapters fill the end of a build; the briefing keeps the reading order whatever the order."""
    from briefing.publish.chapters import schedule

    lengths = {"01-brief": 10, "02-short": 5, "03-long": 500, "04-middle": 50, "05-unreadable": None}
    paths = []
    for stem, length in lengths.items():
        path = tmp_path / f"{stem}.ipynb"
        if length is None:
            path.write_text("{not json", encoding="utf-8")
        else:
            nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x" * length)])
            nbformat.write(nb, path)
        paths.append(path)
    order = [p.stem for p in schedule(paths, {"01-brief"})]
    assert order == ["01-brief", "03-long", "04-middle", "02-short", "05-unreadable"]
