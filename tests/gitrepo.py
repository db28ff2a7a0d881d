"""A git repository in a temporary folder whose notebooks go through the project's filter, set up
by the Makefile's own ``strip-outputs`` target, with none of the user's or the system's git settings."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from helpers import ROOT


def git_environment(root: Path) -> dict[str, str]:
    """git's environment: no global or system configuration (no hooks, filters or identity of the user's)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    identity = {f"GIT_{who}_{what}": value for who in ("AUTHOR", "COMMITTER") for what, value in IDENTITY.items()}
    return {**env, **identity, "GIT_CONFIG_GLOBAL": str(root / ".git" / "no-global-config"), "GIT_CONFIG_NOSYSTEM": "1"}


IDENTITY = {"NAME": "Test", "EMAIL": "test@example.org"}


def git(root: Path, *args: str) -> str:
    """Run git in ``root``; its output."""
    result = subprocess.run(["git", *args], cwd=root, env=git_environment(root), capture_output=True, text=True)
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout


def commit_with_filter(root: Path) -> None:
    """Make ``root`` a repository with the notebook filter ``make`` installs, and commit everything in it."""
    git(root, "init", "--quiet")
    for name in (".gitattributes", ".gitignore"):
        shutil.copy(ROOT / name, root / name)
    bin_dir = Path(sys.executable).parent
    result = subprocess.run(
        ["make", "--no-print-directory", "-f", str(ROOT / "Makefile"), "strip-outputs", f"BIN={bin_dir}"],
        cwd=root,
        env=git_environment(root),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and "stripped on commit" in result.stdout, result.stdout + result.stderr
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--message", "The chapters as committed")
