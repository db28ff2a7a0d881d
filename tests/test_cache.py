"""Read-set caching: an edit re-executes only the chapters that read what changed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from briefing.paths import Project
from helpers import clean_environment, run_cli
from test_validate import replace


def executed(output: str) -> set[str]:
    """Chapters a build ran (not taken from the cache), from its progress lines."""
    return set(re.findall(r"^\s+(\d\d-[\w-]+)\s+ok\s", output, re.M))


def cached(output: str) -> set[str]:
    return set(re.findall(r"^\s+(\d\d-[\w-]+)\s+cached$", output, re.M))


def build(root: Path) -> str:
    result = run_cli(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_an_edit_to_one_table_re_executes_only_the_chapters_that_read_it(mini_as_built: Path):
    root = mini_as_built
    first = (root / "build-output.txt").read_text(encoding="utf-8")  # what the first build printed
    assert executed(first) == {"01-distances", "02-events", "03-changes"}
    replace("facts/distances.csv", "dist-beta,beta,depot,city,46,km", "dist-beta,beta,depot,city,47,km")(root / "data")
    out = build(root)
    # 01 reads the distances, 03 compares every fact; 02 reads only the events
    assert executed(out) == {"01-distances", "03-changes"} and cached(out) == {"02-events"}
    replace("notebooks/briefing.toml", 'kicker = "Analytical briefing"', 'kicker = "Briefing"')(root)
    out = build(root)
    assert executed(out) == set(), "no chapter reads the title block's words"


@pytest.mark.slow  # three more builds of the fixture
def test_a_table_edit_that_no_chapter_reads_runs_nothing_and_undo_gives_the_same_bytes(mini_as_built: Path):
    root = mini_as_built
    before = (root / "reports" / "briefing.html").read_bytes(), (root / "reports" / "briefing.pdf").read_bytes()
    table = root / "data" / "facts" / "distances.csv"
    original = table.read_bytes()
    table.write_bytes(original.replace(b"\n", b"\r\n"))  # a spreadsheet's line ends: the same values
    out = build(root)
    assert executed(out) == set() and cached(out) == {"01-distances", "02-events", "03-changes"}
    replace("facts/distances.csv", "dist-beta,beta,depot,city,46,km", "dist-beta,beta,depot,city,47,km")(root / "data")
    out = build(root)
    assert "up to date" in out or "02-events" in cached(out)
    table.write_bytes(original)  # the undo
    out = build(root)
    assert executed(out) == set()
    assert (
        (root / "reports" / "briefing.html").read_bytes(),
        (root / "reports" / "briefing.pdf").read_bytes(),
    ) == before


def test_a_chapter_saved_with_outputs_keeps_its_cache(mini_as_built: Path):
    root = mini_as_built
    path = root / "notebooks" / "02-events.ipynb"
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="saved output\n")]
            cell.execution_count = 7
    nbformat.write(nb, path)
    out = build(root)  # what a chapter runs is unchanged: the briefing is up to date or the chapter cached
    assert "up to date" in out or "02-events" in cached(out)


def test_a_shared_result_served_from_memory_still_records_its_reads(mini: Path, use_project):
    from briefing import reads
    from briefing import store as shared
    from briefing.analysis.data import facts

    use_project(mini)
    compute = lambda: len(facts.load("events"))  # noqa: E731
    reads.reset()
    first = shared.result("test-events", compute)
    recorded = reads.recorded()
    reads.reset()
    assert shared.result("test-events", compute) == first
    assert reads.recorded() == recorded and "table:events" in recorded


def test_a_package_figure_is_drawn_once_per_state_of_what_it_reads(mini: Path, use_project):
    import functools

    import matplotlib.pyplot as plt

    from briefing import reads
    from briefing import store as shared
    from briefing.analysis.data import facts
    from briefing.analysis.figures import intervals
    from briefing.analysis.writing import prose as p

    use_project(mini, figures=mini / "figs")
    calls: list[int] = []

    @functools.wraps(intervals.interval_chart)  # stands for a drawing function of the package
    def draw(width: float) -> plt.Figure:
        calls.append(1)
        fig, ax = plt.subplots(figsize=(width, 2))
        ax.plot(range(len(facts.load("events"))))
        return fig

    def show() -> bytes:
        reads.reset()
        p.figure("99-test", "Caption.", draw, 3.0, alt="A line", credit="Test")
        assert "table:events" in reads.recorded()  # served or drawn, the figure's reads reach the chapter
        return (mini / "figs" / "99-test.svg").read_bytes()

    first = show()
    shared._MEMO.clear()  # another kernel: the store on disk serves it
    assert show() == first and len(calls) == 1
    p.figure("99-test", "Caption.", draw, 4.0, alt="A line", credit="Test")  # other arguments: drawn
    assert len(calls) == 2
    events = mini / "data" / "facts" / "events.csv"
    events.write_text(events.read_text(encoding="utf-8").replace("2025-10-07", "2025-10-08"), encoding="utf-8")
    show()  # what it read changed: drawn again
    assert len(calls) == 3


def test_two_kernels_asking_for_one_result_at_once_compute_it_once(mini: Path, tmp_path: Path):
    import subprocess
    import sys

    log = tmp_path / "computed.log"
    probe = (
        "import os, time\n"
        "from briefing import store as shared\n"
        "from briefing.analysis.data import facts\n"
        "def compute():\n"
        f"    open({str(log)!r}, 'a').write(str(os.getpid()) + '\\n')\n"
        "    time.sleep(1.5)\n"
        "    return len(facts.load('events'))\n"
        "print(shared.result('test-once', compute))\n"
    )
    env = {**clean_environment(), **Project.at(mini).environment()}
    runs = [
        subprocess.Popen([sys.executable, "-c", probe], env=env, stdout=subprocess.PIPE, text=True) for _ in range(2)
    ]
    outputs = [run.communicate(timeout=60)[0].strip() for run in runs]
    assert all(run.returncode == 0 for run in runs)
    assert outputs[0] == outputs[1] != ""
    assert len(log.read_text().splitlines()) == 1  # the second waited for the first's result


def test_validated_data_serve_later_kernels_and_an_edit_is_validated_again(mini: Path, monkeypatch, use_project):
    from briefing.analysis.data import facts, validate

    use_project(mini)
    calls: list[int] = []
    real = validate.check

    def counting(data_dir: Path):
        calls.append(1)
        return real(data_dir)

    monkeypatch.setattr(facts, "check", counting)
    first = facts.load("distances")
    facts._view.cache_clear()  # another kernel: the store on disk serves the validated tables
    assert facts.load("distances").equals(first) and len(calls) == 1
    table = mini / "data" / "facts" / "distances.csv"
    table.write_text(table.read_text(encoding="utf-8").replace(",46,km", ",forty-six,km", 1), encoding="utf-8")
    facts._view.cache_clear()
    try:
        facts.load("distances")
    except validate.DataError as exc:
        assert "distances.csv" in str(exc)
    else:
        raise AssertionError("an invalid edit was served from the store")
    assert len(calls) == 2


def _holds_after(root: Path, record: dict[str, str], edit) -> bool:
    """Whether a read set still holds after an edit to the project's data."""
    from briefing import reads
    from briefing.analysis.data import facts

    edit(root / "data")
    prints = facts.view().prints
    return reads.Current(root, prints, root / "notebooks" / "briefing.toml", root / "editions").holds(record)


