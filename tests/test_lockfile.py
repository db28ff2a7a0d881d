"""The locks: one per supported Python, every install requirement pinned in range, hashed and closed."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

import locks
from helpers import ROOT

PYTHONS = locks.locked_pythons()
HERE = "{}.{}".format(*sys.version_info[:2])
PROJECT_ANNOTATIONS = {"briefing", "(pyproject.toml)", "-r", "requirements/build.in"}


def test_a_lock_per_supported_python_and_only_for_those():
    assert PYTHONS, "Makefile names no LOCKED_PYTHONS"
    requires = SpecifierSet(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"])
    assert all(Version(p) in requires for p in PYTHONS)
    assert sorted(p.name for p in locks.REQUIREMENTS.glob("lock-py*.txt")) == sorted(f"lock-py{p}.txt" for p in PYTHONS)


@pytest.mark.parametrize("python", PYTHONS)
def test_lock_pins_every_requirement_within_its_range(python: str):
    assert locks.problems(locks.read(python), locks.project_requirements(), python) == []


@pytest.mark.parametrize("python", PYTHONS)
def test_every_pin_is_hashed_and_is_there_for_a_locked_package(python: str):
    pins = locks.read(python)
    assert [name for name, pin in pins.items() if not pin.hashes] == []
    assert all(h.startswith("sha256:") and len(h) == 71 for pin in pins.values() for h in pin.hashes)
    orphans = {
        name: pin.via
        for name, pin in pins.items()
        if not pin.via or not set(pin.via) <= set(pins) | PROJECT_ANNOTATIONS
    }
    assert orphans == {}


def test_checker_reports_a_missing_dependency_and_an_out_of_range_pin():
    pins = locks.parse("pandas==2.1.0 \\\n    --hash=sha256:" + "0" * 64 + "\n    # via briefing (pyproject.toml)\n")
    reqs = [Requirement("pandas>=2.2,<4"), Requirement("shapely>=2"), Requirement("tomli; python_version < '3.11'")]
    assert locks.problems(pins, reqs, "3.11") == ["pandas==2.1.0 is outside <4,>=2.2", "shapely is not in the lock"]
    with pytest.raises(ValueError):
        locks.parse("pandas>=2.2\n")


def test_build_in_names_the_build_backend_of_pyproject():
    build = tomllib.loads((ROOT / "pyproject.toml").read_text())["build-system"]["requires"]
    listed = [line for line in (locks.REQUIREMENTS / "build.in").read_text().splitlines() if line and line[0] != "#"]
    assert sorted(listed) == sorted(build)


def test_bootstrap_pins_uv_with_hashes():
    pins = locks.parse((locks.REQUIREMENTS / "bootstrap.txt").read_text())
    assert list(pins) == ["uv"] and pins["uv"].hashes


@pytest.mark.skipif(HERE not in PYTHONS, reason=f"no lock for Python {HERE}")
def test_this_environment_is_its_lock_and_the_lock_is_closed():
    """Installed versions equal the pins, and every installed package's own requirements are pinned."""
    pins, missing, mismatched, unlocked = locks.read(HERE), [], [], []
    for name, pin in pins.items():
        try:
            dist = distribution(name)
        except PackageNotFoundError:
            missing.append(name)
            continue
        if Version(dist.version) != pin.version:
            mismatched.append(f"{name} {dist.version} != {pin.version}")
        for spec in dist.requires or []:
            req = Requirement(spec)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                unlocked += [f"{name}: {p}" for p in locks.problems(pins, [req], HERE)]
    assert (missing, mismatched, unlocked) == ([], [], [])


def test_lock_hash_is_a_sha256_of_this_pythons_lock():
    from briefing import fingerprint

    lock = locks.lock_path(HERE)
    expected = hashlib.sha256(lock.read_bytes()).hexdigest() if lock.is_file() else ""
    assert fingerprint.lock_hash(ROOT) == expected


def test_a_changed_lock_changes_the_inputs_and_every_chapter_key(mini: Path):
    from briefing import fingerprint

    package = ROOT / "src" / "briefing"
    before = fingerprint.inputs(mini, package)
    fingerprint.lock_file(mini).parent.mkdir()
    fingerprint.lock_file(mini).write_text("pandas==3.1.1 --hash=sha256:" + "0" * 64 + "\n")
    after = fingerprint.inputs(mini, package)
    assert before["software"] == "" and after["software"] == fingerprint.lock_hash(mini) != ""
    assert before["all"] != after["all"]
    chapter = min((mini / "notebooks").glob("*.ipynb"))
    assert fingerprint.chapter_key(chapter, before) != fingerprint.chapter_key(chapter, after)


def test_what_changed_says_software_changed_when_only_the_lock_differs():
    from briefing.analysis.evidence import editions

    old = {"facts": {}, "computed": {"d": 1.0}, "judgments": {}, "software": "a" * 64}
    change = editions.diff(old, {**old, "software": "b" * 64})
    assert not editions.unchanged(change)
    assert change["software"].to_dict("records") == [{"lock": "requirements lock", "old": "a" * 16, "new": "b" * 16}]
    summary = editions.summary(change).set_index("change")["count"]
    assert summary["Software changed: the lock file differs"] == 1
    assert editions.unchanged(editions.diff(old, dict(old)))


def test_every_jupyterlab_extension_is_compatible_with_the_locked_jupyterlab():
    """JupyterLab loads an incompatible extension anyway and the notebook misbehaves; the list says so."""
    listed = subprocess.run([sys.executable, "-m", "jupyter", "labextension", "list"], capture_output=True, text=True)
    assert listed.returncode == 0 and "jupyterlab-myst" in listed.stdout + listed.stderr
    assert "not compatible" not in listed.stdout + listed.stderr
