"""Shared fixtures: throw-away copies of projects, and the CLI run as a user runs it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from briefing import paths
from helpers import FIXTURES, ROOT, copy_built, copy_project, run_cli


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A small, valid project with two sources and two chapters."""
    return copy_project(FIXTURES / "mini", tmp_path / "mini")


@pytest.fixture(scope="session")
def mini_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small project, built once for the tests that only read its outputs."""
    root = copy_project(FIXTURES / "mini", tmp_path_factory.mktemp("mini-built"))
    result = run_cli(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    (root / "build-output.txt").write_text(result.stdout + result.stderr, encoding="utf-8")
    return root


@pytest.fixture
def mini_as_built(mini_built: Path, tmp_path: Path) -> Path:
    """A copy of the small project as its first build left it (outputs and cache), to change and build again."""
    return copy_built(mini_built, tmp_path / "mini")


@pytest.fixture(scope="session")
def project_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project's data and chapters, built once into a temporary copy."""
    root = copy_project(ROOT, tmp_path_factory.mktemp("project"))
    result = run_cli(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    (root / "build-output.txt").write_text(result.stdout + result.stderr, encoding="utf-8")
    return root


@pytest.fixture
def use_project() -> Iterator[Callable[..., paths.Project]]:
    """``use_project(root, figures=..., side=...)`` makes that project the one the package answers for,
    until the test ends."""
    with ExitStack() as stack:
        yield lambda root, **where: stack.enter_context(paths.use(paths.Project.at(root, **where)))
