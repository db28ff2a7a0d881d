"""The print brief, laid out while the annex's chapters still run, and kept while its document is unchanged."""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.atomic import write_atomic
from briefing.paths import Project
from briefing.publish.config import brief_ids, read_config
from briefing.publish.prepared import Prepared

if TYPE_CHECKING:
    from briefing.publish.render import Chapter

#: WeasyPrint's warnings and the seconds the layout took.
LaidOut = tuple[list[str], float]


class EarlyBrief:
    """The print brief, laid out in a thread as soon as the brief's chapters are staged, while the
    annex's chapters still run: otherwise it is the longest step left after the last chapter. It
    depends on the brief's chapters alone (notes are numbered per chapter; links out of the brief
    become text in print)."""

    def __init__(
        self,
        project: Project,
        meta: dict[str, str],
        chapters: list[Path],
        prepared: Prepared,
        made_by: str | None = None,
    ) -> None:
        """The brief's chapters come from ``prepared``. ``made_by``: the fingerprints of the package
        (code, templates, stylesheets) and of the locked software that lay the brief out, so that a PDF
        they laid out before may stand in; None lays it out whatever was kept."""
        from briefing.citations import html_id

        self.project, self.meta, self.prepared, self.made_by = project, meta, prepared, made_by
        self.ids = brief_ids(read_config(project))
        self.chapters = [p for p in chapters if html_id(p.stem) in self.ids]
        self.target = project.build / f".brief.{os.getpid()}.tmp"
        self.thread: threading.Thread | None = None
        self.outcome: LaidOut | BaseException | None = None
        self.waited = False
        self.reused = False

    def offer(self) -> None:
        """Start laying out once every chapter of the brief is prepared."""
        done = self.prepared.done
        if self.thread is None and self.chapters and all(p in done for p in self.chapters):
            ready = [done[p] for p in self.chapters]
            self.thread = threading.Thread(target=self._run, args=(ready,), name="brief-pdf", daemon=True)
            self.thread.start()

    def _run(self, chapters: list[Chapter]) -> None:
        try:
            self.outcome = self._lay_out(chapters, self.target)
        except BaseException as exc:  # re-raised in the build's thread by laid_out()
            self.outcome = exc

    def _lay_out(self, chapters: list[Chapter], target: Path) -> LaidOut:
        """Write the brief's PDF to ``target``: the kept one when it was laid out from this document."""
        from briefing.publish.render import assemble, print_edition, write_pdf

        start = time.perf_counter()
        html = print_edition(assemble(chapters, self.meta, self.ids, part="brief"))
        key = hashlib.sha256(f"{html}\0{self.made_by}".encode()).hexdigest()
        warnings = self._reuse(key, target)
        if warnings is None:
            warnings = write_pdf(html, target, self.project.root)
            self._keep(key, target.read_bytes(), warnings)
        return warnings, time.perf_counter() - start

    def _reuse(self, key: str, target: Path) -> list[str] | None:
        """Copy the kept PDF to ``target`` if its record names ``key``; its warnings, or None."""
        if self.made_by is None:
            return None
        kept, record = self.project.kept_brief, self.project.kept_brief.with_suffix(".json")
        try:
            saved, pdf = json.loads(record.read_text(encoding="utf-8")), kept.read_bytes()
            # the record names the PDF's own digest: a PDF and record not written together never match
            if saved["key"] == key and saved["pdf"] == hashlib.sha256(pdf).hexdigest():
                write_atomic(target, pdf)
                self.reused = True
                return saved["warnings"]
        except (OSError, ValueError, KeyError, TypeError):  # none kept, or not for this document
            pass
        return None

    def _keep(self, key: str, pdf: bytes, warnings: list[str]) -> None:
        """Keep the PDF with a record of what it was laid out from, for a later build."""
        kept, record = self.project.kept_brief, self.project.kept_brief.with_suffix(".json")
        try:
            write_atomic(kept, pdf)
            saved = {"key": key, "pdf": hashlib.sha256(pdf).hexdigest(), "warnings": warnings}
            write_atomic(record, json.dumps(saved).encode("utf-8"))
        except OSError:  # keeping a copy only spares a later build the layout
            pass

    def laid_out(self, out: Path) -> LaidOut:
        """The brief's PDF at ``out`` (from the thread, or laid out now); WeasyPrint's warnings and the seconds."""
        if self.thread is None:
            self.waited = True
            return self._lay_out([self.prepared.done[p] for p in self.chapters], out)
        self.thread.join()
        if isinstance(self.outcome, BaseException):
            raise self.outcome
        os.replace(self.target, out)
        assert self.outcome is not None
        return self.outcome

    def discard(self) -> None:
        """After a failed build: wait for the thread and remove what it wrote."""
        if self.thread is not None:
            self.thread.join()
        self.target.unlink(missing_ok=True)
