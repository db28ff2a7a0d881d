"""``python -m briefing.publish.lab [JupyterLab options]``: JupyterLab on the project's chapters, with its settings."""

from __future__ import annotations

import os
import sys

from briefing import paths
from briefing.publish.lab import command, environment


def main(options: list[str]) -> None:
    """Replace this process with JupyterLab, so that Ctrl+C and its exit status are JupyterLab's own."""
    argv = command(paths.Project.find().notebooks, *options)
    os.execve(argv[0], argv, environment(os.environ))


if __name__ == "__main__":
    main(sys.argv[1:])
