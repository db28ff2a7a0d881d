"""environment.yml (conda users) and pyproject.toml (pip) must list the same packages and ranges."""

from __future__ import annotations

import tomllib

import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from rattler import MatchSpec

from helpers import ROOT

CONDA_ONLY = {"python", "pip"}


def pyproject_requirements() -> dict[str, SpecifierSet]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = project["dependencies"] + [r for extra in project["optional-dependencies"].values() for r in extra]
    return {Requirement(r).name.lower(): Requirement(r).specifier for r in names}


def conda_requirements() -> dict[str, SpecifierSet]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    specs = {}
    for entry in env["dependencies"]:
        if isinstance(entry, dict):
            continue
        spec = MatchSpec(entry)
        name = spec.name.normalized
        if name not in CONDA_ONLY:
            specs[name] = SpecifierSet(str(spec.version) if spec.version else "")
    return specs


def test_same_packages_in_both_lists():
    assert set(conda_requirements()) == set(pyproject_requirements())


def test_same_version_ranges_in_both_lists():
    pip, conda = pyproject_requirements(), conda_requirements()
    assert {n: pip[n] for n in pip} == {n: conda[n] for n in pip}


def test_conda_installs_the_package_itself():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_entries = [e for e in env["dependencies"] if isinstance(e, dict)][0]["pip"]
    assert "-e ." in pip_entries
