"""Chapters open in JupyterLab looking like the briefing: the prose with the values of the last
build, the setup cells collapsed.

The files on disk stay as committed: the server adds the values (the ``user_expressions`` of the
build's executed copy of the same chapter, cell by cell) and JupyterLab's ``source_hidden`` mark
(on cells tagged ``remove-cell``) to the notebook it hands to JupyterLab, and the save hook
(:mod:`briefing.publish.lab.saving`) takes both out again.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager

from briefing import fingerprint, paths, reads
from briefing.citations import REMOVE_CELL_TAG

VALUES = "user_expressions"


class ChapterContents(AsyncLargeFileManager):
    """The server's files, with a chapter dressed as the briefing shows it when JupyterLab opens it."""

    async def get(self, path: str, content: bool = True, type: str | None = None, format: str | None = None, **kw):
        """The file's model; a notebook's content gets the last build's values and collapsed setup cells."""
        model = await super().get(path, content=content, type=type, format=format, **kw)
        if content and model.get("type") == "notebook" and model.get("content"):
            dress(model["content"], Path(self.root_dir) / path.strip("/"))
        return model


def dress(nb: dict[str, Any], path: Path) -> None:
    """Collapse the setup cells and give each Markdown cell the values the last build computed for it."""
    built = built_values(path)
    for cell in nb.get("cells", []):
        meta = cell.setdefault("metadata", {})
        if REMOVE_CELL_TAG in meta.get("tags", []):
            meta.setdefault("jupyter", {})["source_hidden"] = True
        source = "".join(cell.get("source", ""))
        if cell.get("cell_type") == "markdown" and source in built and VALUES not in meta:
            meta[VALUES] = built[source]
            meta["trusted"] = True  # values the project's own build computed


def built_values(path: Path) -> dict[str, list]:
    """The values of each Markdown cell (by its source) in the build's executed copy of this chapter, if
    one still holds: the chapter and the package as built, and everything it read as it was then."""
    from briefing.analysis.data.validate import validate
    from briefing.publish.build import data_prints
    from briefing.publish.chapters import cached_entry

    try:
        project = paths.Project.find(path.parent)
        prints = fingerprint.inputs(project.root, paths.package_dir())
        tables, problems = validate(project.data)
        if problems:  # the chapter cannot run as built: its values would be stale
            return {}
        current = reads.Current(project.root, data_prints(tables), project.config, project.editions)
        entry = cached_entry(project.cache / fingerprint.chapter_key(path, prints), current)
        cells = json.loads((entry / "notebook.ipynb").read_text(encoding="utf-8"))["cells"] if entry else []
    except (OSError, ValueError, KeyError):  # no project, no build, an unreadable copy: no values
        return {}
    return {
        "".join(c["source"]): c["metadata"][VALUES]
        for c in cells
        if c.get("cell_type") == "markdown" and VALUES in c.get("metadata", {})
    }
