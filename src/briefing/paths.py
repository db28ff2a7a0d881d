"""Every path the project uses, in one place.

The project root is found from the environment (``BRIEFING_ROOT``) or by walking up from the
working directory to the folder holding ``data/datapackage.json``; builds redirect generated
figures with ``BRIEFING_FIGURES`` so that nothing is published before the build succeeds.
"""

from __future__ import annotations

import os
from pathlib import Path

MARKER = Path("data") / "datapackage.json"


def root() -> Path:
    """The project root folder."""
    env = os.environ.get("BRIEFING_ROOT")
    if env:
        return Path(env).resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / MARKER).is_file():
            return folder
    raise FileNotFoundError(f"no {MARKER} found in {here} or its parents; set BRIEFING_ROOT")


def data_dir() -> Path:
    return root() / "data"


def datapackage() -> Path:
    return data_dir() / "datapackage.json"


def sources_dir() -> Path:
    return data_dir() / "sources"


def geo_dir() -> Path:
    return data_dir() / "geo"


def notebooks_dir() -> Path:
    return root() / "notebooks"


def figures_dir() -> Path:
    """Where figures are written: the build's staging folder during a build; in an interactive run a
    folder under .build/, so that running a chapter in JupyterLab never touches the published figures."""
    env = os.environ.get("BRIEFING_FIGURES")
    return Path(env) if env else build_dir() / "interactive" / "figures"


def published_figures_dir() -> Path:
    """figures/: where a build publishes the figures of its chapters."""
    return root() / "figures"


#: Folders under data/ that the build never reads (drafted rows waiting for review): outside
#: validation, fingerprints and cache keys.
DRAFTS = "drafts"
UNBUILT_DATA = (DRAFTS,)


def stamp(folder: Path, skip: tuple[str, ...] = UNBUILT_DATA) -> tuple[tuple[str, int, int], ...]:
    """Path, size and modification time of every file under ``folder``: caches keyed by it see edits.

    Top-level subfolders named in ``skip`` (drafts under data/) are left out, so editing them invalidates nothing.
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
                    found.append((entry.path, info.st_size, info.st_mtime_ns))
    return tuple(sorted(found))


def side_dir() -> Path:
    """Where chapters write machine-readable side files published beside the briefing."""
    env = os.environ.get("BRIEFING_SIDE")
    return Path(env) if env else build_dir() / "interactive" / "side"


#: Files of reports/ the build writes itself: no chapter may publish a side file of these names.
BUILD_OUTPUTS = ("briefing.html", "briefing.pdf", "annex.pdf", "manifest.json", "edition-snapshot.json", "editions")


def side_file(name: str) -> Path:
    """The path a chapter writes the side file ``name`` to (its folder created)."""
    if not name or "/" in name or "\\" in name or name.startswith(".") or name in BUILD_OUTPUTS:
        raise ValueError(f"side file name {name!r}: a plain file name, not one of {', '.join(BUILD_OUTPUTS)}")
    folder = side_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


def write_side_file(name: str, text: str) -> None:
    """Write the side file ``name`` as UTF-8 text (returns nothing, so a chapter cell shows nothing)."""
    side_file(name).write_text(text, encoding="utf-8")


def reports_dir() -> Path:
    return root() / "reports"


def build_dir() -> Path:
    """Scratch space for builds, logs and the execution cache (never published)."""
    return root() / ".build"


def cache_dir() -> Path:
    return build_dir() / "cache"


def logs_dir() -> Path:
    """Full tracebacks of failed chapters."""
    return build_dir() / "logs"


def lock_file() -> Path:
    return build_dir() / "build.lock"


def annex_html() -> Path:
    """The annex as the last build assembled it: ``briefing annex`` lays out its print edition."""
    return build_dir() / "annex.html"


def stage_dir(pid: int) -> Path:
    """Where one build assembles its outputs before publishing them."""
    return build_dir() / f"stage-{pid}"


#: File names shared by the build and the analysis half.
MANIFEST = "manifest.json"
ANNEX_PDF = "annex.pdf"
SNAPSHOT = "edition-snapshot.json"


def editions_dir() -> Path:
    return reports_dir() / "editions"


def edition_folder(edition: str, inputs: str) -> str:
    """An edition's folder name under editions/: its date and the start of its inputs' fingerprint."""
    return f"{edition}-{inputs[:8]}"


def config() -> Path:
    """Title, scope and other words of the briefing that belong to this project, not the package."""
    return notebooks_dir() / "briefing.toml"


def package_dir() -> Path:
    return Path(__file__).resolve().parent


def chapters() -> list[Path]:
    """Chapter notebooks in reading order (``NN-name.ipynb``)."""
    return sorted(p for p in notebooks_dir().glob("[0-9][0-9]-*.ipynb"))
