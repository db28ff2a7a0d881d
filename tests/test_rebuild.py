"""Rebuilding with updated data: bad input refused safely, determinism, kills, editions, sources, escaping."""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from briefing.paths import Project
from helpers import FIXTURES, clean_environment, copy_project, run_cli, snapshot
from test_validate import replace

ONE_LINE_ERROR = re.compile(r"^error: \S.*$")


def bad_inputs() -> dict:
    """Bad inputs of each kind a build meets: a data table, boundaries, notebooks, settings.

    Each rule of the tables has its own case in test_validate; one stands for them here.
    """

    def failing_cell(root: Path) -> None:
        path = root / "notebooks" / "02-events.ipynb"
        nb = nbformat.read(path, as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell("raise RuntimeError('deliberate failure')"))
        nbformat.write(nb, path)

    def corrupt_gpkg(root: Path) -> None:
        path = root / "data" / "geo" / "countries-test.gpkg"
        raw = bytearray(path.read_bytes())
        raw[4096:4106] = b"\x00" * 10
        path.write_bytes(bytes(raw))

    return {
        "dangling id in a table": (
            lambda r: replace("facts/distances.csv", "depot,city,44", "depot,town,44")(r / "data"),
            2,
            "error: data/facts/distances.csv:2: column 'to_place': no such id in places (value: 'town')",
        ),
        "failing cell": (
            failing_cell,
            1,
            "error: notebooks/02-events.ipynb: code cell 2 (\"raise RuntimeError('deliberate failure')\"): RuntimeError: deliberate failure",
        ),
        "missing boundary file": (
            lambda r: (r / "data/geo/countries-test.gpkg").unlink(),
            2,
            "error: data/geo/countries-test.gpkg: boundary file missing",
        ),
        "corrupt GeoPackage": (corrupt_gpkg, 2, "error: data/geo/countries-test.gpkg: sha256 does not match"),
        "not a GeoPackage": (
            lambda r: (r / "data/geo/countries-test.gpkg").write_text("hello"),
            2,
            "error: data/geo/countries-test.gpkg: not a GeoPackage",
        ),
        "no chapters": (
            lambda r: [p.unlink() for p in (r / "notebooks").glob("*.ipynb")],
            1,
            "error: no chapter notebooks (NN-*.ipynb) in notebooks/",
        ),
        "broken settings": (
            lambda r: (r / "notebooks" / "briefing.toml").write_text("title = \n"),
            1,
            "error: notebooks/briefing.toml: invalid TOML",
        ),
    }


BAD_INPUTS = bad_inputs()


@pytest.fixture(scope="module")
def published(mini_built: Path) -> Path:
    """A built fixture project whose reports/ every bad-input case must leave untouched (read, never changed)."""
    return mini_built


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_refused_in_one_line_and_reports_stay(published: Path, tmp_path: Path, case: str):
    root = tmp_path / "p"
    copy_project(published, root)
    for folder in ("reports", "figures", ".build"):
        if (published / folder).exists():
            subprocess.run(["cp", "-a", str(published / folder), str(root / folder)], check=True)
    before = snapshot(root / "reports")
    edit, status, expected = BAD_INPUTS[case]
    edit(root)
    result = run_cli(root, "build")
    out = result.stdout + result.stderr
    assert result.returncode == status, out
    assert "Traceback" not in out
    assert any(line.startswith(expected) for line in out.splitlines()), out
    errors = [line for line in out.splitlines() if line.startswith("error:")]
    assert errors and all(ONE_LINE_ERROR.match(line) for line in errors)
    assert snapshot(root / "reports") == before


def test_two_builds_of_the_same_inputs_are_byte_identical(mini_built: Path, tmp_path: Path):
    root = copy_project(FIXTURES / "mini", tmp_path / "second")  # built again, elsewhere
    result = run_cli(root, "build")
    assert result.returncode == 0, result.stderr
    outputs = []
    for built in (mini_built, root):
        files = {**snapshot(built / "reports"), **{f"figures/{k}": v for k, v in snapshot(built / "figures").items()}}
        outputs.append({k: hashlib.sha256(v).hexdigest() for k, v in files.items()})
    outputs[0] = {k: v for k, v in outputs[0].items() if not k.startswith("annex")}  # other tests lay out its annex
    assert outputs[0] == outputs[1]
    assert {"briefing.html", "briefing.pdf", "figures/01-distances.svg", "figures/01-distances.png"} <= set(outputs[0])


