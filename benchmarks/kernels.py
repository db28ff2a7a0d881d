"""Benchmark: a kernel forked from a warm server against a kernel started normally.

For each, the time from asking nbclient for a kernel to its kernel_info reply ("ready"), then the
time of a first cell importing the stack a chapter uses, and the sum. Forked kernels are measured
with the default preload (no geospatial modules in the server) and with the full preload.
Prints medians; nothing here asserts. Run with ``python benchmarks/kernels.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from briefing.publish.forkserver import FULL_PRELOAD, PRELOAD  # noqa: E402
from briefing.publish.kernels import ForkedKernels, KernelSource, kernel_env  # noqa: E402

KERNEL = "bagram-briefing"
IMPORTS = "import geopandas, pandas, matplotlib.pyplot, pyproj"


def one(kernels: KernelSource, folder: str) -> tuple[float, float]:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(IMPORTS)])
    options = {"kernel_manager_class": kernels.manager_class} if kernels.manager_class else {}
    client = NotebookClient(
        nb,
        kernel_name=KERNEL,
        timeout=120,
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
        resources={"metadata": {"path": folder}},
        **options,
    )
    start = time.perf_counter()
    with client.setup_kernel(env=kernel_env({})):
        ready = time.perf_counter()
        client.execute_cell(nb.cells[0], 0)
        done = time.perf_counter()
    return ready - start, done - ready


def measure(label: str, kernels: KernelSource, runs: int, folder: str) -> None:
    one(kernels, folder)  # warm the file cache
    times = [one(kernels, folder) for _ in range(runs)]
    ready = statistics.median(t[0] for t in times)
    imports = statistics.median(t[1] for t in times)
    total = statistics.median(t[0] + t[1] for t in times)
    print(f"{label:<34} ready {ready:6.3f} s   imports {imports:6.3f} s   total {total:6.3f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    print(f"medians of {args.runs} runs; first cell: {IMPORTS}")
    with tempfile.TemporaryDirectory() as folder:
        measure("normal kernel (nbclient default)", KernelSource(), args.runs, folder)
        for label, preload in (("forked, default preload", PRELOAD), ("forked, full preload", FULL_PRELOAD)):
            start = time.perf_counter()
            with ForkedKernels(KERNEL, preload=preload, env=kernel_env({})) as kernels:
                info = kernels.server.wait_ready()
                print(f"  server ready in {time.perf_counter() - start:.2f} s (imports {info['seconds']:.2f} s)")
                measure(label, kernels, args.runs, folder)


if __name__ == "__main__":
    main()
