"""A draft reviewed in LibreOffice Calc: opened and saved again with the import settings an analyst
meets, it either promotes to the same rows as the draft itself or is refused with a line naming the
cause. Debian's LibreOffice, headless, with a profile of the test's own (tests/e2e/install-tools.sh
installs it). Run alone with ``make test PYTEST_ARGS="-m e2e -k libreoffice"``.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import (
    ADD_SECOND_SOURCE,
    ROOT,
    SECOND_SOURCE,
    SECOND_SOURCE_ID,
    apply_review,
    copy_project,
    run_cli,
    snapshot,
)

pytestmark = pytest.mark.e2e
SOFFICE = shutil.which("soffice")
CSV_FILTER = "Text - txt - csv (StarCalc)"
#: Import settings: LibreOffice's own when nothing is chosen; UTF-8 with its special-number detection
#: (dates recognised), as the CSV dialog offers; and Windows-1252 for a file opened in the wrong set.
IMPORTS = {
    "headless-defaults": None,
    "utf8-detect-special-numbers": "44,34,76,1,,1033,false,true",
    "windows-1252": "44,34,1,1,,1033,false,false",
}
#: Saved as CSV in UTF-8, as the 'Keep current format' dialog does with the UTF-8 character set.
EXPORT_UTF8 = f"csv:{CSV_FILTER}:44,34,76,1"


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project with the test article added and drafted (CSV and .xlsx), not yet reviewed."""
    if SOFFICE is None:
        pytest.fail("LibreOffice (soffice) is missing; tests/e2e/install-tools.sh installs it")
    root = copy_project(ROOT, tmp_path_factory.mktemp("drafted"))
    assert run_cli(root, *[a.format(path=SECOND_SOURCE / "article.txt") for a in ADD_SECOND_SOURCE]).returncode == 0
    assert run_cli(root, "draft", SECOND_SOURCE_ID).returncode == 0
    return root


def libreoffice(source: Path, out: Path, convert_to: str, infilter: str | None, profile: Path) -> Path:
    """Open a file in LibreOffice and save it again, as a person reviewing it would."""
    out.mkdir(parents=True, exist_ok=True)
    command = [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", convert_to]
    if infilter is not None:
        command += [f"--infilter={CSV_FILTER}:{infilter}"]
    subprocess.run([*command, "--outdir", str(out), str(source)], check=True, capture_output=True, timeout=180)
    return out / (source.stem + "." + convert_to.split(":")[0])


def promoted(root: Path) -> dict[str, bytes]:
    """The facts tables after promote."""
    return {k: v for k, v in snapshot(root / "data").items() if k.startswith("facts/")}


@pytest.fixture(scope="module")
def expected(drafted: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The tables after promoting the reviewed draft as written, with no spreadsheet in between."""
    root = copy_project(drafted, tmp_path_factory.mktemp("direct"))
    apply_review(root / "data/drafts" / f"{SECOND_SOURCE_ID}.csv", SECOND_SOURCE / "review.csv")
    assert run_cli(root, "promote", SECOND_SOURCE_ID).returncode == 0
    return promoted(root)


@pytest.mark.parametrize("settings", sorted(IMPORTS))
def test_a_csv_round_trip_promotes_unchanged_or_names_the_cause(
    drafted: Path, expected: dict[str, bytes], tmp_path: Path, settings: str
):
    root = copy_project(drafted, tmp_path / "p")
    draft = root / "data/drafts" / f"{SECOND_SOURCE_ID}.csv"
    apply_review(draft, SECOND_SOURCE / "review.csv")
    saved = libreoffice(draft, tmp_path / "out", EXPORT_UTF8, IMPORTS[settings], tmp_path / "profile")
    shutil.copy(saved, draft)
    result = run_cli(root, "promote", SECOND_SOURCE_ID)
    if result.returncode == 0:
        assert promoted(root) == expected, "a round trip changed what was promoted"
        return
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1, result.stderr
    assert any(cause in lines[0] for cause in ("spreadsheet", "character set", "not UTF-8")), lines[0]


def test_a_date_cell_made_by_number_detection_is_refused_naming_the_cause(drafted: Path, tmp_path: Path):
    """'October 7' is a date to LibreOffice's detection: a kept row quoting it is refused, saying why."""
    import csv

    root = copy_project(drafted, tmp_path / "p")
    assert run_cli(root, "draft", "aj-2025-10-09").returncode == 0
    draft = root / "data/drafts/aj-2025-10-09.csv"
    with draft.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header, rows = reader.fieldnames, list(reader)
    row = next(r for r in rows if r["quote"] == "October 7")
    row.update(keep="yes", id="evt-test-joint-statement", title="Joint statement published", actors="russia")
    with draft.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    saved = libreoffice(
        draft, tmp_path / "out", EXPORT_UTF8, IMPORTS["utf8-detect-special-numbers"], tmp_path / "profile"
    )
    shutil.copy(saved, draft)
    before = snapshot(root / "data" / "facts")
    result = run_cli(root, "promote", "aj-2025-10-09")
    assert result.returncode == 2
    assert "a spreadsheet turned the text 'October 7" in result.stderr, result.stderr
    assert snapshot(root / "data" / "facts") == before


def test_an_xlsx_round_trip_keeps_text_cells_and_promotes_unchanged(
    drafted: Path, expected: dict[str, bytes], tmp_path: Path
):
    from test_intake_review import reviewed_cells, xlsx_review

    root = copy_project(drafted, tmp_path / "p")
    (root / "data/drafts" / f"{SECOND_SOURCE_ID}.csv").unlink()
    assert run_cli(root, "draft", SECOND_SOURCE_ID, "--format", "xlsx").returncode == 0
    draft = root / "data/drafts" / f"{SECOND_SOURCE_ID}.xlsx"
    xlsx_review(draft, reviewed_cells())
    saved = libreoffice(draft, tmp_path / "out", "xlsx", None, tmp_path / "profile")
    shutil.copy(saved, draft)
    result = run_cli(root, "promote", SECOND_SOURCE_ID)
    assert result.returncode == 0, result.stderr
    assert promoted(root) == expected
