"""The project's analysis settings (notebooks/briefing.toml), read again only when the file changes."""

from __future__ import annotations

from typing import Any

from briefing import paths, reads, settings_file


def load() -> dict[str, Any]:
    """All settings (a chapter calling this depends on the whole file)."""
    config = paths.config()
    reads.file(config, paths.root())
    return settings_file.parse(config)


def section(name: str) -> dict[str, Any]:
    """One table of the settings; KeyError names the file when it is missing."""
    try:
        value = settings_file.parse(paths.config())[name]
    except KeyError:
        raise KeyError(f"{settings_file.RELATIVE} has no [{name}] section") from None
    reads.record("settings", name, reads.text_print(value))
    return value
