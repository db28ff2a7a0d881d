"""How the build speaks: progress lines through ``Say``, and a failed step as one line (BuildError)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

#: Prints one line of the build's progress (``print`` on the command line).
Say = Callable[[str], None]


class BuildError(Exception):
    """A build step failed; the message is one line, details are in ``log``."""

    def __init__(self, message: str, log: Path | None = None):
        super().__init__(message)
        self.log = log
