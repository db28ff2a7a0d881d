"""Atomic publication: a staged folder replaces the live one in a single rename.

Linux's renameat2(RENAME_EXCHANGE) swaps two directories atomically, so a reader (or a build
killed at any instant) sees either the complete old folder or the complete new one.
"""

from __future__ import annotations

import ctypes
import os
import shutil
from pathlib import Path

AT_FDCWD = -100
RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False when the platform cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    rc = fn(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    return rc == 0


def replace_dir(staged: Path, live: Path) -> None:
    """Make ``staged`` the new ``live`` folder; the old contents end up in ``staged``, then go."""
    if not live.exists():
        os.replace(staged, live)
        return
    if not _exchange(staged, live):
        # Fallback with a brief window: move the old folder aside, then the new one in.
        aside = staged.with_name(staged.name + ".old")
        os.replace(live, aside)
        os.replace(staged, live)
        staged = aside
    shutil.rmtree(staged, ignore_errors=True)


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file through a temporary sibling and a rename."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
