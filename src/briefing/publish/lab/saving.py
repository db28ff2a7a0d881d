"""Chapters are saved as they are committed, so that opening, running and saving one leaves git clean.

What a run adds to a notebook (outputs, execution counts, the values of ``{eval}`` expressions, the
kernel's ``language_info``) is stripped twice, by the same code: by the nbstripout git filter when
committing (``make strip-outputs`` gives it :data:`KEYS`) and, in ``make lab``, before JupyterLab writes
the file (:func:`strip_run`). The filter alone does not do: git takes a file whose size changed for
modified without running the filter, so a chapter saved with its outputs showed in ``git status``.
The hook also takes out what the server adds when a chapter opens (:mod:`briefing.publish.lab.contents`).
``python -m briefing.publish.lab.saving`` prints the keys for the filter's ``extrakeys``.
"""

from __future__ import annotations

from typing import Any

from briefing.citations import REMOVE_CELL_TAG

#: What nbstripout strips besides outputs and counts when nothing else is configured (nbstripout 0.9).
NBSTRIPOUT_KEYS = (
    "metadata.signature",
    "metadata.widgets",
    "cell.metadata.collapsed",
    "cell.metadata.ExecuteTime",
    "cell.metadata.execution",
    "cell.metadata.heading_collapsed",
    "cell.metadata.hidden",
    "cell.metadata.scrolled",
)
#: What a run adds besides: the values of the ``{eval}`` expressions (the build keeps its own), and
#: the kernel's description of its language, which differs between Python versions (its name stays).
KEYS = (
    "cell.metadata.user_expressions",
    *(
        f"metadata.language_info.{key}"
        for key in ("version", "codemirror_mode", "file_extension", "mimetype", "nbconvert_exporter", "pygments_lexer")
    ),
)


def strip_run(model: dict[str, Any], **_: Any) -> None:
    """jupyter_server's pre-save hook: a notebook is written as the git filter would commit it."""
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    import nbformat
    from nbstripout import strip_output

    notebook = strip_output(
        nbformat.from_dict(model["content"]),
        keep_output=False,
        keep_count=False,
        keep_id=False,
        extra_keys=[*NBSTRIPOUT_KEYS, *KEYS],
    )
    for cell in notebook.cells:
        undress(cell.metadata)
    model["content"] = notebook


def undress(meta: dict[str, Any]) -> None:
    """A cell's metadata without the trust mark and, on a setup cell, the collapsed mark the server added."""
    meta.pop("trusted", None)
    if REMOVE_CELL_TAG in meta.get("tags", []) and isinstance(meta.get("jupyter"), dict):
        meta["jupyter"].pop("source_hidden", None)
        if not meta["jupyter"]:
            del meta["jupyter"]


if __name__ == "__main__":
    print(*KEYS)
