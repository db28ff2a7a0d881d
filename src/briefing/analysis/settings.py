"""The project's analysis settings (notebooks/briefing.toml), read again only when the file changes."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import paths, reads


def load() -> dict[str, Any]:
    """All settings (a chapter calling this depends on the whole file)."""
    config = paths.config()
    reads.file(config, paths.root())
    return _read(config)


def _read(config: Path) -> dict[str, Any]:
    return _load(config, config.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _load(config: Path, mtime_ns: int) -> dict[str, Any]:
    return tomllib.loads(config.read_text(encoding="utf-8"))


def section(name: str) -> dict[str, Any]:
    """One table of the settings; KeyError names the file when it is missing."""
    try:
        value = _read(paths.config())[name]
    except KeyError:
        raise KeyError(f"notebooks/briefing.toml has no [{name}] section") from None
    reads.record("settings", name, reads.text_print(value))
    return value
