"""The new edition put together in a stage folder (figures, side files, documents, snapshot, manifest)
before the build swaps it into reports/ and figures/ at once."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from briefing import paths
from briefing.atomic import write_atomic
from briefing.paths import Project
from briefing.publish.brief import EarlyBrief
from briefing.publish.chapters import Staged
from briefing.publish.errors import BuildError, Say

if TYPE_CHECKING:
    from briefing.publish.render import Chapter


def stage(staged: list[Staged], folder: Path) -> tuple[Path, Path]:
    """Collect each chapter's figures and side files into a fresh staging folder."""
    shutil.rmtree(folder, ignore_errors=True)
    reports, figures = folder / "reports", folder / "figures"
    figures.mkdir(parents=True)
    reports.mkdir()
    owner: dict[str, Path] = {}  # published name -> the chapter that made it
    for s in staged:
        for kind, target in (("figures", figures), ("side", reports)):
            source = s.entry / kind
            if not source.is_dir():
                continue
            for item in sorted(source.iterdir()):
                key = f"{kind}/{item.name}"
                if key in owner:
                    raise BuildError(f"{s.path.name} and {owner[key].name} both write {kind} file {item.name}")
                owner[key] = s.path
            shutil.copytree(source, target, dirs_exist_ok=True)
    for target in (reports, figures):
        (target / ".gitkeep").write_bytes(b"")
    return reports, figures


def write_documents(
    project: Project,
    chapters: list[Chapter],
    meta: dict[str, str],
    out: Path,
    say: Say,
    early: EarlyBrief,
) -> list[str]:
    """Write briefing.html (brief and annex) and briefing.pdf (the brief) into ``out`` from the prepared
    ``chapters``; keep the annex for ``briefing annex``. Returns WeasyPrint's warnings. The print brief
    comes from ``early`` when it was laid out while the annex's chapters ran."""
    from briefing.publish.render import assemble

    brief = early.ids
    (out / "briefing.html").write_text(assemble(chapters, meta, brief), encoding="utf-8")
    project.annex_html.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(project.annex_html, assemble(chapters, meta, brief, part="annex").encode("utf-8"))
    warnings, seconds = early.laid_out(out / "briefing.pdf")
    if early.reused:
        say(f"  {'pdf (brief)':<28} unchanged (its document is the one last laid out)")
    else:
        say(f"  {'pdf (brief)':<28} ok      {seconds:6.1f} s{'' if early.waited else ' (while the annex ran)'}")
    keep_annex_pdf(project, out)
    return warnings


def annex_stamp(project: Project) -> str:
    """The digest of the current build's annex, which a laid-out annex.pdf is recorded against."""
    return hashlib.sha256(project.annex_html.read_bytes()).hexdigest()


def annex_pdf_record(project: Project) -> Path:
    """Where the digest of the annex that reports/annex.pdf was laid out from is kept."""
    return project.annex_html.with_suffix(".pdf.sha256")


def keep_annex_pdf(project: Project, out: Path) -> None:
    """Carry the published annex.pdf into a new edition only while it still matches the annex."""
    published, record = project.reports / paths.ANNEX_PDF, annex_pdf_record(project)
    if published.is_file() and record.is_file() and record.read_text().strip() == annex_stamp(project):
        shutil.copy2(published, out / paths.ANNEX_PDF)


def carry_editions(project: Project, reports: Path) -> None:
    """A build keeps the published editions as they are; only ``publish`` adds one."""
    if project.editions.is_dir():
        shutil.copytree(project.editions, reports / "editions", dirs_exist_ok=True)


def write_snapshot(reports: Path, meta: dict[str, str], prints: dict[str, str]) -> None:
    """This build's facts, computed figures and judgment inputs, for the next edition's comparison."""
    from briefing.analysis.evidence import editions

    snap = editions.snapshot(meta["edition"], editions.computed_values())
    snap["inputs"] = prints["all"]
    (reports / paths.SNAPSHOT).write_text(
        json.dumps(snap, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def write_manifest(reports: Path, prints: dict[str, str], meta: dict[str, str], staged: list[Staged]) -> dict:
    """The manifest: the inputs' fingerprints, the edition, the chapters and every output's size."""
    outputs = {p.name: p.stat().st_size for p in sorted(reports.iterdir()) if p.is_file() and p.name != ".gitkeep"}
    manifest = {
        "inputs": prints["all"],
        "editions": prints["editions"],
        "fingerprints": {k: v for k, v in prints.items() if k not in ("all", "editions", "settings")},
        "edition": meta["edition"],
        "chapters": [s.path.name for s in staged],
        "outputs": outputs,
    }
    write_atomic(reports / paths.MANIFEST, (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode())
    return manifest
