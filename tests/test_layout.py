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