@pytest.mark.slow  # four killed builds of the fixture and a complete one
def test_killed_builds_leave_a_complete_briefing(mini_as_built: Path):
    root = mini_as_built
    rng = random.Random(20251009)
    for attempt in range(4):
        chapter = root / "notebooks" / "02-events.ipynb"
        nb = nbformat.read(chapter, as_version=4)
        nb.cells.append(nbformat.v4.new_markdown_cell(f"Revision {'i' * (attempt + 1)}."))
        nbformat.write(nb, chapter)
        proc = subprocess.Popen(
            [sys.executable, "-m", "briefing", "build"],
            cwd=root,
            env={**clean_environment(), **Project.at(root).environment()},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(rng.uniform(0.2, 5.0))
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        assert_complete(root / "reports")
    result = run_cli(root, "build")  # the dead build's lock is stale and must not block this one
    assert result.returncode == 0, result.stderr
    assert_complete(root / "reports")
    assert "Revision iiii." in (root / "reports" / "briefing.html").read_text(encoding="utf-8")


def assert_complete(reports: Path) -> None:
    manifest = json.loads((reports / "manifest.json").read_text())
    for name, size in manifest["outputs"].items():
        assert (reports / name).stat().st_size == size, name
    assert (reports / "briefing.html").read_text(encoding="utf-8").rstrip().endswith("</html>")
    assert (reports / "briefing.pdf").read_bytes().rstrip().endswith(b"%%EOF")


def test_markup_in_data_renders_as_text(tmp_path: Path):
    root = copy_project(FIXTURES / "mini", tmp_path / "x")
    data = root / "data"
    payload = "Officials wrote <script>alert(1)</script> and <img src=x onerror=alert(1)> in a note."
    text = (data / "sources" / "alpha.txt").read_text(encoding="utf-8")
    (data / "sources" / "alpha.txt").write_text(text + payload + "\n", encoding="utf-8")
    digest = hashlib.sha256((data / "sources" / "alpha.txt").read_bytes()).hexdigest()
    sources = (data / "sources" / "sources.csv").read_text(encoding="utf-8")
    (data / "sources" / "sources.csv").write_text(
        re.sub(r"(alpha\.txt,)[0-9a-f]{64}", rf"\g<1>{digest}", sources), encoding="utf-8"
    )
    with (data / "facts" / "events.csv").open("a", encoding="utf-8") as handle:
        handle.write(f'ev-note,alpha,2025-10-08,2025-10-08,day,city,"{payload[:-1]}",{len(text)}\n')
    result = run_cli(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    html = (root / "reports" / "briefing.html").read_text(encoding="utf-8")
    assert "<script" not in html and "onerror=alert" not in html.replace("onerror=alert(1)&gt;", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_two_sources_with_different_values_show_a_range(mini_built: Path):
    html = (mini_built / "reports" / "briefing.html").read_text(encoding="utf-8")
    assert re.search(r'<span class="num">44–46 km</span>.*?\(sources differ: Alpha News: .*?Beta Wire: ', html)


def test_adding_a_source_and_facts_works_end_to_end(mini_as_built: Path):
    root = mini_as_built
    data = root / "data"
    text = "A third wire says the depot is nearly 50km from the city.\n"
    (data / "sources" / "gamma.txt").write_text(text, encoding="utf-8")
    digest = hashlib.sha256(text.encode()).hexdigest()
    with (data / "sources" / "sources.csv").open("a", encoding="utf-8") as handle:
        handle.write(f"gamma,article,Gamma Wire,Testville,2025-10-11,gamma.txt,{digest}\n")
    quote = "nearly 50km from the city"
    with (data / "facts" / "distances.csv").open("a", encoding="utf-8") as handle:
        handle.write(f"dist-gamma,gamma,depot,city,50,km,nearly,,,{quote},{text.index(quote)}\n")
    result = run_cli(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    html = (root / "reports" / "briefing.html").read_text(encoding="utf-8")
    assert '<span class="num">44–50 km</span>' in html and "Gamma Wire" in html
    manifest = json.loads((root / "reports" / "manifest.json").read_text())
    assert manifest["edition"] == "2025-10-11"


@pytest.mark.slow  # a build and three publishes of the fixture
def test_an_edition_is_recorded_only_by_publish_and_what_changed_compares_with_it(mini_as_built: Path):
    root = mini_as_built
    assert not (root / "reports" / "editions").exists() or not any((root / "reports" / "editions").iterdir())
    assert "first edition" in (root / "reports" / "briefing.html").read_text(encoding="utf-8")
    published = run_cli(root, "publish")
    assert published.returncode == 0, published.stdout + published.stderr
    first = sorted((root / "reports" / "editions").iterdir())
    assert len(first) == 1 and (first[0] / "edition-snapshot.json").is_file()
    replace("facts/distances.csv", "dist-beta,beta,depot,city,46,km,about", "dist-beta,beta,depot,city,47,km,about")(
        root / "data"
    )
    result = run_cli(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(list((root / "reports" / "editions").iterdir())) == 1  # a trial build is not an edition
    html = (root / "reports" / "briefing.html").read_text(encoding="utf-8")
    assert re.search(r"<td>dist-beta</td><td>value</td><td>46</td><td>47</td>", html)
    assert run_cli(root, "publish").returncode == 0
    editions = sorted((root / "reports" / "editions").iterdir())
    assert len(editions) == 2 and all((e / "briefing.pdf").is_file() for e in editions)
    again = run_cli(root, "publish")
    assert "published before" in again.stdout
    assert len(list((root / "reports" / "editions").iterdir())) == 2
