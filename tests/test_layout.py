"""The package in two halves: analysis (what chapters import) never imports publish (what the build runs)."""

from __future__ import annotations

import ast

import pytest

from helpers import ROOT

PACKAGE = ROOT / "src" / "briefing"
ANALYSIS = sorted((PACKAGE / "analysis").glob("*.py"))


def imported(path) -> set[str]:
    """Absolute names of the modules a file imports, relative imports resolved within the package."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ["briefing", *path.relative_to(PACKAGE).parent.parts]
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            names |= {module} | {f"{module}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
    return names


def test_there_are_two_halves():
    assert ANALYSIS and sorted((PACKAGE / "publish").glob("*.py"))


@pytest.mark.parametrize("path", ANALYSIS, ids=lambda p: p.stem)
def test_the_analysis_half_never_imports_the_publishing_half(path):
    assert not [m for m in imported(path) if m.startswith("briefing.publish")]


def test_the_bottom_layer_imports_neither_half():
    for path in PACKAGE.glob("*.py"):
        if path.name != "__main__.py":
            assert not [m for m in imported(path) if m.startswith(("briefing.analysis", "briefing.publish"))], path.name


def test_the_package_names_no_place_or_actor_of_the_briefing():
    """The subject lives in data and settings: no string of the package's code (docstrings aside) names a
    place or an actor of the fact base, or holds a place's id."""
    import csv
    import re

    words = set()
    for table, columns in (("places", ("id", "name")), ("actors", ("short_name",))):
        with (ROOT / "data" / "reference" / f"{table}.csv").open(encoding="utf-8") as f:
            words |= {row[c].split(" (")[0].split(" Air")[0] for row in csv.DictReader(f) for c in columns}
    words = {w for w in words if len(w) > 3}  # "US" would match the currency sign "US$"
    pattern = re.compile("|".join(rf"\b{re.escape(w)}\b" for w in sorted(words)), re.IGNORECASE)
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef) and ast.get_docstring(node) is not None
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                found += [f"{path.name}:{node.lineno}: {m}" for m in pattern.findall(node.value)]
    assert not found
