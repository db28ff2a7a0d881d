"""The one reader of notebooks/briefing.toml: parsed once per state of the file, errors in one line."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

RELATIVE = "notebooks/briefing.toml"


def parse(config: Path) -> dict[str, Any]:
    """The settings file as a dict (shared: do not mutate); ValueError names the file and the fault."""
    try:
        stamp = config.stat().st_mtime_ns
    except FileNotFoundError:
        raise ValueError(f"{RELATIVE}: file missing") from None
    return _parse(config, stamp)


@lru_cache(maxsize=4)
def _parse(config: Path, mtime_ns: int) -> dict[str, Any]:
    try:
        return tomllib.loads(config.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"{RELATIVE}: invalid TOML: {exc}") from None
