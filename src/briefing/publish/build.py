"""The build: validate, execute chapters (cached), render HTML and PDF, publish atomically; and the
two commands on top of it, ``annex`` and ``publish``."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

from briefing import fingerprint, paths, reads
from briefing.atomic import replace_dir, write_atomic
from briefing.paths import Project
from briefing.publish.brief import EarlyBrief
from briefing.publish.chapters import Staged, execute_chapters
from briefing.publish.config import brief_ids, briefing_meta, read_config
from briefing.publish.errors import BuildError, Say
from briefing.publish.interrupt import abort, uninterruptible
from briefing.publish.kernels import KernelSource, kernel_source
from briefing.publish.lock import BuildLock
from briefing.publish.prepared import Prepared, warm_rendering
from briefing.publish.staging import (
    annex_pdf_record,
    annex_stamp,
    carry_editions,
    stage,
    write_documents,
    write_manifest,
    write_snapshot,
)

__all__ = ["BuildError", "annex", "build", "publish"]


def build(force: bool = False, say: Say = print, project: Project | None = None) -> int:
    """The whole build; returns the process exit status (0 ok, 1 build failure, 2 bad data).

    Ctrl-C raises :class:`Interrupted` once every process the build started is gone."""
    project = project or paths.project()
    try:
        return _build(project, force, say)
    except KeyboardInterrupt:
        raise abort(project) from None


def _build(project: Project, force: bool, say: Say) -> int:
    start = time.perf_counter()
    prints = fingerprint.inputs(project.root, paths.package_dir())
    prints["editions"] = reads.editions_print(project.editions)
    if not force and up_to_date(project, prints):
        say("briefing is up to date (inputs unchanged); use FORCE=1 or --force to rebuild")
        return 0
    with BuildLock(project.lock) as lock:
        if lock.stale_cleared:
            say("cleared the stale lock of a build that did not finish")
        chapters = project.chapters()
        with kernel_source(chapters) as kernels:
            warm_rendering()
            tables = validated(project, chapters, say)
            if tables is None:
                return 2
            clear_leftovers(project, say)
            meta = briefing_meta(project, tables, prints)
            staged, prepared, early = run_chapters(project, chapters, tables, meta, prints, force, say, kernels)
        manifest, warnings = publish_stage(project, staged, prepared, early, meta, prints, say)
    summary(manifest, warnings, time.perf_counter() - start, say)
    return 0


def validated(project: Project, chapters: list[Path], say: Say) -> dict | None:
    """The validated tables, or None after saying each data problem; a BuildError for a bad
    briefing.toml or a project with no chapter."""
    from briefing.analysis.data.validate import validate

    tables, problems = validate(project.data)
    if problems:
        for problem in problems:
            say(f"error: {problem}")
        say(f"{len(problems)} data problem(s); nothing was built, reports/ is unchanged")
        return None
    read_config(project)
    if not chapters:
        raise BuildError(f"no chapter notebooks (NN-*.ipynb) in {project.notebooks.name}/")
    return tables


def run_chapters(
    project: Project,
    chapters: list[Path],
    tables: dict,
    meta: dict[str, str],
    prints: dict[str, str],
    force: bool,
    say: Say,
    kernels: KernelSource,
) -> tuple[list[Staged], Prepared, EarlyBrief]:
    """Execute (or take from the cache) every chapter, preparing each for assembly as it is staged and
    laying the print brief out as soon as its chapters are."""
    current = reads.Current(project.root, data_prints(tables), project.config, project.editions)
    prepared = Prepared(brief_ids(read_config(project)))
    made_by = None if force else prints["package"] + prints["software"]
    early = EarlyBrief(project, meta, chapters, prepared, made_by)

    def told(staged: dict[Path, Staged]) -> None:
        prepared.offer(staged)
        early.offer()

    say(f"executing {len(chapters)} chapters on {os.cpu_count()} cores")
    try:
        staged = execute_chapters(
            project, chapters, prints, current, force, say, kernels, told, templates=prepared.templates_digest
        )
    except Exception:
        early.discard()
        raise
    return staged, prepared, early


def publish_stage(
    project: Project,
    staged: list[Staged],
    prepared: Prepared,
    early: EarlyBrief,
    meta: dict[str, str],
    prints: dict[str, str],
    say: Say,
) -> tuple[dict, list[str]]:
    """Put the edition together in a stage folder and swap it into reports/ and figures/; the
    manifest and WeasyPrint's warnings."""
    folder = project.stage(os.getpid())
    try:
        reports, figures = stage(staged, folder)
        warnings = write_documents(project, prepared.chapters(staged), meta, reports, say, early)
    except Exception:
        early.discard()
        raise
    write_snapshot(reports, meta, prints)
    carry_editions(project, reports)
    manifest = write_manifest(reports, prints, meta, staged)
    with uninterruptible():
        replace_dir(figures, project.published_figures)
        replace_dir(reports, project.reports)
    shutil.rmtree(folder, ignore_errors=True)
    return manifest, warnings


