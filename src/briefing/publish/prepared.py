"""Chapters made ready for assembly as each is staged: exported once (the export kept beside the cached
run), headings anchored and notes numbered, so that the build's last step only assembles."""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.atomic import write_atomic
from briefing.publish.errors import BuildError

if TYPE_CHECKING:
    import nbformat

    from briefing.publish.chapters import Staged
    from briefing.publish.render import Chapter


class Prepared:
    """Chapters made ready for assembly (headings anchored, notes numbered) as each is staged, while
    the others still run."""

    def __init__(self, brief: Collection[str] = frozenset()) -> None:
        self.templates = ""  # asked for when the first chapter is staged (see templates_print)
        self.brief = brief  # ids of the brief's chapters, whose computed figures share one note
        self.done: dict[Path, Chapter] = {}

    def offer(self, staged: dict[Path, Staged]) -> None:
        """Prepare the staged chapters not prepared yet."""
        from briefing.publish.render import number_notes

        for path, s in staged.items():
            if path not in self.done:
                chapter = exported(s, self.templates_digest())
                number_notes([chapter], pool_computed=chapter.id in self.brief)  # numbered within the chapter
                self.done[path] = chapter

    def templates_digest(self) -> str:
        """The templates' digest (see :func:`templates_print`), computed once per build, when first asked."""
        self.templates = self.templates or templates_print()
        return self.templates

    def chapters(self, staged: list[Staged]) -> list[Chapter]:
        """The prepared chapters in reading order (any not yet prepared are prepared now)."""
        self.offer({s.path: s for s in staged})
        return [self.done[s.path] for s in staged]


def templates_print() -> str:
    """The digest of the templates and stylesheets that exports kept in the cache depend on (asked for
    only once a chapter is staged: rendering is still being imported while the first chapters start)."""
    from briefing.publish.render import templates_print as digest

    return digest()


def exported(s: Staged, templates: str) -> Chapter:
    """A staged chapter rendered for assembly, from the export kept beside its cached run."""
    from briefing.publish.render import outlined

    try:
        return outlined(export(s, templates), s.path)
    except ValueError as exc:
        raise BuildError(f"notebooks/{exc}") from None


def export(s: Staged, templates: str, nb: nbformat.NotebookNode | None = None) -> str:
    """The exporter's HTML of a staged chapter, kept beside the cached run per state of the templates:
    made as soon as the chapter has run (while others still run), never again for a cached chapter."""
    import nbformat

    from briefing.publish.render import chapter_html

    kept = s.entry / f"exported-{templates[:16]}.html"
    if kept.is_file():
        return kept.read_text(encoding="utf-8")
    html = chapter_html(nb or nbformat.read(s.entry / "notebook.ipynb", as_version=4), s.path)
    write_atomic(kept, html.encode("utf-8"))
    return html


def warm_rendering() -> None:
    """Import what exporting and notes need, and compile the templates, in a thread: until the fork
    server has imported the stack (about a second) this process has only validation to do, and once
    chapters run every core is busy. A failure here is left to recur where it is reported."""

    def run() -> None:
        from briefing.analysis.writing import marks  # noqa: F401
        from briefing.publish import render

        render.exporter(), render.page_template()

    _in_background(run, "warm-rendering")


def warm_layout() -> None:
    """Import WeasyPrint in a thread, for a build that will lay the print brief out: a build whose
    brief is all cached most often takes the PDF it kept, and imports nothing for it (seconds of CPU)."""

    def run() -> None:
        import weasyprint  # noqa: F401

    _in_background(run, "warm-layout")


def _in_background(work: Callable[[], object], name: str) -> None:
    def run() -> None:
        try:
            work()
        except Exception:  # noqa: S110 - the same import fails again, reported, where it is used
            pass

    threading.Thread(target=run, name=name, daemon=True).start()
