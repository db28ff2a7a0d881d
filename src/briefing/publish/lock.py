"""An exclusive build lock: a kernel lock (flock) on a file that holds the owner's PID.

The kernel releases a flock when its process dies, however it dies, so a lock left by a killed
build is never mistaken for a live one; the PID in the file only names the holder in messages.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path


class LockedError(RuntimeError):
    """Another live process holds the lock."""


def holder(path: Path) -> int | None:
    """PID recorded in the lock file, or None when absent or unreadable."""
    try:
        return int(path.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None


class BuildLock:
    """Context manager: ``with BuildLock(path): ...`` runs with the lock held."""

    def __init__(self, path: Path):
        self.path = path
        self.stale_cleared = False
        self._fd: int | None = None

    def __enter__(self) -> BuildLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        while True:
            fd = os.open(self.path, os.O_CREAT | os.O_RDWR, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                pid = holder(self.path)
                who = f"pid {pid}" if pid else "pid unknown"
                raise LockedError(
                    f"another build is running ({who}, lock {self.path.name}); wait for it or stop it"
                ) from None
            if self._same_file(fd):
                break
            os.close(fd)  # the previous holder removed the file between our open and our lock: retry
        self.stale_cleared = os.fstat(fd).st_size > 0  # a PID left by a build that died
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return self

    def _same_file(self, fd: int) -> bool:
        try:
            on_disk, held = os.stat(self.path), os.fstat(fd)
        except FileNotFoundError:
            return False
        return (on_disk.st_dev, on_disk.st_ino) == (held.st_dev, held.st_ino)

    def __exit__(self, *exc: object) -> None:
        if self._fd is None:
            return
        if self._same_file(self._fd):  # never remove a lock file another build created after ours was deleted
            self.path.unlink(missing_ok=True)  # while still holding the lock, so no one else can have it
        os.close(self._fd)
        self._fd = None
