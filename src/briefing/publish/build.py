"""The build: validate, execute chapters (cached), render HTML and PDF, publish atomically."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from briefing import fingerprint, paths, reads
from briefing.analysis.data import dates
from briefing.atomic import replace_dir, write_atomic
from briefing.paths import Project
from briefing.publish.interrupt import abort, uninterruptible
from briefing.publish.kernels import KernelSource, kernel_source
from briefing.publish.lock import BuildLock

if TYPE_CHECKING:
    from briefing.publish.render import Chapter

Say = Callable[[str], None]


class BuildError(Exception):
    """A build step failed; the message is one line, details are in ``log``."""

    def __init__(self, message: str, log: Path | None = None):
        super().__init__(message)
        self.log = log


@dataclass
class Staged:
    """One chapter's executed notebook and the files it produced, in the cache."""

    path: Path
    entry: Path
    seconds: float
    cached: bool


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
    on_staged: Callable[[dict[Path, Staged]], None] | None = None,
) -> list[Staged]:
    """Run the chapters that have no cached run whose read set still holds (all with ``force``), in
    kernels from ``kernels`` (default: started the ordinary way); ``on_staged`` is told of the chapters
    staged so far, once for the cached ones and after each run."""
    from briefing.publish.execute import Result, Runner

    cache = project.cache
    cache.mkdir(parents=True, exist_ok=True)
    keys = {p: fingerprint.chapter_key(p, prints) for p in chapters}
    found = {p: None if force else cached_entry(cache / keys[p], current) for p in chapters}
    todo = [p for p in chapters if found[p] is None]
    staged = {p: Staged(p, entry, 0.0, True) for p, entry in found.items() if entry is not None}
    for p in staged:
        say(f"  {p.stem:<28} cached")
    failures: list[Result] = []
    templates = templates_print()
    runner = Runner(kernels=kernels or KernelSource())  # its kernels' environment is taken now, before any thread runs
    told = on_staged or (lambda _: None)
    told(staged)

    def report(result: Result) -> None:
        status = "ok" if result.ok else "FAILED"
        say(f"  {result.path.stem:<28} {status:<7} {result.seconds:6.1f} s")
        if result.ok:
            entry = cache / keys[result.path] / reads.text_print(result.reads)[:20]
            publish_entry(result, entry)
            staged[result.path] = Staged(result.path, entry, result.seconds, False)
            export(staged[result.path], templates, result.notebook)
            told(staged)
        else:
            failures.append(result)

    pending = {p: cache / f"{keys[p]}.tmp-{os.getpid()}" for p in todo}
    for tmp in pending.values():
        shutil.rmtree(tmp, ignore_errors=True)
        (tmp / "figures").mkdir(parents=True)
        (tmp / "side").mkdir()
    if todo:
        order = schedule(todo, brief_ids(read_config(project)))
        runner.run_all(order, report, envs={p: chapter_env(project, tmp) for p, tmp in pending.items()})
    if failures:
        raise chapter_failure(project, min(failures, key=lambda r: chapters.index(r.path)))
    return [staged[p] for p in chapters]


def schedule(chapters: list[Path], brief: set[str]) -> list[Path]:
    """The order to start chapters in: the print brief's first (its PDF is laid out as soon as they are
    done), then the others by the length of their code, longest first, so that short chapters fill
    the end of the build rather than a long one running last on its own."""
    import nbformat

    from briefing.publish.render import html_id

    def code_length(path: Path) -> int:
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception:  # unreadable: its run reports why
            return 0
        return sum(len(c.source) for c in nb.cells if c.cell_type == "code")

    return sorted(chapters, key=lambda p: (html_id(p.stem) not in brief, -code_length(p)))


def warm_rendering() -> None:
    """Import what exporting, notes and the PDF need, and compile the templates, in a thread: until
    the fork server has imported the stack (about a second) this process has only validation to do,
    and once chapters run every core is busy. A failure here is left to recur where it is reported."""

    def run() -> None:
        try:
            import weasyprint  # noqa: F401

            from briefing.analysis.writing import narrative  # noqa: F401
            from briefing.publish import render

            render.exporter(), render.page_template()
        except Exception:  # noqa: S110 - the same import fails again, reported, where it is used
            pass

    threading.Thread(target=run, name="warm-rendering", daemon=True).start()


