"""An exclusive build lock holding the owner's PID; stale locks are detected and cleared."""

from __future__ import annotations

import os
from pathlib import Path


class LockedError(RuntimeError):
    """Another live process holds the lock."""


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


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

    def __enter__(self) -> "BuildLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for _ in range(2):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                pid = holder(self.path)
                if pid is not None and pid != os.getpid() and pid_alive(pid):
                    raise LockedError(f"another build is running (pid {pid}, lock {self.path.name}); wait for it or stop it") from None
                self.path.unlink(missing_ok=True)
                self.stale_cleared = True
                continue
            with os.fdopen(fd, "w") as handle:
                handle.write(f"{os.getpid()}\n")
            return self
        raise LockedError(f"could not take the build lock {self.path}")

    def __exit__(self, *exc: object) -> None:
        if holder(self.path) == os.getpid():
            self.path.unlink(missing_ok=True)