def _add_source(line: str, text: str = ""):
    """An edit registering one more source (its text stored when ``text`` is given)."""

    def edit(data: Path) -> None:
        import hashlib

        register = data / "sources" / "sources.csv"
        row = line
        if text:
            (data / "sources" / "gamma.txt").write_text(text, encoding="utf-8")
            row += "gamma.txt," + hashlib.sha256(text.encode()).hexdigest()
        else:
            row += ","
        register.write_text(register.read_text(encoding="utf-8") + row + "\n", encoding="utf-8")

    return edit


OLDER_SOURCE = _add_source("gamma,dataset,Gamma Agency,Testville,2025-10-01,")
NEWER_SOURCE = _add_source("gamma,article,Alpha News,Testville,2025-10-11,", text="Gamma text.\n")


@pytest.mark.parametrize(
    ("read", "kept_by_older", "kept_by_newer"),
    [
        pytest.param(lambda f: f.view().row("sources", "alpha"), True, True, id="one row by id"),
        pytest.param(lambda f: f.select("sources", outlet="Alpha News"), True, False, id="a selection"),
        pytest.param(lambda f: f.view().derived("newest-source-date"), True, False, id="a derived value"),
        pytest.param(lambda f: f.load("sources"), False, False, id="the whole table"),
        pytest.param(lambda f: f.view().table_of("gamma"), False, False, id="an id looked for in vain"),
    ],
)
def test_a_new_row_re_runs_only_the_readers_it_can_change(
    mini: Path, use_project, read, kept_by_older: bool, kept_by_newer: bool
):
    from briefing import reads
    from briefing.analysis.data import facts

    use_project(mini)
    reads.reset()
    read(facts)
    record = dict(reads._RECORD)
    assert record, "the read was recorded"
    register = mini / "data" / "sources" / "sources.csv"
    original = register.read_text(encoding="utf-8")
    assert _holds_after(mini, record, OLDER_SOURCE) is kept_by_older
    register.write_text(original, encoding="utf-8")
    assert _holds_after(mini, record, NEWER_SOURCE) is kept_by_newer


def test_a_row_read_by_id_is_invalidated_when_that_row_changes(mini: Path, use_project):
    from briefing import reads
    from briefing.analysis.data import facts

    use_project(mini)
    reads.reset()
    assert facts.typed_row("sources", "alpha")["outlet"] == "Alpha News"
    record = dict(reads._RECORD)
    assert set(record) == {"row:sources/alpha", "schema:sources"}  # the row, and how its fields are typed
    assert not _holds_after(mini, record, replace("sources/sources.csv", "Alpha News", "Alpha Daily"))


def test_a_selection_is_typed_and_ordered_as_the_whole_table_and_returns_what_it_records(mini: Path, use_project):
    from briefing import reads
    from briefing.analysis.data import facts

    use_project(mini)
    whole = facts.load("sources")
    picked = facts.select("sources", dateline_place="Testville", outlet="Beta Wire")
    assert picked.equals(whole[whole["outlet"] == "Beta Wire"])
    assert facts.select("sources", outlet="Nobody").empty
    reads.reset()
    rows = facts.view().tables["distances"].rows
    value = rows[0]["value"]  # a number column: matched on its text, as the read set records it
    returned = facts.select("distances", value=value)
    recorded = json.loads(reads.recorded())
    assert list(returned["id"]) == [r["id"] for r in rows if r["value"] == value]
    assert recorded[f"select:distances?value={value}"] == reads.text_print([r for r in rows if r["value"] == value])
    assert "schema:distances" in recorded  # the rows are typed by the schema
