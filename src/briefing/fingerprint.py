"""Content hashes of the build's inputs: what decides whether work must be redone.

Kept free of heavy imports so that a no-op ``make report`` answers in well under a second.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Iterable


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


def inputs(root: Path, package: Path) -> dict[str, str]:
    """Fingerprints of data, package code and each chapter notebook."""
    result = {
        "data": digest(files_under(root / "data"), root),
        "package": digest(files_under(package), package.parent, environment_marker()),
        "notebooks": digest(files_under(root / "notebooks", ("*.ipynb", "*.toml")), root),
        "settings": digest(files_under(root / "notebooks", ("*.toml",)), root),
    }
    result["all"] = hashlib.sha256("".join(result[k] for k in ("data", "package", "notebooks")).encode()).hexdigest()
    return result


def notebook_content(raw: bytes) -> bytes:
    """What a chapter's cache depends on in its notebook: cell kinds, sources and tags and the kernel,
    not outputs or execution counts, so a chapter saved with its outputs keeps its cache."""
    import json

    try:
        nb = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return raw  # unreadable: the executor reports it; any byte change re-executes
    cells = [[c.get("cell_type"), "".join(c.get("source", "")), sorted(c.get("metadata", {}).get("tags", []))]
             for c in nb.get("cells", [])]
    kernel = nb.get("metadata", {}).get("kernelspec", {}).get("name", "")
    return json.dumps([kernel, cells], ensure_ascii=False).encode()


def chapter_key(notebook: Path, fingerprints: dict[str, str]) -> str:
    """The part of a chapter's cache key known before it runs: its notebook and the package code.

    What it reads (tables, files, settings, editions) is recorded while it runs (briefing.reads)
    and checked against the current inputs by the build.
    """
    h = hashlib.sha256(notebook_content(notebook.read_bytes()))
    h.update(fingerprints["package"].encode())
    h.update(notebook.name.encode())
    return h.hexdigest()
