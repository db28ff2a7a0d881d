"""Two fresh copies of the project, each with its own virtual environment installed from the same lock,
build byte-identical briefings: what a colleague on another machine gets with the same Python."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import ROOT

OUTPUTS = ("reports/briefing.html", "reports/briefing.pdf")


def fresh_copy(target: Path) -> Path:
    """The project as a clone has it (files git tracks or would track): no environment, no outputs."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    for name in filter(None, listed):
        if (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    return target


def make(root: Path, *targets: str) -> None:
    """``make TARGETS`` with this test's Python, as a user runs it in a new clone."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "BRIEFING_ROOT")}
    result = subprocess.run(
        ["make", *targets, f"PYTHON={os.path.realpath(sys.executable)}"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


@pytest.mark.slow
def test_two_environments_from_the_same_lock_build_identical_bytes(tmp_path: Path):
    builds = [fresh_copy(tmp_path / name) for name in ("first", "second")]
    for root in builds:
        make(root, "report")
    first, second = ({p: (root / p).read_bytes() for p in OUTPUTS} for root in builds)
    assert [p for p in OUTPUTS if first[p] != second[p]] == []
    lock = builds[0] / "requirements" / "lock-py{}.{}.txt".format(*sys.version_info[:2])
    assert hashlib.sha256(lock.read_bytes()).hexdigest().encode() in first["reports/briefing.html"]


def test_the_pdf_does_not_depend_on_the_time_of_writing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Embedded font subsets carry a timestamp: the same HTML written seconds apart gives the same bytes."""
    from briefing.publish.render import write_pdf

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    pdfs = []
    for name in ("first.pdf", "second.pdf"):
        write_pdf("<p>Bagram, 8 October 2025</p>", tmp_path / name, tmp_path)
        pdfs.append((tmp_path / name).read_bytes())
        time.sleep(1.1)
    assert pdfs[0] == pdfs[1]
    assert "SOURCE_DATE_EPOCH" not in os.environ
