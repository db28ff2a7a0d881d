"""Content hashes of the build's inputs: what decides whether work must be redone.

Kept free of heavy imports so that a no-op ``make report`` answers in well under a second.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path
from typing import Iterable

from .paths import SNAPSHOT

IGNORED_PARTS = {"__pycache__", ".ipynb_checkpoints", "node_modules"}


def files_under(folder: Path, patterns: Iterable[str] = ("**/*",)) -> list[Path]:
    """Regular files under a folder, sorted, skipping caches and checkpoints."""
    found = {p for pattern in patterns for p in folder.glob(pattern)
             if p.is_file() and not IGNORED_PARTS & set(p.parts)}
    return sorted(found)


def digest(files: Iterable[Path], base: Path, extra: str = "") -> str:
    """sha256 over relative paths and contents, so renames count as changes."""
    h = hashlib.sha256(extra.encode())
    for path in files:
        h.update(path.relative_to(base).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


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
        "data": digest(files_under(root / "data"), root),
        "package": digest(files_under(package), package.parent, environment_marker()),
        "notebooks": digest(files_under(root / "notebooks", ("*.ipynb", "*.toml")), root),
        "settings": digest(files_under(root / "notebooks", ("*.toml",)), root),
        "software": lock_hash(root),
    }
    result["all"] = hashlib.sha256("".join(result[k] for k in ("data", "package", "notebooks", "software")).encode()).hexdigest()
    return result


EDITIONS_MARKER = b'"reads_editions": true'


def previous_editions(editions: Path, current: str) -> str:
    """Digest of the published edition snapshots other than the current inputs' own."""
    snaps = [p for p in sorted(editions.glob(f"*/{SNAPSHOT}")) if current not in p.read_text(encoding="utf-8")]
    return digest(snaps, editions) if snaps else ""


def chapter_key(notebook: Path, fingerprints: dict[str, str]) -> str:
    """Cache key of one chapter: its own bytes plus the data, settings, code and locked software it can read.

    A chapter whose metadata says ``"briefing": {"reads_editions": true}`` also depends on the
    earlier editions it compares with.
    """
    raw = notebook.read_bytes()
    h = hashlib.sha256(raw)
    h.update(fingerprints["data"].encode() + fingerprints["package"].encode() + fingerprints["settings"].encode())
    h.update(fingerprints.get("software", "").encode())
    h.update(notebook.name.encode())
    if EDITIONS_MARKER in raw:
        h.update(fingerprints.get("editions", "").encode())
    return h.hexdigest()