def manifest_path(project: Project) -> Path:
    return project.reports / paths.MANIFEST


def up_to_date(project: Project, prints: dict[str, str]) -> bool:
    """True when the published briefing was built from exactly these inputs."""
    try:
        manifest = json.loads(manifest_path(project).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return False
    outputs = [project.reports / name for name in manifest.get("outputs", {})]
    return (
        manifest.get("inputs") == prints["all"]
        and manifest.get("editions") == prints["editions"]
        and all(p.is_file() for p in outputs)
    )


def data_prints(tables: dict) -> reads.DataPrints:
    from briefing.analysis.data.derived import DERIVED

    return reads.DataPrints(tables, DERIVED)


def clear_leftovers(project: Project, say: Say) -> None:
    """Stage folders and half-written cache entries of builds that died (we hold the lock)."""
    mine = os.getpid()
    stale = [p for p in project.build.glob("stage-*") if p.name != f"stage-{mine}"]
    stale += [p for p in project.cache.glob("*.tmp-*") if not p.name.endswith(f".tmp-{mine}")]
    stale += [p for p in project.build.glob(".brief.*.tmp") if p.name != f".brief.{mine}.tmp"]
    for path in stale:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    if stale:
        say(f"removed {len(stale)} leftover(s) of builds that did not finish")


def summary(manifest: dict, warnings: list[str], seconds: float, say: Say) -> None:
    if warnings:
        say(f"  WeasyPrint raised {len(warnings)} warning(s); first: {warnings[0]}")
    for name, size in manifest["outputs"].items():
        say(f"  reports/{name:<24} {size / 1024:8.1f} KiB")
    say(f"built edition {manifest['edition']} in {seconds:.1f} s")


def annex(say: Say = print, project: Project | None = None) -> int:
    """Lay out reports/annex.pdf from the current build's annex, only when the annex changed."""
    from briefing.publish.render import print_edition, write_pdf

    project = project or paths.project()
    status = build(say=say, project=project)
    if status:
        return status
    target, record = project.reports / paths.ANNEX_PDF, annex_pdf_record(project)
    stamp = annex_stamp(project)
    if target.is_file() and record.is_file() and record.read_text().strip() == stamp:
        say("annex.pdf is up to date")
        return 0
    with BuildLock(project.lock):
        start = time.perf_counter()
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        write_pdf(print_edition(project.annex_html.read_text(encoding="utf-8")), tmp, project.root)
        os.replace(tmp, target)
        write_atomic(record, (stamp + "\n").encode())
    say(
        f"  reports/{paths.ANNEX_PDF:<24} {target.stat().st_size / 1024:8.1f} KiB in {time.perf_counter() - start:.1f} s"
    )
    return 0


def publish(say: Say = print, project: Project | None = None) -> int:
    """Record the current briefing as an edition: the one later builds say what changed against."""
    project = project or paths.project()
    status = build(say=say, project=project)
    if status:
        return status
    with BuildLock(project.lock):
        snap = json.loads((project.reports / paths.SNAPSHOT).read_text(encoding="utf-8"))
        name = paths.edition_folder(snap["edition"], snap["inputs"])
        if (project.editions / name).is_dir():
            say(f"edition {name} was published before; nothing to do")
            return 0
        record_edition(project, snap, name)
    say(f"published edition {name} (reports/editions/{name}/); later builds compare with it")
    return 0


def record_edition(project: Project, snap: dict, name: str) -> None:
    """Write the edition's folder (its snapshot, numbered, and the briefing) whole or not at all."""
    folder = project.editions / name
    earlier = [
        json.loads(p.read_text(encoding="utf-8")).get("sequence", 0)
        for p in project.editions.glob(f"*/{paths.SNAPSHOT}")
    ]
    snap["sequence"] = max(earlier, default=0) + 1
    tmp = folder.with_name(f".{name}.{os.getpid()}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    (tmp / paths.SNAPSHOT).write_text(
        json.dumps(snap, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    for output in ("briefing.html", "briefing.pdf"):
        shutil.copy2(project.reports / output, tmp / output)
    os.replace(tmp, folder)
