"""JupyterLab as the project runs it (``make lab``): the project's settings and extension, its kernel only.

This folder reaches JupyterLab through ``JUPYTER_CONFIG_PATH``, searched before the user's own
settings: config/ holds the server's settings, which point JupyterLab at settings/ (its defaults)
and at labextensions/ (the briefing's prebuilt extension; its TypeScript source is labextension/
at the repository's root, built by ``make labextension``).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping
from pathlib import Path

HERE = Path(__file__).resolve().parent
CONFIG = HERE / "config"
EXTENSIONS = HERE / "labextensions"


def environment(base: Mapping[str, str]) -> dict[str, str]:
    """``base`` with the project's settings first on Jupyter's config path, where they win."""
    search = [str(CONFIG), *filter(None, [base.get("JUPYTER_CONFIG_PATH")])]
    return {**base, "JUPYTER_CONFIG_PATH": os.pathsep.join(search)}


def kernels(notebooks: Path) -> list[str]:
    """The kernels the chapters name (``make install`` registers the project's), the first one first."""
    named = (
        json.loads(p.read_text(encoding="utf-8"))["metadata"].get("kernelspec", {}).get("name")
        for p in sorted(notebooks.glob("*.ipynb"))
    )
    return list(dict.fromkeys(filter(None, named)))


def command(notebooks: Path, *options: str) -> list[str]:
    """The command starting JupyterLab on the chapters, with the ``jupyter`` of this interpreter's
    environment, offering only the kernels the chapters name."""
    jupyter = Path(sys.executable).with_name("jupyter")
    named = kernels(notebooks)
    offered = [f"--KernelSpecManager.allowed_kernelspecs={json.dumps(named)}"] if named else []
    default = [f"--MappingKernelManager.default_kernel_name={named[0]}"] if named else []
    return [str(jupyter), "lab", f"--ServerApp.root_dir={notebooks}", *offered, *default, *options]
