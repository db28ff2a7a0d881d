"""Ctrl-C as a normal way to stop a build: kernels killed, scratch removed, one line, no traceback.

Kernels run in sessions of their own (jupyter_client starts them so), so the terminal's SIGINT
reaches only the build; the build then kills every process it started, directly or through a
kernel server, removes its stage folder and half-written cache entries, and exits at once instead
of waiting for the chapters still running.
"""

from __future__ import annotations

import os
import shutil
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from briefing import paths

EXIT_STATUS = 130  # what shells report for a command ended by SIGINT


class Interrupted(Exception):
    """The build was interrupted; everything it started is gone and reports/ is as it was."""


def descendants(pid: int) -> list[int]:
    """Every process below ``pid``, children first (read from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found, pending = [], list(children.get(pid, []))
    while pending:
        child = pending.pop()
        found.append(child)
        pending.extend(children.get(child, []))
    return found


def kill_descendants() -> None:
    for pid in descendants(os.getpid()):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def remove_scratch(project: paths.Project) -> None:
    """This build's stage folder and the cache entries it had not finished."""
    mine = os.getpid()
    shutil.rmtree(project.stage(mine), ignore_errors=True)
    for tmp in project.cache.glob(f"*.tmp-{mine}"):
        shutil.rmtree(tmp, ignore_errors=True)
    for tmp in project.build.rglob(f".*.{mine}.tmp"):
        tmp.unlink(missing_ok=True)


def abort(project: paths.Project | None = None) -> Interrupted:
    """Stop everything the build of ``project`` started; the caller raises the returned exception."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not interrupt the cleanup
    kill_descendants()
    remove_scratch(project or paths.project())
    return Interrupted("build interrupted; reports/ is unchanged")


@contextmanager
def uninterruptible() -> Iterator[None]:
    """The publishing swap runs to its end: a Ctrl-C during it is ignored."""
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
