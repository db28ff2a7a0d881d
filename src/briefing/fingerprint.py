"""Content hashes of the build's inputs: what decides whether work must be redone.

Kept free of heavy imports so that a no-op ``make report`` answers in well under a second.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path

from briefing.paths import UNBUILT_DATA

IGNORED_PARTS = {"__pycache__", ".ipynb_checkpoints", "node_modules"}


def files_under(folder: Path, patterns: Iterable[str] = ("**/*",), skip: Iterable[str] = ()) -> list[Path]:
    """Regular files under a folder, sorted, skipping caches, checkpoints and the ``skip`` subfolders."""
    skipped = [folder / name for name in skip]
    found = {
        p
        for pattern in patterns
        for p in folder.glob(pattern)
        if p.is_file() and not IGNORED_PARTS & set(p.parts) and not any(p.is_relative_to(s) for s in skipped)
    }
    return sorted(found)


def digest(files: Iterable[Path], base: Path, extra: str = "") -> str:
    """sha256 over relative paths and contents, so renames count as changes; notebooks by what they run."""
    h = hashlib.sha256(extra.encode())
    for path in files:
        h.update(path.relative_to(base).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(notebook_content(path) if path.suffix == ".ipynb" else path.read_bytes()).digest())
    return h.hexdigest()


#: Notebook metadata that changes what a build executes or renders; the rest (outputs, execution
#: counts, widths, collapsed state, user_expressions) is what a save in JupyterLab adds.
NOTEBOOK_METADATA = ("kernelspec", "briefing")


def notebook_content(path: Path) -> bytes:
    """A notebook as the build sees it: cell types, sources, tags and attachments, kernel and briefing metadata.

    Saving a chapter with its outputs therefore changes no fingerprint and invalidates no cache entry.
    An unreadable notebook is hashed as raw bytes, so the build still sees (and reports) it.
    """
    raw = path.read_bytes()
    try:
        nb = json.loads(raw)
        cells = [
            {
                "type": c.get("cell_type"),
                "source": "".join(c.get("source", "")),
                "tags": c.get("metadata", {}).get("tags", []),
                "attachments": c.get("attachments"),
            }
            for c in nb.get("cells", [])
        ]
        meta = {k: nb.get("metadata", {}).get(k) for k in NOTEBOOK_METADATA}
    except (ValueError, AttributeError, TypeError):
        return raw
    return json.dumps({"cells": cells, "metadata": meta, "nbformat": nb.get("nbformat")}, sort_keys=True).encode()


def environment_marker() -> str:
    """Environment settings that change outputs."""
    return f"SOURCE_DATE_EPOCH={os.environ.get('SOURCE_DATE_EPOCH', '')}"


def lock_file(root: Path) -> Path:
    """The lock this interpreter's environment is installed from: requirements/lock-pyX.Y.txt."""
    return root / "requirements" / "lock-py{}.{}.txt".format(*sys.version_info[:2])


def lock_hash(root: Path) -> str:
    """sha256 of this Python's lock file (the software part of the inputs); "" when there is none."""
    path = lock_file(root)
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""


def inputs(root: Path, package: Path) -> dict[str, str]:
    """Fingerprints of data, package code, each chapter notebook and the locked software."""
    result = {
        "data": digest(files_under(root / "data", skip=UNBUILT_DATA), root),
        "package": digest(files_under(package), package.parent, environment_marker()),
        # what chapters run: the code, not the templates and stylesheets only rendering reads
        "code": digest(files_under(package, ("**/*.py",)), package.parent, environment_marker()),
        "notebooks": digest(files_under(root / "notebooks", ("*.ipynb", "*.toml")), root),
        "settings": digest(files_under(root / "notebooks", ("*.toml",)), root),
        "software": lock_hash(root),
    }
    result["all"] = hashlib.sha256(
        "".join(result[k] for k in ("data", "package", "notebooks", "software")).encode()
    ).hexdigest()
    return result


def chapter_key(notebook: Path, fingerprints: dict[str, str]) -> str:
    """The part of a chapter's cache key known before it runs: what its notebook runs, the package code
    and the locked software.

    What it reads (tables, files, settings, editions) is recorded while it runs (briefing.reads)
    and checked against the current inputs by the build.
    """
    h = hashlib.sha256(notebook_content(notebook))
    h.update(fingerprints["code"].encode())
    h.update(fingerprints.get("software", "").encode())
    h.update(notebook.name.encode())
    return h.hexdigest()
