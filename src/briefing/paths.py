"""Every path the project uses, in one place: a :class:`Project` value.

The build makes one ``Project`` and passes it along. A chapter's kernel finds its project once: from
the environment the build gives it (``BRIEFING_ROOT``, and ``BRIEFING_FIGURES``/``BRIEFING_SIDE`` so
that nothing is published before the build succeeds) or, in JupyterLab, by walking up from the
notebook's folder to the one holding ``data/datapackage.json``. The functions below answer for that
project, so that analysis code reads as ``paths.data_dir()`` and never recomputes the root.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

MARKER = Path("data") / "datapackage.json"

#: Files of reports/ the build writes itself: no chapter may publish a side file of these names.
BUILD_OUTPUTS = ("briefing.html", "briefing.pdf", "annex.pdf", "manifest.json", "edition-snapshot.json", "editions")

#: File names shared by the build and the analysis half.
MANIFEST = "manifest.json"
ANNEX_PDF = "annex.pdf"
SNAPSHOT = "edition-snapshot.json"

#: Folders under data/ that the build never reads (drafted rows waiting for review): outside
#: validation, fingerprints and cache keys.
DRAFTS = "drafts"
UNBUILT_DATA = (DRAFTS,)


@dataclass(frozen=True)
class Project:
    """A briefing project: its root folder, and where its chapters write figures and side files."""

    root: Path
    figures: Path
    side: Path

    @classmethod
    def at(cls, root: Path, figures: Path | None = None, side: Path | None = None) -> Project:
        """The project at ``root``. By default chapters write under .build/interactive/, never into
        figures/ or reports/: a chapter run in JupyterLab never touches the published outputs."""
        root = root.resolve()
        scratch = root / ".build" / "interactive"
        return cls(root, figures or scratch / "figures", side or scratch / "side")

    @classmethod
    def find(cls, start: Path | None = None, environ: dict[str, str] | None = None) -> Project:
        """The project the environment names, else the one holding ``start`` (default: the working folder)."""
        env = os.environ if environ is None else environ
        figures, side = (Path(env[k]) if env.get(k) else None for k in ("BRIEFING_FIGURES", "BRIEFING_SIDE"))
        if env.get("BRIEFING_ROOT"):
            return cls.at(Path(env["BRIEFING_ROOT"]), figures, side)
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / MARKER).is_file():
                return cls.at(folder, figures, side)
        raise FileNotFoundError(f"no {MARKER} found in {here} or its parents; set BRIEFING_ROOT")

    def environment(self) -> dict[str, str]:
        """What a chapter's kernel needs to find this project (the inverse of :meth:`find`)."""
        return {"BRIEFING_ROOT": str(self.root), "BRIEFING_FIGURES": str(self.figures), "BRIEFING_SIDE": str(self.side)}

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"

    @property
    def config(self) -> Path:
        """Title, scope and other words of the briefing that belong to this project, not the package."""
        return self.notebooks / "briefing.toml"

    @property
    def reports(self) -> Path:
        return self.root / "reports"

    @property
    def published_figures(self) -> Path:
        """figures/: where a build publishes the figures of its chapters."""
        return self.root / "figures"

    @property
    def editions(self) -> Path:
        return self.reports / "editions"

    @property
    def build(self) -> Path:
        """Scratch space for builds, logs and the execution cache (never published)."""
        return self.root / ".build"

    @property
    def cache(self) -> Path:
        return self.build / "cache"

    @property
    def logs(self) -> Path:
        """Full tracebacks of failed chapters."""
        return self.build / "logs"

    @property
    def lock(self) -> Path:
        return self.build / "build.lock"

    @property
    def annex_html(self) -> Path:
        """The annex as the last build assembled it: ``briefing annex`` lays out its print edition."""
        return self.build / "annex.html"

    @property
    def kept_brief(self) -> Path:
        """The print brief as last laid out (``.json`` beside it: what from): reused while that is unchanged."""
        return self.build / "brief.pdf"

    def stage(self, pid: int) -> Path:
        """Where one build assembles its outputs before publishing them."""
        return self.build / f"stage-{pid}"

    def chapters(self) -> list[Path]:
        """Chapter notebooks in reading order (``NN-name.ipynb``)."""
        return sorted(self.notebooks.glob("[0-9][0-9]-*.ipynb"))

    def relative(self, path: Path) -> str:
        """A path as shown to people: relative to the root, never a machine path."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.name


_FOUND: dict[tuple[str, ...], Project] = {}
_USED: list[Project] = []


@contextmanager
def use(project: Project) -> Iterator[Project]:
    """Make ``project`` this process's project within a block: how tests and tools switch projects
    (the environment is for kernels, which the build starts in their own processes)."""
    _USED.append(project)
    try:
        yield project
    finally:
        _USED.pop()


def project() -> Project:
    """This process's project: the one in :func:`use`, else found once (and again only if the environment
    or working folder changes)."""
    if _USED:
        return _USED[-1]
    key = tuple(os.environ.get(k, "") for k in ("BRIEFING_ROOT", "BRIEFING_FIGURES", "BRIEFING_SIDE"))
    if not key[0]:
        key += (os.getcwd(),)
    if key not in _FOUND:
        _FOUND[key] = Project.find()
    return _FOUND[key]


def root() -> Path:
    """The project root folder."""
    return project().root


def data_dir() -> Path:
    return project().data


def datapackage() -> Path:
    return data_dir() / "datapackage.json"


def sources_dir() -> Path:
    return data_dir() / "sources"


def geo_dir() -> Path:
    return data_dir() / "geo"


def config() -> Path:
    return project().config


def figures_dir() -> Path:
    """Where this chapter writes figures: the build's staging folder, or .build/interactive/figures."""
    return project().figures


def build_dir() -> Path:
    return project().build


def editions_dir() -> Path:
    return project().editions


def stamp(folder: Path, skip: tuple[str, ...] = UNBUILT_DATA, strict: bool = False) -> tuple[tuple, ...]:
    """Path, size and modification time of every file under ``folder``: caches keyed by it see edits.

    Top-level subfolders named in ``skip`` (drafts under data/) are left out, so editing them invalidates nothing.
    ``strict`` adds each file's inode and status-change time, which no copy can carry over (``cp -p``
    keeps a modification time): for results kept on disk across processes.
    """
    found, pending = [], [str(folder)]
    skipped = {os.path.join(str(folder), name) for name in skip}
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.path in skipped:
                    continue
                if entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
                elif entry.is_file(follow_symlinks=False):
                    info = entry.stat()
                    item = (entry.path, info.st_size, info.st_mtime_ns)
                    found.append(item + (info.st_ino, info.st_ctime_ns) if strict else item)
    return tuple(sorted(found))


def side_file(name: str) -> Path:
    """The path a chapter writes the side file ``name`` to (its folder created)."""
    if not name or "/" in name or "\\" in name or name.startswith(".") or name in BUILD_OUTPUTS:
        raise ValueError(f"side file name {name!r}: a plain file name, not one of {', '.join(BUILD_OUTPUTS)}")
    folder = project().side
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


def write_side_file(name: str, text: str) -> None:
    """Write the side file ``name`` as UTF-8 text (returns nothing, so a chapter cell shows nothing)."""
    side_file(name).write_text(text, encoding="utf-8")


def edition_folder(edition: str, inputs: str) -> str:
    """An edition's folder name under editions/: its date and the start of its inputs' fingerprint."""
    return f"{edition}-{inputs[:8]}"


def package_dir() -> Path:
    return Path(__file__).resolve().parent
