"""Where chapter kernels come from, behind one small interface: the build starts a source before the
chapters and stops it after them, and never knows how a kernel is made.

Two sources: :class:`KernelSource` lets nbclient start each kernel as usual (a fresh process per
chapter); :class:`ForkedKernels` forks each from a server that imported the stack once
(:mod:`briefing.publish.forkserver`), which a cold build measured at under half the CPU time.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefing.publish.forkserver import ForkServer

#: The kernel a notebook that names none runs in (nbclient's default too).
DEFAULT_KERNEL = "python3"


class KernelSource:
    """Kernels started by nbclient and jupyter_client as usual: one fresh process per chapter."""

    #: The kernel manager class for ``NotebookClient(kernel_manager_class=...)``; None is nbclient's.
    manager_class: type | None = None

    def start(self) -> KernelSource:
        """Get ready to hand out kernels (at once: the caller goes on while it warms up)."""
        return self

    def stop(self) -> None:
        """End every kernel this source still has running."""

    def __enter__(self) -> KernelSource:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class ForkedKernels(KernelSource):
    """Fresh kernels forked from one server that imported the stack once, for the kernelspec ``name``."""

    def __init__(self, name: str, preload: Iterable[str] | None = None, env: dict[str, str] | None = None) -> None:
        self.name, self.preload, self.env = name, preload, env
        self.server: ForkServer | None = None

    def start(self) -> ForkedKernels:
        """Start the server (it imports in the background), then bind a kernel manager to it."""
        from briefing.publish.forkserver import PRELOAD, ForkServer

        preload = PRELOAD if self.preload is None else self.preload
        self.server = ForkServer.for_kernel(self.name, preload, env=self.env).start()
        from briefing.publish.forked_kernel import manager_class_for

        self.manager_class = manager_class_for(self.server)
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()  # a second stop finds it stopped


def kernel_source(chapters: list[Path]) -> KernelSource:
    """The source of a build's kernels: forked ones, unless there is no chapter or
    ``BRIEFING_FORK_SERVER=0`` asks for kernels started the ordinary way."""
    if not chapters or os.environ.get("BRIEFING_FORK_SERVER") == "0":
        return KernelSource()
    return ForkedKernels(kernel_name(chapters[0]), env=kernel_env({}))


def kernel_name(notebook: Path) -> str:
    """The kernelspec a notebook names, read as plain JSON (importing nbformat costs seconds here)."""
    try:
        metadata = json.loads(notebook.read_text(encoding="utf-8")).get("metadata", {})
        return metadata.get("kernelspec", {}).get("name", DEFAULT_KERNEL)
    except (OSError, ValueError, AttributeError):  # unreadable: its run reports why
        return DEFAULT_KERNEL


def kernel_env(extra: dict[str, str], base: dict[str, str] | None = None) -> dict[str, str]:
    """The kernel's environment: ours (or ``base``) plus quiet, non-interactive defaults."""
    env = dict(os.environ if base is None else base)
    env.update(extra)
    env.setdefault("MPLBACKEND", "agg")
    env.setdefault("PYTHONWARNINGS", "ignore")
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    return env
