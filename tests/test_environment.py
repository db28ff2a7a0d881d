"""environment.yml (conda users) lists the packages of pyproject.toml, at the major.minor versions of the lock.

The rule: for each package, environment.yml says ``>=X.Y,<X.(Y+1)`` where X.Y is the version in the locks
(requirements/lock-pyX.Y.txt); where the locks for different Pythons pin different series, the range spans
them (``pyproj >=3.7,<3.9``). Each range lies inside pyproject.toml's, and ``python`` spans the locked Pythons.
"""

from __future__ import annotations

import tomllib

import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version
from rattler import MatchSpec

import locks
from helpers import ROOT

CONDA_ONLY = {"python", "pip"}


def pyproject_requirements() -> dict[str, SpecifierSet]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = project["dependencies"] + [r for extra in project["optional-dependencies"].values() for r in extra]
    return {Requirement(r).name.lower(): Requirement(r).specifier for r in names}


def conda_specs() -> dict[str, SpecifierSet]:
    """Every conda entry of environment.yml, python included, as a packaging SpecifierSet."""
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    specs = {}
    for entry in env["dependencies"]:
        if isinstance(entry, dict):
            continue
        spec = MatchSpec(entry)
        specs[spec.name.normalized] = SpecifierSet(str(spec.version) if spec.version else "")
    return specs


def conda_requirements() -> dict[str, SpecifierSet]:
    return {name: spec for name, spec in conda_specs().items() if name not in CONDA_ONLY}


def series_range(versions: list[Version]) -> SpecifierSet:
    """The major.minor series the versions fall in, as >=X.Y,<X.(Y+1) (spanning several if they differ)."""
    low, high = min(versions), max(versions)
    return SpecifierSet(f">={low.major}.{low.minor},<{high.major}.{high.minor + 1}")


def locked_versions() -> dict[str, list[Version]]:
    pins = [locks.read(python) for python in locks.locked_pythons()]
    return {name: [p[canonicalize_name(name)].version for p in pins] for name in pyproject_requirements()}


def test_same_packages_in_both_lists():
    assert set(conda_requirements()) == set(pyproject_requirements())


def test_conda_ranges_are_the_major_minor_series_of_the_locks():
    conda = conda_requirements()
    expected = {name: series_range(versions) for name, versions in locked_versions().items()}
    assert {name: str(conda[name]) for name in expected} == {name: str(spec) for name, spec in expected.items()}


def test_conda_ranges_lie_inside_pyproject_ranges():
    for name, spec in pyproject_requirements().items():
        bounds = {s.operator: Version(s.version) for s in conda_requirements()[name]}
        assert bounds[">="] in spec, name
        assert all(bounds["<"] <= Version(s.version) for s in spec if s.operator == "<"), name


def test_conda_python_spans_the_locked_pythons():
    assert conda_specs()["python"] == series_range([Version(p) for p in locks.locked_pythons()])


def test_series_range_spans_the_series_it_is_given():
    assert str(series_range([Version("3.7.2"), Version("3.8.0")])) == "<3.9,>=3.7"
    assert Version("3.9.0") not in series_range([Version("3.8.1")])


def test_conda_installs_the_package_itself():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_entries = [e for e in env["dependencies"] if isinstance(e, dict)][0]["pip"]
    assert "-e ." in pip_entries
