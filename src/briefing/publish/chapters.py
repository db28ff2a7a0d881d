"""Chapters executed or taken from the cache: each run is kept under the read set it recorded."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from briefing import fingerprint, reads
from briefing.citations import html_id
from briefing.paths import Project
from briefing.publish.config import brief_ids, read_config
from briefing.publish.errors import BuildError, Say
from briefing.publish.kernels import KernelSource
from briefing.publish.prepared import export, templates_print, warm_layout

if TYPE_CHECKING:
    from briefing.publish.execute import Result


@dataclass
class Staged:
    """One chapter's executed notebook and the files it produced, in the cache."""

    path: Path
    entry: Path
    seconds: float
    cached: bool


#: Told of the chapters staged so far, once for the cached ones and after each run.
OnStaged = Callable[[dict[Path, Staged]], None]


def chapter_env(project: Project, entry: Path) -> dict[str, str]:
    """What a chapter's kernel needs to find the project, with its figures and side files under ``entry``."""
    return Project(project.root, entry / "figures", entry / "side").environment()


def cached_entry(folder: Path, current: reads.Current) -> Path | None:
    """The cached run of a chapter whose read set still holds, if any."""
    for entry in sorted(folder.glob("*/reads.json")) if folder.is_dir() else []:
        try:
            record = json.loads(entry.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue
        if (entry.parent / "notebook.ipynb").is_file() and current.holds(record):
            return entry.parent
    return None


def execute_chapters(
    project: Project,
    chapters: list[Path],
    prints: dict[str, str],
    current: reads.Current,
    force: bool,
    say: Say,
    kernels: KernelSource | None = None,
    on_staged: OnStaged | None = None,
    templates: Callable[[], str] = templates_print,
) -> list[Staged]:
    """Run the chapters that have no cached run whose read set still holds (all with ``force``), in
    kernels from ``kernels`` (default: started the ordinary way); ``on_staged`` is told of the chapters
    staged so far, once for the cached ones and after each run; ``templates`` gives the digest the
    exports kept in the cache are named by (the build's, asked for once)."""
    from briefing.publish.execute import Runner

    cache = project.cache
    cache.mkdir(parents=True, exist_ok=True)
    keys = {p: fingerprint.chapter_key(p, prints) for p in chapters}
    staged = cached_runs(cache, keys, current, force, say)
    todo = [p for p in chapters if p not in staged]
    failures: list[Result] = []
    # the runner takes its kernels' environment now, before any thread runs
    runner = Runner(kernels=kernels or KernelSource())
    told = on_staged or (lambda _: None)
    brief = brief_ids(read_config(project))
    if not todo:  # every chapter is cached: end the fork server that is still importing the stack
        runner.kernels.stop()
    if not todo or not any(html_id(p.stem) in brief for p in todo):
        told(staged)  # the brief is all cached: lay it out now; else with the first run (rendering is
        # still being imported, and preparing the cached chapters would hold up the first kernels)
    else:
        warm_layout()  # a brief chapter runs, so its PDF is laid out anew

    def report(result: Result) -> None:
        status = "ok" if result.ok else "FAILED"
        say(f"  {result.path.stem:<28} {status:<7} {result.seconds:6.1f} s")
        if result.ok:
            entry = cache / keys[result.path] / reads.text_print(result.reads)[:20]
            publish_entry(result, entry)
            staged[result.path] = Staged(result.path, entry, result.seconds, False)
            export(staged[result.path], templates(), result.notebook)
            told(staged)
        else:
            failures.append(result)

    pending = scratch(cache, {p: keys[p] for p in todo})
    if todo:
        order = schedule(todo, brief)
        runner.run_all(order, report, envs={p: chapter_env(project, tmp) for p, tmp in pending.items()})
    if failures:
        raise chapter_failure(project, min(failures, key=lambda r: chapters.index(r.path)))
    return [staged[p] for p in chapters]


def cached_runs(
    cache: Path, keys: dict[Path, str], current: reads.Current, force: bool, say: Say
) -> dict[Path, Staged]:
    """The chapters whose cached run still holds (none with ``force``), said as they are found."""
    found = {p: None if force else cached_entry(cache / key, current) for p, key in keys.items()}
    staged = {p: Staged(p, entry, 0.0, True) for p, entry in found.items() if entry is not None}
    for p in staged:
        say(f"  {p.stem:<28} cached")
    return staged


def scratch(cache: Path, keys: dict[Path, str]) -> dict[Path, Path]:
    """A fresh temporary folder of this process for each chapter to run, with its figures/ and side/."""
    pending = {p: cache / f"{key}.tmp-{os.getpid()}" for p, key in keys.items()}
    for tmp in pending.values():
        shutil.rmtree(tmp, ignore_errors=True)
        (tmp / "figures").mkdir(parents=True)
        (tmp / "side").mkdir()
    return pending


def schedule(chapters: list[Path], brief: set[str]) -> list[Path]:
    """The order to start chapters in: the print brief's first (its PDF is laid out as soon as they are
    done), then the others by the length of their code, longest first, so that short chapters fill
    the end of the build rather than a long one running last on its own."""
    return sorted(chapters, key=lambda p: (html_id(p.stem) not in brief, -code_length(p)))


def code_length(path: Path) -> int:
    """The characters of a notebook's code cells (0 when unreadable: its run reports why)."""
    import nbformat

    try:
        nb = nbformat.read(path, as_version=4)
    except Exception:
        return 0
    return sum(len(c.source) for c in nb.cells if c.cell_type == "code")


def publish_entry(result: Result, entry: Path) -> None:
    """Move a freshly executed chapter from its temporary folder into the cache."""
    import nbformat

    tmp = Path(result.env["BRIEFING_FIGURES"]).parent
    nbformat.write(result.notebook, tmp / "notebook.ipynb")
    (tmp / "reads.json").write_text(json.dumps(result.reads, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    entry.parent.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(entry, ignore_errors=True)
    os.replace(tmp, entry)


def chapter_failure(project: Project, result: Result) -> BuildError:
    """One line for the terminal; the whole traceback in a log under the build folder."""
    logs = project.logs
    logs.mkdir(parents=True, exist_ok=True)
    log = logs / f"{result.path.stem}.log"
    log.write_text(result.detail, encoding="utf-8")
    rel = project.relative(result.path)
    return BuildError(f"{rel}: {result.error}", log)
