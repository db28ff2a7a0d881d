"""Reading the lock files (requirements/lock-pyX.Y.txt) and the requirements they must satisfy."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from helpers import ROOT

REQUIREMENTS = ROOT / "requirements"


@dataclass(frozen=True)
class Pin:
    """One locked package: its exact version, its hashes and the packages it is there for."""

    version: Version
    hashes: tuple[str, ...]
    via: tuple[str, ...]


def locked_pythons() -> list[str]:
    """The Python versions the Makefile keeps a lock for (LOCKED_PYTHONS)."""
    found = re.search(r"^LOCKED_PYTHONS\s*:?=\s*(.+)$", (ROOT / "Makefile").read_text(), re.MULTILINE)
    return found.group(1).split() if found else []


def lock_path(python: str) -> Path:
    return REQUIREMENTS / f"lock-py{python}.txt"


def entries(text: str) -> list[tuple[str, list[str]]]:
    """Requirement lines with their continuation lines joined, each with the comment lines after it."""
    out: list[tuple[str, list[str]]] = []
    for line in text.replace("\\\n", " ").splitlines():
        stripped = line.strip()
        if stripped.startswith("#") and out:
            out[-1][1].append(stripped.lstrip("# ").strip())
        elif stripped and not stripped.startswith("#"):
            out.append((stripped, []))
    return out


def via(comments: list[str]) -> tuple[str, ...]:
    """What a uv/pip-compile annotation says a package is there for ('via a', or 'via' then one per line)."""
    names = " ".join(comments).removeprefix("via").split()
    return tuple(n for n in names if n not in ("via",))


def parse(text: str) -> dict[str, Pin]:
    """{normalized name: Pin}; raises ValueError on a line that is not an exact, hashed pin."""
    pins = {}
    for line, comments in entries(text):
        spec, *options = [part.strip() for part in line.split(" --")]
        req = Requirement(spec)
        exact = [s for s in req.specifier if s.operator == "=="]
        if len(exact) != 1 or len(req.specifier) != 1:
            raise ValueError(f"not an exact pin: {line[:80]}")
        hashes = tuple(o.removeprefix("hash=") for o in options if o.startswith("hash="))
        pins[canonicalize_name(req.name)] = Pin(Version(exact[0].version), hashes, via(comments))
    return pins


def read(python: str) -> dict[str, Pin]:
    return parse(lock_path(python).read_text())


def project_requirements() -> list[Requirement]:
    """Runtime, every extra, and the build backend: everything the Makefile installs from a lock."""
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    project = data["project"]
    specs = project["dependencies"] + [r for extra in project["optional-dependencies"].values() for r in extra]
    return [Requirement(r) for r in specs + data["build-system"]["requires"]]


def problems(pins: dict[str, Pin], requirements: list[Requirement], python: str) -> list[str]:
    """Why a lock does not satisfy the requirements for Python ``python``: missing or out-of-range pins."""
    out = []
    env = {"python_version": python, "python_full_version": f"{python}.0"}
    for req in requirements:
        if req.marker and not req.marker.evaluate(env):
            continue
        pin = pins.get(canonicalize_name(req.name))
        if pin is None:
            out.append(f"{req.name} is not in the lock")
        elif not req.specifier.contains(pin.version, prereleases=True):
            out.append(f"{req.name}=={pin.version} is outside {req.specifier}")
    return out
