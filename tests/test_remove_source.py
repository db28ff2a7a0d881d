"""A way back: remove-source takes out what add-source, draft and promote put in, byte for byte."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from helpers import (
    ADD_SECOND_SOURCE,
    ROOT,
    SECOND_SOURCE,
    SECOND_SOURCE_ID,
    copy_project,
    run_cli,
    snapshot,
    take_in_second_source,
)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(ROOT, tmp_path_factory.mktemp("pristine"))


@pytest.fixture
def project(pristine: Path, tmp_path: Path) -> Path:
    return copy_project(pristine, tmp_path / "p")


def add(root: Path) -> None:
    result = run_cli(root, *[a.format(path=SECOND_SOURCE / "article.txt") for a in ADD_SECOND_SOURCE])
    assert result.returncode == 0, result.stderr


def test_add_source_then_remove_source_leaves_data_byte_identical(project: Path):
    before = snapshot(project / "data")
    add(project)
    assert snapshot(project / "data") != before
    result = run_cli(project, "remove-source", SECOND_SOURCE_ID)
    assert result.returncode == 0, result.stderr
    assert snapshot(project / "data") == before
    assert f"removed source {SECOND_SOURCE_ID}:" in result.stdout
    assert f"data/sources/{SECOND_SOURCE_ID}.txt" in result.stdout
    assert "data/sources/sources.csv: 1 row(s)" in result.stdout


def test_a_promoted_source_is_removed_with_its_draft_and_every_row_citing_it(project: Path):
    before = snapshot(project / "data")
    take_in_second_source(project)
    result = run_cli(project, "remove-source", SECOND_SOURCE_ID)
    assert result.returncode == 0, result.stderr
    assert snapshot(project / "data") == before
    for table in ("base", "distances", "events", "positions"):
        assert f"data/facts/{table}.csv: 1 row(s)" in result.stdout
    assert f"data/drafts/{SECOND_SOURCE_ID}.csv" in result.stdout


def rest_judgment_on(root: Path, fact_id: str) -> int:
    """Add a fact to the first judgment's evidence, as an analyst would; returns its line."""
    path = root / "data" / "analysis" / "judgments.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header, rows = reader.fieldnames, list(reader)
    rows[0]["evidence_for"] += f";{fact_id}"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return 2


def test_remove_source_refuses_when_a_judgment_rests_on_its_rows_unless_told_yes(project: Path):
    take_in_second_source(project)
    line = rest_judgment_on(project, "pos-testwire-china-opposes-us-presence")
    assert run_cli(project, "validate").returncode == 0
    before = snapshot(project / "data")
    refused = run_cli(project, "remove-source", SECOND_SOURCE_ID)
    assert refused.returncode == 2 and snapshot(project / "data") == before
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1
    assert f"data/analysis/judgments.csv line {line} (evidence_for: pos-testwire-china-opposes-us-presence)" in lines[0]
    assert "nothing removed (--yes drops those ids from them)" in lines[0]
    done = run_cli(project, "remove-source", SECOND_SOURCE_ID, "--yes")
    assert done.returncode == 0, done.stderr
    assert "dropped from data/analysis/judgments.csv line 2" in done.stdout
    judgments = (project / "data" / "analysis" / "judgments.csv").read_text(encoding="utf-8")
    assert "pos-testwire" not in judgments
    assert run_cli(project, "validate").returncode == 0


def test_remove_source_refuses_an_unknown_id(project: Path):
    before = snapshot(project / "data")
    result = run_cli(project, "remove-source", "no-such-source")
    assert result.returncode == 2 and result.stderr.strip() == "error: no source has id 'no-such-source'"
    assert snapshot(project / "data") == before


def test_validation_flags_a_text_no_register_row_names(project: Path):
    (project / "data" / "sources" / "stray.txt").write_text("left behind", encoding="utf-8")
    result = run_cli(project, "validate")
    assert result.returncode == 2
    assert (
        "error: data/sources/stray.txt: no row of data/sources/sources.csv names this text: register it with "
        "add-source, or delete it" in result.stderr
    )


def test_a_source_whose_dateline_names_no_place_is_registered_without_one(project: Path):
    args = [a.format(path=SECOND_SOURCE / "article.txt") for a in ADD_SECOND_SOURCE]
    i = args.index("--place")
    del args[i : i + 2]
    result = run_cli(project, *args)
    assert result.returncode == 0, result.stderr
    assert "dateline 2025-10-10 (no place)" in result.stdout
    rows = {r["id"]: r for r in csv.DictReader((project / "data/sources/sources.csv").open(encoding="utf-8"))}
    assert rows[SECOND_SOURCE_ID]["dateline_place"] == ""