def publish_entry(result, entry: Path) -> None:
    """Move a freshly executed chapter from its temporary folder into the cache."""
    import nbformat

    tmp = Path(result.env["BRIEFING_FIGURES"]).parent
    nbformat.write(result.notebook, tmp / "notebook.ipynb")
    (tmp / "reads.json").write_text(json.dumps(result.reads, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    entry.parent.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(entry, ignore_errors=True)
    os.replace(tmp, entry)


def chapter_failure(project: Project, result) -> BuildError:
    """One line for the terminal; the whole traceback in a log under the build folder."""
    logs = project.logs
    logs.mkdir(parents=True, exist_ok=True)
    log = logs / f"{result.path.stem}.log"
    log.write_text(result.detail, encoding="utf-8")
    rel = project.relative(result.path)
    return BuildError(f"{rel}: {result.error}", log)


def read_config(project: Project) -> dict:
    """notebooks/briefing.toml, or a one-line BuildError naming what is wrong with it."""
    from briefing.settings_file import RELATIVE, parse

    try:
        config = parse(project.config)
    except ValueError as exc:
        raise BuildError(str(exc)) from None
    if "title" not in config:
        raise BuildError(f"{RELATIVE}: the key 'title' is required")
    return config


def briefing_meta(project: Project, tables: dict, prints: dict[str, str]) -> dict[str, str]:
    """Title block words from notebooks/briefing.toml, dates and sources from the data."""
    config = read_config(project)
    sources = [r for r in tables["sources"].rows if r.get("file")]
    named = "; ".join(
        f"{r.get('outlet') or r['id']}, {r.get('dateline_place', '')} {r.get('dateline_date', '')}".strip()
        for r in sources
    )
    try:
        edition = dates.edition()
    except ValueError as exc:
        raise BuildError(str(exc)) from None
    return {
        "title": config["title"],
        "subtitle": config.get("subtitle", ""),
        "kicker": config.get("kicker", ""),
        "scope": config.get("scope", ""),
        "method": config.get("method", ""),
        "language": config.get("language", "en"),
        "edition": edition,
        "sources": named,
        "edition_long": date.fromisoformat(edition).strftime("%-d %B %Y"),
        "fingerprint": f"sha256 {prints['all'][:16]}",
    }


def brief_ids(config: dict) -> set[str]:
    """The chapters that make the print brief (``brief`` in briefing.toml); the rest is the annex."""
    from briefing.publish.render import html_id

    return {html_id(stem) for stem in config.get("brief", [])}


def render(
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


class Prepared:
    """Chapters made ready for assembly (headings anchored, notes numbered) as each is staged, while
    the others still run, so that the build's last step only assembles."""

    def __init__(self) -> None:
        self.templates = templates_print()
        self.done: dict[Path, Chapter] = {}

    def offer(self, staged: dict[Path, Staged]) -> None:
        from briefing.publish.render import number_notes

        for path, s in staged.items():
            if path not in self.done:
                chapter = exported(s, self.templates)
                number_notes([chapter])  # a chapter's notes are numbered within it
                self.done[path] = chapter

    def chapters(self, staged: list[Staged]) -> list[Chapter]:
        """The prepared chapters in reading order (any not yet prepared are prepared now)."""
        self.offer({s.path: s for s in staged})
        return [self.done[s.path] for s in staged]


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
        from briefing.publish.render import html_id

        self.project, self.meta, self.prepared, self.made_by = project, meta, prepared, made_by
        self.ids = brief_ids(read_config(project))
        self.chapters = [p for p in chapters if html_id(p.stem) in self.ids]
        self.target = project.build / f".brief.{os.getpid()}.tmp"
        self.thread: threading.Thread | None = None
        self.outcome: tuple[list[str], float] | BaseException | None = None
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

    def _lay_out(self, chapters: list[Chapter], target: Path) -> tuple[list[str], float]:
        from briefing.publish.render import assemble, print_edition, write_pdf

        start = time.perf_counter()
        html = print_edition(assemble(chapters, self.meta, self.ids, part="brief"))
        key = hashlib.sha256(f"{html}\0{self.made_by}".encode()).hexdigest()
        kept, record = self.project.kept_brief, self.project.kept_brief.with_suffix(".json")
        if self.made_by is not None:
            try:
                saved, pdf = json.loads(record.read_text(encoding="utf-8")), kept.read_bytes()
                # the record names the PDF's own digest: a PDF and record not written together never match
                if saved["key"] == key and saved["pdf"] == hashlib.sha256(pdf).hexdigest():
                    write_atomic(target, pdf)
                    self.reused = True
                    return saved["warnings"], time.perf_counter() - start
            except (OSError, ValueError, KeyError, TypeError):  # none kept, or not for this document
                pass
        warnings = write_pdf(html, target, self.project.root)
        pdf = target.read_bytes()
        try:
            write_atomic(kept, pdf)
            saved = {"key": key, "pdf": hashlib.sha256(pdf).hexdigest(), "warnings": warnings}
            write_atomic(record, json.dumps(saved).encode("utf-8"))
        except OSError:  # keeping a copy only spares a later build the layout
            pass
        return warnings, time.perf_counter() - start

    def laid_out(self, out: Path) -> tuple[list[str], float]:
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


def templates_print() -> str:
    from briefing.publish.render import templates_print as digest

    return digest()


def exported(s: Staged, templates: str):
    """A staged chapter rendered for assembly, from the export kept beside its cached run."""
    from briefing.publish.render import outlined

    try:
        return outlined(export(s, templates), s.path)
    except ValueError as exc:
        raise BuildError(f"notebooks/{exc}") from None


def export(s: Staged, templates: str, nb=None) -> str:
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


def annex_stamp(project: Project) -> str:
    return hashlib.sha256(project.annex_html.read_bytes()).hexdigest()


def keep_annex_pdf(project: Project, out: Path) -> None:
    """Carry the published annex.pdf into a new edition only while it still matches the annex."""
    published, record = project.reports / paths.ANNEX_PDF, project.annex_html.with_suffix(".pdf.sha256")
    if published.is_file() and record.is_file() and record.read_text().strip() == annex_stamp(project):
        shutil.copy2(published, out / paths.ANNEX_PDF)


def annex(say: Say = print, project: Project | None = None) -> int:
    """Lay out reports/annex.pdf from the current build's annex, only when the annex changed."""
    from briefing.publish.render import print_edition, write_pdf

    project = project or paths.project()
    status = build(say=say, project=project)
    if status:
        return status
    target, record = project.reports / paths.ANNEX_PDF, project.annex_html.with_suffix(".pdf.sha256")
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


def carry_editions(project: Project, reports: Path) -> None:
    """A build keeps the published editions as they are; only ``publish`` adds one."""
    if project.editions.is_dir():
        shutil.copytree(project.editions, reports / "editions", dirs_exist_ok=True)


def write_snapshot(reports: Path, meta: dict[str, str], prints: dict[str, str]) -> None:
    """This build's facts, computed figures and judgment inputs, for the next edition's comparison."""
    from briefing.analysis.evidence import editions

    results = editions.computed_results()
    snap = editions.snapshot(meta["edition"], dict(zip(results["id"], results["value"])))
    snap["inputs"] = prints["all"]
    (reports / paths.SNAPSHOT).write_text(
        json.dumps(snap, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def publish(say: Say = print, project: Project | None = None) -> int:
    """Record the current briefing as an edition: the one later builds say what changed against."""
    project = project or paths.project()
    status = build(say=say, project=project)
    if status:
        return status
    with BuildLock(project.lock):
        reports = project.reports
        snap = json.loads((reports / paths.SNAPSHOT).read_text(encoding="utf-8"))
        name = paths.edition_folder(snap["edition"], snap["inputs"])
        folder = project.editions / name
        if folder.is_dir():
            say(f"edition {name} was published before; nothing to do")
            return 0
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
            shutil.copy2(reports / output, tmp / output)
        os.replace(tmp, folder)
    say(f"published edition {name} (reports/editions/{name}/); later builds compare with it")
    return 0


def write_manifest(reports: Path, prints: dict[str, str], meta: dict[str, str], staged: list[Staged]) -> dict:
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


def build(force: bool = False, say: Say = print, project: Project | None = None) -> int:
    """The whole build; returns the process exit status (0 ok, 1 build failure, 2 bad data).

    Ctrl-C raises :class:`Interrupted` once every process the build started is gone."""
    project = project or paths.project()
    try:
        return _build(project, force, say)
    except KeyboardInterrupt:
        raise abort(project) from None


def _build(project: Project, force: bool, say: Say) -> int:
    from briefing.analysis.data.validate import validate

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
            tables, problems = validate(project.data)
            if problems:
                for problem in problems:
                    say(f"error: {problem}")
                say(f"{len(problems)} data problem(s); nothing was built, reports/ is unchanged")
                return 2
            read_config(project)
            if not chapters:
                raise BuildError(f"no chapter notebooks (NN-*.ipynb) in {project.notebooks.name}/")
            clear_leftovers(project, say)
            current = reads.Current(project.root, table_prints(tables), project.config, project.editions)
            meta = briefing_meta(project, tables, prints)
            prepared = Prepared()
            made_by = None if force else prints["package"] + prints["software"]
            early = EarlyBrief(project, meta, chapters, prepared, made_by)

            def told(staged: dict[Path, Staged]) -> None:
                prepared.offer(staged)
                early.offer()

            say(f"executing {len(chapters)} chapters on {os.cpu_count()} cores")
            try:
                staged = execute_chapters(project, chapters, prints, current, force, say, kernels, told)
            except Exception:
                early.discard()
                raise
        folder = project.stage(os.getpid())
        try:
            reports, figures = stage(staged, folder)
            warnings = render(project, prepared.chapters(staged), meta, reports, say, early)
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
    summary(manifest, warnings, time.perf_counter() - start, say)
    return 0


def table_prints(tables: dict) -> dict[str, str]:
    from briefing.analysis.data.facts import table_prints as prints_of

    return prints_of(tables)


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
